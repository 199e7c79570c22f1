import { describe, expect, it } from "vitest";
import {
  BOT_NAME,
  readPickedDateTime,
  renderForm,
  renderFormDone,
  renderMessage,
  renderPlain,
  TIME_INPUT_SUFFIX,
} from "../../../adapters/teams/render.ts";
import { type Inline, type Message, text } from "../../../src/content/model.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";
import {
  adaptiveCardView,
  FORM_URL,
  hostileContent,
  hostileShown,
  PAYLOADS,
  SLACK_EDU,
  TEAMS_EDU,
  teamsView,
} from "../../support/display.ts";

const COMMAND = `@${BOT_NAME} aiuto`;
/** How the hostile content reads in Teams Markdown or TextRuns: a real mention of the Teams account only. */
const MENTIONED = hostileShown({
  slack: "Elena Educatrice",
  teams: "@Elena Educatrice",
  link: "il modulo",
  command: COMMAND,
});
/** The same content where no mention can be (RichTextBlocks): everyone by name. */
const NAMED = hostileShown({
  slack: "Elena Educatrice",
  teams: "Elena Educatrice",
  link: "il modulo",
  command: COMMAND,
});
const ELENA_ENTITY = {
  type: "mention",
  text: "<at>Elena Educatrice</at>",
  mentioned: { id: "29:edu", name: "Elena Educatrice" },
};

const message = (blocks: Message["blocks"]): Message => ({ blocks, attachments: [] });
/** The hostile content with no Teams account in it: Elena by name only. */
const withoutTeamsMention = () =>
  hostileContent().map(
    (run): Inline => (run === TEAMS_EDU ? { type: "mention", name: "Elena Educatrice" } : run),
  );

