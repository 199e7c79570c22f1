import { about } from "../../core/request.ts";
import { DomainError } from "../../domain/errors.ts";
import type { DecisionId } from "../../domain/ids.ts";
import type { Repositories } from "../../ports/store.ts";
import type { MemberRecord } from "../equipe/repository.ts";
import type { DecisionRecord, ParticipantRecord, ViewpointRecord } from "./repository.ts";

/** A decision named by a button, a form or a job, with its équipe, as what the request is about. */
export const aboutDecision = (decisionId: DecisionId) =>
  about((repos) => repos.decisions.findById(decisionId));

/** Everything about a decision's answers that messages need, read once. */
export interface DecisionState {
  decision: DecisionRecord;
  members: Map<string, MemberRecord>;
  participants: ParticipantRecord[];
  viewpoints: ViewpointRecord[];
  /** Those who must answer (still in the équipe), in the équipe's order. */
  required: MemberRecord[];
  /** Of those, who has not answered. */
  missing: MemberRecord[];
  answered: number;
  total: number;
}

export async function decisionState(repos: Repositories, decision: DecisionRecord): Promise<DecisionState> {
  const members = new Map(
    (await repos.members.listActive(decision.equipeId)).map((m) => [m.id as string, m]),
  );
  const participants = (await repos.decisions.participants(decision.id)).filter((p) =>
    members.has(p.memberId),
  );
  const viewpoints = (await repos.decisions.viewpoints(decision.id)).filter((v) => members.has(v.memberId));
  const answeredIds = new Set(viewpoints.map((v) => v.memberId as string));
  const requiredIds = new Set(participants.filter((p) => p.required).map((p) => p.memberId as string));
  const required = [...members.values()].filter((m) => requiredIds.has(m.id));
  const missing = required.filter((m) => !answeredIds.has(m.id));
  return {
    decision,
    members,
    participants,
    viewpoints,
    required,
    missing,
    answered: required.length - missing.length,
    total: required.length,
  };
}

/** The member may still answer this decision: on its list (required or not), and it still takes answers. */
export async function requireAnswerable(
  repos: Repositories,
  now: Date,
  decision: DecisionRecord,
  member: MemberRecord,
): Promise<void> {
  if (!(await repos.decisions.participants(decision.id)).some((p) => p.memberId === member.id))
    throw new DomainError("decision.notAsked");
  if (decision.status === "cancelled") throw new DomainError("decision.cancelled");
  if (decision.status !== "open" || now.getTime() >= decision.deadline.getTime())
    throw new DomainError("decision.closed");
}

/** The decision's outcome is still to record (it was neither recorded nor withdrawn). */
export function requirePending(decision: DecisionRecord): void {
  if (decision.status === "cancelled") throw new DomainError("decision.cancelled");
  if (decision.status === "recorded") throw new DomainError("decision.recorded");
}

/**
 * Whether this member may read the others' viewpoints (with their reasons): once they have given
 * their own, or once the decision stopped taking answers. Before that, only the count: a
 * viewpoint is not shaped by the others'. Every channel asks here (`decisione`, the web pages).
 */
export function othersVisibleTo(state: DecisionState, member: MemberRecord): boolean {
  return state.decision.status !== "open" || state.viewpoints.some((v) => v.memberId === member.id);
}
