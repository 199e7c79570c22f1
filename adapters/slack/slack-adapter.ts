import type { RequestListener } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { textMessage } from "../../src/content/model.ts";
import type { ServiceDeps } from "../../src/core/deps.ts";
import type { Core } from "../../src/core/dispatch.ts";
import { QueuedCore, type WorkQueue } from "../../src/core/work-queue.ts";
import { t } from "../../src/i18n/catalogue.ts";
import { type Locale, matchLocale } from "../../src/i18n/locale.ts";
import type { ChannelPort } from "../../src/ports/channel.ts";
import { SlackChatPort } from "./chat-port.ts";
import { envelopeSchema, parseSlackBody } from "./envelope.ts";
import { platformErrorOf } from "./errors.ts";
import { openModal } from "./forms.ts";
import { guardedListener } from "./gate.ts";
import { webApiFetch } from "./http-fetch.ts";
import { registerInteractions, slackActor } from "./interactions.ts";
import {
  directMessageEventSchema,
  directMessageText,
  isDirectMessage,
  parseSlackUserRef,
  SLASH_COMMAND,
  served,
  slashCommandSchema,
} from "./payloads.ts";
import { renderBlocks, renderFallback } from "./render.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
/**
 * The largest request Slack sends to `/slack/events`, in bytes. Slack publishes no maximum for a
 * whole request; its documented field limits bound them. The largest event is a direct message:
 * its text is cut at 40,000 characters and comes twice (plain and as rich text), under 0.5 MB even
 * with every character JSON-escaped. Interactions echo one of our own messages or modals, at most
 * 50 blocks of 3,000 characters as render.ts writes them (Slack's own maxima: 50 blocks a message,
 * 100 a modal, 3,000 characters a text): such a message in ordinary Italian is about 0.2 MB as
 * Slack form-encodes it. Bolt's own default is 4 MB. Every body is held in memory before its
 * signature can be checked (the signature covers the bytes), so the limit is what an unsigned
 * client can make the process hold per connection: half a megabyte, the direct message's bound.
 */
export const SLACK_BODY_LIMIT_BYTES = 512 * 1024;
/** A person's Slack locale and name rarely change; look them up at most this often. */
const PERSON_CACHE_MS = 6 * 60 * 60_000;

interface SlackPerson {
  locale: Locale | undefined;
  name: string;
}

/** A request's body and the headers Bolt reads, as the front thread hands them over. */
export interface AcknowledgedRequest {
  body: Buffer;
  contentType: string | undefined;
  retryNum: string | undefined;
  retryReason: string | undefined;
}

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  /** The workspaces (team ids, or Enterprise Grid ids) served; undefined: every one. */
  allowedTeams?: readonly string[] | undefined;
}