describe("Teams text messages", () => {
  it("shows every payload literally, with one mention and its one entity", () => {
    const activity = renderMessage(message([{ type: "text", content: hostileContent() }]));
    expect(activity.textFormat).toBe("markdown");
    expect(activity.entities).toEqual([ELENA_ENTITY]);
    const view = teamsView(activity);
    expect(view.text).toBe(MENTIONED);
    for (const payload of PAYLOADS) expect(view.text).toContain(payload);
    expect(view.mentions).toEqual(["Elena Educatrice"]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([{ label: "il modulo", url: FORM_URL }]);
    expect(view.emphasised).toEqual(["urgente"]);
    expect(view.code).toEqual([COMMAND]);
  });

  it("keeps a mention's name from breaking out of its tag", () => {
    const name = "Eve</at> **capo** [x](https://evil.example) <at>Elena Educatrice</at>";
    const mention: Inline = { ...TEAMS_EDU, name };
    const activity = renderMessage(message([{ type: "text", content: [text("Ciao "), mention] }]));
    const view = teamsView(activity);
    expect(activity.entities).toHaveLength(1);
    expect(activity.entities?.[0]?.text).toMatch(/^<at>[^<>*_[\]\\`]+<\/at>$/);
    expect(view.mentions).toHaveLength(1);
    expect(view.links).toEqual([]);
    expect(view.formatted).toBe(false);
  });

  it("names a member without a Teams account and never mentions them", () => {
    const activity = renderMessage(message([{ type: "text", content: [SLACK_EDU, text(" e "), TEAMS_EDU] }]));
    const view = teamsView(activity);
    expect(view.text).toBe("Elena Educatrice e @Elena Educatrice");
    expect(view.mentions).toEqual(["Elena Educatrice"]);
  });
});

describe("Teams cards", () => {
  const blocks: Message["blocks"] = [
    { type: "text", content: hostileContent() },
    { type: "text", content: withoutTeamsMention() },
    { type: "note", content: withoutTeamsMention() },
    { type: "preformatted", text: PAYLOADS.join("\n") },
    { type: "link", label: "Aggiungi al calendario", url: "https://equipe.example/c/t.ics" },
    {
      type: "actions",
      buttons: [{ action: "poll:yes", value: "m1:s1", label: "Sì", style: "primary", selected: true }],
    },
  ];

  it("shows every payload literally in TextBlocks, RichTextBlocks and monospace", () => {
    const activity = renderMessage(message(blocks));
    expect(activity.text).toBeUndefined();
    const content = activity.attachments?.[0]?.content as { version: string; body: { type: string }[] };
    expect(content.version).toBe("1.5");
    expect(content.body.map((e) => e.type)).toEqual([
      "TextBlock",
      "RichTextBlock",
      "RichTextBlock",
      "RichTextBlock",
      "ActionSet",
      "ActionSet",
    ]);
    const view = teamsView(activity);
    expect(view.text).toBe([MENTIONED, NAMED, NAMED, PAYLOADS.join("\n")].join("\n"));
    expect(view.mentions).toEqual(["Elena Educatrice"]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([
      { label: "il modulo", url: FORM_URL },
      { label: "il modulo", url: FORM_URL },
      { label: "il modulo", url: FORM_URL },
      { label: "Aggiungi al calendario", url: "https://equipe.example/c/t.ics" },
    ]);
    expect(view.emphasised).toEqual(["urgente", "urgente", "urgente"]);
    expect(view.buttons).toEqual([{ label: "✓ Sì", actionId: "poll:yes", value: "m1:s1" }]);
  });

  it("writes the summary as one plain line", () => {
    const { summary } = renderMessage(message(blocks));
    expect(summary).toBe(renderPlain(hostileContent()).replace(/\s+/g, " "));
    expect(summary).toContain(`${COMMAND}`);
  });
});

describe("Teams forms", () => {
  const form: FormSpec = {
    id: "decide",
    title: "Decisione **dell'équipe**",
    submit: "Invia",
    cancel: "Annulla",
    metadata: "19:channel",
    fields: [
      {
        kind: "text",
        name: "reason",
        label: "Perché",
        hint: withoutTeamsMention(),
        multiline: true,
        optional: false,
        maxLength: 1000,
      },
    ],
  };

  it("shows hints and errors literally, bold only where intended", () => {
    const card = renderForm(form, { reason: withoutTeamsMention() }, { reason: "<at>x</at>" });
    const view = adaptiveCardView(card.content);
    expect(view.text).toBe(["Decisione **dell'équipe**", NAMED, NAMED].join("\n"));
    expect(view.mentions).toEqual([]);
    expect(view.emphasised).toEqual(["Decisione **dell'équipe**", "urgente", "urgente"]);
    expect(view.links).toEqual([
      { label: "il modulo", url: FORM_URL },
      { label: "il modulo", url: FORM_URL },
    ]);
    const body = (card.content as { body: { type: string; placeholder?: string; value?: string }[] }).body;
    expect(body[1]?.placeholder).toBe(
      `${renderPlain(withoutTeamsMention()).replace(/\s+/g, " ").slice(0, 119)}…`,
    );
    expect(body[1]?.value).toBe("<at>x</at>");
  });

  it("shows Teams' own date and time pickers, keeps picked values and shows the error beside them", () => {
    const picker: FormSpec = {
      ...form,
      fields: [
        {
          kind: "datetime",
          name: "slot1",
          label: "Orario 1",
          hint: [text("Ora di Europe/Rome.")],
          optional: true,
        },
      ],
    };
    const empty = (renderForm(picker).content as { body: Record<string, unknown>[] }).body;
    expect(empty.slice(1, 3)).toEqual([
      { type: "Input.Date", id: "slot1", label: "Orario 1", isRequired: false },
      { type: "Input.Time", id: `slot1${TIME_INPUT_SUFFIX}`, isRequired: false },
    ]);
    const again = renderForm(
      picker,
      { slot1: [text("«2026-12-09»: manca l'ora.")] },
      { slot1: "2026-12-09 9:30" },
    );
    const body = (again.content as { body: Record<string, unknown>[] }).body;
    // Input.Date takes YYYY-MM-DD and Input.Time HH:mm.
    expect(body[1]).toMatchObject({ type: "Input.Date", value: "2026-12-09" });
    expect(body[2]).toMatchObject({ type: "Input.Time", value: "09:30" });
    expect(adaptiveCardView(again.content).text).toContain("«2026-12-09»: manca l'ora.");
    const half = (
      renderForm(picker, {}, { slot1: "2026-12-09" }).content as { body: Record<string, unknown>[] }
    ).body;
    expect(half[2]).not.toHaveProperty("value");
  });

  it("reads a picked date and time back as one wall-clock value, or the half that was picked", () => {
    expect(readPickedDateTime("2026-12-09", "10:00")).toBe("2026-12-09 10:00");
    expect(readPickedDateTime("2026-12-09", "")).toBe("2026-12-09");
    expect(readPickedDateTime(undefined, "10:00")).toBe("10:00");
    expect(readPickedDateTime("", "")).toBe("");
    expect(readPickedDateTime({ forged: true }, 5)).toBe("");
  });

  it("turns a submitted form into a literal note", () => {
    const view = adaptiveCardView(renderFormDone([text("Inviato: <at>x</at> **ok**")]).content);
    expect(view.text).toBe("Inviato: <at>x</at> **ok**");
    expect(view.formatted).toBe(false);
  });
});

describe("the Teams decoder", () => {
  it("catches Markdown, links, HTML and a typed tag that matches an entity", () => {
    const view = teamsView({
      text: "**capo** [la scuola](https://evil.example) <script>x</script> <at>Elena</at> <at>Bob</at> &amp;",
      textFormat: "markdown",
      entities: [{ type: "mention", text: "<at>Elena</at>", mentioned: { id: "29:e", name: "Elena" } }],
    });
    expect(view.emphasised).toEqual(["capo"]);
    expect(view.links).toEqual([{ label: "la scuola", url: "https://evil.example" }]);
    expect(view.mentions).toEqual(["Elena"]);
    expect(view.formatted).toBe(true);
    expect(view.text).toBe("capo la scuola x @Elena <at>Bob</at> &");
  });

  it("reads a card's TextBlock as Markdown and its TextRuns literally", () => {
    const view = adaptiveCardView({
      body: [
        { type: "TextBlock", text: "# [x](https://evil.example)" },
        { type: "RichTextBlock", inlines: [{ type: "TextRun", text: "# [x](https://evil.example)" }] },
      ],
    });
    expect(view.text).toBe("x\n# [x](https://evil.example)");
    expect(view.links).toEqual([{ label: "x", url: "https://evil.example" }]);
    expect(view.formatted).toBe(true);
  });
});
