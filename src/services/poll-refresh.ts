import type { Answer } from "../domain/meeting.ts";
import { type Outgoing, textMessage } from "../domain/message.ts";
import type { EquipeRecord, MeetingRecord, MemberRecord, Repositories } from "../ports/store.ts";
import { answeredMembers, channelCountText, channelKey, pollKey, pollMessage } from "./meeting-messages.ts";

/** A member's private poll message, addressed to their DM and keyed for in-place updates. */
export function pollFor(
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  member: MemberRecord & { kind: "chat" },
  mine: ReadonlyMap<string, Answer>,
  open: boolean,
): Outgoing {
  return {
    target: { kind: "direct", ...member.user },
    message: pollMessage(member.locale ?? equipe.locale, equipe, meeting, mine, open),
    key: pollKey(meeting, member),
  };
}

/**
 * Messages that follow a change of answers: the poll of each given member (their choices
 * marked) and the live count in every channel bound to the équipe.
 */
export async function pollUpdates(
  repos: Repositories,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  forMembers: readonly MemberRecord[],
  open: boolean,
): Promise<Outgoing[]> {
  const answers = await repos.meetings.answers(meeting.id);
  const members = await repos.members.listActive(equipe.id);
  const answered = answeredMembers(meeting, answers);
  const outgoing: Outgoing[] = [];
  for (const member of forMembers) {
    if (member.kind !== "chat") continue;
    const mine = new Map(
      answers.filter((a) => a.memberId === member.id).map((a) => [a.slotId as string, a.answer]),
    );
    outgoing.push(pollFor(equipe, meeting, member, mine, open));
  }
  const count = members.filter((member) => answered.has(member.id)).length;
  const countText = channelCountText(equipe.locale, equipe, meeting, count, members.length);
  for (const channel of await repos.equipes.channelsOf(equipe.id)) {
    outgoing.push({
      target: { kind: "channel", ...channel },
      message: textMessage(countText),
      key: channelKey(meeting, channel.channelId),
    });
  }
  return outgoing;
}
