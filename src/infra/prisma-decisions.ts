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
import type { FieldCipher } from "./field-cipher.ts";
import { MEMBER_ORDER } from "./prisma-equipes.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn, type SealedColumn, sealIn } from "./sealed-rows.ts";

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
  keyId: true,
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
              | "keyId"
          ? string | null
          : string;
};

const optionsSchema = z.array(z.string());

function toParticipant(row: { memberId: string; required: boolean }): ParticipantRecord {
  return { memberId: row.memberId as MemberId, required: row.required };
}

/** A decision's row with its sealed columns opened. */
function toDecision(cipher: FieldCipher, sealed: DecisionRow): DecisionRecord {
  const open = <C extends SealedColumn<"Decision">>(column: C) =>
    openIn(cipher, "Decision", column, sealed.id, sealed.keyId, sealed[column]);
  const row = {
    ...sealed,
    question: openIn(cipher, "Decision", "question", sealed.id, sealed.keyId, sealed.question),
    context: open("context"),
    options: openIn(cipher, "Decision", "options", sealed.id, sealed.keyId, sealed.options),
    outcome: open("outcome"),
    overrideReason: open("overrideReason"),
    cancelReason: open("cancelReason"),
    familyExclusionReason: open("familyExclusionReason"),
  };
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
  id: true,
  keyId: true,
  memberId: true,
  answer: true,
  reason: true,
  side: true,
  recordedByMemberId: true,
  heardVia: true,
} as const;

function toViewpoint(
  cipher: FieldCipher,
  model: "Viewpoint" | "ViewpointRevision",
  r: {
    id: string;
    keyId: string | null;
    memberId: string;
    answer: string;
    reason: string | null;
    side: string | null;
    recordedByMemberId: string | null;
    heardVia: string | null;
  },
): ViewpointRecord {
  return {
    memberId: r.memberId as MemberId,
    answer: r.answer,
    reason: openIn(cipher, model, "reason", r.id, r.keyId, r.reason) ?? undefined,
    side: r.side ? sideSchema.parse(r.side) : undefined,
    recordedByMemberId: (r.recordedByMemberId ?? undefined) as MemberId | undefined,
    heardVia: r.heardVia ? heardViaSchema.parse(r.heardVia) : undefined,
  };
}

export class PrismaDecisionRepository implements DecisionRepository {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  /** A decision's text sealed for its column and row. */
  private seal<C extends SealedColumn<"Decision">>(column: C, id: string, plain: string | undefined) {
    return sealIn(this.cipher, "Decision", column, id, plain);
  }

