import { randomUUID } from "node:crypto";
import { expect, vi } from "vitest";
import { FILE_CONSENT_TYPE } from "../../adapters/teams/files.ts";
import { TIME_INPUT_SUFFIX } from "../../adapters/teams/render.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import type { Clock } from "../../src/ports/clock.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { adaptiveCardView, teamsView } from "../support/display.ts";
import { type PostedActivity, RecordingConnector } from "../support/teams-connector.ts";
import {
  type Cast,
  type ChatDriver,
  type Elsewhere,
  NAMES,
  type SeenButton,
  type SeenDialog,
  type SeenMessage,
} from "./driver.ts";

export const TENANT = "tenant-equipe";
export const BOT = { id: "28:equipe-bot", name: "Équipe" };
export const TEAM_CHANNEL = "19:equipe-channel@thread.tacv2";
const TEAM = "19:equipe-team@thread.tacv2";
/** A picked day and hour as `submitForm` takes it: `2026-12-10 10:00`. */
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2}) (\d{1,2}:\d{2})$/;
/** Group chats of the same tenant (places contract). */
export const ELSEWHERE: Record<Elsewhere, string> = {
  second: "19:second-chat@thread.v2",
  third: "19:third-chat@thread.v2",
};

export const PEOPLE: Record<Cast, { id: string; name: string; email?: string }> = {
  coord: { id: "29:coord", name: NAMES.coord },
  edu: { id: "29:edu", name: NAMES.edu, email: "elena@comune.example" },
  teacher: { id: "29:teacher", name: NAMES.teacher },
  stranger: { id: "29:stranger", name: NAMES.stranger },
  psy: { id: "29:psy", name: NAMES.psy },
};

type CardElement = {
  type: string;
  id?: string;
  text?: string;
  color?: string;
  value?: string;
  choices?: { title: string; value: string }[];
  items?: CardElement[];
  inlines?: { type: string; text?: string; color?: string }[];
  actions?: { type: string; title: string; url?: string; data?: Record<string, string> }[];
};

/** The answer to a dialog invoke: the dialog (a card), or a closing sentence. */
interface DialogAnswer {
  task: {
    type: "continue" | "message";
    value:
      | string
      | {
          title: string;
          card: {
            content: {
              body: CardElement[];
              actions?: { type: string; data?: Record<string, unknown> }[];
            };
          };
        };
  };
}

/**
 * The neutral view of one posted activity, text or Adaptive Card, read through the Teams
 * display model: mentions as `@Name` (with their entity), Markdown gone, links collected.
 * File consent and file cards have no body: the driver reads them from the connector directly.
 */
export function seenActivity(posted: PostedActivity): SeenMessage {
  const view = teamsView(posted.activity);
  return {
    id: posted.id,
    text: view.text,
    buttons: view.buttons,
    links: view.links,
    updates: posted.updates,
  };
}

/**
 * Typed text as Teams delivers it: HTML, the person's own `<`, `>` and `&` encoded; only the
 * mention tags the client inserted (`<at>Name</at>` of a real person) stay markup.
 */
