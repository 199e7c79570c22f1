import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD_CONTENT_TYPE } from "../../adapters/teams/render.ts";
import { equipeFeature } from "../../src/features/equipe/feature.ts";
import { PEOPLE, teamsActivity, teamsCommand } from "../contract/teams.ts";
import {
  dialogFeature,
  HOSTILE_TEXT,
  READ_ACTION,
  READ_AUDIT,
  READ_FORM,
  SECRET_SECTION,
  SECRET_WORDS,
  shownContent,
} from "../support/dialog-feature.ts";
import { adaptiveCardView } from "../support/display.ts";
import { FakeClock } from "../support/fakes.ts";
import { RegistryServer } from "../support/registry-server.ts";
import { RecordingConnector } from "../support/teams-connector.ts";

type Who = keyof typeof PEOPLE;
type Data = Record<string, unknown>;
interface TaskAnswer {
  task: {
    type: "continue" | "message";
    value: string | { title: string; height?: string; card: { contentType: string; content: CardContent } };
  };
}
interface CardContent {
  body: { type: string; id?: string; value?: string; actions?: { type: string; data?: Data }[] }[];
  actions?: { type: string; data?: Data }[];
}

const CASE = "FAM-2027-301";
const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));

describe("Teams dialogs: a confidential form is read and answered only in a dialog", () => {
  const connector = new RecordingConnector();
  const server = new RegistryServer();

  const command = async (who: Who, text: string) => {
    const response = await server.postActivity(teamsCommand(connector.url, PEOPLE[who], text));
    expect(response.status).toBe(200);
    await server.settle();
  };
  /** An invoke as Teams posts it from the person's chat with the bot; the HTTP answer's body. */
  const invoke = async (who: Who, name: string, value: unknown): Promise<TaskAnswer> => {
    const response = await server.postActivity(
      teamsActivity(connector.url, PEOPLE[who], { type: "invoke", name, value }, "personal"),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as TaskAnswer;
    await server.settle();
    return answer;
  };
  const personal = (who: Who) => connector.inConversation(connector.personalConversationOf(PEOPLE[who].id));
  /** Whether anything the bot sent to any conversation, in any version, holds the confidential words. */
  const leaked = () =>
    connector.sent.some((activity) => JSON.stringify(activity).includes("madre riferisce"));
  const dialogCard = (answer: TaskAnswer) => {
    expect(answer.task.type).toBe("continue");
    const value = answer.task.value;
    if (typeof value === "string") throw new Error("no dialog");
    expect(value.card.contentType).toBe(CARD_CONTENT_TYPE);
    return value.card.content;
  };
  /** The data of the dialog's own submit button: our form id and metadata. */
  const submitData = (card: CardContent): Data => {
    const submit = card.actions?.find((a) => a.type === "Action.Submit");
    if (submit?.data === undefined) throw new Error("no submit");
    return submit.data;
  };

  let buttonData: Data;

  beforeAll(async () => {
    shownContent.sections = [SECRET_SECTION];
    await connector.start();
    for (const person of Object.values(PEOPLE)) connector.roster.set(person.id, person);
    await server.start([equipeFeature, dialogFeature], clock, { teams: true });
    await command("coord", `configura ${CASE}`);
    await command("coord", `aggiungi <at>${PEOPLE.edu.name}</at> educatore`);
  });
  afterAll(async () => {
    await server.stop();
    await connector.close();
  });

  it("renders a dialog button as an Action.Submit that asks Teams for a dialog (task/fetch)", async () => {
    await command("edu", "dialog-offer");
    const card = personal("edu").at(-1)?.activity.attachments as { content: CardContent }[] | undefined;
    const actions = card?.[0]?.content.body.flatMap((element) => element.actions ?? []) ?? [];
    expect(actions).toEqual([
      {
        type: "Action.Submit",
        title: "Leggi",
        style: "positive",
        data: { msteams: { type: "task/fetch" }, equipe: "action", actionId: READ_ACTION, value: CASE },
      },
    ]);
    buttonData = actions[0]?.data ?? {};
  });

  it("answers task/fetch with the form in a dialog, the content literal, and posts nothing", async () => {
    const sentBefore = connector.sent.length;
    const answer = await invoke("edu", "task/fetch", { data: buttonData, context: { theme: "default" } });
    const value = answer.task.value as { title: string; height?: string };
    expect(value.title).toBe("Sintesi del caso");
    expect(value.height).toBe("large");
    const card = dialogCard(answer);
    const view = adaptiveCardView(card);
    // People's text as typed: no broadcast, mention, link or emphasis made of it.
    expect(view.text).toContain(HOSTILE_TEXT);
    expect(view.text).toContain("Bisogni del bambino\nRiservato");
    expect(view.mentions).toEqual([]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([]);
    expect(view.emphasised).toEqual(["Sintesi del caso", "Bisogni del bambino"]);
    // The content is shown, never an input: only the note comes back.
    expect(card.body.filter((e) => e.type.startsWith("Input.")).map((e) => e.id)).toEqual(["note"]);
    expect(submitData(card)).toEqual({ equipe: "form", form: READ_FORM, metadata: CASE });
    expect(connector.sent.length).toBe(sentBefore);
    expect(leaked()).toBe(false);
  });

  it("shows the dialog again with the error and what was typed; a valid submission closes it and runs", async () => {
    const card = dialogCard(await invoke("edu", "task/fetch", { data: buttonData }));
    const data = submitData(card);
    const sentBefore = connector.sent.length;

    const again = dialogCard(await invoke("edu", "task/submit", { data: { ...data, note: "   " } }));
    expect(adaptiveCardView(again).text).toContain("Scrivi una nota.");
    expect(again.body.find((e) => e.id === "note")?.value).toBe("   ");
    expect(adaptiveCardView(again).text).toContain(HOSTILE_TEXT);
    expect(await server.db.auditEntry.count({ where: { action: READ_AUDIT } })).toBe(0);

    const done = await invoke("edu", "task/submit", { data: { ...data, note: "Letto, grazie." } });
    expect(done).toEqual({ task: { type: "message", value: "Inviato." } });
    const entries = await server.db.auditEntry.findMany({ where: { action: READ_AUDIT } });
    expect(entries).toHaveLength(1);
    expect(connector.sent.length).toBe(sentBefore);
    expect(leaked()).toBe(false);
  });

  it("tells a stranger nothing of the form: a closing sentence, the reason in their chat", async () => {
    const answer = await invoke("stranger", "task/fetch", { data: buttonData });
    expect(answer).toEqual({
      task: {
        type: "message",
        value: "Questa finestra non si può aprire. Se c'è un motivo, te l'ho scritto nella chat con Équipe.",
      },
    });
    expect(personal("stranger").at(-1)?.activity.text).toContain("Non fai parte di questa équipe");
    // A submission made up from the form's ids is refused the same way, and does nothing.
    const forged = await invoke("stranger", "task/submit", {
      data: { equipe: "form", form: READ_FORM, metadata: CASE, note: "x" },
    });
    expect(forged).toEqual({
      task: {
        type: "message",
        value: "Non è stato inviato nulla. Il motivo te l'ho scritto nella chat con Équipe.",
      },
    });
    expect(JSON.stringify([answer, forged])).not.toContain(SECRET_WORDS);
    expect(await server.db.auditEntry.count({ where: { action: READ_AUDIT } })).toBe(1);
    expect(leaked()).toBe(false);
  });

  it("answers a malformed dialog invoke with a closing sentence", async () => {
    const answer = await invoke("edu", "task/fetch", { data: { equipe: "nope" } });
    expect(answer.task.type).toBe("message");
    expect((await invoke("edu", "task/submit", "nope")).task.type).toBe("message");
  });

  it("never posts a confidential form opened outside a dialog: an ids-only log line and an apology", async () => {
    await command("edu", "dialog-open");
    expect(leaked()).toBe(false);
    const line = server.lines.find((l) => l.event === "teams.form.confidentialOutsideDialog");
    expect(line?.fields).toEqual({ form: READ_FORM });
    expect(personal("edu").at(-1)?.activity.text).toContain("Qualcosa non ha funzionato");
    // A card submission of the confidential form (no card holds it) with errors shows nothing either.
    const response = await server.postActivity(
      teamsActivity(connector.url, PEOPLE.edu, {
        value: { equipe: "form", form: READ_FORM, metadata: CASE, note: "" },
      }),
    );
    expect(response.status).toBe(200);
    await server.settle();
    expect(leaked()).toBe(false);
  });
});
