import { DomainError } from "../domain/errors.ts";
import { parseLocalDateTime, zonedToUtc } from "../domain/time.ts";
import { scheduleMeetingReminder } from "./confirm-meeting.ts";
import { asCoordinator, type CommandContext, type ServiceDeps } from "./context.ts";
import { meetingNotices } from "./meeting-notices.ts";

/**
 * `/equipe reschedule 2026-12-05 15:00`: moves the next confirmed meeting. Every member gets the
 * same UID with a higher SEQUENCE, so calendars move the event instead of adding a second one.
 */
export async function rescheduleMeeting(deps: ServiceDeps, ctx: CommandContext, when: string): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now }) => {
    const local = parseLocalDateTime(when);
    if (local === undefined) throw new DomainError("meeting.slotUnreadable", { value: when.slice(0, 40) });
    const startsAt = zonedToUtc(local, equipe.timezone);
    if (startsAt === undefined)
      throw new DomainError("meeting.slotNonexistent", { value: when.slice(0, 40) });
    if (startsAt.getTime() <= now.getTime()) throw new DomainError("meeting.slotPast");
    const meeting = await repos.meetings.findNextConfirmed(equipe.id, now);
    if (meeting === undefined) throw new DomainError("meeting.noneConfirmed");
    if (meeting.startsAt?.getTime() === startsAt.getTime()) throw new DomainError("reschedule.same");
    const moved = { ...meeting, startsAt, sequence: meeting.sequence + 1 };
    await repos.meetings.update(meeting.id, { startsAt, sequence: moved.sequence });
    await repos.jobs.cancelPending(`meeting:${meeting.id}:reminder:`);
    await scheduleMeetingReminder(repos, deps, moved, now);
    const { messages } = await meetingNotices(repos, deps, equipe, moved, "update");
    await repos.outbox.enqueue(messages, now);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "meeting.rescheduled",
      subjectId: meeting.id,
    });
  });
  deps.log("meeting.rescheduled", { platform: ctx.actor.platform });
}
