import type { MemberRecord } from "../domain/equipe.ts";
import type { EquipeId } from "../domain/ids.ts";
import type { ChannelRef } from "../ports/channel.ts";

/**
 * What one unit of work (a transaction or a snapshot) has read and would otherwise read again: a
 * use case establishes who acts and then lists the équipe (a poll's count, its coordinators), and
 * finds what a click is about and then posts in the équipe's conversations; each comes from one
 * read. Kept for one unit of work only, and forgotten by every change stamped in it (a write to a
 * member stamps one; so does erasing a case) and by every write to what it keeps.
 */
export class UnitReads {
  /** Each équipe's active members, as `listActive` orders them. */
  readonly activeMembers = new Map<EquipeId, readonly MemberRecord[]>();
  /** Each équipe's conversations, as `channelsOf` orders them. */
  readonly channels = new Map<EquipeId, readonly ChannelRef[]>();

  forget(): void {
    this.activeMembers.clear();
    this.channels.clear();
  }
}
