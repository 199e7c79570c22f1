import type { ChatUserRef } from "../content/model.ts";
import { platformSchema } from "../content/model.ts";
import type { CaseCode } from "../domain/case-code.ts";
import { type Contact, phoneDigits } from "../domain/command.ts";
import type { EquipeId, MemberId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import { roleSchema } from "../domain/roles.ts";
import type {
  BindingRequestRecord,
  BindingRequestRepository,
  EquipeRecord,
  EquipeRepository,
  MemberRecord,
  MemberRepository,
} from "../features/equipe/repository.ts";
import { matchLocale } from "../i18n/locale.ts";
import type { ChannelRef } from "../ports/channel.ts";
import type { Stamp } from "./change-clock.ts";
import type { Tx } from "./prisma-tx.ts";
import type { UnitReads } from "./unit-reads.ts";

const equipeSelect = { id: true, caseCode: true, timezone: true, locale: true } as const;

/** The order an équipe's conversations are listed in: as they were bound, the id breaking ties. */
export const CHANNEL_ORDER: ({ createdAt: "asc" } | { id: "asc" })[] = [{ createdAt: "asc" }, { id: "asc" }];

/**
 * The order members are listed in: as they joined, the id breaking ties (two members added in the
 * same millisecond, or by one statement), so that every database lists them the same way every time.
 */
export const MEMBER_ORDER: ({ createdAt: "asc" } | { id: "asc" })[] = [{ createdAt: "asc" }, { id: "asc" }];

/** An équipe as its row reads. */
export function toEquipe(row: {
  id: string;
  caseCode: string;
  timezone: string;
  locale: string;
}): EquipeRecord {
  return {
    id: row.id as EquipeId,
    caseCode: row.caseCode as CaseCode,
    timezone: row.timezone,
    locale: matchLocale(row.locale) ?? "it",
  };
}

export class PrismaEquipeRepository implements EquipeRepository {
  /** @param reads what the unit of work has read; none outside one, where every call reads afresh. */
  constructor(
    private readonly db: Tx,
    private readonly reads?: UnitReads,
  ) {}

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
    this.reads?.forget();
  }

  async channelsOf(equipeId: EquipeId): Promise<ChannelRef[]> {
    const known = this.reads?.channels.get(equipeId);
    if (known !== undefined) return [...known];
    const rows = await this.db.channelBinding.findMany({
      where: { equipeId },
      select: { platform: true, workspaceId: true, channelId: true },
      orderBy: CHANNEL_ORDER,
    });
    const channels = rows.map((row) => ({ ...row, platform: platformSchema.parse(row.platform) }));
    this.reads?.channels.set(equipeId, channels);
    return [...channels];
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
  phone: true,
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
  phone: string | null;
  role: string;
  isCoordinator: boolean;
  locale: string | null;
};

function toMember(row: MemberRow): MemberRecord {
  const chat: ChatUserRef | undefined =
    row.kind === "chat"
      ? {
          platform: platformSchema.parse(row.platform),
          workspaceId: row.workspaceId ?? "",
          userId: row.platformUserId ?? "",
        }
      : undefined;
  return {
    id: row.id as MemberId,
    equipeId: row.equipeId as EquipeId,
    role: roleSchema.parse(row.role),
    isCoordinator: row.isCoordinator,
    locale: matchLocale(row.locale ?? undefined),
    name: row.displayName ?? undefined,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    chat,
  };
}

/** The rows of this chat user that are still in their équipe. */
const activeChatUser = (user: ChatUserRef) => ({
  kind: "chat",
  platform: user.platform,
  workspaceId: user.workspaceId,
  platformUserId: user.userId,
  removedAt: null,
});

export class PrismaMemberRepository implements MemberRepository {
  /** @param reads what the unit of work has read; none outside one, where every call reads afresh. */
  constructor(
    private readonly db: Tx,
    private readonly stamp: Stamp,
    private readonly reads?: UnitReads,
  ) {}

  async findById(id: MemberId): Promise<MemberRecord | undefined> {
    const row = await this.db.member.findFirst({ where: { id, removedAt: null }, select: memberSelect });
    return row ? toMember(row) : undefined;
  }

  async findByChatUser(equipeId: EquipeId, user: ChatUserRef): Promise<MemberRecord | undefined> {
    // In a unit of work, the actor is found among the équipe's active members, read once for all.
    if (this.reads !== undefined)
      return (await this.listActive(equipeId)).find(
        (m) =>
          m.chat?.platform === user.platform &&
          m.chat.workspaceId === user.workspaceId &&
          m.chat.userId === user.userId,
      );
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

  async findExternal(equipeId: EquipeId, contact: Contact): Promise<MemberRecord | undefined> {
    return "email" in contact
      ? this.findExternalByEmail(equipeId, contact.email)
      : this.findExternalByPhone(equipeId, contact.phone);
  }

  async findExternalByPhone(equipeId: EquipeId, phone: string): Promise<MemberRecord | undefined> {
    const row = await this.externalByPhone(equipeId, phone, true);
    return row ? toMember(row) : undefined;
  }

  /** An external member's row with this number (digits compared), the newest first. */
  private async externalByPhone(equipeId: EquipeId, phone: string, activeOnly: boolean) {
    const rows = await this.db.member.findMany({
      where: { equipeId, kind: "external", phone: { not: null }, ...(activeOnly ? { removedAt: null } : {}) },
      select: { ...memberSelect, removedAt: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const digits = phoneDigits(phone);
    return rows.find((row) => row.phone !== null && phoneDigits(row.phone) === digits);
  }

  async listActive(equipeId: EquipeId): Promise<MemberRecord[]> {
    const known = this.reads?.activeMembers.get(equipeId);
    if (known !== undefined) return [...known];
    const rows = await this.db.member.findMany({
      where: { equipeId, removedAt: null },
      select: memberSelect,
      orderBy: [{ isCoordinator: "desc" }, ...MEMBER_ORDER],
    });
    // Frozen: the unit's later reads share these objects, and one caller's change would be the others'.
    const members = rows.map((row) => frozenMember(toMember(row)));
    this.reads?.activeMembers.set(equipeId, members);
    return [...members];
  }

  async listAll(equipeId: EquipeId): Promise<MemberRecord[]> {
    const rows = await this.db.member.findMany({
      where: { equipeId },
      select: memberSelect,
      orderBy: MEMBER_ORDER,
    });
    return rows.map(toMember);
  }

  async membershipsOf(user: ChatUserRef) {
    const rows = await this.db.member.findMany({
      where: activeChatUser(user),
      select: memberSelect,
      orderBy: MEMBER_ORDER,
    });
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
      changedAt: await this.stamp(member.at),
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
      this.reads?.forget();
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
    this.reads?.forget();
    return { member: toMember(row), created: true };
  }

  async upsertExternalMember(member: Parameters<MemberRepository["upsertExternalMember"]>[0]) {
    // The same person is found by their e-mail, else by their phone number.
    const existing =
      member.email !== undefined
        ? await this.db.member.findFirst({
            where: { equipeId: member.equipeId, kind: "external", email: member.email },
            select: { id: true, removedAt: true },
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          })
        : member.phone !== undefined
          ? await this.externalByPhone(member.equipeId, member.phone, false)
          : undefined;
    // A contact not given keeps the one stored.
    const data = {
      role: member.role,
      displayName: member.displayName,
      isCoordinator: false,
      changedAt: await this.stamp(member.at),
      ...(member.email !== undefined ? { email: member.email } : {}),
      ...(member.phone !== undefined ? { phone: member.phone } : {}),
    };
    if (existing) {
      const row = await this.db.member.update({
        where: { id: existing.id },
        data: { ...data, removedAt: null },
        select: memberSelect,
      });
      this.reads?.forget();
      return { member: toMember(row), created: existing.removedAt !== null };
    }
    const row = await this.db.member.create({
      data: { id: newId(), equipeId: member.equipeId, kind: "external", ...data },
      select: memberSelect,
    });
    this.reads?.forget();
    return { member: toMember(row), created: true };
  }

  async remove(memberId: MemberId, at: Date): Promise<void> {
    await this.db.member.update({
      where: { id: memberId },
      data: { removedAt: at, changedAt: await this.stamp(at) },
      select: { id: true },
    });
    this.reads?.forget();
  }
}

/** Writes the leased queue (src/infra/leased-queue.ts reads it) in the caller's transaction. */

const bindingSelect = {
  id: true,
  equipeId: true,
  platform: true,
  workspaceId: true,
  channelId: true,
  requesterUserId: true,
  requesterName: true,
  requesterLocale: true,
  status: true,
  decidedByMemberId: true,
} as const;

type BindingRow = {
  id: string;
  equipeId: string;
  platform: string;
  workspaceId: string;
  channelId: string;
  requesterUserId: string;
  requesterName: string | null;
  requesterLocale: string | null;
  status: string;
  decidedByMemberId: string | null;
};

const BINDING_STATUSES = ["pending", "approved", "refused"] as const;

function toBindingRequest(row: BindingRow): BindingRequestRecord {
  const platform = platformSchema.parse(row.platform);
  const status = BINDING_STATUSES.find((s) => s === row.status) ?? "refused";
  return {
    id: row.id,
    equipeId: row.equipeId as EquipeId,
    channel: { platform, workspaceId: row.workspaceId, channelId: row.channelId },
    requester: { platform, workspaceId: row.workspaceId, userId: row.requesterUserId },
    requesterName: row.requesterName ?? undefined,
    requesterLocale: matchLocale(row.requesterLocale ?? undefined),
    status,
    decidedByMemberId: (row.decidedByMemberId ?? undefined) as MemberId | undefined,
  };
}

export class PrismaBindingRequestRepository implements BindingRequestRepository {
  constructor(private readonly db: Tx) {}

  async create(request: Omit<BindingRequestRecord, "status" | "decidedByMemberId">, at: Date): Promise<void> {
    await this.db.bindingRequest.create({
      data: {
        id: request.id,
        equipeId: request.equipeId,
        ...request.channel,
        requesterUserId: request.requester.userId,
        requesterName: request.requesterName ?? null,
        requesterLocale: request.requesterLocale ?? null,
        status: "pending",
        createdAt: at,
      },
      select: { id: true },
    });
  }

  async findById(id: string): Promise<BindingRequestRecord | undefined> {
    const row = await this.db.bindingRequest.findUnique({ where: { id }, select: bindingSelect });
    return row ? toBindingRequest(row) : undefined;
  }

  async pendingFor(channel: ChannelRef): Promise<BindingRequestRecord | undefined> {
    const row = await this.db.bindingRequest.findFirst({
      where: { ...channel, status: "pending" },
      select: bindingSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return row ? toBindingRequest(row) : undefined;
  }

  async decide(id: string, status: "approved" | "refused", by: MemberId, at: Date): Promise<boolean> {
    const { count } = await this.db.bindingRequest.updateMany({
      where: { id, status: "pending" },
      data: { status, decidedByMemberId: by, decidedAt: at },
    });
    return count === 1;
  }
}

/** A member record no one can change (its chat account included). */
function frozenMember(member: MemberRecord): MemberRecord {
  if (member.chat !== undefined) Object.freeze(member.chat);
  return Object.freeze(member);
}
