import { z } from "zod";
import { lines, type Message, type Rich, textMessage } from "../../../content/model.ts";
import {
  type FormDef,
  field,
  fieldErrors,
  form,
  type ShownFormState,
  staleness,
  validateFresh,
} from "../../../core/feature.ts";
import { namesOf } from "../../../core/people.ts";
import { type Reached, reachReport } from "../../../core/reach.ts";
import { asCoordinator, type Scope } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FieldErrors, FormField, FormSpec } from "../../../domain/forms.ts";
import type { MeetingId, SlotId } from "../../../domain/ids.ts";
import { MAX_STEP_REASON_LENGTH, parseReason } from "../../../domain/reason.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import { meetingWords, purposeName, slotWhen } from "../messages.ts";
import { aboutMeeting } from "../queries.ts";
import type { MeetingRecord, SlotRecord } from "../repository.ts";
import { cancelMeeting, confirmMeeting, rescheduleMeeting } from "./commands.ts";
import { confirmPreview } from "./messages.ts";
import { type ConfirmPlan, confirmPlan, inviteesInline, type OutcomeOf, requirePolling } from "./queries.ts";

export const CONFIRM_REASON_FORM = "confirm-reason";

/** What was done, and — where notices went out — the truthful report of whom they reached. */
function doneWith(
  locale: Locale,
  key: "cancel.done" | "reschedule.done",
  reached: readonly Reached[],
): Message {
  return textMessage(
    reached.length > 0 ? lines([t(locale, key), reachReport(locale, reached)]) : t(locale, key),
  );
}
export const CANCEL_FORM = "meeting-cancel";
export const RESCHEDULE_FORM = "meeting-move";

const UUID = "[0-9a-f-]{36}";

/** The required reason, as a field. */
export function reasonField(fieldLabel: string, hint: Rich): FormField {
  return {
    kind: "text",
    name: "reason",
    label: fieldLabel,
    hint,
    multiline: true,
    optional: false,
    maxLength: MAX_STEP_REASON_LENGTH,
  };
}

/** The reason's field error, shown again on the form the person filled (none: valid). */
export function reasonInvalid(
  allowed: { locale: Locale; form: FormSpec },
  value: string,
): { errors: FieldErrors; form: FormSpec } | undefined {
  const reason = parseReason(value);
  if (!(reason instanceof DomainError)) return undefined;
  return { errors: fieldErrors(allowed.locale, { reason }), form: allowed.form };
}

/** The reason of a submission that passed its checks. */
export function requireReason(value: string): string {
  const reason = parseReason(value);
  if (reason instanceof DomainError) throw reason;
  return reason;
}

// ————— confirming a time the family cannot attend —————

/** `<meeting>:<slot>:<fingerprint>`, as the preview's button carries it. */
export const confirmValue = z
  .string()
  .regex(new RegExp(`^${UUID}:${UUID}:[0-9a-f]{16}$`))
  .transform((value) => {
    const [meetingId, slotId, fingerprint] = value.split(":") as [string, string, string];
    return { meetingId: meetingId as MeetingId, slotId: slotId as SlotId, fingerprint };
  });

export function confirmReasonForm(locale: Locale, equipe: EquipeRecord, plan: ConfirmPlan): FormSpec {
  return {
    id: CONFIRM_REASON_FORM,
    title: label(locale, "confirm.reasonTitle"),
    submit: label(locale, "confirm.reasonSubmit"),
    cancel: label(locale, "form.cancel"),
    metadata: `${plan.meeting.id}:${plan.slot.id}:${plan.fingerprint}`,
    fields: [
      reasonField(
        label(locale, "confirm.reasonLabel"),
        t(locale, "confirm.reasonHint", {
          when: slotWhen(locale, equipe, plan.meeting, plan.slot.startsAt),
          names: namesOf(locale, plan.familyCannot),
        }),
      ),
    ],
  };
}

/**
 * The plan a click or a form names, if it still holds: the poll still open, the time still one
 * of its times, and nothing the preview showed changed (else the newer preview is shown, and
 * nothing is done).
 */
export async function currentPlan(
  scope: Scope<MeetingRecord>,
  req: Parameters<typeof confirmMeeting>[2],
  slotId: SlotId,
  fingerprint: string,
): Promise<ConfirmPlan | undefined> {
  const { repos, equipe, tell, member } = scope;
  const meeting = requirePolling(equipe, scope.subject);
  const slot: SlotRecord | undefined = meeting.slots.find((s) => s.id === slotId);
  if (slot === undefined) throw new DomainError("confirm.stale");
  const plan = await confirmPlan(repos, equipe, meeting, slot, tell.noticeOutcome);
  if (plan.fingerprint === fingerprint) return plan;
  await tell.actor(req, ({ locale }) => textMessage(t(locale, "preview.changed")), member);
  await tell.actor(req, ({ locale }) => confirmPreview(locale, equipe, plan), member);
  return undefined;
}

