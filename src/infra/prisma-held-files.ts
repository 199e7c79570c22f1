import type { ChatUserRef, HeldFileRecord, HeldFileRepository } from "../ports/store.ts";
import type { Tx } from "./prisma-tx.ts";

export class PrismaHeldFileRepository implements HeldFileRepository {
  constructor(private readonly db: Tx) {}

  async hold(file: HeldFileRecord, now: Date): Promise<void> {
    await this.db.heldFile.deleteMany({ where: { expiresAt: { lte: now } } });
    const { user, ...rest } = file;
    await this.db.heldFile.create({
      data: { ...rest, platform: user.platform, workspaceId: user.workspaceId, userId: user.userId },
      select: { id: true },
    });
  }

  async find(id: string, user: ChatUserRef, now: Date): Promise<HeldFileRecord | undefined> {
    const row = await this.db.heldFile.findFirst({
      where: {
        id,
        platform: user.platform,
        workspaceId: user.workspaceId,
        userId: user.userId,
        expiresAt: { gt: now },
      },
    });
    if (row === null) return undefined;
    const { platform: _p, workspaceId: _w, userId: _u, ...file } = row;
    return { ...file, user };
  }

  async release(id: string): Promise<void> {
    await this.db.heldFile.deleteMany({ where: { id } });
  }
}
