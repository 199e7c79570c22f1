import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { reachReport } from "../../../core/reach.ts";
import { type About, asCoordinator, type Request } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { MeetingId, SlotId } from "../../../domain/ids.ts";
import { parseLocalDateTime, zonedToUtc } from "../../../domain/time.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord } from "../../equipe/repository.ts";
import { jobKeys, meetingReminder } from "../jobs.ts";
import { purposeName } from "../messages.ts";
import { closePoll } from "../poll/messages.ts";
import { rankedSlots } from "../queries.ts";
import type { MeetingRecord } from "../repository.ts";
import { tellMeeting } from "./messages.ts";

/** How much of an unreadable time we repeat back. */
const ECHO_MAX = 40;
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
  await meetingReminder.schedule(repos, jobKeys.reminder(meeting.id, meeting.sequence), dueAt, {
    meetingId: meeting.id,
    sequence: meeting.sequence,
  });
}

/** Which time to confirm: by number (none: the best the family can attend), or the one a button names. */
export type ConfirmChoice = { slotNumber: number | undefined } | { meetingId: MeetingId; slotId: SlotId };

async function chooseSlot(repos: Repositories, equipe: EquipeRecord, choice: ConfirmChoice) {
  const meeting =
    "meetingId" in choice
      ? await repos.meetings.findById(choice.meetingId)
      : await repos.meetings.findOpenPoll(equipe.id);
  if (meeting === undefined) throw new DomainError("meeting.none");
  if (meeting.equipeId !== equipe.id || meeting.status !== "polling") throw new DomainError("meeting.stale");
  if ("slotId" in choice) {
    const slot = meeting.slots.find((s) => s.id === choice.slotId);
    if (slot === undefined) throw new DomainError("meeting.stale");
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
 * `conferma [n]` or a "Conferma" button: fixes the time, closes the poll, sends every member the
 * invite (with the calendar change) and schedules the reminder.
 */
export async function confirmMeeting<S>(
  deps: ServiceDeps,
  req: Request,
  of: About<S>,
  choice: ConfirmChoice,
): Promise<void> {
  await asCoordinator(deps, req, of, async (scope) => {
    const { repos, equipe, member: coordinator, now, tell, audit } = scope;
    const { meeting, slot } = await chooseSlot(repos, equipe, choice);
    const confirmed: MeetingRecord = {
      ...meeting,
      status: "confirmed",
      confirmedSlotId: slot.id,
      startsAt: slot.startsAt,
    };
    await repos.meetings.update(meeting.id, {
      status: "confirmed",
      confirmedSlotId: slot.id,
      startsAt: slot.startsAt,
    });
    await repos.jobs.cancelPending(jobKeys.pollReminder(meeting.id));
    await repos.jobs.cancelPending(jobKeys.pollDeadline(meeting.id));
    // Every copy of the poll closes: private polls, the count, the coordinators' confirm buttons.
    await closePoll(scope, confirmed);
    const reached = await tellMeeting(scope, deps, confirmed, "invite");
    await tell.actor(
      req,
      ({ locale }) => textMessage(t(locale, "confirm.done", { report: reachReport(locale, reached) })),
      coordinator,
    );
    await scheduleMeetingReminder(repos, deps, confirmed, now);
    await audit("meeting.confirmed", meeting.id);
  });
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
  run: (deps, req, choice) => confirmMeeting(deps, req, "conversation", choice),
});

/**
 * `sposta 2026-12-05 15:00`: moves the next confirmed meeting. Every member gets the same UID
 * with a higher SEQUENCE, so calendars move the event instead of adding a second one.
 */
const reschedule = command({
  name: "reschedule",
  words: ["reschedule", "sposta"],
  usage: "usage.reschedule",
  parse: (args) => (args.length === 2 ? { when: args.join(" ") } : usageError("reschedule")),
  async run(deps, req, { when }) {
    await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, now, audit } = scope;
      const local = parseLocalDateTime(when);
      if (local === undefined)
        throw new DomainError("meeting.slotUnreadable", { value: when.slice(0, ECHO_MAX) });
      const startsAt = zonedToUtc(local, equipe.timezone);
      if (startsAt === undefined)
        throw new DomainError("meeting.slotNonexistent", { value: when.slice(0, ECHO_MAX) });
      if (startsAt.getTime() <= now.getTime()) throw new DomainError("meeting.slotPast");
      const meeting = await repos.meetings.findNextConfirmed(equipe.id, now);
      if (meeting === undefined) throw new DomainError("meeting.noneConfirmed");
      if (meeting.startsAt?.getTime() === startsAt.getTime()) throw new DomainError("reschedule.same");
      const moved = { ...meeting, startsAt, sequence: meeting.sequence + 1 };
      await repos.meetings.update(meeting.id, { startsAt, sequence: moved.sequence });
      await repos.jobs.cancelPending(jobKeys.reminders(meeting.id));
      await scheduleMeetingReminder(repos, deps, moved, now);
      await tellMeeting(scope, deps, moved, "update");
      await audit("meeting.rescheduled", meeting.id);
    });
    deps.log("meeting.rescheduled", {});
  },
});

/**
 * `annulla`: cancels the open poll (its private polls close, pending reminders are dropped) or,
 * when none is open, the next confirmed meeting — every member then receives the cancellation,
 * with the calendar change.
 */
const cancel = command({
  name: "cancel",
  words: ["cancel", "annulla"],
  usage: "usage.cancel",
  async run(deps, req) {
    await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, now, tell, audit } = scope;
      const poll = await repos.meetings.findOpenPoll(equipe.id);
      const meeting = poll ?? (await repos.meetings.findNextConfirmed(equipe.id, now));
      if (meeting === undefined) throw new DomainError("meeting.nothingToCancel");
      await repos.jobs.cancelPending(jobKeys.all(meeting.id));
      if (poll) {
        await repos.meetings.update(poll.id, { status: "cancelled" });
        await closePoll(scope, { ...poll, status: "cancelled" });
        await tell.conversations(({ locale }) =>
          textMessage(
            t(locale, "cancel.poll", { caseCode: equipe.caseCode, purpose: purposeName(locale, poll) }),
          ),
        );
      } else {
        // A cancellation is a change of the event: iTIP wants the sequence raised.
        const cancelled = { ...meeting, status: "cancelled" as const, sequence: meeting.sequence + 1 };
        await repos.meetings.update(meeting.id, { status: "cancelled", sequence: cancelled.sequence });
        await tellMeeting(scope, deps, cancelled, "cancel");
      }
      await audit("meeting.cancelled", meeting.id);
    });
    deps.log("meeting.cancelled", {});
  },
});

export const commands: readonly CommandDef[] = [confirm, reschedule, cancel];
