import type { DecisionId, EquipeId, MeetingId, MemberId } from "../../domain/ids.ts";

/** A short-lived link to a whole case's export, as issued: its row (the token is derived from it). */
export interface ExportLinkIssue {
  id: string;
  tokenHash: string;
  equipeId: EquipeId;
  memberId: MemberId;
  expiresAt: Date;
}

/** What erasing a case removed, by count (for the log: numbers only). */
export interface Erased {
  members: number;
  meetings: number;
  decisions: number;
  versions: number;
}

/**
 * A case as a whole: what it holds, by id (the export reads each thing through its own
 * repository, which opens what is sealed), its export links, and its erasure.
 */
export interface CaseRepository {
  /** Every meeting of the équipe, oldest first (ids). */
  meetingIds(equipeId: EquipeId): Promise<MeetingId[]>;
  /** Every decision of the équipe, oldest first (ids). */
  decisionIds(equipeId: EquipeId): Promise<DecisionId[]>;
  /** The équipe's whole trail, oldest first: who did what to which subject, ids only. */
  trail(
    equipeId: EquipeId,
  ): Promise<{ at: Date; actorId: MemberId | undefined; action: string; subjectId: string | undefined }[]>;
  issueExportLink(link: ExportLinkIssue, at: Date): Promise<void>;
  /** A member's export links stop (they left the équipe). */
  dropExportLinks(memberId: MemberId): Promise<void>;
  findExportLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ equipeId: EquipeId; memberId: MemberId } | undefined>;
  /**
   * Erases the case's content: members and their contacts, links and feeds, meetings and answers,
   * decisions and viewpoints, summaries, minutes and requests, messages still waiting for its
   * members, the équipe and its conversations. The trail stays, ids only (its reasons go).
   */
  erase(equipeId: EquipeId, at: Date): Promise<Erased>;
}

export interface CaseRepositories {
  cases: CaseRepository;
}
