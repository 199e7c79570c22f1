import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { type Reached, reachReport } from "../../../core/reach.ts";
import { type About, asCoordinator, type Request, type Scope } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { MeetingId, SlotId } from "../../../domain/ids.ts";
import { readInstant } from "../../../domain/meeting.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord } from "../../equipe/repository.ts";
import { jobKeys, meetingReminder } from "../jobs.ts";
import { purposeName } from "../messages.ts";
import { closePoll } from "../poll/messages.ts";
import { rankedSlots } from "../queries.ts";
import type { MeetingRecord, SlotRecord } from "../repository.ts";
import { cancelForm, rescheduleForm } from "./forms.ts";
import { confirmPreview, tellMeeting } from "./messages.ts";
import { confirmPlan } from "./queries.ts";

/** Slot numbers as shown to people: 1-based, at most the poll's maximum. */
const slotNumberSchema = z.coerce.number().int().min(1).max(99);

/** Schedules the reminder for the meeting's current time, if that is still ahead. */
export async function scheduleMeetingReminder(
  repos: Repositories,
  deps: Pick<ServiceDeps, "reminders">,
  meeting: MeetingRecord,
  now: Date,
): Promise<void> {
  if (meeting.startsAt === undefined) return;
  const dueAt = new Date(meeting.startsAt.getTime() - deps.reminders.beforeMeetingMs);
  if (dueAt.getTime() <= now.getTime()) return;
  await meetingReminder.schedule(
    repos,
    jobKeys.reminder(meeting.id, meeting.sequence),
    dueAt,
    { meetingId: meeting.id, sequence: meeting.sequence },
    now,
  );
}

/** Which time to preview: by number (none: the best the family can attend), or the one a button names. */
export type ConfirmChoice = { slotNumber: number | undefined } | { meetingId: MeetingId; slotId: SlotId };

async function chooseSlot(repos: Repositories, equipe: EquipeRecord, choice: ConfirmChoice) {
  const meeting =
    "meetingId" in choice
      ? await repos.meetings.findById(choice.meetingId)
      : await repos.meetings.findOpenPoll(equipe.id);
  if (meeting === undefined) throw new DomainError("meeting.none");
  if (meeting.equipeId !== equipe.id || meeting.status !== "polling") throw new DomainError("confirm.stale");
  if ("slotId" in choice) {
    const slot = meeting.slots.find((s) => s.id === choice.slotId);
    if (slot === undefined) throw new DomainError("confirm.stale");
    return { meeting, slot };
  }
  if (choice.slotNumber !== undefined) {
    const slot = meeting.slots.find((s) => s.position === choice.slotNumber);
    if (slot === undefined)
      throw new DomainError("record.slotUnknown", { n: choice.slotNumber, count: meeting.slots.length });
    return { meeting, slot };
  }
  // No number given: the best time, but never one the family cannot attend.
  const { ranked } = await rankedSlots(repos, meeting);
  const best = ranked[0];
  const slot = best && !best.familyNo ? meeting.slots.find((s) => s.id === best.slotId) : undefined;
  if (slot === undefined) throw new DomainError("confirm.pickOne");
  return { meeting, slot };
}

/**
 * `conferma [n]` or a "Conferma N" button of the ranked list: nothing is confirmed yet. The
 * coordinator who asked (only them) sees what confirming would do — the time and place, who gets
 * the invite and how, who said they cannot — and confirms with a click.
 */
export async function previewConfirm<S>(
  deps: ServiceDeps,
  req: Request,
  of: About<S>,
  choice: ConfirmChoice,
): Promise<void> {
  await asCoordinator(
    deps,
    req,
    of,
    async ({ repos, equipe, member, tell }) => {
      const { meeting, slot } = await chooseSlot(repos, equipe, choice);
      const plan = await confirmPlan(repos, equipe, meeting, slot, tell.noticeOutcome);
      await tell.actor(req, ({ locale }) => confirmPreview(locale, equipe, plan), member);
    },
    { once: false },
  );
}

/**
 * The click that confirms: fixes the time, closes the poll, sends every member the invite (with
 * the calendar change) and schedules the reminder. A time the family said it cannot attend is
 * confirmed only with the coordinator's reason, kept in the trail and told with the invite.
 */
export async function confirmMeeting(
  scope: Scope<unknown>,
  deps: ServiceDeps,
  req: Request,
  meeting: MeetingRecord,
  slot: SlotRecord,
  familyOverride: string | undefined,
): Promise<void> {
  const { repos, member: coordinator, now, tell, audit } = scope;
  const confirmed: MeetingRecord = {
    ...meeting,
    status: "confirmed",
    confirmedSlotId: slot.id,
    startsAt: slot.startsAt,
  };
  await repos.meetings.update(
    meeting.id,
    {
      status: "confirmed",
      confirmedSlotId: slot.id,
      startsAt: slot.startsAt,
    },
    now,
  );
  await repos.jobs.cancelPending(jobKeys.pollReminder(meeting.id));
  await repos.jobs.cancelPending(jobKeys.pollDeadline(meeting.id));
  // First in the trail: the invites name who confirmed as the person to contact.
  await audit("meeting.confirmed", meeting.id, familyOverride);
  // Every copy of the poll closes: private polls, the count, the coordinators' confirm buttons.
  await closePoll(scope, confirmed);
  const reached = await tellMeeting(scope, deps, confirmed, "invite", { familyOverride });
  await tell.actor(
    req,
    ({ locale }) => textMessage(t(locale, "confirm.done", { report: reachReport(locale, reached) })),
    coordinator,
  );
  await scheduleMeetingReminder(repos, deps, confirmed, now);
  deps.log("meeting.confirmed", {});
}