export const confirmWithReason: FormDef = form({
  id: CONFIRM_REASON_FORM,
  opened: "private",
  values: z.object({ reason: field() }),
  metadata: confirmValue,
  authorize: (deps, req, { meetingId, slotId, fingerprint }) =>
    asCoordinator(
      deps,
      req,
      aboutMeeting(meetingId),
      async ({ repos, equipe, subject, locale, tell }): Promise<ShownFormState> => {
        // Only a poll of this équipe can be shown at all; a poll confirmed or cancelled since is
        // said beside the reason, which stays typed.
        if (subject === undefined || subject.equipeId !== equipe.id) throw new DomainError("confirm.stale");
        const slot = subject.slots.find((s) => s.id === slotId);
        if (slot === undefined) throw new DomainError("confirm.stale");
        const stale = staleness(() => requirePolling(equipe, subject));
        const plan = {
          ...(await confirmPlan(repos, equipe, subject, slot, tell.noticeOutcome)),
          fingerprint,
        };
        return { locale, form: confirmReasonForm(locale, equipe, plan), ...(stale ? { stale } : {}) };
      },
      { once: false },
    ),
  again: (allowed) => allowed,
  validate: (_deps, _req, allowed, values) =>
    validateFresh(allowed, () => reasonInvalid(allowed, values.reason)),
  async submit(deps, req, values, { meetingId, slotId, fingerprint }) {
    await asCoordinator(deps, req, aboutMeeting(meetingId), async (scope) => {
      const reason = requireReason(values.reason);
      const plan = await currentPlan(scope, req, slotId, fingerprint);
      if (plan) await confirmMeeting(scope, deps, req, plan.meeting, plan.slot, reason);
    });
  },
});

// ————— cancelling —————

/** `<meeting>:<sequence>:<status>`: what the form was about, as it was when shown. */
const versionValue = z
  .string()
  .regex(new RegExp(`^${UUID}:\\d{1,6}:(polling|confirmed)(:\\d{1,16})?$`))
  .transform((value) => {
    const [meetingId, sequence, status, at] = value.split(":") as [string, string, string, string?];
    return {
      meetingId: meetingId as MeetingId,
      sequence: Number(sequence),
      status,
      startsAt: at === undefined ? undefined : new Date(Number(at)),
    };
  })
  // A made-up time beyond what a date can hold is refused with the form, not thrown later.
  .refine((v) => v.startsAt === undefined || Number.isFinite(v.startsAt.getTime()));

/** The confirmed meeting a move form was about, still as it was shown, and its new time still ahead. */
function stillMovable(
  equipe: EquipeRecord,
  subject: MeetingRecord | undefined,
  version: { sequence: number; status: string; startsAt?: Date | undefined },
  now: Date,
): { meeting: MeetingRecord; startsAt: Date } {
  const meeting = unchanged(equipe, subject, version);
  const startsAt = version.startsAt;
  if (startsAt === undefined || meeting.status !== "confirmed") throw new DomainError("cancel.stale");
  if (startsAt.getTime() <= now.getTime()) throw new DomainError("meeting.slotPast");
  return { meeting, startsAt };
}

/** The meeting a form names, if it is one of this équipe's (else the form is refused outright). */
function ofThisEquipe(equipe: EquipeRecord, meeting: MeetingRecord | undefined): MeetingRecord {
  if (meeting === undefined || meeting.equipeId !== equipe.id) throw new DomainError("cancel.stale");
  return meeting;
}

/** A form's version as it carries it: `<meeting>:<sequence>:<status>[:<new start, ms>]`. */
function versionText(version: {
  meetingId: string;
  sequence: number;
  status: string;
  startsAt?: Date;
}): string {
  const at = version.startsAt === undefined ? "" : `:${version.startsAt.getTime()}`;
  return `${version.meetingId}:${version.sequence}:${version.status}${at}`;
}

/** The meeting a form was about, if it is still as it was shown (not moved, confirmed or cancelled since). */
function unchanged(
  equipe: EquipeRecord,
  meeting: MeetingRecord | undefined,
  version: { sequence: number; status: string },
): MeetingRecord {
  if (
    meeting === undefined ||
    meeting.equipeId !== equipe.id ||
    meeting.status !== version.status ||
    meeting.sequence !== version.sequence
  )
    throw new DomainError("cancel.stale");
  return meeting;
}