function asTeamsHtml(text: string): string {
  const tags = Object.values(PEOPLE).map((person) => `<at>${person.name}</at>`);
  const encode = (part: string) => part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  let out = "";
  let rest = text;
  for (;;) {
    const next = tags
      .map((tag) => ({ tag, at: rest.indexOf(tag) }))
      .filter((found) => found.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (next === undefined) return out + encode(rest);
    out += encode(rest.slice(0, next.at)) + next.tag;
    rest = rest.slice(next.at + next.tag.length);
  }
}

/** The mention entities Teams sends with a text naming people as `<at>Name</at>`. */
function mentionsIn(text: string): Record<string, unknown>[] {
  return Object.values(PEOPLE)
    .filter((person) => text.includes(`<at>${person.name}</at>`))
    .map((person) => ({
      type: "mention",
      text: `<at>${person.name}</at>`,
      mentioned: { id: person.id, name: person.name },
    }));
}

let sequence = 0;

/** A Bot Framework activity from a person, as Teams posts it: in the team channel or their personal chat. */
export function teamsActivity(
  serviceUrl: string,
  person: { id: string; name: string },
  fields: Record<string, unknown>,
  where: "channel" | "personal" = "channel",
) {
  sequence += 1;
  const conversation =
    where === "channel"
      ? {
          id: `${TEAM_CHANNEL};messageid=${Date.now()}${sequence}`,
          conversationType: "channel",
          tenantId: TENANT,
          isGroup: true,
        }
      : { id: `a:personal-${person.id}`, conversationType: "personal", tenantId: TENANT };
  return {
    type: "message",
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: person.id, name: person.name, aadObjectId: `aad-${person.id}` },
    recipient: BOT,
    conversation,
    channelData: {
      tenant: { id: TENANT },
      ...(where === "channel" ? { channel: { id: TEAM_CHANNEL }, team: { id: TEAM } } : {}),
    },
    locale: "it-IT",
    ...fields,
  };
}

/** A command as Teams delivers it: the bot @mentioned first, each `<at>name</at>` with its entity. */
export function teamsCommand(
  serviceUrl: string,
  person: { id: string; name: string },
  text: string,
  people: { id: string; name: string }[] = Object.values(PEOPLE),
) {
  const entities: Record<string, unknown>[] = [
    { type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT },
  ];
  for (const other of people) {
    const tag = `<at>${other.name}</at>`;
    if (text.includes(tag))
      entities.push({ type: "mention", text: tag, mentioned: { id: other.id, name: other.name } });
  }
  return teamsActivity(serviceUrl, person, { text: `<at>${BOT.name}</at> ${text}`, entities });
}

/** The channel is a team channel; each command starts a new thread in it, as people do in Teams. */
export class TeamsDriver implements ChatDriver {
  readonly platform = "teams";
  readonly connector = new RecordingConnector();
  running!: RunningServer;
  private testDb!: TestDb;
  private readonly formsSeen = new Set<string>();
  private lastForm: PostedActivity | undefined;

  private startedWith: {
    clock?: Clock;
    env: Record<string, string>;
    authOverrides?: Record<string, string>;
  } = {
    env: {},
  };

  async start(clock: Clock, env: Record<string, string> = {}, authOverrides?: Record<string, string>) {
    await this.connector.start();
    for (const person of Object.values(PEOPLE)) this.connector.roster.set(person.id, person);
    this.testDb = await freshDb();
    this.startedWith = { clock, env, ...(authOverrides ? { authOverrides } : {}) };
    await this.boot();
  }

  async restart(env: Record<string, string>) {
    await this.running.close();
    this.startedWith = { ...this.startedWith, env: { ...this.startedWith.env, ...env } };
    await this.boot();
  }

