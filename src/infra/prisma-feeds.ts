import { randomUUID, timingSafeEqual } from "node:crypto";
import { platformSchema } from "../domain/message.ts";
import type { ChatUserRef, FeedTokenRepository } from "../ports/store.ts";
import type { Tx } from "./prisma-tx.ts";

const whereUser = (user: ChatUserRef) => ({
  platform: user.platform,
  workspaceId: user.workspaceId,
  platformUserId: user.userId,
  revokedAt: null,
});

export class PrismaFeedTokenRepository implements FeedTokenRepository {
  constructor(private readonly db: Tx) {}

  async replace(user: ChatUserRef, tokenHash: string, at: Date): Promise<void> {
    await this.db.feedToken.updateMany({ where: whereUser(user), data: { revokedAt: at } });
    await this.db.feedToken.create({
      data: {
        id: randomUUID(),
        tokenHash,
        platform: user.platform,
        workspaceId: user.workspaceId,
        platformUserId: user.userId,
        createdAt: at,
      },
      select: { id: true },
    });
  }

  async hasLive(user: ChatUserRef): Promise<boolean> {
    return (await this.db.feedToken.count({ where: whereUser(user) })) > 0;
  }

  async findUser(tokenHash: string): Promise<ChatUserRef | undefined> {
    // Looked up by the SHA-256 of the presented token, a value an attacker cannot steer byte by
    // byte; the final comparison is constant-time as well.
    const row = await this.db.feedToken.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, platform: true, workspaceId: true, platformUserId: true, revokedAt: true },
    });
    if (row === null || row.revokedAt !== null) return undefined;
    const stored = Buffer.from(row.tokenHash, "hex");
    const presented = Buffer.from(tokenHash, "hex");
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
    return {
      platform: platformSchema.parse(row.platform),
      workspaceId: row.workspaceId,
      userId: row.platformUserId,
    };
  }
}
