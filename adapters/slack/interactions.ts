import type { App } from "@slack/bolt";
import { z } from "zod";
import type { Core } from "../../src/core/dispatch.ts";
import type { Actor, Request } from "../../src/core/request.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import { openModal, readSubmission, renderErrors } from "./forms.ts";

/** Slack caps action ids and callback ids at 255 characters; ours are far shorter. */
const ID_MAX = 255;

const viewSubmissionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1), enterprise_id: z.string().optional() }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  enterprise: z.object({ id: z.string() }).nullable().optional(),
  view: z.object({
    callback_id: z.string().max(ID_MAX),
    private_metadata: z.string().min(1).max(100),
    state: z.unknown(),
  }),
});

const blockActionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1), enterprise_id: z.string().optional() }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  enterprise: z.object({ id: z.string() }).nullable().optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(ID_MAX), value: z.string().max(2000) }))
    .min(1)
    .max(1),
});

/** A Slack user acting, in the language their profile gives. */
export async function slackActor(
  workspaceId: string,
  userId: string,
  localeOf: (userId: string) => Promise<Locale | undefined>,
): Promise<Actor> {
  return { kind: "chat", user: { platform: "slack", workspaceId, userId }, locale: await localeOf(userId) };
}

/** Registers modal submissions and button clicks on the Bolt app; the core does the rest. */
export function registerInteractions(
  app: App,
  core: Core,
  localeOf: (userId: string) => Promise<Locale | undefined>,
  /** Whether the bot serves this workspace: clicks and forms from elsewhere are dropped unread. */
  serves: (teamId: string, enterpriseId: string | undefined) => boolean,
): void {
  const deps = core.deps;

  app.view(/^form:/, async ({ ack, body }) => {
    const payload = viewSubmissionSchema.safeParse(body);
    if (!payload.success) {
      await ack();
      deps.log("slack.view.malformed", {});
      return;
    }
    const { trigger_id, user, view } = payload.data;
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    if (!serves(workspaceId, payload.data.enterprise?.id ?? payload.data.team?.enterprise_id)) {
      // No message of ours can have reached another organisation: nothing to answer, nothing read.
      await ack();
      deps.log("slack.notServed", { kind: "view" });
      return;
    }
    const formId = view.callback_id.slice("form:".length);
    const values = readSubmission(view.state, core.formFields(formId));
    if (values === undefined) {
      await ack();
      deps.log("slack.view.malformed", {});
      return;
    }
    const req: Request = {
      actor: await slackActor(workspaceId, user.id, localeOf),
      place: { kind: "private" },
      deliveryKey: `slack:trigger:${trigger_id}`,
    };
    // Slack shows field errors only in the acknowledgement, so the check comes before it; who is
    // submitting is established first. The use case itself runs after, as every handler's work does.
    const check = await core.checkForm(req, formId, values, view.private_metadata);
    if (check.kind === "invalid") {
      await ack({ response_action: "errors", errors: renderErrors(check.errors, check.form) });
      return;
    }
    await ack();
    if (check.kind === "ok") await core.submitForm(req, formId, values, view.private_metadata);
  });

  app.action(/.*/, async ({ ack, body }) => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    const action = payload.data?.actions[0];
    if (!payload.success || action === undefined) {
      deps.log("slack.action.malformed", {});
      return;
    }
    const { trigger_id, user } = payload.data;
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    if (!serves(workspaceId, payload.data.enterprise?.id ?? payload.data.team?.enterprise_id)) {
      deps.log("slack.notServed", { kind: "action" });
      return;
    }
    const actor = await slackActor(workspaceId, user.id, localeOf);
    await core.action(
      {
        actor,
        place: { kind: "private" },
        deliveryKey: `slack:trigger:${trigger_id}`,
        ui: {
          openForm: (form) => openModal(app.client, trigger_id, form, actor.locale ?? deps.defaults.locale),
        },
      },
      action.action_id,
      action.value,
    );
  });
}
