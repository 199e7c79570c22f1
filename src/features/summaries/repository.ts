import type { DecisionId, EquipeId, MemberId } from "../../domain/ids.ts";
import type {
  CommentKind,
  DocumentRef,
  SectionKey,
  SummaryCommentId,
  SummaryCommentRecord,
  SummarySections,
  SummaryVersionId,
  SummaryVersionRecord,
} from "../../domain/summary.ts";

/** The summary being written: its sections and the note on what changed, not circulated yet. */
export interface SummaryDraftRecord {
  sections: SummarySections;
  /** Minutes: who attended, the decisions taken. */
  attendees: MemberId[];
  decisionIds: DecisionId[];
  note: string;
  acknowledgeBy: Date | undefined;
  updatedAt: Date;
  updatedBy: MemberId;
}

/** One member's acknowledgement of one version ("presa visione"). */
export interface AcknowledgementRecord {
  versionId: SummaryVersionId;
  number: number;
  memberId: MemberId;
  at: Date;
}

/** A short-lived editor link, as issued: its row (the token is derived from it) and whose it is. */
export interface EditLinkIssue {
  id: string;
  tokenHash: string;
  equipeId: EquipeId;
  document: DocumentRef;
  memberId: MemberId;
  expiresAt: Date;
}

/**
 * The case summary of each équipe: one draft, then immutable numbered versions, each member's
 * acknowledgements, and the readers' requests on a section. Every text is case content, sealed at
 * rest by the implementation.
 */
export interface SummaryRepository {
  draft(equipeId: EquipeId, doc?: DocumentRef): Promise<SummaryDraftRecord | undefined>;
  saveDraft(equipeId: EquipeId, draft: SummaryDraftRecord, doc?: DocumentRef): Promise<void>;
  /** Forgets the draft (it was circulated). */
  dropDraft(equipeId: EquipeId, doc?: DocumentRef): Promise<void>;
  /** The latest circulated version of the document (the summary unless said), if any. */
  latest(equipeId: EquipeId, doc?: DocumentRef): Promise<SummaryVersionRecord | undefined>;
  version(id: SummaryVersionId): Promise<SummaryVersionRecord | undefined>;
  /** A version by its number in the document. */
  versionNumbered(
    equipeId: EquipeId,
    number: number,
    doc?: DocumentRef,
  ): Promise<SummaryVersionRecord | undefined>;
  /** Every version's number, date and note, newest first (no sections). */
  history(equipeId: EquipeId, doc?: DocumentRef): Promise<Omit<SummaryVersionRecord, "sections">[]>;
  /** The latest minutes a decision is linked to (taken at that meeting), if any. */
  minutesOfDecision(decisionId: DecisionId): Promise<{ meetingId: string; number: number } | undefined>;
  /** The meetings whose minutes have a version, each with its latest version's number. */
  minutesOf(equipeId: EquipeId): Promise<Map<string, number>>;
  /** Writes a new version; false when its number is taken (someone circulated meanwhile). */
  circulate(version: SummaryVersionRecord): Promise<boolean>;
  /** Records an acknowledgement; false when the member had acknowledged that version already. */
  acknowledge(
    versionId: SummaryVersionId,
    equipeId: EquipeId,
    memberId: MemberId,
    at: Date,
  ): Promise<boolean>;
  /** Who acknowledged this version, and when. */
  acknowledgementsOf(versionId: SummaryVersionId): Promise<Map<MemberId, Date>>;
  /** Each member's latest acknowledgement of the document (the highest version number they acknowledged). */
  latestAcknowledgements(
    equipeId: EquipeId,
    doc?: DocumentRef,
  ): Promise<Map<MemberId, AcknowledgementRecord>>;
  addComment(comment: {
    id: SummaryCommentId;
    equipeId: EquipeId;
    versionId: SummaryVersionId;
    section: SectionKey;
    memberId: MemberId;
    kind: CommentKind;
    text: string;
    at: Date;
  }): Promise<void>;
  comment(id: SummaryCommentId): Promise<SummaryCommentRecord | undefined>;
  /** The équipe's requests, newest first; `open` only those not answered yet. */
  comments(
    equipeId: EquipeId,
    filter: { open?: boolean; memberId?: MemberId },
  ): Promise<SummaryCommentRecord[]>;
  /** Answers a request; false when it was answered already. */
  answerComment(
    id: SummaryCommentId,
    answer: { text: string; included: boolean; by: MemberId; at: Date },
  ): Promise<boolean>;
  /** Stores a new editor link and revokes the member's earlier ones. */
  issueEditLink(link: EditLinkIssue, at: Date): Promise<void>;
  /** A member's editor links stop (they left the équipe). */
  revokeEditLinks(memberId: MemberId, at: Date): Promise<void>;
  /** The editor link with this token hash, if it still opens at `now`. */
  findEditLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ id: string; equipeId: EquipeId; memberId: MemberId; document: DocumentRef } | undefined>;
}

export interface SummaryRepositories {
  summaries: SummaryRepository;
}
