import { z } from "zod";
import { DECISION_KINDS, DECISION_STATUSES, heardViaSchema, sideSchema } from "../domain/decision.ts";
import { type DecisionId, type EquipeId, type MemberId, newId } from "../domain/ids.ts";
import type {
  DecisionActionRecord,
  DecisionRecord,
  DecisionRepository,
  ParticipantRecord,
  ViewpointRecord,
  ViewpointRevisionRecord,
} from "../features/decisions/repository.ts";
import type { Tx } from "./prisma-tx.ts";

const decisionSelect = {
  id: true,
  equipeId: true,
  question: true,
  context: true,
  kind: true,
  options: true,
  deadline: true,
  status: true,
  familyRequired: true,
  familyExclusionReason: true,
  createdByMemberId: true,
  createdAt: true,
  closedAt: true,
  outcome: true,
  overrideReason: true,
  reviewAt: true,
  recordedByMemberId: true,
  recordedAt: true,
  cancelReason: true,
  cancelledByMemberId: true,
  cancelledAt: true,
} as const;

type DecisionRow = {
  [K in keyof typeof decisionSelect]: K extends "deadline" | "createdAt"
    ? Date
    : K extends "closedAt" | "reviewAt" | "recordedAt" | "cancelledAt"
      ? Date | null
      : K extends "familyRequired"
        ? boolean
        : K extends
              | "context"
              | "familyExclusionReason"
              | "outcome"
              | "overrideReason"
              | "recordedByMemberId"
              | "cancelReason"
              | "cancelledByMemberId"
          ? string | null
          : string;
};

const optionsSchema = z.array(z.string());

function toDecision(row: DecisionRow): DecisionRecord {
  return {
    id: row.id as DecisionId,
    equipeId: row.equipeId as EquipeId,
    question: row.question,
    context: row.context ?? undefined,
    kind: z.enum(DECISION_KINDS).parse(row.kind),
    options: optionsSchema.parse(JSON.parse(row.options)),
    deadline: row.deadline,
    status: z.enum(DECISION_STATUSES).parse(row.status),
    familyRequired: row.familyRequired,
    familyExclusionReason: row.familyExclusionReason ?? undefined,
    createdByMemberId: row.createdByMemberId as MemberId,
    createdAt: row.createdAt,
    closedAt: row.closedAt ?? undefined,
    outcome: row.outcome ?? undefined,
    overrideReason: row.overrideReason ?? undefined,
    reviewAt: row.reviewAt ?? undefined,
    recordedByMemberId: (row.recordedByMemberId ?? undefined) as MemberId | undefined,
    recordedAt: row.recordedAt ?? undefined,
    cancellation:
      row.cancelReason && row.cancelledByMemberId && row.cancelledAt
        ? { reason: row.cancelReason, byMemberId: row.cancelledByMemberId as MemberId, at: row.cancelledAt }
        : undefined,
  };
}

const viewpointSelect = {
  memberId: true,
  answer: true,
  reason: true,
  side: true,
  recordedByMemberId: true,
  heardVia: true,
} as const;

function toViewpoint(r: {
  memberId: string;
  answer: string;
  reason: string | null;
  side: string | null;
  recordedByMemberId: string | null;
  heardVia: string | null;
}): ViewpointRecord {
  return {
    memberId: r.memberId as MemberId,
    answer: r.answer,
    reason: r.reason ?? undefined,
    side: r.side ? sideSchema.parse(r.side) : undefined,
    recordedByMemberId: (r.recordedByMemberId ?? undefined) as MemberId | undefined,
    heardVia: r.heardVia ? heardViaSchema.parse(r.heardVia) : undefined,
  };
}

export class PrismaDecisionRepository implements DecisionRepository {
  constructor(private readonly db: Tx) {}

  async create(decision: DecisionRecord, participants: ParticipantRecord[]): Promise<void> {
    await this.db.decision.create({
      data: {
        id: decision.id,
        equipeId: decision.equipeId,
        question: decision.question,
        context: decision.context ?? null,
        kind: decision.kind,
        options: JSON.stringify(decision.options),
        deadline: decision.deadline,
        status: decision.status,
        familyRequired: decision.familyRequired,
        familyExclusionReason: decision.familyExclusionReason ?? null,
        createdByMemberId: decision.createdByMemberId,
        createdAt: decision.createdAt,
        participants: {
          create: participants.map((p) => ({ id: newId(), memberId: p.memberId, required: p.required })),
        },
      },
      select: { id: true },
    });
  }

  async findById(id: DecisionId): Promise<DecisionRecord | undefined> {
    const row = await this.db.decision.findUnique({ where: { id }, select: decisionSelect });
    return row ? toDecision(row) : undefined;
  }