export function cancelForm(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  members: readonly MemberRecord[],
  answered: number,
  outcomeOf: OutcomeOf,
): FormSpec {
  const poll = meeting.status === "polling";
  const hint = poll
    ? t(locale, "cancel.pollHint", {
        purpose: purposeName(locale, meeting),
        answered,
        total: members.length,
      })
    : t(locale, "cancel.meetingHint", {
        ...meetingWords(locale, equipe, meeting),
        invitees: inviteesInline(locale, members, outcomeOf),
      });
  return {
    id: CANCEL_FORM,
    title: label(locale, poll ? "cancel.pollTitle" : "cancel.title"),
    submit: label(locale, "cancel.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: `${meeting.id}:${meeting.sequence}:${meeting.status}`,
    fields: [reasonField(label(locale, "cancel.reasonLabel"), hint)],
  };
}

export const cancelWithReason: FormDef = form({
  id: CANCEL_FORM,
  opened: "private",
  values: z.object({ reason: field() }),
  metadata: versionValue,
  authorize: (deps, req, version) =>
    asCoordinator(
      deps,
      req,
      aboutMeeting(version.meetingId),
      async ({ repos, equipe, subject, locale, tell }): Promise<ShownFormState> => {
        const meeting = ofThisEquipe(equipe, subject);
        const stale = staleness(() => unchanged(equipe, meeting, version));
        const members = await repos.members.listActive(equipe.id);
        const answered = new Set((await repos.meetings.answers(meeting.id)).map((a) => a.memberId)).size;
        const form = cancelForm(locale, equipe, meeting, members, answered, tell.noticeOutcome);
        // Shown again as it was submitted: sending it once more is refused again, never applied to the new state.
        return { locale, form: { ...form, metadata: versionText(version) }, ...(stale ? { stale } : {}) };
      },
      { once: false },
    ),
  again: (allowed) => allowed,
  validate: (_deps, _req, allowed, values) =>
    validateFresh(allowed, () => reasonInvalid(allowed, values.reason)),
  async submit(deps, req, values, version) {
    await asCoordinator(deps, req, aboutMeeting(version.meetingId), async (scope) => {
      const reason = requireReason(values.reason);
      const meeting = unchanged(scope.equipe, scope.subject, version);
      const reached = await cancelMeeting(scope, deps, meeting, reason);
      await scope.tell.actor(req, ({ locale }) => doneWith(locale, "cancel.done", reached), scope.member);
    });
  },
});

// ————— moving —————

export function rescheduleForm(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  startsAt: Date,
  members: readonly MemberRecord[],
  outcomeOf: OutcomeOf,
): FormSpec {
  return {
    id: RESCHEDULE_FORM,
    title: label(locale, "reschedule.title"),
    submit: label(locale, "reschedule.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: `${meeting.id}:${meeting.sequence}:${meeting.status}:${startsAt.getTime()}`,
    fields: [
      reasonField(
        label(locale, "reschedule.reasonLabel"),
        t(locale, "reschedule.hint", {
          previous: slotWhen(locale, equipe, meeting, meeting.startsAt ?? startsAt),
          when: slotWhen(locale, equipe, meeting, startsAt),
          invitees: inviteesInline(locale, members, outcomeOf),
        }),
      ),
    ],
  };
}

export const rescheduleWithReason: FormDef = form({
  id: RESCHEDULE_FORM,
  opened: "private",
  values: z.object({ reason: field() }),
  metadata: versionValue,
  authorize: (deps, req, version) =>
    asCoordinator(
      deps,
      req,
      aboutMeeting(version.meetingId),
      async ({ repos, equipe, subject, locale, now, tell }): Promise<ShownFormState> => {
        const meeting = ofThisEquipe(equipe, subject);
        const startsAt = version.startsAt;
        if (startsAt === undefined) throw new DomainError("cancel.stale");
        const stale = staleness(() => stillMovable(equipe, meeting, version, now));
        const members = await repos.members.listActive(equipe.id);
        const form = rescheduleForm(locale, equipe, meeting, startsAt, members, tell.noticeOutcome);
        return { locale, form: { ...form, metadata: versionText(version) }, ...(stale ? { stale } : {}) };
      },
      { once: false },
    ),
  again: (allowed) => allowed,
  validate: (_deps, _req, allowed, values) =>
    validateFresh(allowed, () => reasonInvalid(allowed, values.reason)),
  async submit(deps, req, values, version) {
    await asCoordinator(deps, req, aboutMeeting(version.meetingId), async (scope) => {
      const reason = requireReason(values.reason);
      const { meeting, startsAt } = stillMovable(scope.equipe, scope.subject, version, scope.now);
      const reached = await rescheduleMeeting(scope, deps, meeting, startsAt, reason);
      await scope.tell.actor(req, ({ locale }) => doneWith(locale, "reschedule.done", reached), scope.member);
    });
  },
});

export const forms: readonly FormDef[] = [confirmWithReason, cancelWithReason, rescheduleWithReason];
