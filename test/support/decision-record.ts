import type { DecisionId, EquipeId, MemberId } from "../../src/domain/ids.ts";
import type { DecisionRecord } from "../../src/features/decisions/repository.ts";

/**
 * An open "stances" decision as the repository stores it, asking the family, with nothing decided
 * yet: tests that write decisions straight through the store give only what they are about.
 */
export function openDecision(
  fields: Pick<DecisionRecord, "question" | "deadline" | "createdAt"> &
    Partial<Omit<DecisionRecord, "id">> & { id: string },
): DecisionRecord {
  return {
    equipeId: "e1" as EquipeId,
    context: undefined,
    kind: "stances",
    options: [],
    status: "open",
    familyRequired: true,
    familyExclusionReason: undefined,
    createdByMemberId: "coord" as MemberId,
    closedAt: undefined,
    outcome: undefined,
    overrideReason: undefined,
    reviewAt: undefined,
    recordedByMemberId: undefined,
    recordedAt: undefined,
    cancellation: undefined,
    ...fields,
    id: fields.id as DecisionId,
  };
}
