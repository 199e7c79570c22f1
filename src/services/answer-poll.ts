import { DomainError } from "../domain/errors.ts";
import type { MeetingId, SlotId } from "../domain/ids.ts";
import type { Answer } from "../domain/meeting.ts";
import type { Outgoing } from "../domain/message.ts";
import type { EquipeRecord, MeetingRecord, Repositories } from "../ports/store.ts";
import { type CommandContext, onlyOnce, type ServiceDeps } from "./context.ts";
import { pollUpdates } from "./poll-refresh.ts";

/** A poll that still takes answers: not confirmed or cancelled, and before its deadline. */
export async function requireOpenPoll(
  repos: Repositories,
  meetingId: MeetingId,
  now: Date,
): Promise<{ meeting: MeetingRecord; equipe: EquipeRecord }> {
  const meeting = await repos.meetings.findById(meetingId);
  if (meeting === undefined || meeting.status !== "polling") throw new DomainError("meeting.stale");
  if (now.getTime() >= meeting.deadline.getTime()) throw new DomainError("meeting.closed");
  const equipe = await repos.equipes.findById(meeting.equipeId);
  if (equipe === undefined) throw new DomainError("meeting.stale");
  return { meeting, equipe };
}

/** Who clicked, on which platform delivery. */
export type InteractionContext = Pick<CommandContext, "actor" | "deliveryKey">;

/**
 * A member's click on Sì / Se necessario / No in their private poll. A change of mind replaces
 * the earlier answer until the deadline; their message and the channel count update in place.
 */
export async function answerPoll(
  deps: ServiceDeps,
  ctx: InteractionContext,
  input: { meetingId: MeetingId; slotId: SlotId; answer: Answer },
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const { meeting, equipe } = await requireOpenPoll(repos, input.meetingId, now);
    const member = await repos.members.findChatMember(equipe.id, ctx.actor);
    if (member === undefined) throw new DomainError("auth.notMember");
    if (!meeting.slots.some((slot) => slot.id === input.slotId)) throw new DomainError("meeting.stale");
    await repos.meetings.setAnswer({
      slotId: input.slotId,
      memberId: member.id,
      answer: input.answer,
      recordedByMemberId: undefined,
    });
    const messages: Outgoing[] = await pollUpdates(repos, equipe, meeting, [member], true);
    await repos.outbox.enqueue(messages, now);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: member.id,
      action: "availability.answered",
      subjectId: meeting.id,
    });
  });
  deps.log("poll.answered", { platform: ctx.actor.platform });
}
