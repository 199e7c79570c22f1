import { EventEmitter } from "node:events";
import type { CaseCode } from "../domain/case-code.ts";
import type { EquipeId, MemberId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import { type Platform, platformSchema } from "../domain/message.ts";
import { roleSchema } from "../domain/roles.ts";
import { matchLocale } from "../i18n/catalogue.ts";
import type {
  AuditEntryRecord,
  AuditLog,
  ChannelRef,
  DeliveryLog,
  EquipeRecord,
  EquipeRepository,
  MemberRecord,
  MemberRepository,
  OutboxWriter,
  Repositories,
  Store,
} from "../ports/store.ts";
import type { Db } from "./db.ts";
import { PrismaConversationRepository } from "./prisma-conversations.ts";
import { PrismaDecisionRepository } from "./prisma-decisions.ts";
import { PrismaEventTokenRepository, PrismaFeedTokenRepository } from "./prisma-feeds.ts";
import { PrismaHeldFileRepository } from "./prisma-held-files.ts";
import { PrismaJobScheduler } from "./prisma-jobs.ts";
import { PrismaMeetingRepository } from "./prisma-meetings.ts";

import type { Tx } from "./prisma-tx.ts";

const equipeSelect = { id: true, caseCode: true, timezone: true, locale: true } as const;

function toEquipe(row: { id: string; caseCode: string; timezone: string; locale: string }): EquipeRecord {
  return {
    id: row.id as EquipeId,
    caseCode: row.caseCode as CaseCode,
    timezone: row.timezone,
    locale: matchLocale(row.locale) ?? "it",
  };
}

export class PrismaEquipeRepository implements EquipeRepository {
  constructor(private readonly db: Tx) {}

  async findById(id: EquipeId): Promise<EquipeRecord | undefined> {
    const row = await this.db.equipe.findUnique({ where: { id }, select: equipeSelect });
    return row ? toEquipe(row) : undefined;
  }

  async findByChannel(channel: ChannelRef): Promise<EquipeRecord | undefined> {
    const row = await this.db.channelBinding.findUnique({
      where: { platform_workspaceId_channelId: channel },
      select: { equipe: { select: equipeSelect } },
    });
    return row ? toEquipe(row.equipe) : undefined;
  }

  async findByCaseCode(caseCode: CaseCode): Promise<EquipeRecord | undefined> {
    const row = await this.db.equipe.findUnique({ where: { caseCode }, select: equipeSelect });
    return row ? toEquipe(row) : undefined;
  }

  async create(equipe: EquipeRecord): Promise<void> {
    await this.db.equipe.create({ data: equipe, select: { id: true } });
  }

  async bindChannel(equipeId: EquipeId, channel: ChannelRef): Promise<void> {
    await this.db.channelBinding.create({
      data: { id: newId(), equipeId, ...channel },
      select: { id: true },
    });
  }

  async channelsOf(equipeId: EquipeId): Promise<ChannelRef[]> {
    const rows = await this.db.channelBinding.findMany({
      where: { equipeId },
      select: { platform: true, workspaceId: true, channelId: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => ({ ...row, platform: platformSchema.parse(row.platform) }));
  }
}

const memberSelect = {
  id: true,
  equipeId: true,
  kind: true,
  platform: true,
  workspaceId: true,
  platformUserId: true,
  displayName: true,
  email: true,
  role: true,
  isCoordinator: true,
  locale: true,
} as const;

type MemberRow = {
  id: string;
  equipeId: string;
  kind: string;
  platform: string | null;
  workspaceId: string | null;
  platformUserId: string | null;
  displayName: string | null;
  email: string | null;
  role: string;
  isCoordinator: boolean;
  locale: string | null;
};

function toMember(row: MemberRow): MemberRecord {
  const base = {
    id: row.id as MemberId,
    equipeId: row.equipeId as EquipeId,
    role: roleSchema.parse(row.role),
    isCoordinator: row.isCoordinator,
    locale: matchLocale(row.locale ?? undefined),
  };
  if (row.kind === "chat") {
    return {
      ...base,
      kind: "chat",
      user: {
        platform: platformSchema.parse(row.platform),
        workspaceId: row.workspaceId ?? "",
        userId: row.platformUserId ?? "",
      },
      displayName: row.displayName ?? undefined,
      email: row.email ?? undefined,
    };
  }
  return { ...base, kind: "external", displayName: row.displayName ?? "", email: row.email ?? "" };
}

/** The rows of this chat user that are still in their équipe. */
const activeChatUser = (user: { platform: Platform; workspaceId: string; userId: string }) => ({
  kind: "chat",
  platform: user.platform,
  workspaceId: user.workspaceId,
  platformUserId: user.userId,
  removedAt: null,
});

export class PrismaMemberRepository implements MemberRepository {
  constructor(private readonly db: Tx) {}

  async findChatMember(
    equipeId: EquipeId,
    user: { platform: Platform; workspaceId: string; userId: string },
  ): Promise<MemberRecord | undefined> {
    const row = await this.db.member.findFirst({
      where: { equipeId, ...activeChatUser(user) },
      select: memberSelect,
    });
    return row ? toMember(row) : undefined;
  }

  async findExternalByEmail(equipeId: EquipeId, email: string): Promise<MemberRecord | undefined> {
    const row = await this.db.member.findFirst({
      where: { equipeId, kind: "external", email, removedAt: null },
      select: memberSelect,
    });
    return row ? toMember(row) : undefined;
  }

  async listActive(equipeId: EquipeId): Promise<MemberRecord[]> {
    const rows = await this.db.member.findMany({
      where: { equipeId, removedAt: null },
      select: memberSelect,
      orderBy: [{ isCoordinator: "desc" }, { createdAt: "asc" }],
    });
    return rows.map(toMember);
  }

  async listAll(equipeId: EquipeId): Promise<MemberRecord[]> {
    const rows = await this.db.member.findMany({
      where: { equipeId },
      select: memberSelect,
      orderBy: { createdAt: "asc" },
    });
    return rows.map(toMember);
  }

  async membershipsOf(user: { platform: Platform; workspaceId: string; userId: string }) {
    const rows = await this.db.member.findMany({ where: activeChatUser(user), select: memberSelect });
    return rows.map(toMember);
  }

  async upsertChatMember(member: Parameters<MemberRepository["upsertChatMember"]>[0]) {
    const existing = await this.db.member.findFirst({
      where: {
        equipeId: member.equipeId,
        kind: "chat",
        platform: member.user.platform,
        workspaceId: member.user.workspaceId,
        platformUserId: member.user.userId,
      },
      select: { id: true, removedAt: true },
    });
    const data = {
      role: member.role,
      isCoordinator: member.isCoordinator,
      ...(member.locale ? { locale: member.locale } : {}),
      ...(member.profile
        ? { displayName: member.profile.displayName, email: member.profile.email?.toLowerCase() ?? null }
        : {}),
    };
    if (existing) {
      const row = await this.db.member.update({
        where: { id: existing.id },
        data: { ...data, removedAt: null },
        select: memberSelect,
      });
      return { member: toMember(row), created: existing.removedAt !== null };
    }
    const row = await this.db.member.create({
      data: {
        id: newId(),
        equipeId: member.equipeId,
        kind: "chat",
        platform: member.user.platform,
        workspaceId: member.user.workspaceId,
        platformUserId: member.user.userId,
        ...data,
      },
      select: memberSelect,
    });
    return { member: toMember(row), created: true };
  }

  async upsertExternalMember(member: Parameters<MemberRepository["upsertExternalMember"]>[0]) {
    const existing = await this.db.member.findFirst({
      where: { equipeId: member.equipeId, kind: "external", email: member.email },
      select: { id: true, removedAt: true },
      orderBy: { createdAt: "desc" },
    });
    const data = { role: member.role, displayName: member.displayName, isCoordinator: false };
    if (existing) {
      const row = await this.db.member.update({
        where: { id: existing.id },
        data: { ...data, removedAt: null },
        select: memberSelect,
      });
      return { member: toMember(row), created: existing.removedAt !== null };
    }
    const row = await this.db.member.create({
      data: { id: newId(), equipeId: member.equipeId, kind: "external", email: member.email, ...data },
      select: memberSelect,
    });
    return { member: toMember(row), created: true };
  }

  async remove(memberId: MemberId, at: Date): Promise<void> {
    await this.db.member.update({ where: { id: memberId }, data: { removedAt: at }, select: { id: true } });
  }
}

export class PrismaOutboxWriter implements OutboxWriter {
  constructor(
    private readonly db: Tx,
    private readonly onEnqueue: () => void,
  ) {}

  async enqueue(messages: Parameters<OutboxWriter["enqueue"]>[0], at: Date): Promise<void> {
    if (messages.length === 0) return;
    // One insert per message, in order: the autoincrement id is the delivery order.
    for (const message of messages) {
      if (message.key !== undefined) {
        // Only the latest state of a keyed message matters (a burst of clicks updates the
        // channel count many times): drop the older pending versions instead of sending each.
        await this.db.outboxMessage.updateMany({
          where: { key: message.key, status: "pending", leaseUntil: null },
          data: { status: "superseded" },
        });
      }
      await this.db.outboxMessage.create({
        data: {
          key: message.key ?? null,
          payload: JSON.stringify(message),
          status: "pending",
          nextAttemptAt: at,
          createdAt: at,
        },
        select: { id: true },
      });
    }
    this.onEnqueue();
  }
}

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Tx) {}

  async record(entry: Parameters<AuditLog["record"]>[0]): Promise<void> {
    await this.db.auditEntry.create({
      data: {
        id: newId(),
        equipeId: entry.equipeId,
        actorId: entry.actorId ?? null,
        action: entry.action,
        subjectId: entry.subjectId ?? null,
        ...(entry.at ? { createdAt: entry.at } : {}),
      },
      select: { id: true },
    });
  }

  async forSubject(equipeId: EquipeId, subjectId: string): Promise<AuditEntryRecord[]> {
    const rows = await this.db.auditEntry.findMany({
      where: { equipeId, subjectId },
      select: { actorId: true, action: true, subjectId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({
      actorId: (r.actorId ?? undefined) as MemberId | undefined,
      action: r.action,
      subjectId: r.subjectId ?? undefined,
      at: r.createdAt,
    }));
  }
}

export class PrismaDeliveryLog implements DeliveryLog {
  constructor(private readonly db: Tx) {}

  async firstTime(key: string): Promise<boolean> {
    // Look first: a failed insert would poison the surrounding transaction on PostgreSQL.
    // Two concurrent first deliveries still race to the primary key; the loser's unique
    // violation is reported by `isUniqueViolation` and treated as a duplicate by the caller.
    const seen = await this.db.processedDelivery.findUnique({ where: { key }, select: { key: true } });
    if (seen) return false;
    await this.db.processedDelivery.create({ data: { key }, select: { key: true } });
    return true;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

function repositories(db: Tx, onEnqueue: () => void): Repositories {
  return {
    meetings: new PrismaMeetingRepository(db),
    feeds: new PrismaFeedTokenRepository(db),
    decisions: new PrismaDecisionRepository(db),
    heldFiles: new PrismaHeldFileRepository(db),
    eventTokens: new PrismaEventTokenRepository(db),
    conversations: new PrismaConversationRepository(db),
    jobs: new PrismaJobScheduler(db),
    equipes: new PrismaEquipeRepository(db),
    members: new PrismaMemberRepository(db),
    outbox: new PrismaOutboxWriter(db, onEnqueue),
    audit: new PrismaAuditLog(db),
    deliveries: new PrismaDeliveryLog(db),
  };
}

/**
 * The Prisma unit of work. It emits `outbox` after a commit that enqueued messages, so the
 * dispatcher delivers at once instead of waiting for its next tick.
 */
export class PrismaStore extends EventEmitter implements Store {
  readonly repos: Repositories;

  constructor(private readonly db: Db) {
    super();
    this.repos = repositories(db, () => this.emit("outbox"));
  }

  async transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await this.db.$transaction((tx) =>
      work(
        repositories(tx, () => {
          enqueued = true;
        }),
      ),
    );
    if (enqueued) this.emit("outbox");
    return result;
  }
}
