import { timingSafeEqual } from "node:crypto";
import type { MemberId } from "../domain/ids.ts";
import type {
  PageLinkRecord,
  PageLinkRepository,
  QrLinkIssue,
  QrLinkRecord,
  QrLinkRepository,
} from "../features/pages/repository.ts";
import type { Tx } from "./prisma-tx.ts";

export class PrismaPageLinkRepository implements PageLinkRepository {
  constructor(private readonly db: Tx) {}

  async live(memberId: MemberId): Promise<PageLinkRecord | undefined> {
    const row = await this.db.pageLink.findFirst({
      where: { memberId, revokedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
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
    if (row === null || row.revokedAt !== null || !sameHash(row.tokenHash, tokenHash)) return undefined;
    return row.memberId as MemberId;
  }
}

/** Two token hashes compared in constant time (they are hex SHA-256 digests): every link table uses it. */
export function sameHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(presented, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export class PrismaQrLinkRepository implements QrLinkRepository {
  constructor(private readonly db: Tx) {}

  async create(link: QrLinkIssue, at: Date): Promise<void> {
    // The member's expired ones open nothing any more: no reason to keep their rows.
    await this.db.pageQrLink.deleteMany({ where: { memberId: link.memberId, expiresAt: { lte: at } } });
    await this.db.pageQrLink.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        pageLinkId: link.pageLinkId,
        memberId: link.memberId,
        issuedByMemberId: link.issuedBy,
        createdAt: at,
        expiresAt: link.expiresAt,
      },
      select: { id: true },
    });
  }

  async find(tokenHash: string, now: Date): Promise<QrLinkRecord | undefined> {
    const row = await this.db.pageQrLink.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, pageLinkId: true, memberId: true, issuedByMemberId: true, expiresAt: true },
    });
    if (row === null || row.expiresAt <= now || !sameHash(row.tokenHash, tokenHash)) return undefined;
    // Only while the page link it shows is the member's live one.
    const page = await this.db.pageLink.findUnique({
      where: { id: row.pageLinkId },
      select: { memberId: true, revokedAt: true },
    });
    if (page === null || page.revokedAt !== null || page.memberId !== row.memberId) return undefined;
    return {
      pageLinkId: row.pageLinkId,
      memberId: row.memberId as MemberId,
      issuedBy: row.issuedByMemberId as MemberId,
    };
  }
}
