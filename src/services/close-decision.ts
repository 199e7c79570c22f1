import type { Outgoing } from "../domain/message.ts";
import type { DecisionRecord, EquipeRecord, Repositories } from "../ports/store.ts";
import { askUpdates, channelMessages, decisionState, jobKeys, pictureMessage } from "./decision-messages.ts";

/**
 * Closes an open decision (every required answer in, or the deadline reached): the private
 * questions lose their button, the channel says it is closed, and each coordinator receives the
 * full picture with the button to record the outcome. Does nothing if it was closed already.
 */
export async function closeDecision(
  repos: Repositories,
  equipe: EquipeRecord,
  decision: DecisionRecord,
  now: Date,
  /** False when the coordinator is recording the outcome right now: no picture, no button. */
  notifyCoordinators = true,
): Promise<boolean> {
  if (!(await repos.decisions.close(decision.id, now))) return false;
  const closed: DecisionRecord = { ...decision, status: "closed", closedAt: now };
  await repos.audit.record({
    equipeId: equipe.id,
    actorId: undefined,
    action: "decision.closed",
    subjectId: decision.id,
    at: now,
  });
  await repos.jobs.cancelPending(jobKeys.reminder(decision.id));
  const state = await decisionState(repos, closed);
  const messages: Outgoing[] = askUpdates(equipe, state);
  messages.push(...channelMessages(equipe, state, await repos.equipes.channelsOf(equipe.id)));
  for (const member of state.members.values()) {
    if (!notifyCoordinators || member.kind !== "chat" || !member.isCoordinator) continue;
    messages.push({
      target: { kind: "direct", ...member.user },
      message: pictureMessage(member.locale ?? equipe.locale, equipe, state, true),
    });
  }
  await repos.outbox.enqueue(messages, now);
  return true;
}
