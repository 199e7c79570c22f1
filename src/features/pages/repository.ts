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

export interface PageRepositories {
  pageLinks: PageLinkRepository;
}
