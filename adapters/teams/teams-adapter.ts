import type { RequestListener } from "node:http";
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  TeamsInfo,
  type TurnContext,
} from "botbuilder";
import { AuthenticationError } from "botframework-connector";
import { type Rich, textMessage } from "../../src/content/model.ts";
import type { Core } from "../../src/core/dispatch.ts";
import type { Request } from "../../src/core/request.ts";
import { QueuedCore, type WorkQueue } from "../../src/core/work-queue.ts";
import type { FieldErrors, FormSpec } from "../../src/domain/forms.ts";
import { t } from "../../src/i18n/catalogue.ts";
import { type Locale, matchLocale } from "../../src/i18n/locale.ts";
import type { ChannelPort } from "../../src/ports/channel.ts";
import { TeamsChatPort } from "./chat-port.ts";
import { ConversationBook } from "./conversations.ts";
import { statusOf } from "./errors.ts";
import { FILE_CONSENT_INVOKE, FileOffers } from "./files.ts";
import { listenerFor, type TeamsEndpointAdapter } from "./http.ts";
import {
  activitySchema,
  channelOf,
  commandText,
  type IncomingActivity,
  parseTeamsUserRef,
  submitSchema,
  taskRequestSchema,
  tenantOf,
} from "./payloads.ts";
import {
  readPickedDateTime,
  renderDialog,
  renderForm,
  renderFormDone,
  renderMessage,
  renderPlain,
  TASK_FETCH,
  TASK_SUBMIT,
  TIME_INPUT_SUFFIX,
} from "./render.ts";
import { withRetries } from "./retry.ts";

/**
 * Every failure to authenticate a request is a 401. botbuilder lets a token that fails its
 * signature check escape as a plain error, which CloudAdapter would answer with 500.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError("Unauthorized. Invalid token.", StatusCodes.UNAUTHORIZED);
    }
  }
}

export const TEAMS_MESSAGES_PATH = "/api/messages";

/** A form opened where it would be posted into the conversation, though its content must never be kept there. */
export class ConfidentialFormOutsideDialog extends Error {
  constructor() {
    super("a confidential form is shown only in a Teams dialog, opened by a dialog button");
    this.name = "ConfidentialFormOutsideDialog";
  }
}

/** The answer to a dialog invoke (`task/fetch`, `task/submit`): the dialog, or a closing sentence. */
type TaskAnswer =
  | { task: { type: "message"; value: string } }
  | {
      task: {
        type: "continue";
        value: { title: string; card: unknown; height?: "large"; width?: "large" };
      };
    };

/** A dialog closing with a sentence in the reader's language. */
const taskMessage = (text: Rich): TaskAnswer => ({ task: { type: "message", value: renderPlain(text) } });

/**
 * A form in a dialog (after a rejected submission, with the errors and what was typed); a form
 * whose inputs hold more than a dialog can take closes with where it is filled in instead.
 */
function taskDialog(
  form: FormSpec,
  errors: FieldErrors,
  values: Record<string, string>,
  locale: Locale,
): TaskAnswer {
  const dialog = renderDialog(form, errors, values, locale);
  if ("instead" in dialog) return taskMessage(dialog.instead);
  const { card } = dialog;
  // Long text reads better in the largest dialog; a short form lets Teams size it.
  const long = form.fields.some((field) => field.kind === "content");
  return {
    task: {
      type: "continue",
      value: { title: form.title, card, ...(long ? { height: "large", width: "large" } : {}) },
    },
  };
}

/** The HTTP answer to an invoke activity, which CloudAdapter writes when the turn ends. */
async function answerInvoke(turn: TurnContext, body: TaskAnswer): Promise<void> {
  await turn.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body },
  } as Partial<Activity>);
}

export interface TeamsConfig {
  /** Empty: the Bot Framework's unauthenticated mode (local use, Emulator, tests). */
  appId: string;
  appPassword: string | undefined;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  tenantId: string | undefined;
  /**
   * Further Bot Framework authentication settings (`ToBotFromChannelOpenIdMetadataUrl`, …);
   * tests point them at a local stand-in for Microsoft's endpoints.
   */
  authOverrides?: Record<string, string> | undefined;
  /** The Microsoft 365 tenants served; undefined: every one. */
  allowedTenants?: readonly string[] | undefined;
}

