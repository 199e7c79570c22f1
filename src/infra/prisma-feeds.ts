import { platformSchema } from "../content/model.ts";
import type { CaseCode } from "../domain/case-code.ts";
import type { EquipeRecord } from "../domain/equipe.ts";
import type { EquipeId, MeetingId, MemberId, OrganisationId } from "../domain/ids.ts";
import { type MeetingStatus, purposeSchema } from "../domain/meeting.ts";
import { PROFESSIONAL_ROLES, roleSchema } from "../domain/roles.ts";
import type {
  CalendarFeedReads,
  EquipeFeedStamps,
  EventTokenRepository,
  FeedCover,
  FeedLinkRecord,
  FeedMeetingRow,
  FeedSubject,
  FeedTokenRepository,
} from "../features/meetings/repository.ts";
import { matchLocale } from "../i18n/locale.ts";
import type { FieldCipher } from "./field-cipher.ts";
import { sameHash } from "./prisma-pages.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn } from "./sealed-rows.ts";

/** The rows of this subscriber's links, live ones only. */
function whereSubject(subject: FeedSubject) {
  switch (subject.kind) {
    case "person":
      return {
        platform: subject.user.platform,
        workspaceId: subject.user.workspaceId,
        platformUserId: subject.user.userId,
        revokedAt: null,
      };
    case "member":
      return { memberId: subject.memberId, revokedAt: null };
    case "organisation":
      return { organisationId: subject.organisationId, revokedAt: null };
  }
}

export class PrismaFeedTokenRepository implements FeedTokenRepository {
  constructor(
    private readonly db: Tx,
    /** A link made or revoked changes which feeds open: readers that remember must forget. */
    private readonly changed: () => void = () => {},
  ) {}

  async live(subject: FeedSubject): Promise<FeedLinkRecord[]> {
    return this.db.feedToken.findMany({
      where: whereSubject(subject),
      select: { id: true, tokenHash: true },
      orderBy: { createdAt: "asc" },
    });
  }

  async create(subject: FeedSubject, link: FeedLinkRecord, at: Date, issuedBy?: MemberId): Promise<void> {
    this.changed();
    const { revokedAt: _live, ...owner } = whereSubject(subject);
    await this.db.feedToken.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        ...owner,
        issuedByMemberId: issuedBy ?? null,
        createdAt: at,
      },
      select: { id: true },
    });
  }

  async revokeAll(subject: FeedSubject, at: Date): Promise<number> {
    this.changed();
    return (await this.db.feedToken.updateMany({ where: whereSubject(subject), data: { revokedAt: at } }))
      .count;
  }

  async findSubject(tokenHash: string): Promise<FeedSubject | undefined> {
    // Looked up by the SHA-256 of the presented token, a value an attacker cannot steer byte by
    // byte; the final comparison is constant-time as well.
    const row = await this.db.feedToken.findUnique({
      where: { tokenHash },
      select: {
        tokenHash: true,
        platform: true,
        workspaceId: true,
        platformUserId: true,
        memberId: true,
        organisationId: true,
        revokedAt: true,
      },
    });
    if (row === null || row.revokedAt !== null || !sameHash(row.tokenHash, tokenHash)) return undefined;
    if (row.memberId !== null) return { kind: "member", memberId: row.memberId as MemberId };
    if (row.organisationId !== null)
      return { kind: "organisation", organisationId: row.organisationId as OrganisationId };
    if (row.platform === null || row.workspaceId === null || row.platformUserId === null) return undefined;
    return {
      kind: "person",
      user: {
        platform: platformSchema.parse(row.platform),
        workspaceId: row.workspaceId,
        userId: row.platformUserId,
      },
    };
  }
}

/** Ids per query: well under what SQLite (999 on older builds) and PostgreSQL take as parameters. */
const SLICE = 500;
const sliced = <T>(ids: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(ids.length / SLICE) }, (_, i) => ids.slice(i * SLICE, (i + 1) * SLICE));

const latest = (...dates: (Date | null | undefined)[]): number =>
  Math.max(0, ...dates.map((d) => d?.getTime() ?? 0));

