import type { MemberId } from "../../domain/ids.ts";

/** A live personal page link: its row (the token is derived from it) and the hash of its token. */
export interface PageLinkRecord {
  id: string;
  tokenHash: string;
  createdAt: Date;
}

/**
 * Personal page links (`/p/<token>`): 256-bit tokens derived from their row under a secret key
 * (src/core/links.ts), only their SHA-256 stored; at most one live per member.
 */
export interface PageLinkRepository {
  /** The member's live link, if any. */
  live(memberId: MemberId): Promise<PageLinkRecord | undefined>;
  /** Stores a new link for the member (the caller revokes the old one first). */
  create(
    memberId: MemberId,
    link: Omit<PageLinkRecord, "createdAt">,
    at: Date,
    issuedBy?: MemberId,
  ): Promise<void>;
  /** Revokes every live link of the member; how many there were. */
  revokeAll(memberId: MemberId, at: Date): Promise<number>;
  /** The member whose live link has this token hash. */
  findMember(tokenHash: string): Promise<MemberId | undefined>;
}

/** A short-lived QR link, as issued: its row (the token is derived from it) and what it shows. */
export interface QrLinkIssue {
  id: string;
  tokenHash: string;
  /** The live page link it shows. */
  pageLinkId: string;
  memberId: MemberId;
  /** The coordinator who asked for it. */
  issuedBy: MemberId;
  expiresAt: Date;
}

/** What a QR link that still opens shows: whose page link, which one, and who asked for it. */
export interface QrLinkRecord {
  pageLinkId: string;
  memberId: MemberId;
  issuedBy: MemberId;
}

/**
 * Short-lived links to the printable page of a member's page link as a QR code (`/q/<token>`),
 * only their SHA-256 stored. One opens only before it expires and while the page link it shows
 * is live: renewing or revoking that link, or removing the member (which revokes it), ends it.
 */
export interface QrLinkRepository {
  /** Stores a new one, and forgets the member's expired ones. */
  create(link: QrLinkIssue, at: Date): Promise<void>;
  /** The QR link with this token hash, if it still opens at `now`. */
  find(tokenHash: string, now: Date): Promise<QrLinkRecord | undefined>;
}

export interface PageRepositories {
  pageLinks: PageLinkRepository;
  qrLinks: QrLinkRepository;
}
