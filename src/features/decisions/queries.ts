import type { DecisionId } from "../../domain/ids.ts";
import type { Repositories } from "../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import type { DecisionRecord, ParticipantRecord, ViewpointRecord } from "./repository.ts";

/** The équipe a decision (named by a button, a form or a job) belongs to; undefined if either is gone. */
export async function equipeOfDecision(
  repos: Repositories,
  decisionId: DecisionId,
): Promise<EquipeRecord | undefined> {
  const decision = await repos.decisions.findById(decisionId);
  return decision ? repos.equipes.findById(decision.equipeId) : undefined;
}

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