export interface TeamsAdapter {
  /** HTTP handler for `POST /api/messages`. */
  requestListener: RequestListener;
  chatPort: ChannelPort;
  /** Resolves when no activity is still being processed. */
  idle(): Promise<void>;
}

/**
 * CloudAdapter with its authentication usable on its own: the endpoint checks who is asking
 * before it reads what they sent (adapters/teams/http.ts).
 */
class EquipeCloudAdapter extends CloudAdapter implements TeamsEndpointAdapter {
  constructor(
    auth: StrictAuthentication,
    readonly authenticated: boolean,
  ) {
    super(auth);
  }

  authenticate(activity: Partial<Activity>, authHeader: string): Promise<unknown> {
    return this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authHeader);
  }
}

/** The Bot Framework adapter for this configuration (unauthenticated when the app id is empty). */
export function createCloudAdapter(config: TeamsConfig): EquipeCloudAdapter {
  const settings = {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword ?? "",
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId ?? "",
  };
  const auth = new StrictAuthentication(
    { ...settings, ...config.authOverrides },
    new ConfigurationServiceClientCredentialFactory(settings),
  );
  return new EquipeCloudAdapter(auth, config.appId !== "");
}

/**
 * @param work the queue that commands, clicks and forms' use cases go through (the server's one
 *   queue for every platform). The Bot Framework waits for a turn's end to answer its request, so
 *   a turn waits for its work there; a dialog's opening (`task/fetch`) runs at once, as the dialog
 *   it answers with is what a person waits for at their screen.
 */
