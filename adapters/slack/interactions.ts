import type { App } from "@slack/bolt";
import { z } from "zod";
import { FORM_IDS } from "../../src/domain/forms.ts";
import type { Locale } from "../../src/i18n/catalogue.ts";
import type { CommandContext, ServiceDeps } from "../../src/services/context.ts";
import {
  CHANNEL_FORMS,
  FORM_FIELDS,
  handleAction,
  submitForm,
  validateForm,
} from "../../src/services/handle-interaction.ts";
import { readSubmission, renderModal } from "./forms.ts";

const viewSubmissionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    callback_id: z.string().max(64),
    private_metadata: z.string().min(1).max(100),
    state: z.unknown(),
  }),
});

const blockActionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  actions: z
    .array(z.object({ action_id: z.string().max(64), value: z.string().max(256) }))
    .min(1)
    .max(1),
});

/** Registers modal submissions and button clicks on the Bolt app; the core does the rest. */
export function registerInteractions(
  app: App,
  deps: ServiceDeps,
  localeOf: (userId: string) => Promise<Locale | undefined>,
): void {
  app.view(/^form:/, async ({ ack, body }) => {
    const payload = viewSubmissionSchema.safeParse(body);
    const formId = z.enum(FORM_IDS).safeParse(payload.data?.view.callback_id.slice("form:".length));
    const values =
      payload.success && formId.success
        ? readSubmission(payload.data.view.state, FORM_FIELDS[formId.data])
        : undefined;
    if (!payload.success || !formId.success || values === undefined) {
      await ack();
      deps.log("slack.view.malformed", {});
      return;
    }
    const { trigger_id, user, view } = payload.data;
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    const metadata = view.private_metadata;
    const ctx: CommandContext = {
      actor: { platform: "slack", workspaceId, userId: user.id, locale: await localeOf(user.id) },
      // Forms opened in a channel carry it; forms opened from a private button carry a decision id.
      channel: { platform: "slack", workspaceId, channelId: CHANNEL_FORMS.has(formId.data) ? metadata : "" },
      deliveryKey: `slack:trigger:${trigger_id}`,
    };
    // Slack shows field errors only in the acknowledgement, so validation happens before it;
    // the use case itself runs after, as every handler's work does.
    const invalid = await validateForm(deps, ctx, formId.data, values, metadata);
    if (invalid) {
      await ack({ response_action: "errors", errors: invalid.errors });
      return;
    }
    await ack();
    await submitForm(deps, ctx, formId.data, values, metadata);
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
    const ctx: CommandContext = {
      actor: { platform: "slack", workspaceId, userId: user.id, locale: await localeOf(user.id) },
      channel: { platform: "slack", workspaceId, channelId: "" },
      deliveryKey: `slack:trigger:${trigger_id}`,
      forms: {
        async openForm(form) {
          await app.client.views.open({ trigger_id, view: renderModal(form) });
        },
      },
    };
    await handleAction(deps, ctx, action.action_id, action.value);
  });
}