/** Lean reads for feeds: aggregates for validators, the few columns an event needs for bodies. */
export class PrismaCalendarFeedReads implements CalendarFeedReads {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  async stamps(equipeIds: readonly EquipeId[], since: Date): Promise<EquipeFeedStamps[]> {
    const stamps = new Map<string, EquipeFeedStamps>(
      equipeIds.map((equipeId) => [
        equipeId,
        { equipeId, meetingsChangedAt: 0, lastStartBefore: 0, membersChangedAt: 0 },
      ]),
    );
    // In slices: a database takes only so many parameters in one query (an organisation in a
    // thousand équipes).
    for (const ids of sliced(equipeIds)) {
      const [changed, agedOut, people] = await Promise.all([
        // Confirmed, moved, cancelled: each stamps the meeting's updatedAt (src/infra/change-clock.ts).
        this.db.meeting.groupBy({
          by: ["equipeId"],
          where: { equipeId: { in: [...ids] }, status: { in: ["confirmed", "cancelled"] } },
          _max: { updatedAt: true },
        }),
        this.db.meeting.groupBy({
          by: ["equipeId"],
          where: { equipeId: { in: [...ids] }, status: "confirmed", startsAt: { lt: since } },
          _max: { startsAt: true },
        }),
        this.db.member.groupBy({
          by: ["equipeId"],
          where: { equipeId: { in: [...ids] } },
          _max: { changedAt: true },
        }),
      ]);
      for (const g of changed) {
        const s = stamps.get(g.equipeId);
        if (s) s.meetingsChangedAt = latest(g._max.updatedAt);
      }
      for (const g of agedOut) {
        const s = stamps.get(g.equipeId);
        if (s) s.lastStartBefore = latest(g._max.startsAt);
      }
      for (const g of people) {
        const s = stamps.get(g.equipeId);
        if (s) s.membersChangedAt = latest(g._max.changedAt);
      }
    }
    return [...stamps.values()];
  }

  /** The équipes the subscriber's feed covers, and when their own part in them last changed. */
  async covered(subject: FeedSubject): Promise<FeedCover | undefined> {
    const membership = { equipeId: true, role: true, removedAt: true, createdAt: true, changedAt: true };
    switch (subject.kind) {
      case "person": {
        // Removed memberships too: leaving an équipe is a change of the feed.
        const rows = await this.db.member.findMany({
          where: {
            kind: "chat",
            platform: subject.user.platform,
            workspaceId: subject.user.workspaceId,
            platformUserId: subject.user.userId,
          },
          select: membership,
        });
        return {
          equipes: rows
            .filter((row) => row.removedAt === null)
            .map((row) => ({
              equipeId: row.equipeId as EquipeId,
              reader: readerOf(row.role),
            })),
          // Every join, change and leaving writes a stamp (src/infra/change-clock.ts).
          changedAt: new Date(latest(...rows.map((r) => r.changedAt ?? r.createdAt))),
          name: undefined,
          locale: undefined,
        };
      }
      case "member": {
        const row = await this.db.member.findUnique({
          where: { id: subject.memberId },
          select: { ...membership, locale: true },
        });
        // Removed: the feed is gone with the membership.
        if (row === null || row.removedAt !== null) return undefined;
        return {
          equipes: [{ equipeId: row.equipeId as EquipeId, reader: readerOf(row.role) }],
          changedAt: new Date(latest(row.changedAt ?? row.createdAt)),
          name: undefined,
          locale: matchLocale(row.locale ?? undefined),
        };
      }
      case "organisation": {
        const organisation = await this.db.organisation.findUnique({
          where: { id: subject.organisationId },
          select: {
            name: true,
            locale: true,
            createdAt: true,
            memberships: {
              // A member's removal ends their memberships (src/features/equipe/actions.ts).
              select: { equipeId: true, createdAt: true, removedAt: true },
            },
          },
        });
        if (organisation === null) return undefined;
        const live = organisation.memberships.filter((m) => m.removedAt === null);
        return {
          equipes: [...new Set(live.map((m) => m.equipeId))].map((equipeId) => ({
            equipeId: equipeId as EquipeId,
            reader: "organisation" as const,
          })),
          changedAt: new Date(
            latest(
              organisation.createdAt,
              ...organisation.memberships.flatMap((m) => [m.createdAt, m.removedAt]),
            ),
          ),
          name: organisation.name,
          locale: matchLocale(organisation.locale),
        };
      }
    }
  }