  async create(decision: DecisionRecord, participants: ParticipantRecord[]): Promise<void> {
    const id = decision.id;
    await this.db.decision.create({
      data: {
        id,
        equipeId: decision.equipeId,
        question: sealIn(this.cipher, "Decision", "question", id, decision.question),
        context: this.seal("context", id, decision.context),
        kind: decision.kind,
        options: sealIn(this.cipher, "Decision", "options", id, JSON.stringify(decision.options)),
        keyId: this.cipher.keyId,
        deadline: decision.deadline,
        status: decision.status,
        familyRequired: decision.familyRequired,
        familyExclusionReason: this.seal("familyExclusionReason", id, decision.familyExclusionReason),
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
    return row ? toDecision(this.cipher, row) : undefined;
  }

  async findPending(equipeId: EquipeId): Promise<DecisionRecord | undefined> {
    const row = await this.db.decision.findFirst({
      where: { equipeId, status: { in: ["open", "closed"] } },
      select: decisionSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return row ? toDecision(this.cipher, row) : undefined;
  }

  async findLatest(equipeId: EquipeId): Promise<DecisionRecord | undefined> {
    const row = await this.db.decision.findFirst({
      where: { equipeId },
      select: decisionSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return row ? toDecision(this.cipher, row) : undefined;
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
      orderBy: [{ recordedAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map((row) => toDecision(this.cipher, row));
  }

  /**
   * A decision's participants in the équipe's member order (as `listAll` lists them): a participant
   * row keeps no order of its own, and its random id would give a different one on each database.
   */
  async participants(id: DecisionId): Promise<ParticipantRecord[]> {
    const rows = await this.db.decisionParticipant.findMany({
      where: { decisionId: id },
      select: { memberId: true, required: true },
      orderBy: { memberId: "asc" },
    });
    if (rows.length < 2) return rows.map(toParticipant);
    const order = await this.db.member.findMany({
      where: { id: { in: rows.map((r) => r.memberId) } },
      select: { id: true },
      orderBy: MEMBER_ORDER,
    });
    const rank = new Map(order.map((m, i) => [m.id, i]));
    // A participant whose member row is gone (never, today) goes last, still in a fixed order.
    const rankOf = (memberId: string) => rank.get(memberId) ?? order.length;
    return rows.sort((a, b) => rankOf(a.memberId) - rankOf(b.memberId)).map(toParticipant);
  }

  async viewpoints(id: DecisionId): Promise<ViewpointRecord[]> {
    const rows = await this.db.viewpoint.findMany({
      where: { decisionId: id },
      select: viewpointSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => toViewpoint(this.cipher, "Viewpoint", r));
  }

  async viewpointHistory(id: DecisionId): Promise<ViewpointRevisionRecord[]> {
    const rows = await this.db.viewpointRevision.findMany({
      where: { decisionId: id },
      select: { ...viewpointSelect, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({ ...toViewpoint(this.cipher, "ViewpointRevision", r), at: r.createdAt }));
  }

  async setViewpoint(decisionId: DecisionId, v: ViewpointRecord, at: Date): Promise<"created" | "changed"> {
    const data = {
      answer: v.answer,
      side: v.side ?? null,
      recordedByMemberId: v.recordedByMemberId ?? null,
      heardVia: v.heardVia ?? null,
      // The reason is the one sealed column: writing it seals the whole row with the current key.
      keyId: this.cipher.keyId,
    };
    // The history first: every stance stays, the current row only says which one counts.
    const revision = newId();
    await this.db.viewpointRevision.create({
      data: {
        id: revision,
        decisionId,
        memberId: v.memberId,
        createdAt: at,
        ...data,
        reason: sealIn(this.cipher, "ViewpointRevision", "reason", revision, v.reason),
      },
      select: { id: true },
    });
    const existing = await this.db.viewpoint.findUnique({
      where: { decisionId_memberId: { decisionId, memberId: v.memberId } },
      select: { id: true },
    });
    if (existing) {
      await this.db.viewpoint.update({
        where: { id: existing.id },
        data: {
          ...data,
          reason: sealIn(this.cipher, "Viewpoint", "reason", existing.id, v.reason),
          updatedAt: at,
        },
        select: { id: true },
      });
      return "changed";
    }
    const id = newId();
    await this.db.viewpoint.create({
      data: {
        id,
        decisionId,
        memberId: v.memberId,
        createdAt: at,
        updatedAt: at,
        ...data,
        reason: sealIn(this.cipher, "Viewpoint", "reason", id, v.reason),
      },
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
        cancelReason: this.seal("cancelReason", id, c.reason),
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
        outcome: this.seal("outcome", id, o.outcome),
        overrideReason: this.seal("overrideReason", id, o.overrideReason),
        reviewAt: o.reviewAt ?? null,
        recordedByMemberId: o.recordedByMemberId,
        recordedAt: o.at,
        actions: {
          create: o.actions.map((a) => {
            const action = newId();
            return {
              ...a,
              id: action,
              what: sealIn(this.cipher, "DecisionAction", "what", action, a.what),
              keyId: this.cipher.keyId,
            };
          }),
        },
      },
      select: { id: true },
    });
  }

  async actions(id: DecisionId): Promise<DecisionActionRecord[]> {
    const rows = await this.db.decisionAction.findMany({
      where: { decisionId: id },
      select: { id: true, keyId: true, position: true, memberId: true, what: true, dueAt: true },
      orderBy: { position: "asc" },
    });
    return rows.map((r) => ({
      position: r.position,
      memberId: r.memberId as MemberId,
      what: openIn(this.cipher, "DecisionAction", "what", r.id, r.keyId, r.what),
      dueAt: r.dueAt,
    }));
  }
}
