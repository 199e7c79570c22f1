import { timingSafeEqual } from "node:crypto";
import type { MemberId } from "../domain/ids.ts";
import type { PageLinkRecord, PageLinkRepository } from "../features/pages/repository.ts";
import type { Tx } from "./prisma-tx.ts";

export class PrismaPageLinkRepository implements PageLinkRepository {
  constructor(private readonly db: Tx) {}

  async live(memberId: MemberId): Promise<PageLinkRecord | undefined> {
    const row = await this.db.pageLink.findFirst({
      where: { memberId, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, tokenHash: true, createdAt: true },
    });
    return row ?? undefined;
  }

  async create(
    memberId: MemberId,
    link: Omit<PageLinkRecord, "createdAt">,
    at: Date,
    issuedBy?: MemberId,
  ): Promise<void> {
    await this.db.pageLink.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        memberId,
        issuedByMemberId: issuedBy ?? null,
        createdAt: at,
      },
      select: { id: true },
    });
  }

  async revokeAll(memberId: MemberId, at: Date): Promise<number> {
    return (
      await this.db.pageLink.updateMany({ where: { memberId, revokedAt: null }, data: { revokedAt: at } })
    ).count;
  }

  async findMember(tokenHash: string): Promise<MemberId | undefined> {
    // Looked up by the SHA-256 of the presented token, a value an attacker cannot steer byte by
    // byte; the final comparison is constant-time as well.
    const row = await this.db.pageLink.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, memberId: true, revokedAt: true },
    });
    if (row === null || row.revokedAt !== null) return undefined;
    const stored = Buffer.from(row.tokenHash, "hex");
    const presented = Buffer.from(tokenHash, "hex");
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
    return row.memberId as MemberId;
  }
}
