import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FORM_CARD_UNITS, renderDialog, renderPlain } from "../../../adapters/teams/render.ts";
import { SUMMARY, sectionKeysOf } from "../../../src/domain/summary.ts";
import { equipeFeature } from "../../../src/features/equipe/feature.ts";
import { summariesFeature } from "../../../src/features/summaries/feature.ts";
import { SUMMARY_FORMS } from "../../../src/features/summaries/messages.ts";
import { PEOPLE, teamsActivity, teamsCommand } from "../../contract/teams.ts";
import { adaptiveCardView } from "../../support/display.ts";
import { FakeClock } from "../../support/fakes.ts";
import { RegistryServer } from "../../support/registry-server.ts";
import { editor, longestSection, MINUTES } from "../../support/summary-editor.ts";
import { RecordingConnector } from "../../support/teams-connector.ts";

/** What the dialog says instead of a card, as Teams shows it (plain text). */
function saidInstead(dialog: ReturnType<typeof renderDialog>): string {
  if (!("instead" in dialog))
    throw new Error(`a card of ${JSON.stringify(dialog.card.content).length} units`);
  return renderPlain(dialog.instead);
}

describe("Teams dialogs pre-filled with more than a dialog holds", () => {
  it("tells the person, in their language, where to edit a summary of six of the longest sections, instead of a card Teams refuses", () => {
    for (const [locale, where, command] of [
      ["it", "editor web", "@Équipe sintesi"],
      ["en", "web editor", "@Équipe summary"],
    ] as const) {
      const form = editor(locale, (i) => longestSection("ABCDEF"[i] ?? "Z"));
      expect(form.fields.filter((f) => f.kind === "text" && f.initial !== "").length).toBeGreaterThanOrEqual(
        6,
      );
      const said = saidInstead(renderDialog(form, {}, {}, locale));
      expect(said).toContain(where);
      expect(said).toContain(command);
      // Said in a dialog's closing message: well within what Teams takes.
      expect(said.length).toBeLessThan(MAX_FORM_CARD_UNITS);
    }
  });

  it("says where to edit the minutes, with the minutes' own command", () => {
    const form = editor("en", (i) => longestSection("MN"[i] ?? "Z"), MINUTES);
    expect(saidInstead(renderDialog(form, {}, {}, "en"))).toContain("@Équipe minutes");
  });

  it("does the same when a rejected submission's typed values are what outgrows the dialog", () => {
    const form = editor("it", () => "");
    const typed = Object.fromEntries(
      sectionKeysOf(SUMMARY).map((key, i) => [`text_${key}`, longestSection("ABCDEF"[i] ?? "Z")]),
    );
    const errors = { acknowledgeBy: [{ type: "text" as const, text: "Data non valida." }] };
    expect(saidInstead(renderDialog(form, errors, typed, "it"))).toContain("@Équipe sintesi");
  });

  it("still opens the editor of a normal summary as a dialog, every pre-filled value whole", () => {
    const texts = sectionKeysOf(SUMMARY).map((key) => `Testo di ${key}: «incontro» \\ ogni due settimane.\n`);
    const form = editor("it", (i) => (texts[i] ?? "").repeat(40));
    const dialog = renderDialog(form, {}, {}, "it");
    if (!("card" in dialog)) throw new Error("no dialog");
    const card = dialog.card.content as { body: { id?: string; value?: string }[] };
    expect(JSON.stringify(card).length).toBeLessThanOrEqual(MAX_FORM_CARD_UNITS);
    sectionKeysOf(SUMMARY).forEach((key, i) => {
      const input = card.body.find((element) => element.id === `text_${key}`);
      expect(input?.value).toBe((texts[i] ?? "").repeat(40));
    });
    expect(adaptiveCardView(card).text).not.toContain("troppo lunga");
  });
});

describe("Teams dialogs pre-filled with more than a dialog holds, through the adapter", () => {
  const connector = new RecordingConnector();
  const server = new RegistryServer();
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  let metadata = "";

  /** A dialog submission as Teams posts it from the coordinator's chat with the bot; the HTTP answer's body. */
  const submit = async (values: Record<string, string>) => {
    const data = { equipe: "form", form: SUMMARY_FORMS.edit, metadata, ...values };
    const response = await server.postActivity(
      teamsActivity(
        connector.url,
        PEOPLE.coord,
        { type: "invoke", name: "task/submit", value: { data } },
        "personal",
      ),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    await server.settle();
    return { text, body: JSON.parse(text) as { task: { type: string; value: unknown } } };
  };
  /** Every section typed, and a date the editor cannot read: the editor comes back with what was typed. */
  const typed = (text: (index: number) => string) => ({
    ...Object.fromEntries(sectionKeysOf(SUMMARY).map((key, i) => [`text_${key}`, text(i)])),
    ...Object.fromEntries(sectionKeysOf(SUMMARY).map((key) => [`audience_${key}`, "everyone"])),
    acknowledgeBy: "quando possibile",
    intent: "save",
  });

  beforeAll(async () => {
    await connector.start();
    for (const person of Object.values(PEOPLE)) connector.roster.set(person.id, person);
    await server.start([equipeFeature, summariesFeature], clock, { teams: true });
    const response = await server.postActivity(
      teamsCommand(connector.url, PEOPLE.coord, "configura FAM-2027-301"),
    );
    expect(response.status).toBe(200);
    await server.settle();
    metadata = (await server.db.equipe.findFirstOrThrow()).id;
  });
  afterAll(async () => {
    await server.stop();
    await connector.close();
  });

  it("closes the dialog with where to edit, within Teams' size, when the typed sections outgrow it", async () => {
    const { text, body } = await submit(typed((i) => longestSection("ABCDEF"[i] ?? "Z")));
    expect(text.length).toBeLessThanOrEqual(MAX_FORM_CARD_UNITS);
    expect(body.task.type).toBe("message");
    expect(body.task.value).toContain("editor web");
    expect(body.task.value).toContain("@Équipe sintesi");
    expect(await server.db.summaryDraft.count()).toBe(0);
  });

  it("shows a normal summary's editor again in the dialog, with every typed section whole", async () => {
    const section = (i: number) => `Sezione ${i}: «incontro» ogni due settimane.\n`.repeat(40);
    const { body } = await submit(typed(section));
    expect(body.task.type).toBe("continue");
    const card = (body.task.value as { card: { content: { body: { id?: string; value?: string }[] } } }).card;
    expect(JSON.stringify(card.content).length).toBeLessThanOrEqual(MAX_FORM_CARD_UNITS);
    sectionKeysOf(SUMMARY).forEach((key, i) => {
      expect(card.content.body.find((element) => element.id === `text_${key}`)?.value).toBe(section(i));
    });
  });
});
