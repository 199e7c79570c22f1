import { z } from "zod";
import type { DecisionForm, OutcomeForm, ViewpointForm } from "../domain/decision.ts";
import { DomainError } from "../domain/errors.ts";
import type { FormId, FormSpec } from "../domain/forms.ts";
import type { DecisionId, MeetingId, SlotId } from "../domain/ids.ts";
import { answerSchema, type ProposalForm } from "../domain/meeting.ts";
import type { Locale } from "../i18n/catalogue.ts";
import { answerPoll } from "./answer-poll.ts";
import { confirmMeeting } from "./confirm-meeting.ts";
import type { CommandContext, ServiceDeps } from "./context.ts";
import { conveneForm, conveneMeeting, openConveneForm, validateConveneForm } from "./convene-meeting.ts";
import { REVIEW_CONVENE_ACTION } from "./decision-jobs.ts";
import { DECISION_ACTIONS } from "./decision-messages.ts";
import { CONFIRM_ACTION } from "./due-work.ts";
import { giveViewpoint, openViewpointForm, validateViewpointForm } from "./give-viewpoint.ts";
import { errorText, replyWithError } from "./handle-command.ts";
import { POLL_ACTION_PREFIX } from "./meeting-messages.ts";
import { openDecision, validateDecisionForm } from "./open-decision.ts";
import { openOutcomeForm, recordOutcome, validateOutcomeForm } from "./record-outcome.ts";

/** The fields of each form, as the adapters read them back from a submission. */
export const FORM_FIELDS: Record<FormId, readonly string[]> = {
  convene: ["purpose", "duration", "slots", "deadline", "location"] satisfies (keyof ProposalForm)[],
  decide: [
    "question",
    "context",
    "kind",
    "options",
    "deadline",
    "participants",
    "familyReason",
  ] satisfies (keyof DecisionForm)[],
  viewpoint: ["answer", "reason", "side"] satisfies (keyof ViewpointForm)[],
  outcome: ["outcome", "actions", "review", "override"] satisfies (keyof OutcomeForm)[],
};

/**
 * Which forms carry the channel in their metadata (opened from a command in the équipe's
 * channel); the others carry a decision id (opened from a button in a private message).
 */
export const CHANNEL_FORMS: ReadonlySet<FormId> = new Set<FormId>(["convene", "decide"]);

const UUID = /^[0-9a-f-]{36}$/;

/** `<meeting id>:<slot id>` as written into poll and confirmation buttons by the core. */
const slotValueSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
  .transform((value) => {
    const [meetingId, slotId] = value.split(":") as [string, string];
    return { meetingId: meetingId as MeetingId, slotId: slotId as SlotId };
  });
const decisionValueSchema = z
  .string()
  .regex(UUID)
  .transform((value) => value as DecisionId);

/**
 * A click on one of the core's buttons, from any platform. Answers go back privately to the
 * person who clicked; a malformed click is logged and dropped (nobody typed it).
 */
export async function handleAction(
  deps: ServiceDeps,
  ctx: CommandContext,
  actionId: string,
  value: string,
): Promise<void> {
  const onError = (error: unknown) => replyWithError(deps, ctx, error, "direct");
  const malformed = () => deps.log("action.malformed", { platform: ctx.actor.platform });
  if (actionId.startsWith(POLL_ACTION_PREFIX) || actionId.startsWith(`${CONFIRM_ACTION}:`)) {
    const target = slotValueSchema.safeParse(value);
    if (!target.success) return malformed();
    const { meetingId, slotId } = target.data;
    if (actionId.startsWith(POLL_ACTION_PREFIX)) {
      const answer = answerSchema.safeParse(actionId.slice(POLL_ACTION_PREFIX.length));
      if (!answer.success) return malformed();
      await answerPoll(deps, ctx, { meetingId, slotId, answer: answer.data }).catch(onError);
      return;
    }
    await confirmMeeting(deps, ctx, { meetingId, slotId }, async (repos) => {
      const meeting = await repos.meetings.findById(meetingId);
      const equipe = meeting ? await repos.equipes.findById(meeting.equipeId) : undefined;
      if (equipe === undefined) throw new DomainError("meeting.stale");
      return equipe;
    }).catch(onError);
    return;
  }
  const decisionId = decisionValueSchema.safeParse(value);
  if (!decisionId.success) return malformed();
  switch (actionId) {
    case DECISION_ACTIONS.answer:
      await openViewpointForm(deps, ctx, decisionId.data).catch(onError);
      return;
    case DECISION_ACTIONS.outcome:
      await openOutcomeForm(deps, ctx, decisionId.data).catch(onError);
      return;
    case REVIEW_CONVENE_ACTION:
      await conveneFromReview(deps, ctx, decisionId.data).catch(onError);
      return;
    default:
      deps.log("action.unknown", { platform: ctx.actor.platform });
  }
}