const confirm = command({
  name: "confirm",
  words: ["confirm", "conferma"],
  usage: "usage.confirm",
  parse(args) {
    if (args.length > 1) return usageError("confirm");
    if (args[0] === undefined) return { slotNumber: undefined };
    const slot = slotNumberSchema.safeParse(args[0]);
    return slot.success ? { slotNumber: slot.data } : usageError("confirm");
  },
  run: (deps, req, choice) => previewConfirm(deps, req, "conversation", choice),
});

/** The new time a `sposta` asks for, checked against the équipe's zone and clock. */
/** The new time as people write it (`3/12 ore 15`, `domani 9`…), in the équipe's time zone. */
function readNewTime(when: string, equipe: EquipeRecord, now: Date, locale: Locale): Date {
  const startsAt = readInstant(when, equipe.timezone, now, locale);
  // The refusal ends with the command's example (the registry adds it where a command is named).
  if (startsAt instanceof DomainError)
    throw new DomainError(startsAt.code, { ...startsAt.params, command: "reschedule" });
  return startsAt;
}

/**
 * `sposta 2026-12-05 15:00`: nothing moves yet. The coordinator sees the form with what will
 * happen (the time it had, the new one, who is told and how) and the reason, which is required
 * and reaches the invitees; sending it moves the meeting.
 */
const reschedule = command({
  name: "reschedule",
  words: ["reschedule", "sposta"],
  usage: "usage.reschedule",
  parse: (args) => (args.length > 0 ? { when: args.join(" ") } : usageError("reschedule")),
  async run(deps, req, { when }) {
    const form = await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, now, locale, tell }) => {
        const startsAt = readNewTime(when, equipe, now, locale);
        const meeting = await repos.meetings.findNextConfirmed(equipe.id, now);
        if (meeting === undefined) throw new DomainError("meeting.noneConfirmed");
        if (meeting.startsAt?.getTime() === startsAt.getTime()) throw new DomainError("reschedule.same");
        const members = await repos.members.listActive(equipe.id);
        return rescheduleForm(locale, equipe, meeting, startsAt, members, tell.noticeOutcome);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/**
 * Moves a confirmed meeting: every member gets the same UID with a higher SEQUENCE (calendars
 * move the event instead of adding a second one), the time it had and the reason.
 */
export async function rescheduleMeeting(
  scope: Scope<unknown>,
  deps: ServiceDeps,
  meeting: MeetingRecord,
  startsAt: Date,
  reason: string,
): Promise<Reached[]> {
  const { repos, now, audit } = scope;
  const moved = { ...meeting, startsAt, sequence: meeting.sequence + 1 };
  await repos.meetings.update(meeting.id, { startsAt, sequence: moved.sequence }, now);
  await repos.jobs.cancelPending(jobKeys.reminders(meeting.id));
  await scheduleMeetingReminder(repos, deps, moved, now);
  await audit("meeting.rescheduled", meeting.id, reason);
  const reached = await tellMeeting(scope, deps, moved, "update", { reason, previous: meeting.startsAt });
  deps.log("meeting.rescheduled", {});
  return reached;
}

/**
 * `annulla`: nothing is cancelled yet. The coordinator sees the form with what will happen (the
 * open poll or, when none is open, the next confirmed meeting; who is told and how) and the
 * reason, which is required and reaches the invitees; sending it cancels.
 */
const cancel = command({
  name: "cancel",
  words: ["cancel", "annulla"],
  usage: "usage.cancel",
  async run(deps, req) {
    const form = await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, now, locale, tell }) => {
        const poll = await repos.meetings.findOpenPoll(equipe.id);
        const meeting = poll ?? (await repos.meetings.findNextConfirmed(equipe.id, now));
        if (meeting === undefined) throw new DomainError("meeting.nothingToCancel");
        const members = await repos.members.listActive(equipe.id);
        const answered = poll
          ? new Set((await repos.meetings.answers(poll.id)).map((a) => a.memberId))
          : new Set();
        return cancelForm(locale, equipe, meeting, members, answered.size, tell.noticeOutcome);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/**
 * Cancels the open poll (its private polls close, pending reminders are dropped) or a confirmed
 * meeting (every member receives the cancellation, with the calendar change); the reason
 * reaches them and stays in the trail.
 */
export async function cancelMeeting(
  scope: Scope<unknown>,
  deps: ServiceDeps,
  meeting: MeetingRecord,
  reason: string,
): Promise<Reached[]> {
  const { repos, equipe, tell, audit, now } = scope;
  let reached: Reached[] = [];
  await repos.jobs.cancelPending(jobKeys.all(meeting.id));
  await audit("meeting.cancelled", meeting.id, reason);
  if (meeting.status === "polling") {
    await repos.meetings.update(meeting.id, { status: "cancelled" }, now);
    // Every copy of the poll closes and says it was cancelled.
    await closePoll(scope, { ...meeting, status: "cancelled" });
    await tell.conversations(({ locale }) =>
      textMessage([
        ...t(locale, "cancel.poll", { caseCode: equipe.caseCode, purpose: purposeName(locale, meeting) }),
        { type: "break" },
        ...t(locale, "notice.reason", { reason }),
      ]),
    );
  } else {
    // A cancellation is a change of the event: iTIP wants the sequence raised.
    const cancelled = { ...meeting, status: "cancelled" as const, sequence: meeting.sequence + 1 };
    await repos.meetings.update(meeting.id, { status: "cancelled", sequence: cancelled.sequence }, now);
    reached = await tellMeeting(scope, deps, cancelled, "cancel", { reason });
  }
  deps.log("meeting.cancelled", {});
  return reached;
}

export const commands: readonly CommandDef[] = [confirm, reschedule, cancel];
