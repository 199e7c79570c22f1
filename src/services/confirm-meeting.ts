import { DomainError } from "../domain/errors.ts";
import type { MeetingId, SlotId } from "../domain/ids.ts";
import { t } from "../i18n/catalogue.ts";
import type { EquipeRecord, MeetingRecord, Repositories } from "../ports/store.ts";
import {
  type CommandContext,
  onlyOnce,
  readerLocale,
  requireCoordinator,
  requireEquipe,
  type ServiceDeps,
  toActor,
} from "./context.ts";
import { jobKeys } from "./convene-meeting.ts";
import { meetingNotices } from "./meeting-notices.ts";
import { rankedSlots } from "./meeting-status.ts";
import { pollUpdates } from "./poll-refresh.ts";

export const meetingReminderKey = (meetingId: string, sequence: number) =>
  `meeting:${meetingId}:reminder:${sequence}`;

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
  await repos.jobs.schedule({
    kind: "meeting.reminder",
    key: meetingReminderKey(meeting.id, meeting.sequence),
    dueAt,
    payload: { meetingId: meeting.id, sequence: String(meeting.sequence) },
  });
}

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
    if (slot === undefined) {
      throw new DomainError("record.slotUnknown", { n: choice.slotNumber, count: meeting.slots.length });
    }
    return { meeting, slot };
  }
  // No number given: the best slot, but never one the family cannot attend.
  const { ranked } = await rankedSlots(repos, meeting);
  const best = ranked[0];
  const slot = best && !best.familyNo ? meeting.slots.find((s) => s.id === best.slotId) : undefined;
  if (slot === undefined) throw new DomainError("confirm.pickOne");
  return { meeting, slot };
}

/**
 * `/equipe confirm [n]` or a "Conferma" button: fixes the time, closes the poll, sends every
 * member the invite (chat: `.ics` in a DM; external: e-mail with the iTIP REQUEST) and
 * schedules the reminder.
 */
export async function confirmMeeting(
  deps: ServiceDeps,
  ctx: CommandContext,
  choice: ConfirmChoice,
  equipeOf?: (repos: Repositories) => Promise<EquipeRecord>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const equipe = equipeOf ? await equipeOf(repos) : await requireEquipe(repos, ctx.channel);
    const coordinator = await requireCoordinator(repos, equipe, ctx.actor);
    const { meeting, slot } = await chooseSlot(repos, equipe, choice);
    await repos.meetings.update(meeting.id, {
      status: "confirmed",
      confirmedSlotId: slot.id,
      startsAt: slot.startsAt,
    });
    const confirmed: MeetingRecord = {
      ...meeting,
      status: "confirmed",
      confirmedSlotId: slot.id,
      startsAt: slot.startsAt,
    };
    await repos.jobs.cancelPending(jobKeys.pollReminder(meeting.id));
    await repos.jobs.cancelPending(jobKeys.pollDeadline(meeting.id));
    const members = await repos.members.listActive(equipe.id);
    const closedPolls = (await pollUpdates(repos, equipe, meeting, members, false)).filter(
      (m) => m.target.kind === "direct",
    );
    const { messages, chat, email } = await meetingNotices(repos, deps, equipe, confirmed, "invite");
    const locale = readerLocale(ctx, coordinator, equipe, deps);
    await repos.outbox.enqueue(
      [...closedPolls, ...messages, toActor(ctx, t(locale, "confirm.done", { chat, email }))],
      now,
    );
    await scheduleMeetingReminder(repos, deps, confirmed, now);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "meeting.confirmed",
      subjectId: meeting.id,
    });
  });
  deps.log("meeting.confirmed", { platform: ctx.actor.platform });
}