export function createTeamsAdapter(config: TeamsConfig, direct: Core, work?: WorkQueue): TeamsAdapter {
  const core = work ? new QueuedCore(direct, work) : direct;
  const deps = core.deps;
  const adapter = createCloudAdapter(config);
  adapter.onTurnError = async (_context, error) => {
    deps.log("teams.turn.error", { error: error instanceof Error ? error.name : "unknown" });
  };
  const book = new ConversationBook(deps.store, deps.clock);
  const files = new FileOffers(deps.store, deps.clock, deps.log);
  const chatPort = new TeamsChatPort(adapter, config.appId, book, files);

  /** A request from this activity's sender, made in its conversation. */
  function requestOf(turn: TurnContext, activity: IncomingActivity): Request {
    return {
      actor: {
        kind: "chat",
        user: { platform: "teams", workspaceId: tenantOf(activity), userId: activity.from.id },
        locale: matchLocale(activity.locale),
      },
      // The Teams personal chat with the bot is private: personal commands work there, équipe
      // ones do not. (The Bot Framework Emulator names no conversation type: a conversation.)
      place:
        activity.conversation.conversationType === "personal"
          ? { kind: "private" }
          : { kind: "conversation", channel: channelOf(activity) },
      deliveryKey: `teams:activity:${activity.conversation.id}:${activity.id}`,
      ui: {
        async openForm(form) {
          if (form.confidential) {
            // Its content would stay in the conversation: never posted (only a dialog button opens it).
            deps.log("teams.form.confidentialOutsideDialog", { form: form.id });
            throw new ConfidentialFormOutsideDialog();
          }
          // Teams' counterpart of a modal: the form as a card, answered where it was asked for.
          await withRetries(() =>
            turn.sendActivity({
              type: ActivityTypes.Message,
              attachments: [renderForm(form, {}, {}, matchLocale(activity.locale) ?? deps.defaults.locale)],
            }),
          );
        },
      },
      directory: {
        async lookup(userId) {
          try {
            const member = await withRetries(() => TeamsInfo.getMember(turn, userId));
            return {
              displayName: member.name || member.givenName || userId,
              email: member.email || undefined,
            };
          } catch (error) {
            if (statusOf(error) === 404) return undefined;
            throw error;
          }
        },
      },
    };
  }

  async function onSubmit(turn: TurnContext, activity: IncomingActivity): Promise<void> {
    const submit = submitSchema.safeParse(activity.value);
    if (!submit.success) {
      deps.log("teams.submit.malformed", {});
      return;
    }
    // Like a Slack button or modal: answers go privately to whoever clicked or submitted.
    const req: Request = { ...requestOf(turn, activity), place: { kind: "private" } };
    if (submit.data.equipe === "action") {
      await core.action(req, submit.data.actionId, submit.data.value);
      return;
    }
    const { form, metadata } = submit.data;
    const values = readValues(form, activity.value as Record<string, unknown>);
    // Who is submitting is established first: a refusal is answered privately and the card stays as it was.
    const check = await core.checkForm(req, form, values, metadata);
    const cardId = activity.replyToId;
    if (check.kind === "refused") return;
    if (check.kind === "invalid") {
      if (check.form.confidential) {
        // No card of ours holds a confidential form: this submission was made up; nothing is posted.
        deps.log("teams.form.confidentialOutsideDialog", { form: check.form.id });
        return;
      }
      const card = renderForm(check.form, check.errors, values, req.actor.locale ?? deps.defaults.locale);
      if (cardId)
        await withRetries(() =>
          turn.updateActivity({ type: ActivityTypes.Message, id: cardId, attachments: [card] }),
        );
      else await withRetries(() => turn.sendActivity({ type: ActivityTypes.Message, attachments: [card] }));
      return;
    }
    if (cardId) {
      const locale = req.actor.locale ?? deps.defaults.locale;
      const done = renderFormDone(t(locale, "form.submitted"));
      await withRetries(() =>
        turn.updateActivity({ type: ActivityTypes.Message, id: cardId, attachments: [done] }),
      ).catch((error: unknown) => deps.log("teams.form.updateFailed", { status: statusOf(error) }));
    }
    await core.submitForm(req, form, values, metadata);
  }

  /** The submitted values of a form's fields (a form we do not know has none). */
  function readValues(formId: string, raw: Record<string, unknown>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const name of core.formFields(formId)) {
      const value = raw[name];
      // A date-and-time field comes as two inputs: Input.Date (YYYY-MM-DD) and Input.Time (HH:mm).
      const time = raw[`${name}${TIME_INPUT_SUFFIX}`];
      values[name] =
        time !== undefined ? readPickedDateTime(value, time) : typeof value === "string" ? value : "";
    }
    return values;
  }

  const localeOf = (req: Request): Locale => req.actor.locale ?? deps.defaults.locale;

  /**
   * A dialog button clicked (`task/fetch`): the button's action runs with a `ui.openForm` that
   * keeps the form for the dialog instead of posting it, so the form (a confidential one above
   * all) is shown only in the dialog and nothing of it reaches the conversation. An action that
   * opened no form refused (the core told the person privately, as always) or had nothing to show.
   */
  async function onTaskFetch(turn: TurnContext, activity: IncomingActivity): Promise<void> {
    const request = taskRequestSchema.safeParse(activity.value);
    const click = request.success ? submitSchema.safeParse(request.data.data) : undefined;
    const opened: { form?: FormSpec } = {};
    const req: Request = {
      ...requestOf(turn, activity),
      place: { kind: "private" },
      ui: {
        async openForm(form) {
          opened.form = form;
        },
      },
    };
    if (click?.success !== true || click.data.equipe !== "action") {
      deps.log("teams.task.malformed", { name: TASK_FETCH });
      await answerInvoke(turn, taskMessage(t(localeOf(req), "dialog.unavailable")));
      return;
    }
    await direct.action(req, click.data.actionId, click.data.value);
    const { form } = opened;
    await answerInvoke(
      turn,
      form === undefined
        ? taskMessage(t(localeOf(req), "dialog.unavailable"))
        : taskDialog(form, {}, {}, localeOf(req)),
    );
  }

  /**
   * A dialog's form submitted (`task/submit`): who submits is established first (a refusal closes
   * the dialog with a sentence, the reason told privately), then the values are checked (errors:
   * the dialog again, with what was typed); a valid submission closes the dialog and runs.
   */
  async function onTaskSubmit(turn: TurnContext, activity: IncomingActivity): Promise<void> {
    const req: Request = { ...requestOf(turn, activity), place: { kind: "private" } };
    const request = taskRequestSchema.safeParse(activity.value);
    const submit = request.success ? submitSchema.safeParse(request.data.data) : undefined;
    if (request.success !== true || submit?.success !== true || submit.data.equipe !== "form") {
      deps.log("teams.task.malformed", { name: TASK_SUBMIT });
      await answerInvoke(turn, taskMessage(t(localeOf(req), "dialog.unavailable")));
      return;
    }
    const { form, metadata } = submit.data;
    const values = readValues(form, request.data.data);
    const check = await core.checkForm(req, form, values, metadata);
    if (check.kind === "refused") {
      await answerInvoke(turn, taskMessage(t(localeOf(req), "dialog.refused")));
      return;
    }
    if (check.kind === "invalid") {
      await answerInvoke(turn, taskDialog(check.form, check.errors, values, localeOf(req)));
      return;
    }
    await answerInvoke(turn, taskMessage(t(localeOf(req), "form.submitted")));
    await core.submitForm(req, form, values, metadata);
  }

  /**
   * A tenant the bot does not serve: one polite refusal to a message or an installation, and
   * nothing else — no conversation remembered, no command read, no case code looked up.
   */
  async function refuseForeign(turn: TurnContext, activity: IncomingActivity): Promise<void> {
    deps.log("teams.notServed", { type: activity.type });
    const installed = activity.membersAdded?.some((m) => m.id === activity.recipient.id) ?? false;
    const typed =
      activity.type === ActivityTypes.Message && (activity.value === undefined || activity.value === null);
    if (!installed && !typed) return;
    const locale = matchLocale(activity.locale) ?? deps.defaults.locale;
    const refusal = renderMessage(textMessage(t(locale, "org.notServed")));
    await withRetries(() => turn.sendActivity({ type: ActivityTypes.Message, ...refusal })).catch(
      (error: unknown) => deps.log("teams.refusal.failed", { status: statusOf(error) }),
    );
  }

  async function onTurn(turn: TurnContext): Promise<void> {
    const parsed = activitySchema.safeParse(turn.activity);
    if (!parsed.success) {
      deps.log("teams.activity.malformed", { type: String((turn.activity as Partial<Activity>).type) });
      return;
    }
    const activity = parsed.data;
    if (config.allowedTenants !== undefined && !config.allowedTenants.includes(tenantOf(activity))) {
      await refuseForeign(turn, activity);
      return;
    }
    await book.remember(activity);
    if (activity.type === ActivityTypes.ConversationUpdate) {
      // Installed in a team, chat or personal scope: say hello with the help text, once.
      if (activity.membersAdded?.some((m) => m.id === activity.recipient.id)) {
        const locale = matchLocale(activity.locale) ?? deps.defaults.locale;
        const hello = renderMessage(textMessage(core.registry.helpText(locale)));
        await withRetries(() => turn.sendActivity({ type: ActivityTypes.Message, ...hello }));
      }
      return;
    }
    if (activity.type === ActivityTypes.Invoke && activity.name === FILE_CONSENT_INVOKE) {
      await files.answer(turn, activity);
      return;
    }
    if (activity.type === ActivityTypes.Invoke && activity.name === TASK_FETCH) {
      await onTaskFetch(turn, activity);
      return;
    }
    if (activity.type === ActivityTypes.Invoke && activity.name === TASK_SUBMIT) {
      await onTaskSubmit(turn, activity);
      return;
    }
    if (activity.type !== ActivityTypes.Message) return;
    if (activity.value !== undefined && activity.value !== null) {
      await onSubmit(turn, activity);
      return;
    }
    await core.command(requestOf(turn, activity), commandText(activity), parseTeamsUserRef);
  }

  const requestListener = listenerFor(
    adapter,
    onTurn,
    (error) => deps.log("teams.request.error", { error: error instanceof Error ? error.name : "unknown" }),
    () => deps.log("teams.request.malformed", {}),
  );

  return {
    requestListener,
    chatPort,
    idle: requestListener.idle,
  };
}