export interface SlackAdapter {
  /** HTTP handler for `POST /slack/events` (undefined in Socket Mode). */
  requestListener: RequestListener | undefined;
  /**
   * A request (a command, a click, an event) the front thread has acknowledged already
   * (src/http/front.ts): its work, as Bolt does it after its own acknowledgement. Its envelope is
   * checked again here, as the gate would.
   */
  acknowledged(request: AcknowledgedRequest): void;
  chatPort: ChannelPort;
  /** Resolves when no handler is still working after its acknowledgement. */
  idle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Well under the outbox's one-minute lease, well over a Web API call's usual second. */
const SLACK_CALL_TIMEOUT_MS = 20_000;

/** Bolt's logger, quietened: it must not write payloads (names, case content) to our logs. */
function quietLogger(log: ServiceDeps["log"]) {
  let level: LogLevel = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => log("slack.warn", { detail: String(args[0]).slice(0, 120) }),
    error: (...args: unknown[]) =>
      log("slack.error", { detail: args[0] instanceof Error ? args[0].name : "error" }),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Bolt's listener, with each request marked as being acknowledged until its answer is sent (Slack's
 * answers are sent before the work is done): no queued work starts meanwhile. It sits behind the
 * gate, so only a request whose signature checked out is marked: a stranger's slow body holds
 * nothing back.
 */
function acknowledgedFirst(listener: RequestListener, work: WorkQueue | undefined): RequestListener {
  if (work === undefined) return listener;
  return (req, res) => {
    res.once("close", work.acknowledging());
    // Its statements (a form's check) are the acknowledgement's: work gives way to them.
    work.priority.within(() => listener(req, res));
  };
}

/**
 * Whether a request is one a person waits for at their screen, at a person's pace: a slash
 * command, a form submitted, a click on a button that opens a form (Slack accepts its trigger for
 * three seconds). Its work goes ahead of the line (`QueuedCore`), and it does not wait for room in
 * it first: that wait alone could use up the trigger.
 */
export function personPaced(body: unknown, core: Core): boolean {
  if (typeof body !== "object" || body === null) return false;
  const { command, type, actions } = body as { command?: unknown; type?: unknown; actions?: unknown };
  if (typeof command === "string") return true;
  if (type === "view_submission") return true;
  if (type !== "block_actions" || !Array.isArray(actions)) return false;
  const actionId = (actions[0] as { action_id?: unknown } | undefined)?.action_id;
  return typeof actionId === "string" && core.registry.action(actionId)?.def.opensForm === true;
}

/**
 * @param work the queue that the work after each acknowledgement goes through (the server's one
 *   queue for every platform); without it, handlers work as soon as they have acknowledged.
 */
export function createSlackAdapter(config: SlackConfig, direct: Core, work?: WorkQueue): SlackAdapter {
  const core = work ? new QueuedCore(direct, work) : direct;
  const deps = core.deps;
  const logger = quietLogger(deps.log);
  const clientOptions = {
    ...(config.apiUrl
      ? { slackApiUrl: config.apiUrl.endsWith("/") ? config.apiUrl : `${config.apiUrl}/` }
      : {}),
    // The outbox owns retries and honours Retry-After itself; the client must not retry behind it.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A call never outlives the outbox lease it runs under (a minute): a slow answer must not land
    // after another replica took the message over and sent a newer version.
    timeout: SLACK_CALL_TIMEOUT_MS,
    // Node's `http` for the calls every message makes, not the global `fetch` (see http-fetch.ts).
    fetch: webApiFetch(),
  };
  const receiver = config.appToken
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: false,
        bodyLimit: SLACK_BODY_LIMIT_BYTES,
        logger,
        // A request Bolt could not hand to a listener (its envelope passed the gate, a part of it
        // did not read): the client's, answered 400 — never Bolt's 500, never an error thrown on.
        processEventErrorHandler: async ({ error, response }) => {
          deps.log("slack.request.unprocessable", { error: error instanceof Error ? error.name : "unknown" });
          if (response.headersSent) return false;
          response.writeHead(400).end();
          return true;
        },
      });
  const app = new App({
    token: config.botToken,
    logger,
    clientOptions,
    // No conversation store: nothing here keeps state in Bolt's (`context.updateConversation`), and
    // its middleware looked every request's conversation up in it all the same.
    convoStore: false,
    ...(receiver
      ? { receiver }
      : { appToken: config.appToken, socketMode: true, signingSecret: config.signingSecret }),
  });

  // Handlers go on working after their 3-second ack; shutdown and tests wait for them.
  const inflight = new Set<Promise<unknown>>();
  app.use(async ({ body, next }) => {
    // A signed request is acknowledged once the work queue has room for its work: Slack is slowed
    // down while work is behind, rather than work lost. Given no room in time, it goes in anyway.
    // What a person waits for at their screen goes in at once, as it goes ahead of the line.
    if (work && !personPaced(body, direct) && !(await work.room()))
      deps.log("work.overflow", { platform: "slack" });
    const handled = next();
    inflight.add(handled);
    try {
      await handled;
    } finally {
      inflight.delete(handled);
    }
  });

  /** users.info, cached: the person's language and their name as the workspace shows it. */
  const people = new Map<string, { person: SlackPerson | undefined; until: number }>();
  async function personOf(userId: string): Promise<SlackPerson | undefined> {
    const cached = people.get(userId);
    if (cached && cached.until > Date.now()) return cached.person;
    const info = await app.client.users.info({ user: userId, include_locale: true });
    const user = info.user;
    const person =
      user === undefined || user.deleted
        ? undefined
        : {
            locale: matchLocale(user.locale),
            name:
              user.profile?.real_name || user.real_name || user.profile?.display_name || user.name || userId,
          };
    people.set(userId, { person, until: Date.now() + PERSON_CACHE_MS });
    return person;
  }
  async function localeOf(userId: string): Promise<Locale | undefined> {
    try {
      return (await personOf(userId))?.locale;
    } catch {
      // Without the locale we answer in the équipe's language: not worth failing a command for.
      return undefined;
    }
  }
  /** The name for the équipe's records (e-mail is not read: the app does not ask for users:read.email). */
  const directory = {
    async lookup(userId: string) {
      try {
        const person = await personOf(userId);
        return person && { displayName: person.name, email: undefined };
      } catch (error) {
        if (platformErrorOf(error) === "user_not_found") return undefined;
        throw error;
      }
    },
  };

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const payload = slashCommandSchema.safeParse(command);
    if (!payload.success) {
      await ack();
      deps.log("slack.command.malformed", {});
      return;
    }
    const { team_id, enterprise_id, channel_id, user_id, text, trigger_id } = payload.data;
    if (!served(config.allowedTeams, team_id, enterprise_id)) {
      // One polite refusal, in the acknowledgement itself: nothing is read, written or looked up.
      const refusal = textMessage(t(deps.defaults.locale, "org.notServed"));
      await ack({
        response_type: "ephemeral",
        text: renderFallback(refusal),
        blocks: renderBlocks(refusal),
      });
      deps.log("slack.notServed", { kind: "command" });
      return;
    }
    await ack();
    const channel = { platform: "slack" as const, workspaceId: team_id, channelId: channel_id };
    const actor = await slackActor(team_id, user_id, localeOf);
    await core.command(
      {
        actor,
        // A direct message with the bot is private: personal commands work there, équipe ones do not.
        place: isDirectMessage(channel_id) ? { kind: "private" } : { kind: "conversation", channel },
        deliveryKey: `slack:trigger:${trigger_id}`,
        ui: {
          openForm: (form) => openModal(app.client, trigger_id, form, actor.locale ?? deps.defaults.locale),
        },
        directory,
      },
      text,
      parseSlackUserRef,
    );
  });

  // Typed in the bot's Messages tab without `/equipe`: a command, made privately.
  app.event("message", async ({ body, context }) => {
    // Acknowledged before any work, so a retry is a delivery we have had: answering it again
    // would repeat a read's answer (work that writes is recorded once by its event id anyway).
    if (context.retryNum !== undefined) {
      deps.log("delivery.duplicate", { platform: "slack" });
      return;
    }
    const payload = directMessageEventSchema.safeParse(body);
    // Messages elsewhere, edits and bot messages are none of ours.
    if (!payload.success) return;
    const { team_id, enterprise_id, event_id, event } = payload.data;
    if (!served(config.allowedTeams, team_id, enterprise_id)) {
      const refusal = textMessage(t(deps.defaults.locale, "org.notServed"));
      deps.log("slack.notServed", { kind: "message" });
      await app.client.chat
        .postMessage({ channel: event.channel, text: renderFallback(refusal), blocks: renderBlocks(refusal) })
        .catch(() => deps.log("slack.refusal.failed", {}));
      return;
    }
    await core.command(
      {
        actor: await slackActor(team_id, event.user, localeOf),
        place: { kind: "private" },
        deliveryKey: `slack:event:${event_id}`,
        directory,
      },
      directMessageText(event.text),
      parseSlackUserRef,
    );
  });

  registerInteractions(app, core, localeOf, (teamId, enterpriseId) =>
    served(config.allowedTeams, teamId, enterpriseId),
  );

  app.error(async (error) => {
    deps.log("slack.handler.error", { code: (error as { code?: string }).code ?? error.name });
  });

  return {
    requestListener: receiver
      ? guardedListener(acknowledgedFirst(receiver.requestListener, work), {
          signingSecret: config.signingSecret,
          limit: SLACK_BODY_LIMIT_BYTES,
          log: deps.log,
        })
      : undefined,
    acknowledged(request) {
      let body: unknown;
      try {
        body = parseSlackBody(request.contentType, request.body);
      } catch {
        body = undefined;
      }
      if (!envelopeSchema.safeParse(body).success) {
        deps.log("slack.request.malformed", {});
        return;
      }
      const retryNum = request.retryNum === undefined ? undefined : Number.parseInt(request.retryNum, 10);
      app
        .processEvent({
          body: body as Record<string, unknown>,
          // Answered already, by the front thread.
          ack: async () => {},
          retryNum,
          retryReason: request.retryReason,
          customProperties: {},
        })
        .catch((error: unknown) =>
          deps.log("slack.request.unprocessable", { error: error instanceof Error ? error.name : "unknown" }),
        );
    },
    chatPort: new SlackChatPort(app.client),
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async start() {
      if (!receiver) await app.start();
    },
    async stop() {
      if (!receiver) await app.stop();
    },
  };
}
