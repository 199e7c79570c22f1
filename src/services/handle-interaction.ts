import { z } from "zod";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import type { MeetingId, SlotId } from "../domain/ids.ts";
import { answerSchema, type ProposalForm } from "../domain/meeting.ts";
import type { Locale } from "../i18n/catalogue.ts";
import { answerPoll } from "./answer-poll.ts";
import { confirmMeeting } from "./confirm-meeting.ts";
import type { CommandContext, ServiceDeps } from "./context.ts";
import { conveneForm, conveneMeeting, validateConveneForm } from "./convene-meeting.ts";
import { CONFIRM_ACTION } from "./due-work.ts";
import { errorText, replyWithError } from "./handle-command.ts";
import { POLL_ACTION_PREFIX } from "./meeting-messages.ts";

/** The fields of each form, as the adapters read them back from a submission. */
export const FORM_FIELDS: Record<FormSpec["id"], readonly string[]> = {
  convene: ["purpose", "duration", "slots", "deadline", "location"] satisfies (keyof ProposalForm)[],
};

/** `<meeting id>:<slot id>` as written into poll and confirmation buttons by the core. */
const buttonValueSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
  .transform((value) => {
    const [meetingId, slotId] = value.split(":") as [string, string];
    return { meetingId: meetingId as MeetingId, slotId: slotId as SlotId };
  });

/** Whether an action id is one of the core's buttons (adapters route only these here). */
export function isCoreAction(actionId: string): boolean {
  return actionId.startsWith(POLL_ACTION_PREFIX) || actionId.startsWith(`${CONFIRM_ACTION}:`);
}

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
  const target = buttonValueSchema.safeParse(value);
  if (!target.success) {
    deps.log("action.malformed", { platform: ctx.actor.platform });
    return;
  }
  const { meetingId, slotId } = target.data;
  const onError = (error: unknown) => replyWithError(deps, ctx, error, "direct");
  if (actionId.startsWith(POLL_ACTION_PREFIX)) {
    const answer = answerSchema.safeParse(actionId.slice(POLL_ACTION_PREFIX.length));
    if (!answer.success) {
      deps.log("action.malformed", { platform: ctx.actor.platform });
      return;
    }
    await answerPoll(deps, ctx, { meetingId, slotId, answer: answer.data }).catch(onError);
    return;
  }
  if (actionId.startsWith(`${CONFIRM_ACTION}:`)) {
    await confirmMeeting(deps, ctx, { meetingId, slotId }, async (repos) => {
      const meeting = await repos.meetings.findById(meetingId);
      const equipe = meeting ? await repos.equipes.findById(meeting.equipeId) : undefined;
      if (equipe === undefined) throw new DomainError("meeting.stale");
      return equipe;
    }).catch(onError);
    return;
  }
  deps.log("action.unknown", { platform: ctx.actor.platform });
}

/**
 * Checks a submitted form from any platform. Field problems come back (in the submitter's
 * language) for the platform to show beside each field; nothing is written.
 */
export async function validateForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  formId: FormSpec["id"],
  values: Record<string, string>,
): Promise<{ errors: Record<string, string>; locale: Locale; form: FormSpec } | undefined> {
  switch (formId) {
    case "convene": {
      const invalid = await validateConveneForm(deps, ctx, values as unknown as ProposalForm);
      if (invalid === undefined) return undefined;
      const errors: Record<string, string> = {};
      for (const [field, error] of Object.entries(invalid.errors))
        errors[field] = errorText(invalid.locale, error);
      // The form again, for platforms that show it anew beside the errors (Teams cards).
      const form = conveneForm(invalid.locale, invalid.timezone, ctx.channel.channelId);
      return { errors, locale: invalid.locale, form };
    }
  }
}

/** Runs a form's use case once `validateForm` found nothing wrong (the platform acknowledged first). */
export async function submitForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  formId: FormSpec["id"],
  values: Record<string, string>,
): Promise<void> {
  switch (formId) {
    case "convene":
      await conveneMeeting(deps, ctx, values as unknown as ProposalForm).catch((error: unknown) =>
        replyWithError(deps, ctx, error),
      );
  }
}
