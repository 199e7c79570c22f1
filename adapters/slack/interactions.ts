import type { App } from "@slack/bolt";
import { z } from "zod";
import { DomainError } from "../../src/domain/errors.ts";
import type { MeetingId, SlotId } from "../../src/domain/ids.ts";
import { answerSchema, type ProposalForm } from "../../src/domain/meeting.ts";
import type { Locale } from "../../src/i18n/catalogue.ts";
import { answerPoll } from "../../src/services/answer-poll.ts";
import { confirmMeeting } from "../../src/services/confirm-meeting.ts";
import type { CommandContext, ServiceDeps } from "../../src/services/context.ts";
import { conveneMeeting, validateConveneForm } from "../../src/services/convene-meeting.ts";
import { CONFIRM_ACTION } from "../../src/services/due-work.ts";
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

  /** A button click as the core sees it: who, which button, which ids; undefined if malformed. */
  async function readClick(body: unknown) {
    const payload = blockActionSchema.safeParse(body);
    const target = pollValueSchema.safeParse(payload.data?.actions[0]?.value);
    if (!payload.success || !target.success) {
      deps.log("slack.action.malformed", {});
      return undefined;
    }
    const { trigger_id, user, actions } = payload.data;
    const workspaceId = payload.data.team?.id ?? user.team_id ?? "";
    const ctx: CommandContext = {
      actor: { platform: "slack", workspaceId, userId: user.id, locale: await localeOf(user.id) },
      channel: { platform: "slack", workspaceId, channelId: "" },
      deliveryKey: `slack:trigger:${trigger_id}`,
    };
    return { ctx, actionId: actions[0]?.action_id ?? "", ...target.data };
  }

  app.action(new RegExp(`^${POLL_ACTION_PREFIX}`), async ({ ack, body }) => {
    await ack();
    const click = await readClick(body);
    const answer = answerSchema.safeParse(click?.actionId.slice(POLL_ACTION_PREFIX.length));
    if (click === undefined || !answer.success) return;
    const { ctx, meetingId, slotId } = click;
    await answerPoll(deps, ctx, { meetingId, slotId, answer: answer.data }).catch((error: unknown) =>
      replyWithError(deps, ctx, error, "direct"),
    );
  });

  app.action(new RegExp(`^${CONFIRM_ACTION}:`), async ({ ack, body }) => {
    await ack();
    const click = await readClick(body);
    if (click === undefined) return;
    const { ctx, meetingId, slotId } = click;
    await confirmMeeting(deps, ctx, { meetingId, slotId }, async (repos) => {
      const meeting = await repos.meetings.findById(meetingId);
      const equipe = meeting ? await repos.equipes.findById(meeting.equipeId) : undefined;
      if (equipe === undefined) throw new DomainError("meeting.stale");
      return equipe;
    }).catch((error: unknown) => replyWithError(deps, ctx, error, "direct"));
  });
}