/** The review notice's button: the convene form, as if typed in the équipe's channel. */
async function conveneFromReview(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
): Promise<void> {
  const channel = await deps.store.transaction(async (repos) => {
    const decision = await repos.decisions.findById(decisionId);
    const channels = decision ? await repos.equipes.channelsOf(decision.equipeId) : [];
    const mine = channels.find(
      (c) => c.platform === ctx.actor.platform && c.workspaceId === ctx.actor.workspaceId,
    );
    if (mine === undefined) throw new DomainError("decision.none");
    return mine;
  });
  await openConveneForm(deps, { ...ctx, channel });
}

type Invalid = { errors: Record<string, string>; locale: Locale; form: FormSpec };

function inLanguage(invalid: {
  errors: Partial<Record<string, DomainError>>;
  locale: Locale;
  form: FormSpec;
}): Invalid {
  const errors: Record<string, string> = {};
  for (const [field, error] of Object.entries(invalid.errors))
    if (error) errors[field] = errorText(invalid.locale, error);
  return { errors, locale: invalid.locale, form: invalid.form };
}

/**
 * Checks a submitted form from any platform. Field problems come back (in the submitter's
 * language, with the form to show again) for the platform to show beside each field; nothing is
 * written. `metadata` is what the form carried: a channel id or a decision id.
 */
export async function validateForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  formId: FormId,
  values: Record<string, string>,
  metadata: string = ctx.channel.channelId,
): Promise<Invalid | undefined> {
  switch (formId) {
    case "convene": {
      const invalid = await validateConveneForm(deps, ctx, values as unknown as ProposalForm);
      if (invalid === undefined) return undefined;
      return inLanguage({
        ...invalid,
        form: conveneForm(invalid.locale, invalid.timezone, ctx.channel.channelId),
      });
    }
    case "decide": {
      const invalid = await validateDecisionForm(deps, ctx, values as unknown as DecisionForm);
      return invalid && inLanguage(invalid);
    }
    case "viewpoint": {
      if (!UUID.test(metadata)) return undefined;
      const invalid = await validateViewpointForm(
        deps,
        ctx,
        metadata as DecisionId,
        values as unknown as ViewpointForm,
      );
      return invalid && inLanguage(invalid);
    }
    case "outcome": {
      if (!UUID.test(metadata)) return undefined;
      const invalid = await validateOutcomeForm(
        deps,
        ctx,
        metadata as DecisionId,
        values as unknown as OutcomeForm,
      );
      return invalid && inLanguage(invalid);
    }
  }
}

/** Runs a form's use case once `validateForm` found nothing wrong (the platform acknowledged first). */
export async function submitForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  formId: FormId,
  values: Record<string, string>,
  metadata: string = ctx.channel.channelId,
): Promise<void> {
  const onError = (error: unknown) =>
    replyWithError(deps, ctx, error, CHANNEL_FORMS.has(formId) ? "channel" : "direct");
  switch (formId) {
    case "convene":
      await conveneMeeting(deps, ctx, values as unknown as ProposalForm).catch(onError);
      return;
    case "decide":
      await openDecision(deps, ctx, values as unknown as DecisionForm).catch(onError);
      return;
    case "viewpoint":
      await giveViewpoint(deps, ctx, metadata as DecisionId, values as unknown as ViewpointForm).catch(
        onError,
      );
      return;
    case "outcome":
      await recordOutcome(deps, ctx, metadata as DecisionId, values as unknown as OutcomeForm).catch(onError);
  }
}