  async findPending(equipeId: EquipeId): Promise<DecisionRecord | undefined> {
    const row = await this.db.decision.findFirst({
      where: { equipeId, status: { in: ["open", "closed"] } },
      select: decisionSelect,
      orderBy: { createdAt: "desc" },
    });
    return row ? toDecision(row) : undefined;
  }

  async findLatest(equipeId: EquipeId): Promise<DecisionRecord | undefined> {
    const row = await this.db.decision.findFirst({
      where: { equipeId },
      select: decisionSelect,
      orderBy: { createdAt: "desc" },
    });
    return row ? toDecision(row) : undefined;
  }

  async recorded(equipeId: EquipeId, limit: number, concerning?: MemberId): Promise<DecisionRecord[]> {
    const rows = await this.db.decision.findMany({
      where: {
        equipeId,
        status: "recorded",
        ...(concerning !== undefined
          ? {
              OR: [
                { participants: { some: { memberId: concerning } } },
                { actions: { some: { memberId: concerning } } },
              ],
            }
          : {}),
      },
      select: decisionSelect,
      orderBy: [{ recordedAt: "desc" }, { createdAt: "desc" }],
      take: limit,
    });
    return rows.map(toDecision);
  }

  async participants(id: DecisionId): Promise<ParticipantRecord[]> {
    const rows = await this.db.decisionParticipant.findMany({
      where: { decisionId: id },
      select: { memberId: true, required: true },
    });
    return rows.map((r) => ({ memberId: r.memberId as MemberId, required: r.required }));
  }

  async viewpoints(id: DecisionId): Promise<ViewpointRecord[]> {
    const rows = await this.db.viewpoint.findMany({
      where: { decisionId: id },
      select: viewpointSelect,
      orderBy: { createdAt: "asc" },
    });
    return rows.map(toViewpoint);
  }

  async viewpointHistory(id: DecisionId): Promise<ViewpointRevisionRecord[]> {
    const rows = await this.db.viewpointRevision.findMany({
      where: { decisionId: id },
      select: { ...viewpointSelect, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({ ...toViewpoint(r), at: r.createdAt }));
  }

  async setViewpoint(decisionId: DecisionId, v: ViewpointRecord, at: Date): Promise<"created" | "changed"> {
    const data = {
      answer: v.answer,
      reason: v.reason ?? null,
      side: v.side ?? null,
      recordedByMemberId: v.recordedByMemberId ?? null,
      heardVia: v.heardVia ?? null,
    };
    // The history first: every stance stays, the current row only says which one counts.
    await this.db.viewpointRevision.create({
      data: { id: newId(), decisionId, memberId: v.memberId, createdAt: at, ...data },
      select: { id: true },
    });
    const existing = await this.db.viewpoint.findUnique({
      where: { decisionId_memberId: { decisionId, memberId: v.memberId } },
      select: { id: true },
    });
    if (existing) {
      await this.db.viewpoint.update({
        where: { id: existing.id },
        data: { ...data, updatedAt: at },
        select: { id: true },
      });
      return "changed";
    }
    await this.db.viewpoint.create({
      data: { id: newId(), decisionId, memberId: v.memberId, createdAt: at, updatedAt: at, ...data },
      select: { id: true },
    });
    return "created";
  }

  async close(id: DecisionId, at: Date): Promise<boolean> {
    const { count } = await this.db.decision.updateMany({
      where: { id, status: "open" },
      data: { status: "closed", closedAt: at },
    });
    return count === 1;
  }

  async cancel(id: DecisionId, c: { reason: string; byMemberId: MemberId; at: Date }): Promise<boolean> {
    const { count } = await this.db.decision.updateMany({
      where: { id, status: { in: ["open", "closed"] } },
      data: {
        status: "cancelled",
        cancelReason: c.reason,
        cancelledByMemberId: c.byMemberId,
        cancelledAt: c.at,
      },
    });
    return count === 1;
  }

  async recordOutcome(id: DecisionId, o: Parameters<DecisionRepository["recordOutcome"]>[1]): Promise<void> {
    await this.db.decision.update({
      where: { id },
      data: {
        status: "recorded",
        outcome: o.outcome,
        overrideReason: o.overrideReason ?? null,
        reviewAt: o.reviewAt ?? null,
        recordedByMemberId: o.recordedByMemberId,
        recordedAt: o.at,
        actions: { create: o.actions.map((a) => ({ id: newId(), ...a })) },
      },
      select: { id: true },
    });
  }

  async actions(id: DecisionId): Promise<DecisionActionRecord[]> {
    const rows = await this.db.decisionAction.findMany({
      where: { decisionId: id },
      select: { position: true, memberId: true, what: true, dueAt: true },
      orderBy: { position: "asc" },
    });
    return rows.map((r) => ({ ...r, memberId: r.memberId as MemberId }));
  }
}
