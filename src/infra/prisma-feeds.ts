import { timingSafeEqual } from "node:crypto";
import { type ChatUserRef, platformSchema } from "../content/model.ts";
import type { MeetingId, MemberId } from "../domain/ids.ts";
import type {
  EventTokenRepository,
  FeedLinkRecord,
  FeedTokenRepository,
} from "../features/meetings/repository.ts";
import type { Tx } from "./prisma-tx.ts";

/** Constant-time comparison of two hex SHA-256 digests. */
function sameHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(presented, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

const whereUser = (user: ChatUserRef) => ({
  platform: user.platform,
  workspaceId: user.workspaceId,
  platformUserId: user.userId,
  revokedAt: null,
});

export class PrismaFeedTokenRepository implements FeedTokenRepository {
  constructor(private readonly db: Tx) {}

  async live(user: ChatUserRef): Promise<FeedLinkRecord[]> {
    return this.db.feedToken.findMany({
      where: whereUser(user),
      select: { id: true, tokenHash: true },
      orderBy: { createdAt: "asc" },
    });
  }

  async create(user: ChatUserRef, link: FeedLinkRecord, at: Date): Promise<void> {
    await this.db.feedToken.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        platform: user.platform,
        workspaceId: user.workspaceId,
        platformUserId: user.userId,
        createdAt: at,
      },
      select: { id: true },
    });
  }

  async revokeAll(user: ChatUserRef, at: Date): Promise<number> {
    return (await this.db.feedToken.updateMany({ where: whereUser(user), data: { revokedAt: at } })).count;
  }

  async findUser(tokenHash: string): Promise<ChatUserRef | undefined> {
    // Looked up by the SHA-256 of the presented token, a value an attacker cannot steer byte by
    // byte; the final comparison is constant-time as well.
    const row = await this.db.feedToken.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, platform: true, workspaceId: true, platformUserId: true, revokedAt: true },
    });
    if (row === null || row.revokedAt !== null || !sameHash(row.tokenHash, tokenHash)) return undefined;
    return {
      platform: platformSchema.parse(row.platform),
      workspaceId: row.workspaceId,
      userId: row.platformUserId,
    };
  }
}

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
