import { noticeOutcome } from "../../core/reach.ts";
import { DomainError } from "../../domain/errors.ts";
import type { MeetingId } from "../../domain/ids.ts";
import { rankSlots } from "../../domain/meeting.ts";
import type { ChannelName } from "../../ports/channel.ts";
import type { Repositories } from "../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import type { AvailabilityRecord, MeetingRecord } from "./repository.ts";

/** A meeting named by a button or a job, with its équipe, as what the request is about. */
export const aboutMeeting =
  (meetingId: MeetingId) =>
  async (repos: Repositories): Promise<{ equipe: EquipeRecord; subject: MeetingRecord } | undefined> => {
    const found = await repos.meetings.findWithEquipe(meetingId);
    return found && { equipe: found.equipe, subject: found.meeting };
  };

/** A poll that still takes answers: not confirmed or cancelled, and before its deadline. */
export function requireOpenPoll(meeting: MeetingRecord | undefined, now: Date): MeetingRecord {
  if (meeting === undefined || meeting.status !== "polling") throw new DomainError("meeting.stale");
  if (now.getTime() >= meeting.deadline.getTime()) throw new DomainError("meeting.closed");
  return meeting;
}

/** Members who have answered every slot. */
export function answeredMembers(meeting: MeetingRecord, answers: readonly AvailabilityRecord[]): Set<string> {
  const perMember = new Map<string, number>();
  for (const answer of answers) perMember.set(answer.memberId, (perMember.get(answer.memberId) ?? 0) + 1);
  return new Set([...perMember].filter(([, count]) => count >= meeting.slots.length).map(([id]) => id));
}

/** Slots with their tallies in the order the coordinator should consider them. */
export async function rankedSlots(repos: Repositories, meeting: MeetingRecord) {
  const answers = await repos.meetings.answers(meeting.id);
  const members = await repos.members.listActive(meeting.equipeId);
  const roles = new Map(members.map((m) => [m.id as string, m.role]));
  // Answers of members removed since count for nobody: only the current équipe decides.
  const current = answers.flatMap((a) => {
    const role = roles.get(a.memberId);
    return role ? [{ slotId: a.slotId as string, answer: a.answer, role }] : [];
  });
  return { ranked: rankSlots(meeting.slots, current), answers, members };
}

/**
 * Of the members invited to a confirmed meeting, those its notices do not reach now: waiting for
 * a channel that is not working, handed over to the coordinators, or with no way at all. The one
 * place `stato` asks, following what the core does with a notice.
 */
export function notReached(
  invited: readonly MemberRecord[],
  channels: ReadonlySet<ChannelName>,
): { waiting: MemberRecord[]; handedOver: MemberRecord[]; none: MemberRecord[] } {
  const kind = (member: MemberRecord) => noticeOutcome(member, channels).kind;
  return {
    waiting: invited.filter((m) => kind(m) === "waiting"),
    handedOver: invited.filter((m) => kind(m) === "handedOver"),
    none: invited.filter((m) => kind(m) === "none"),
  };
}