  async meetings(equipeIds: readonly EquipeId[], since: Date): Promise<FeedMeetingRow[]> {
    const rows = [];
    for (const ids of sliced(equipeIds)) rows.push(...(await this.slice(ids, since)));
    return rows;
  }

  private async slice(equipeIds: readonly EquipeId[], since: Date): Promise<FeedMeetingRow[]> {
    // Meetings alone, one index range per équipe (equipeId, status, startsAt); their équipes read
    // once each below, not once per meeting through the relation.
    const [rows, equipeRows] = await Promise.all([
      this.db.meeting.findMany({
        where: { equipeId: { in: [...equipeIds] }, status: "confirmed", startsAt: { gte: since } },
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          equipeId: true,
          icalUid: true,
          purpose: true,
          durationMinutes: true,
          location: true,
          keyId: true,
          status: true,
          startsAt: true,
          sequence: true,
          createdByMemberId: true,
          updatedAt: true,
        },
      }),
      this.db.equipe.findMany({
        where: { id: { in: [...new Set(equipeIds)] } },
        select: { id: true, caseCode: true, timezone: true, locale: true },
      }),
    ]);
    // Rows of one équipe share one record.
    const equipes = new Map<string, EquipeRecord>(
      equipeRows.map((row) => [
        row.id,
        {
          id: row.id as EquipeId,
          caseCode: row.caseCode as CaseCode,
          timezone: row.timezone,
          locale: matchLocale(row.locale) ?? "it",
        },
      ]),
    );
    return rows.flatMap((row) => {
      const equipe = equipes.get(row.equipeId);
      // An équipe erased between the two reads: its meetings go with it.
      if (equipe === undefined) return [];
      return [
        {
          equipe,
          meeting: {
            id: row.id as MeetingId,
            equipeId: row.equipeId as EquipeId,
            icalUid: row.icalUid,
            purpose: purposeSchema.parse(row.purpose),
            durationMinutes: row.durationMinutes,
            location:
              openIn(this.cipher, "Meeting", "location", row.id, row.keyId, row.location) ?? undefined,
            status: row.status as MeetingStatus,
            startsAt: row.startsAt ?? undefined,
            sequence: row.sequence,
            createdByMemberId: row.createdByMemberId as MemberId,
            updatedAt: row.updatedAt,
          },
        },
      ];
    });
  }
}

/** How a member of this role reads meetings: professionals by case code, everyone else plainly. */
const readerOf = (role: string): "professional" | "plain" => {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && PROFESSIONAL_ROLES.has(parsed.data) ? "professional" : "plain";
};

/** Same rules as feed tokens: only the hash is stored, lookups end in a constant-time compare. */
export class PrismaEventTokenRepository implements EventTokenRepository {
  constructor(private readonly db: Tx) {}

  async create(
    id: string,
    meetingId: MeetingId,
    memberId: MemberId,
    tokenHash: string,
    at: Date,
  ): Promise<void> {
    await this.db.eventToken.create({
      data: { id, tokenHash, meetingId, memberId, createdAt: at },
      select: { id: true },
    });
  }

  async find(tokenHash: string): Promise<{ meetingId: MeetingId; memberId: MemberId } | undefined> {
    const row = await this.db.eventToken.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, meetingId: true, memberId: true, revokedAt: true },
    });
    if (row === null || row.revokedAt !== null || !sameHash(row.tokenHash, tokenHash)) return undefined;
    return { meetingId: row.meetingId as MeetingId, memberId: row.memberId as MemberId };
  }

  async revokeMember(memberId: MemberId, at: Date): Promise<void> {
    await this.db.eventToken.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: at } });
  }

  async invitedTo(meetingId: MeetingId): Promise<Set<MemberId>> {
    const rows = await this.db.eventToken.findMany({
      where: { meetingId },
      select: { memberId: true },
      distinct: ["memberId"],
    });
    return new Set(rows.map((row) => row.memberId as MemberId));
  }
}
