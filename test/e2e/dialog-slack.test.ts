import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineBreak, type Rich, text } from "../../src/content/model.ts";
import { equipeFeature } from "../../src/features/equipe/feature.ts";
import {
  dialogFeature,
  HOSTILE_TEXT,
  READ_ACTION,
  READ_AUDIT,
  READ_FORM,
  SECRET_SECTION,
  shownContent,
} from "../support/dialog-feature.ts";
import { slackView } from "../support/display.ts";
import { FakeClock } from "../support/fakes.ts";
import { RegistryServer } from "../support/registry-server.ts";
import { RecordingSlackApi } from "../support/slack-api.ts";
import { buttonClick, postInteraction, postSlashCommand, viewSubmission } from "../support/slack-driver.ts";

const COORD = "U0COORD";
const EDU = "U0EDU";
const STRANGER = "U0STRANGER";
const CASE = "FAM-2027-302";
const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));

type View = {
  blocks: { type: string; block_id?: string; elements?: { elements?: { text?: string }[] }[] }[];
};

/** Where Block Kit would refuse a modal: more than 100 blocks, a rich-text block over 3000 characters. */
function blockKitProblems(view: View): string[] {
  const problems: string[] = [];
  if (view.blocks.length > 100) problems.push(`${view.blocks.length} blocks`);
  for (const block of view.blocks) {
    if (block.type !== "rich_text") continue;
    const size = (block.elements ?? [])
      .flatMap((e) => e.elements ?? [])
      .reduce((n, e) => n + (e.text?.length ?? 0), 0);
    if (size > 3000) problems.push(`a block of ${size} characters`);
  }
  return problems;
}

describe("Slack: a confidential form is read in a modal, and nothing of it is posted", () => {
  const api = new RecordingSlackApi();
  const server = new RegistryServer();

  const command = async (userId: string, text: string) => {
    expect((await postSlashCommand(server.url, { userId, text })).status).toBe(200);
    await server.settle();
  };
  const interact = async (payload: Record<string, unknown>) => {
    const response = await postInteraction(server.url, payload);
    expect(response.status).toBe(200);
    const body = await response.text();
    await server.settle();
    return body === "" ? undefined : (JSON.parse(body) as unknown);
  };
  /** The modal opened last. */
  const openedView = () => api.callsTo("views.open").at(-1)?.args.view as View | undefined;
  /** Whether any message posted, in any conversation, holds the confidential words. */
  const leaked = () =>
    api.calls
      .filter((call) => call.method.startsWith("chat."))
      .some((call) => JSON.stringify(call.args).includes("madre riferisce"));

  beforeAll(async () => {
    await server.start([equipeFeature, dialogFeature], clock, { slackApiUrl: await api.start() });
    await command(COORD, `configura ${CASE}`);
    await command(COORD, `aggiungi <@${EDU}> educatore`);
  });
  afterAll(async () => {
    await server.stop();
    await api.close();
  });

  it("opens the modal from the button with the content literal; errors and the submission post nothing", async () => {
    shownContent.sections = [SECRET_SECTION];
    await command(EDU, "dialog-offer");
    const offer = api.callsTo("chat.postEphemeral").at(-1)?.args;
    expect(slackView(offer ?? {}).buttons).toEqual([{ label: "Leggi", actionId: READ_ACTION, value: CASE }]);
    await interact(buttonClick(EDU, READ_ACTION, CASE));
    const view = openedView();
    if (view === undefined) throw new Error("no modal");
    expect(blockKitProblems(view)).toEqual([]);
    const seen = slackView({ blocks: view.blocks });
    expect(seen.text).toContain(HOSTILE_TEXT);
    expect(seen.broadcasts).toEqual([]);
    expect(seen.links).toEqual([]);
    expect(seen.emphasised).toEqual(["Bisogni del bambino"]);

    const invalid = await interact(viewSubmission(EDU, CASE, { note: "" }, READ_FORM));
    expect(invalid).toEqual({ response_action: "errors", errors: { note: "Scrivi una nota." } });
    expect(await server.db.auditEntry.count({ where: { action: READ_AUDIT } })).toBe(0);
    expect(await interact(viewSubmission(EDU, CASE, { note: "Letto." }, READ_FORM))).toBeUndefined();
    expect(await server.db.auditEntry.count({ where: { action: READ_AUDIT } })).toBe(1);
    expect(leaked()).toBe(false);
  });

  it("cuts content a modal cannot hold, with a note, rather than have Slack refuse it", async () => {
    const long: Rich = Array.from({ length: 150 }, (_, i) => [
      text(`Paragrafo ${i} `.padEnd(2500, ".")),
    ]).flatMap((p, i) => (i === 0 ? p : [lineBreak, ...p]));
    shownContent.sections = [SECRET_SECTION, long];
    const opened = api.callsTo("views.open").length;
    await interact(buttonClick(EDU, READ_ACTION, CASE));
    expect(api.callsTo("views.open")).toHaveLength(opened + 1);
    const view = openedView();
    if (view === undefined) throw new Error("no modal");
    expect(blockKitProblems(view)).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    expect(view.blocks.at(-1)?.block_id).toBe("note");
    expect(slackView({ blocks: view.blocks }).text).toContain("… Il testo continua");
    expect(leaked()).toBe(false);
  });

  it("says so when the work came too late for Slack's trigger: nothing done, do it again", async () => {
    shownContent.sections = [SECRET_SECTION];
    const audits = await server.db.auditEntry.count();
    const told = () =>
      api.calls
        .filter((c) => c.method.startsWith("chat.") && JSON.stringify(c.args).includes(EDU))
        .map((c) => slackView(c.args).text);
    const before = told().length;
    api.failNext("views.open", () => ({ body: { ok: false, error: "expired_trigger_id" } }));
    await interact(buttonClick(EDU, READ_ACTION, CASE));
    const answers = told().slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain("Il modulo non si è aperto in tempo");
    expect(answers[0]).toContain("ripeti il comando o il clic");
    expect(answers[0]).not.toContain("Qualcosa non ha funzionato");
    expect(await server.db.auditEntry.count()).toBe(audits);
    // The next click, in time, opens it.
    const opened = api.callsTo("views.open").length;
    await interact(buttonClick(EDU, READ_ACTION, CASE));
    expect(api.callsTo("views.open")).toHaveLength(opened + 1);
    expect(leaked()).toBe(false);
  });

  it("opens nothing for a stranger, who is told privately", async () => {
    shownContent.sections = [SECRET_SECTION];
    const opened = api.callsTo("views.open").length;
    await interact(buttonClick(STRANGER, READ_ACTION, CASE));
    expect(api.callsTo("views.open")).toHaveLength(opened);
    expect(await interact(viewSubmission(STRANGER, CASE, { note: "x" }, READ_FORM))).toBeUndefined();
    expect(await server.db.auditEntry.count({ where: { action: READ_AUDIT } })).toBe(1);
    const told = api.calls.filter(
      (c) => c.method.startsWith("chat.") && JSON.stringify(c.args).includes(STRANGER),
    );
    expect(told.map((c) => slackView(c.args).text).join("\n")).toContain("Non fai parte di questa équipe");
    expect(leaked()).toBe(false);
  });
});
