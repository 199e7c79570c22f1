import { describe, expect, it } from "vitest";
import { renderErrors, renderModal } from "../../../adapters/slack/forms.ts";
import { renderBlocks, renderFallback, slackPlain } from "../../../adapters/slack/render.ts";
import { type Message, strong, text } from "../../../src/content/model.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";
import {
  FORM_URL,
  hostileContent,
  hostileShown,
  PAYLOADS,
  SLACK_EDU,
  slackView,
  TEAMS_EDU,
} from "../../support/display.ts";

/** How the hostile content reads in Slack's blocks: a real mention of the Slack account only. */
const IN_BLOCKS = hostileShown({
  slack: "@U0EDU",
  teams: "Elena Educatrice",
  link: "il modulo",
  command: "/equipe aiuto",
});
/** How it reads as plain text (notes, hints, errors, notifications): names, and links with their address. */
const PLAIN = hostileShown({
  slack: "Elena Educatrice",
  teams: "Elena Educatrice",
  link: `il modulo: ${FORM_URL}`,
  command: "/equipe aiuto",
});

const message = (blocks: Message["blocks"], summary?: Message["summary"]): Message => ({
  ...(summary ? { summary } : {}),
  blocks,
  attachments: [],
});

describe("Slack blocks", () => {
  it("shows every payload in a text block literally, with only the intended mention, link and bold", () => {
    const view = slackView({ blocks: renderBlocks(message([{ type: "text", content: hostileContent() }])) });
    expect(view.text).toBe(IN_BLOCKS);
    for (const payload of PAYLOADS) expect(view.text).toContain(payload);
    expect(view.mentions).toEqual(["U0EDU"]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([{ label: "il modulo", url: FORM_URL }]);
    expect(view.emphasised).toEqual(["urgente"]);
    expect(view.code).toEqual(["/equipe aiuto"]);
  });

  it("shows notes, preformatted text, link blocks and buttons literally", () => {
    const blocks = renderBlocks(
      message([
        { type: "note", content: hostileContent() },
        { type: "preformatted", text: PAYLOADS.join("\n") },
        { type: "link", label: "Aggiungi al calendario", url: "https://equipe.example/c/t.ics" },
        { type: "divider" },
        {
          type: "actions",
          buttons: [
            {
              action: "poll:yes",
              value: "m1:s1",
              label: "<!channel> *Sì*",
              style: "primary",
              selected: true,
            },
          ],
        },
      ]),
    );
    const view = slackView({ blocks });
    expect(view.text).toBe([PLAIN, PAYLOADS.join("\n"), "Aggiungi al calendario"].join("\n"));
    expect(view.mentions).toEqual([]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([{ label: "Aggiungi al calendario", url: "https://equipe.example/c/t.ics" }]);
    expect(view.formatted).toBe(false);
    expect(view.buttons).toEqual([{ label: "✓ <!channel> *Sì*", actionId: "poll:yes", value: "m1:s1" }]);
    expect(blocks.map((b) => b.type)).toEqual(["context", "rich_text", "rich_text", "divider", "actions"]);
  });

  it("names a member without a Slack account and never mentions them", () => {
    const view = slackView({
      blocks: renderBlocks(message([{ type: "text", content: [TEAMS_EDU, text(" e "), SLACK_EDU] }])),
    });
    expect(view.text).toBe("Elena Educatrice e @U0EDU");
    expect(view.mentions).toEqual(["U0EDU"]);
  });

  it("splits long content so that no block holds more than 3000 characters, and stops at 50 blocks", () => {
    const line = `${"parola ".repeat(20).trim()}\n`;
    const long = line.repeat(60).trim();
    const blocks = renderBlocks(message([{ type: "text", content: [text(long)] }]));
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(JSON.stringify(block).length).toBeLessThan(3200);
    // Cut at line breaks, the text reads exactly as it was.
    expect(slackView({ blocks }).text).toBe(long);

    const unbroken = "x".repeat(7000);
    const pieces = renderBlocks(message([{ type: "preformatted", text: unbroken }]));
    expect(pieces).toHaveLength(3);
    expect(slackView({ blocks: pieces }).text.replace(/\n/g, "")).toBe(unbroken);

    const many = renderBlocks(message(Array.from({ length: 60 }, () => ({ type: "divider" as const }))));
    expect(many).toHaveLength(50);
  });
});

describe("Slack top-level text", () => {
  it("notifies nobody and links nowhere, whatever people typed", () => {
    const fallback = renderFallback(message([{ type: "text", content: hostileContent() }]));
    // Read as Slack reads a message without blocks: every control sequence parsed.
    const view = slackView({ text: fallback });
    expect(view.mentions).toEqual([]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([]);
    // Slack's mrkdwn has no escape for `*`, `_` or `~`: they may show as emphasis, nothing worse.
    for (const payload of PAYLOADS.filter((p) => !/[*_]/.test(p))) expect(view.text).toContain(payload);
  });

  it("uses the summary when there is one, and stays within Slack's limit without cutting an escape", () => {
    expect(renderFallback(message([{ type: "divider" }], [text("a < b")]))).toBe("a &lt; b");
    const long = renderFallback(message([{ type: "text", content: [text("<".repeat(2000))] }]));
    expect(long.length).toBeLessThanOrEqual(3000);
    expect(long).toMatch(/^(&lt;)+…$/);
  });
});

describe("Slack modals", () => {
  const form: FormSpec = {
    id: "decide",
    title: "Decisione <!channel>",
    submit: "Invia",
    cancel: "Annulla",
    metadata: "C0EQUIPE",
    fields: [
      {
        kind: "text",
        name: "reason",
        label: "Perché <!here>",
        hint: hostileContent(),
        multiline: true,
        optional: false,
        maxLength: 1000,
      },
    ],
  };

  it("shows hints and labels as plain text", () => {
    const modal = renderModal(form);
    const view = slackView({ blocks: modal.blocks });
    expect(view.text).toBe(`Perché <!here>\n${PLAIN}`);
    expect(view.mentions).toEqual([]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([]);
    expect(view.formatted).toBe(false);
    expect(modal.title).toEqual({ type: "plain_text", text: "Decisione <!channel>" });
  });

  it("writes field errors as plain text, cut to fit", () => {
    const errors = renderErrors({ reason: hostileContent(), long: [text("x".repeat(5000))] });
    expect(errors.reason).toBe(PLAIN);
    expect(errors.reason).toBe(slackPlain(hostileContent()));
    expect(errors.long?.length).toBe(2000);
  });
});

describe("the Slack decoder", () => {
  it("catches what mrkdwn would turn into a broadcast, a mention, a disguised link or bold", () => {
    const raw = "<!channel> <@U0ABCDEF> <https://evil.example|la scuola> *bold* &amp;";
    const view = slackView({ blocks: [{ type: "section", text: { type: "mrkdwn", text: raw } }] });
    expect(view.broadcasts).toEqual(["channel"]);
    expect(view.mentions).toEqual(["U0ABCDEF"]);
    expect(view.links).toEqual([{ label: "la scuola", url: "https://evil.example" }]);
    expect(view.emphasised).toEqual(["bold"]);
    expect(view.text).toBe("@channel @U0ABCDEF la scuola bold &");
  });

  it("counts a broadcast in the notification text even when the blocks are clean", () => {
    const view = slackView({
      text: "<!here> nuova decisione",
      blocks: renderBlocks(message([{ type: "text", content: [strong("nuova decisione")] }])),
    });
    expect(view.broadcasts).toEqual(["here"]);
    expect(view.text).toBe("nuova decisione");
  });
});
