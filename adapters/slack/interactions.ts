import type { App } from "@slack/bolt";
import { z } from "zod";
import type { MeetingId, SlotId } from "../../src/domain/ids.ts";
import { answerSchema, type ProposalForm } from "../../src/domain/meeting.ts";
import type { Locale } from "../../src/i18n/catalogue.ts";
import { answerPoll } from "../../src/services/answer-poll.ts";
import type { CommandContext, ServiceDeps } from "../../src/services/context.ts";
import { conveneMeeting, validateConveneForm } from "../../src/services/convene-meeting.ts";
import { errorText, replyWithError } from "../../src/services/handle-command.ts";
import { POLL_ACTION_PREFIX } from "../../src/services/meeting-messages.ts";
import { readSubmission } from "./forms.ts";

const PROPOSAL_FIELDS: readonly (keyof ProposalForm)[] = [
  "purpose",
  "duration",
  "slots",
  "deadline",
  "location",
];

const viewSubmissionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({ private_metadata: z.string().min(1).max(100), state: z.unknown() }),
});

const blockActionSchema = z.object({
  trigger_id: z.string().min(1),
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().max(256) }))
    .min(1)
    .max(1),
});

/** `<meeting id>:<slot id>` as written into poll buttons by the core. */
const pollValueSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
  .transform((value) => {
    const [meetingId, slotId] = value.split(":") as [string, string];
    return { meetingId: meetingId as MeetingId, slotId: slotId as SlotId };
  });

/** Registers modal submissions and button clicks on the Bolt app. */
export function registerInteractions(
  app: App,
  deps: ServiceDeps,
  localeOf: (userId: string) => Promise<Locale | undefined>,
): void {
  app.view("form:convene", async ({ ack, body }) => {
    const payload = viewSubmissionSchema.safeParse(body);
    const values = payload.success ? readSubmission(payload.data.view.state, PROPOSAL_FIELDS) : undefined;
    if (!payload.success || values === undefined) {
      await ack();
      deps.log("slack.view.malformed", {});
      return;
    }
    const { trigger_id, user, view } = payload.data;
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    const ctx: CommandContext = {
      actor: { platform: "slack", workspaceId, userId: user.id, locale: await localeOf(user.id) },
      channel: { platform: "slack", workspaceId, channelId: view.private_metadata },
      deliveryKey: `slack:trigger:${trigger_id}`,
    };
    const form = values as unknown as ProposalForm;
    const invalid = await validateConveneForm(deps, ctx, form);
    if (invalid) {
      const errors: Record<string, string> = {};
      for (const [field, error] of Object.entries(invalid.errors))
        errors[field] = errorText(invalid.locale, error);
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await conveneMeeting(deps, ctx, form).catch((error: unknown) => replyWithError(deps, ctx, error));
  });

  app.action(new RegExp(`^${POLL_ACTION_PREFIX}`), async ({ ack, body }) => {
    await ack();
    const payload = blockActionSchema.safeParse(body);
    if (!payload.success) {
      deps.log("slack.action.malformed", {});
      return;
    }
    const { trigger_id, user, actions } = payload.data;
    const action = actions[0];
    const answer = answerSchema.safeParse(action?.action_id.slice(POLL_ACTION_PREFIX.length));
    const target = pollValueSchema.safeParse(action?.value);
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    const ctx: CommandContext = {
      actor: { platform: "slack", workspaceId, userId: user.id, locale: await localeOf(user.id) },
      channel: { platform: "slack", workspaceId, channelId: "" },
      deliveryKey: `slack:trigger:${trigger_id}`,
    };
    if (!answer.success || !target.success) {
      deps.log("slack.action.malformed", {});
      return;
    }
    await answerPoll(deps, ctx, { ...target.data, answer: answer.data }).catch((error: unknown) =>
      replyWithError(deps, ctx, error, "direct"),
    );
  });
}
