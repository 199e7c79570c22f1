import type { DecisionAnswer, DecisionKind, DecisionStatus, HeardVia, Side } from "../../domain/decision.ts";
import type { DecisionId, EquipeId, MemberId } from "../../domain/ids.ts";

export interface DecisionRecord {
  id: DecisionId;
  equipeId: EquipeId;
  question: string;
  context: string | undefined;
  kind: DecisionKind;
  options: string[];
  deadline: Date;
  status: DecisionStatus;
  familyRequired: boolean;
  familyExclusionReason: string | undefined;
  createdByMemberId: MemberId;
  createdAt: Date;
  closedAt: Date | undefined;
  outcome: string | undefined;
  overrideReason: string | undefined;
  reviewAt: Date | undefined;
  recordedByMemberId: MemberId | undefined;
  recordedAt: Date | undefined;
  /** Set when a coordinator withdrew the decision before its outcome. */
  cancellation: { reason: string; byMemberId: MemberId; at: Date } | undefined;
}

export interface ParticipantRecord {
  memberId: MemberId;
  required: boolean;
}

export interface ViewpointRecord {
  memberId: MemberId;
  answer: DecisionAnswer;
  reason: string | undefined;
  side: Side | undefined;
  /** Set when someone else recorded it on the member's behalf. */
  recordedByMemberId: MemberId | undefined;
  /** How the one who recorded it heard it, where they said. */
  heardVia: HeardVia | undefined;
}

/** One stance as it was given (or recorded) at a moment: the history a record keeps. */
export interface ViewpointRevisionRecord extends ViewpointRecord {
  at: Date;
}

export interface DecisionActionRecord {
  position: number;
  memberId: MemberId;
  what: string;
  dueAt: Date;
}

export interface DecisionRepository {
  create(decision: DecisionRecord, participants: ParticipantRecord[]): Promise<void>;
  findById(id: DecisionId): Promise<DecisionRecord | undefined>;
  /** The équipe's decision whose outcome is not recorded yet (open or closed), if any. */
  findPending(equipeId: EquipeId): Promise<DecisionRecord | undefined>;
  /** The équipe's most recent decision, whatever its state. */
  findLatest(equipeId: EquipeId): Promise<DecisionRecord | undefined>;
  /**
   * The équipe's decisions with a recorded outcome, the most recently recorded first, at most
   * `limit`; with `concerning`, only those on whose list that member is or that gave them an action.
   */
  recorded(equipeId: EquipeId, limit: number, concerning?: MemberId): Promise<DecisionRecord[]>;
  participants(id: DecisionId): Promise<ParticipantRecord[]>;
  /** Each member's latest viewpoint: what counts. */
  viewpoints(id: DecisionId): Promise<ViewpointRecord[]>;
  /** Every stance ever given on the decision, earlier ones included, oldest first. */
  viewpointHistory(id: DecisionId): Promise<ViewpointRevisionRecord[]>;
  /** Stores a viewpoint, replacing the member's current one and keeping it in the history; says which. */
  setViewpoint(decisionId: DecisionId, viewpoint: ViewpointRecord, at: Date): Promise<"created" | "changed">;
  /** Closes an open decision; false when it was not open (closed already, by another path). */
  close(id: DecisionId, at: Date): Promise<boolean>;
  /** Withdraws a decision whose outcome is not recorded; false when it was recorded or withdrawn already. */
  cancel(id: DecisionId, cancellation: { reason: string; byMemberId: MemberId; at: Date }): Promise<boolean>;
  recordOutcome(
    id: DecisionId,
    outcome: {
      outcome: string;
      overrideReason: string | undefined;
      reviewAt: Date | undefined;
      recordedByMemberId: MemberId;
      at: Date;
      actions: DecisionActionRecord[];
    },
  ): Promise<void>;
  actions(id: DecisionId): Promise<DecisionActionRecord[]>;
}

export interface DecisionRepositories {
  decisions: DecisionRepository;
}