  private async boot() {
    const { clock, env, authOverrides } = this.startedWith;
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: this.testDb.url,
      EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
      ...env,
    });
    this.running = await startServer(config, {
      skipMigrations: true,
      log: silentLog,
      ...(clock ? { clock } : {}),
      ...(authOverrides ? { teamsAuthOverrides: authOverrides } : {}),
    });
  }

  async stop() {
    await this.running.close();
    await this.connector.close();
    await this.testDb.dispose();
  }

  mention(who: Cast) {
    return `<at>${PEOPLE[who].name}</at>`;
  }

  shownAs(who: Cast) {
    return `@${PEOPLE[who].name}`;
  }

  /** A Bot Framework activity from a person, as Teams posts it. */
  activity(who: Cast, fields: Record<string, unknown>, where: "channel" | "personal" = "channel") {
    return teamsActivity(this.connector.url, PEOPLE[who], fields, where);
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
  }

  async command(who: Cast, text: string) {
    const entities: Record<string, unknown>[] = [
      { type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT },
    ];
    for (const person of Object.values(PEOPLE)) {
      const tag = `<at>${person.name}</at>`;
      if (text.includes(tag))
        entities.push({ type: "mention", text: tag, mentioned: { id: person.id, name: person.name } });
    }
    const response = await this.post(
      this.activity(who, { text: `<at>${BOT.name}</at> ${asTeamsHtml(text)}`, entities }),
    );
    expect(response.status).toBe(200);
  }

  takeOpenedForm(_who: Cast) {
    // A submitted form card is replaced by a note, so forms are told apart by their message id.
    const fresh = this.connector.posted.filter(
      (p) => !this.formsSeen.has(p.id) && JSON.stringify(p.activity).includes('"Input.Text"'),
    );
    for (const form of fresh) this.formsSeen.add(form.id);
    if (fresh.length > 0) this.lastForm = fresh.at(-1);
    return fresh.length > 0;
  }

  /** The input elements of the form shown last. */
  private formInputs(): CardElement[] {
    const body =
      (this.lastForm?.activity.attachments as { content: { body: CardElement[] } }[] | undefined)?.[0]
        ?.content.body ?? [];
    return body.filter((e) => e.type.startsWith("Input."));
  }

  formChoices(field: string) {
    const input = this.formInputs().find((e) => e.id === field);
    return (input?.choices ?? []).map((c) => ({ value: c.value, label: c.title }));
  }

  async submitForm(who: Cast, values: Record<string, string>) {
    const form = this.lastForm;
    if (form === undefined) throw new Error("no form shown");
    // Teams sends every input of the card: what the person typed over what the card held.
    const shown: Record<string, string> = {};
    for (const input of this.formInputs())
      if (input.id && input.value !== undefined) shown[input.id] = input.value;
    values = { ...shown, ...values };
    // A date and time picked in the équipe's zone: Input.Date takes the day, Input.Time the hour.
    for (const input of this.formInputs()) {
      const picked = input.type === "Input.Date" && input.id ? WALL_CLOCK.exec(values[input.id] ?? "") : null;
      if (input.id && picked) {
        values[input.id] = picked[1] ?? "";
        values[`${input.id}${TIME_INPUT_SUFFIX}`] = picked[2] ?? "";
      }
    }
    const json = JSON.stringify(form.activity);
    const metadata = /"metadata":"([^"]+)"/.exec(json)?.[1] ?? "";
    const formId = /"form":"([^"]+)"/.exec(json)?.[1] ?? "";
    const where = form.conversationId.startsWith("a:personal-") ? "personal" : "channel";
    const response = await this.post(
      this.activity(
        who,
        { replyToId: form.id, value: { equipe: "form", form: formId, metadata, ...values } },
        where,
      ),
    );
    expect(response.status).toBe(200);
    await this.settle();
    const errors: Record<string, string> = {};
    const body =
      (form.activity.attachments as { content: { body: CardElement[] } }[] | undefined)?.[0]?.content.body ??
      [];
    let field: string | undefined;
    for (const element of body) {
      if (element.id) field = element.id.replace(TIME_INPUT_SUFFIX, "");
      // An error is shown in the attention colour under its field, as a TextBlock or as TextRuns.
      const attention =
        element.color === "Attention" || (element.inlines ?? []).some((run) => run.color === "Attention");
      if (attention && field) errors[field] = adaptiveCardView({ body: [element] }).text;
    }
    return errors;
  }

  formHolds(field: string) {
    const inputs = this.formInputs();
    const value = inputs.find((e) => e.id === field)?.value;
    const time = inputs.find((e) => e.id === `${field}${TIME_INPUT_SUFFIX}`)?.value;
    return time === undefined ? value : [value, time].filter(Boolean).join(" ");
  }

  shownForm() {
    const json = JSON.stringify(this.lastForm?.activity ?? {});
    return {
      id: /"form":"([^"]+)"/.exec(json)?.[1] ?? "",
      metadata: /"metadata":"([^"]+)"/.exec(json)?.[1] ?? "",
    };
  }

  async forgeForm(who: Cast, formId: string, metadata: string, values: Record<string, string>) {
    // Card data is whatever the client sends: here, a card this person was never shown.
    const value = { equipe: "form", form: formId, metadata, ...values };
    const response = await this.post(this.activity(who, { value }, "channel"));
    expect(response.status).toBe(200);
  }

  everySent() {
    return this.connector.sent.map((activity) => teamsView(activity));
  }

  notifies(who: Cast) {
    return PEOPLE[who].name;
  }

  async click(who: Cast, button: SeenButton) {
    const response = await this.post(
      this.activity(
        who,
        { value: { equipe: "action", actionId: button.actionId, value: button.value } },
        "personal",
      ),
    );
    expect(response.status).toBe(200);
  }

  privateMessages(who: Cast): SeenMessage[] {
    return this.connector
      .inConversation(this.connector.personalConversationOf(PEOPLE[who].id))
      .map(seenActivity);
  }

  /** The newest file consent card in this person's chat: its message id, file name and context. */
  consentCard(who: Cast): { id: string; name: string; context: { file: string } } {
    const card = this.connector
      .inConversation(this.connector.personalConversationOf(PEOPLE[who].id))
      .findLast((p) => JSON.stringify(p.activity).includes(FILE_CONSENT_TYPE));
    const consent = (
      card?.activity.attachments as
        | { name: string; content: { acceptContext: { file: string } } }[]
        | undefined
    )?.[0];
    if (card === undefined || consent === undefined) throw new Error(`no file offered to ${who}`);
    return { id: card.id, name: consent.name, context: consent.content.acceptContext };
  }

  /**
   * Answers a consent card as Teams does: "Allow" comes with an upload URL (here the
   * connector's stand-in OneDrive) under the given name. The HTTP status of the invoke.
   */
  async answerConsent(
    who: Cast,
    action: "accept" | "decline",
    context: unknown,
    name: string,
  ): Promise<number> {
    const uploadInfo = {
      name,
      uploadUrl: `${this.connector.url}onedrive/${encodeURIComponent(name)}`,
      contentUrl: `https://contoso-my.sharepoint.com/personal/${who}/Documents/Applications/Equipe/${name}`,
      uniqueId: randomUUID(),
      fileType: name.split(".").at(-1) ?? "",
    };
    const value = { type: "fileUpload", action, context, ...(action === "accept" ? { uploadInfo } : {}) };
    const response = await this.post(
      this.activity(who, { type: "invoke", name: "fileConsent/invoke", value }, "personal"),
    );
    await this.settle();
    return response.status;
  }

  async receiveFile(who: Cast) {
    const { name, context } = this.consentCard(who);
    expect(await this.answerConsent(who, "accept", context, name)).toBe(200);
    const uploaded = this.connector.uploads.get(name);
    if (uploaded === undefined) throw new Error(`nothing written to ${who}'s OneDrive`);
    return { name, content: uploaded.body };
  }

  channelMessages(): SeenMessage[] {
    return this.connector
      .inConversation(TEAM_CHANNEL)
      .filter((p) => !JSON.stringify(p.activity).includes('"Input.'))
      .map(seenActivity);
  }

  // ——— places ———

  async direct(who: Cast, text: string) {
    // In the personal chat nobody @mentions the bot: the text is the command.
    const entities = mentionsIn(text);
    const response = await this.post(this.activity(who, { text: asTeamsHtml(text), entities }, "personal"));
    expect(response.status).toBe(200);
  }

  async commandIn(conversation: Elsewhere, who: Cast, text: string) {
    const activity = this.activity(who, {
      text: `<at>${BOT.name}</at> ${asTeamsHtml(text)}`,
      entities: [{ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT }, ...mentionsIn(text)],
    });
    const response = await this.post({
      ...activity,
      conversation: {
        id: ELSEWHERE[conversation],
        conversationType: "groupChat",
        tenantId: TENANT,
        isGroup: true,
      },
      channelData: { tenant: { id: TENANT } },
    });
    expect(response.status).toBe(200);
  }

  messagesIn(conversation: Elsewhere): SeenMessage[] {
    return this.connector.inConversation(ELSEWHERE[conversation]).map(seenActivity);
  }

  // ——— dialogs ———

  /** The dialog opened last: its submit button's data and its inputs; open until it closes. */
  private dialog: { data: Record<string, unknown>; inputs: CardElement[]; open: boolean } | undefined;

  /** The data of the button as it was sent to the person (a dialog button asks for `task/fetch`). */
  private sentAction(button: SeenButton): Record<string, unknown> | undefined {
    let found: Record<string, unknown> | undefined;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) walk(item);
      else if (node !== null && typeof node === "object") {
        const data = (node as { data?: Record<string, unknown> }).data;
        if (
          data !== undefined &&
          data.equipe === "action" &&
          data.actionId === button.actionId &&
          String(data.value ?? "") === button.value
        )
          found = data;
        for (const value of Object.values(node)) walk(value);
      }
    };
    walk(this.connector.sent);
    return found;
  }

  /** An invoke from the person's chat with the bot; the HTTP answer's body. */
  private async invoke(who: Cast, name: string, value: unknown): Promise<DialogAnswer> {
    const response = await this.post(this.activity(who, { type: "invoke", name, value }, "personal"));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as DialogAnswer;
    await this.settle();
    return answer;
  }

  private shown(answer: DialogAnswer): SeenDialog | undefined {
    const value = answer.task.value;
    if (answer.task.type !== "continue" || typeof value === "string") return undefined;
    const card = value.card.content;
    const inputs: CardElement[] = [];
    const collect = (elements: CardElement[] | undefined) => {
      for (const element of elements ?? []) {
        if (element.type.startsWith("Input.")) inputs.push(element);
        collect(element.items);
      }
    };
    collect(card.body);
    const submit = card.actions?.find((a) => a.type === "Action.Submit")?.data ?? {};
    this.dialog = { data: submit, inputs, open: true };
    return {
      title: value.title,
      text: adaptiveCardView(card).text,
      inputs: inputs.map((input) => ({
        id: input.id ?? "",
        choices: (input.choices ?? []).map((c) => ({ value: c.value, label: c.title })),
      })),
    };
  }

  async openDialog(who: Cast, button: SeenButton): Promise<SeenDialog | undefined> {
    const data = this.sentAction(button);
    const msteams = data?.msteams as { type?: string } | undefined;
    if (msteams?.type !== "task/fetch") {
      await this.click(who, button);
      await this.settle();
      return undefined;
    }
    return this.shown(await this.invoke(who, "task/fetch", { data, context: { theme: "default" } }));
  }

  async submitDialog(who: Cast, values: Record<string, string>) {
    const dialog = this.dialog;
    if (dialog === undefined || !dialog.open) throw new Error("no dialog open");
    // Teams merges every input of the card (as it holds it, or as typed) into the submit's data.
    const inputs: Record<string, string> = {};
    for (const input of dialog.inputs) if (input.id) inputs[input.id] = input.value ?? "";
    const answer = await this.invoke(who, "task/submit", { data: { ...dialog.data, ...inputs, ...values } });
    if (answer.task.type !== "continue") {
      dialog.open = false;
      return {};
    }
    const value = answer.task.value;
    const body = typeof value === "string" ? [] : value.card.content.body;
    this.shown(answer);
    const errors: Record<string, string> = {};
    let field: string | undefined;
    for (const element of body) {
      if (element.id) field = element.id;
      const attention =
        element.color === "Attention" || (element.inlines ?? []).some((run) => run.color === "Attention");
      if (attention && field) errors[field] = adaptiveCardView({ body: [element] }).text;
    }
    return errors;
  }

  async settle() {
    await this.running.idle();
    await vi.waitFor(
      async () => {
        await this.running.idle();
        const pending = await this.running.db.queueItem.count({
          where: { kind: "message", status: "pending", dueAt: { lte: this.running.deps.clock.now() } },
        });
        expect(pending).toBe(0);
      },
      { timeout: 10_000 },
    );
    await this.running.dispatcher.idle();
  }
}
