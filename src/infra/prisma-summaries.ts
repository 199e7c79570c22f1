import { z } from "zod";
import type { DecisionId, EquipeId, MemberId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import {
  ALL_SECTION_KEYS,
  audienceSchema,
  type CommentKind,
  commentKindSchema,
  type DocumentRef,
  documentKey,
  documentOf,
  emptySections,
  type SectionKey,
  SUMMARY,
  type SummaryCommentId,
  type SummaryCommentRecord,
  type SummarySections,
  type SummaryVersionId,
  type SummaryVersionRecord,
  sectionKeySchema,
} from "../domain/summary.ts";
import type {
  AcknowledgementRecord,
  EditLinkIssue,
  SummaryDraftRecord,
  SummaryRepository,
} from "../features/summaries/repository.ts";
import { type FieldCipher, openOptional } from "./field-cipher.ts";
import { sameHash } from "./prisma-pages.ts";
import type { Tx } from "./prisma-tx.ts";
import { draftRowName, placeOf } from "./sealed-rows.ts";

/** A draft's sections as sealed JSON: text and readers of each. */
const draftSectionsSchema = z.array(
  z.object({ key: sectionKeySchema, text: z.string(), audience: audienceSchema }),
);
const changedSchema = z.array(sectionKeySchema);
/** Minutes: who attended and the decisions taken (ids), sealed with the row. */
const extraSchema = z.object({ attendees: z.array(z.string()), decisionIds: z.array(z.string()) });
const NO_EXTRA = { attendees: [] as MemberId[], decisionIds: [] as DecisionId[] };

function sectionsFrom(list: z.infer<typeof draftSectionsSchema>): SummarySections {
  const sections = emptySections();
  for (const section of list) sections[section.key] = section;
  return sections;
}

const versionSelect = {
  id: true,
  equipeId: true,
  document: true,
  extra: true,
  number: true,
  note: true,
  changed: true,
  circulatedAt: true,
  circulatedByMemberId: true,
  acknowledgeBy: true,
} as const;

type VersionRow = {
  id: string;
  equipeId: string;
  document: string;
  extra: string | null;
  number: number;
  note: string;
  changed: string;
  circulatedAt: Date;
  circulatedByMemberId: string;
  acknowledgeBy: Date | null;
};

/** Where each sealed value belongs (its additional data): a value moved elsewhere does not open. */
/** The places are those of src/infra/sealed-rows.ts, which re-seals these rows after a key rotation. */
const place = {
  draftSections: (equipeId: string, doc: string) =>
    placeOf("SummaryDraft", "sections", draftRowName(equipeId, doc)),
  draftNote: (equipeId: string, doc: string) => placeOf("SummaryDraft", "note", draftRowName(equipeId, doc)),
  draftExtra: (equipeId: string, doc: string) =>
    placeOf("SummaryDraft", "extra", draftRowName(equipeId, doc)),
  versionNote: (id: string) => placeOf("SummaryVersion", "note", id),
  versionExtra: (id: string) => placeOf("SummaryVersion", "extra", id),
  sectionBody: (id: string) => placeOf("SummarySection", "body", id),
  commentBody: (id: string) => placeOf("SummaryComment", "body", id),
  commentAnswer: (id: string) => placeOf("SummaryComment", "answer", id),
};

export class PrismaSummaryRepository implements SummaryRepository {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  private extraOf(sealed: string | null, at: string) {
    if (sealed === null) return NO_EXTRA;
    const extra = extraSchema.parse(JSON.parse(this.cipher.open(sealed, at)));
    return { attendees: extra.attendees as MemberId[], decisionIds: extra.decisionIds as DecisionId[] };
  }

  async draft(equipeId: EquipeId, doc: DocumentRef = SUMMARY): Promise<SummaryDraftRecord | undefined> {
    const document = documentKey(doc);
    const row = await this.db.summaryDraft.findUnique({
      where: { equipeId_document: { equipeId, document } },
    });
    if (row === null) return undefined;
    const list = draftSectionsSchema.parse(
      JSON.parse(this.cipher.open(row.sections, place.draftSections(equipeId, document))),
    );
    return {
      sections: sectionsFrom(list),
      ...this.extraOf(row.extra, place.draftExtra(equipeId, document)),
      note: this.cipher.open(row.note, place.draftNote(equipeId, document)),
      acknowledgeBy: row.acknowledgeBy ?? undefined,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedByMemberId as MemberId,
    };
  }

  async saveDraft(equipeId: EquipeId, draft: SummaryDraftRecord, doc: DocumentRef = SUMMARY): Promise<void> {
    const document = documentKey(doc);
    const data = {
      sections: this.cipher.seal(
        JSON.stringify(ALL_SECTION_KEYS.map((key) => draft.sections[key])),
        place.draftSections(equipeId, document),
      ),
      note: this.cipher.seal(draft.note, place.draftNote(equipeId, document)),
      extra: this.cipher.seal(
        JSON.stringify({ attendees: draft.attendees, decisionIds: draft.decisionIds }),
        place.draftExtra(equipeId, document),
      ),
      acknowledgeBy: draft.acknowledgeBy ?? null,
      updatedAt: draft.updatedAt,
      updatedByMemberId: draft.updatedBy,
      keyId: this.cipher.keyId,
    };
    await this.db.summaryDraft.upsert({
      where: { equipeId_document: { equipeId, document } },
      create: { equipeId, document, ...data },
      update: data,
      select: { equipeId: true },
    });
  }

  async dropDraft(equipeId: EquipeId, doc: DocumentRef = SUMMARY): Promise<void> {
    await this.db.summaryDraft.deleteMany({ where: { equipeId, document: documentKey(doc) } });
  }

  private async withSections(row: VersionRow): Promise<SummaryVersionRecord> {
    const rows = await this.db.summarySection.findMany({
      where: { versionId: row.id },
      select: { id: true, key: true, audience: true, body: true },
    });
    const sections = emptySections();
    for (const section of rows) {
      const key = sectionKeySchema.parse(section.key);
      sections[key] = {
        key,
        audience: audienceSchema.parse(JSON.parse(section.audience)),
        text: this.cipher.open(section.body, place.sectionBody(section.id)),
      };
    }
    return { ...this.header(row), sections };
  }

  private header(row: VersionRow): Omit<SummaryVersionRecord, "sections"> {
    const document = documentOf(row.document);
    if (document === undefined) throw new Error("a version of an unknown document");
    return {
      id: row.id as SummaryVersionId,
      equipeId: row.equipeId as EquipeId,
      document,
      ...this.extraOf(row.extra, place.versionExtra(row.id)),
      number: row.number,
      note: this.cipher.open(row.note, place.versionNote(row.id)),
      changed: changedSchema.parse(JSON.parse(row.changed)),
      circulatedAt: row.circulatedAt,
      circulatedBy: row.circulatedByMemberId as MemberId,
      acknowledgeBy: row.acknowledgeBy ?? undefined,
    };
  }

  async latest(equipeId: EquipeId, doc: DocumentRef = SUMMARY): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findFirst({
      where: { equipeId, document: documentKey(doc) },
      orderBy: { number: "desc" },
      select: versionSelect,
    });
    return row === null ? undefined : this.withSections(row);
  }

  async version(id: SummaryVersionId): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findUnique({ where: { id }, select: versionSelect });
    return row === null ? undefined : this.withSections(row);
  }

  async versionNumbered(
    equipeId: EquipeId,
    number: number,
    doc: DocumentRef = SUMMARY,
  ): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findUnique({
      where: { equipeId_document_number: { equipeId, document: documentKey(doc), number } },
      select: versionSelect,
    });
    return row === null ? undefined : this.withSections(row);
  }

  async history(
    equipeId: EquipeId,
    doc: DocumentRef = SUMMARY,
  ): Promise<Omit<SummaryVersionRecord, "sections">[]> {
    const rows = await this.db.summaryVersion.findMany({
      where: { equipeId, document: documentKey(doc) },
      orderBy: { number: "desc" },
      select: versionSelect,
    });
    return rows.map((row) => this.header(row));
  }

  async minutesOfDecision(
    decisionId: DecisionId,
  ): Promise<{ meetingId: string; number: number } | undefined> {
    const row = await this.db.summaryDecisionLink.findFirst({
      where: { decisionId },
      orderBy: [{ number: "desc" }, { versionId: "desc" }],
      select: { document: true, number: true },
    });
    const doc = row ? documentOf(row.document) : undefined;
    return row && doc?.kind === "minutes" ? { meetingId: doc.meetingId, number: row.number } : undefined;
  }

  async minutesOf(equipeId: EquipeId): Promise<Map<string, number>> {
    const rows = await this.db.summaryVersion.groupBy({
      by: ["document"],
      where: { equipeId, document: { startsWith: "minutes:" } },
      _max: { number: true },
    });
    const out = new Map<string, number>();
    for (const row of rows) {
      const doc = documentOf(row.document);
      if (doc?.kind === "minutes") out.set(doc.meetingId, row._max.number ?? 0);
    }
    return out;
  }

  async circulate(version: SummaryVersionRecord): Promise<boolean> {
    // Look first: a failed insert would poison the surrounding transaction on PostgreSQL.
    const document = documentKey(version.document);
    const taken = await this.db.summaryVersion.findUnique({
      where: { equipeId_document_number: { equipeId: version.equipeId, document, number: version.number } },
      select: { id: true },
    });
    if (taken) return false;
    await this.db.summaryVersion.create({
      data: {
        id: version.id,
        equipeId: version.equipeId,
        document,
        number: version.number,
        note: this.cipher.seal(version.note, place.versionNote(version.id)),
        extra:
          version.document.kind === "minutes"
            ? this.cipher.seal(
                JSON.stringify({ attendees: version.attendees, decisionIds: version.decisionIds }),
                place.versionExtra(version.id),
              )
            : null,
        changed: JSON.stringify(version.changed),
        circulatedAt: version.circulatedAt,
        circulatedByMemberId: version.circulatedBy,
        acknowledgeBy: version.acknowledgeBy ?? null,
        keyId: this.cipher.keyId,
      },
      select: { id: true },
    });
    if (version.decisionIds.length > 0)
      await this.db.summaryDecisionLink.createMany({
        data: version.decisionIds.map((decisionId) => ({
          versionId: version.id,
          decisionId,
          equipeId: version.equipeId,
          document,
          number: version.number,
        })),
      });
    await this.db.summarySection.createMany({
      data: ALL_SECTION_KEYS.map((key) => {
        const id = newId<"SummarySectionId">();
        const section = version.sections[key];
        return {
          id,
          versionId: version.id,
          key,
          audience: JSON.stringify(section.audience),
          body: this.cipher.seal(section.text, place.sectionBody(id)),
          keyId: this.cipher.keyId,
        };
      }),
    });
    return true;
  }

  async acknowledge(
    versionId: SummaryVersionId,
    equipeId: EquipeId,
    memberId: MemberId,
    at: Date,
  ): Promise<boolean> {
    const seen = await this.db.summaryAcknowledgement.findUnique({
      where: { versionId_memberId: { versionId, memberId } },
      select: { id: true },
    });
    if (seen) return false;
    const version = await this.db.summaryVersion.findUnique({
      where: { id: versionId },
      select: { number: true, document: true },
    });
    if (version === null) return false;
    await this.db.summaryAcknowledgement.create({
      data: {
        id: newId(),
        equipeId,
        document: version.document,
        versionId,
        number: version.number,
        memberId,
        at,
      },
      select: { id: true },
    });
    return true;
  }

  async acknowledgementsOf(versionId: SummaryVersionId): Promise<Map<MemberId, Date>> {
    const rows = await this.db.summaryAcknowledgement.findMany({
      where: { versionId },
      select: { memberId: true, at: true },
    });
    return new Map(rows.map((row) => [row.memberId as MemberId, row.at]));
  }

  async latestAcknowledgements(
    equipeId: EquipeId,
    doc: DocumentRef = SUMMARY,
  ): Promise<Map<MemberId, AcknowledgementRecord>> {
    const rows = await this.db.summaryAcknowledgement.findMany({
      where: { equipeId, document: documentKey(doc) },
      orderBy: { number: "asc" },
      select: { versionId: true, number: true, memberId: true, at: true },
    });
    const latest = new Map<MemberId, AcknowledgementRecord>();
    for (const row of rows)
      latest.set(row.memberId as MemberId, {
        versionId: row.versionId as SummaryVersionId,
        number: row.number,
        memberId: row.memberId as MemberId,
        at: row.at,
      });
    return latest;
  }

  async addComment(comment: {
    id: SummaryCommentId;
    equipeId: EquipeId;
    versionId: SummaryVersionId;
    section: SectionKey;
    memberId: MemberId;
    kind: CommentKind;
    text: string;
    at: Date;
  }): Promise<void> {
    await this.db.summaryComment.create({
      data: {
        id: comment.id,
        equipeId: comment.equipeId,
        versionId: comment.versionId,
        section: comment.section,
        memberId: comment.memberId,
        kind: comment.kind,
        body: this.cipher.seal(comment.text, place.commentBody(comment.id)),
        createdAt: comment.at,
        keyId: this.cipher.keyId,
      },
      select: { id: true },
    });
  }

  private commentOf(row: {
    id: string;
    equipeId: string;
    versionId: string;
    section: string;
    memberId: string;
    kind: string;
    body: string;
    createdAt: Date;
    answer: string | null;
    answerIncluded: boolean;
    answeredAt: Date | null;
    answeredByMemberId: string | null;
  }): SummaryCommentRecord {
    const answer = openOptional(this.cipher, row.answer, place.commentAnswer(row.id));
    return {
      id: row.id as SummaryCommentId,
      equipeId: row.equipeId as EquipeId,
      versionId: row.versionId as SummaryVersionId,
      section: sectionKeySchema.parse(row.section),
      memberId: row.memberId as MemberId,
      kind: commentKindSchema.parse(row.kind),
      text: this.cipher.open(row.body, place.commentBody(row.id)),
      at: row.createdAt,
      answer:
        answer !== null && row.answeredAt !== null && row.answeredByMemberId !== null
          ? {
              text: answer,
              included: row.answerIncluded,
              by: row.answeredByMemberId as MemberId,
              at: row.answeredAt,
            }
          : undefined,
    };
  }

  async comment(id: SummaryCommentId): Promise<SummaryCommentRecord | undefined> {
    const row = await this.db.summaryComment.findUnique({ where: { id } });
    return row === null ? undefined : this.commentOf(row);
  }

  async comments(
    equipeId: EquipeId,
    filter: { open?: boolean; memberId?: MemberId },
  ): Promise<SummaryCommentRecord[]> {
    const rows = await this.db.summaryComment.findMany({
      where: {
        equipeId,
        ...(filter.open ? { answeredAt: null } : {}),
        ...(filter.memberId !== undefined ? { memberId: filter.memberId } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    });
    return rows.map((row) => this.commentOf(row));
  }

  async answerComment(
    id: SummaryCommentId,
    answer: { text: string; included: boolean; by: MemberId; at: Date },
  ): Promise<boolean> {
    const { count } = await this.db.summaryComment.updateMany({
      where: { id, answeredAt: null },
      data: {
        answer: this.cipher.seal(answer.text, place.commentAnswer(id)),
        answerIncluded: answer.included,
        answeredAt: answer.at,
        answeredByMemberId: answer.by,
        keyId: this.cipher.keyId,
      },
    });
    return count === 1;
  }

  async issueEditLink(link: EditLinkIssue, at: Date): Promise<void> {
    await this.db.summaryEditLink.updateMany({
      where: { memberId: link.memberId, revokedAt: null },
      data: { revokedAt: at },
    });
    // Expired ones open nothing any more: no reason to keep their rows.
    await this.db.summaryEditLink.deleteMany({ where: { memberId: link.memberId, expiresAt: { lte: at } } });
    await this.db.summaryEditLink.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        equipeId: link.equipeId,
        document: documentKey(link.document),
        memberId: link.memberId,
        createdAt: at,
        expiresAt: link.expiresAt,
      },
      select: { id: true },
    });
  }

  async revokeEditLinks(memberId: MemberId, at: Date): Promise<void> {
    await this.db.summaryEditLink.updateMany({
      where: { memberId, revokedAt: null },
      data: { revokedAt: at },
    });
  }

  async findEditLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ id: string; equipeId: EquipeId; memberId: MemberId; document: DocumentRef } | undefined> {
    const row = await this.db.summaryEditLink.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        tokenHash: true,
        equipeId: true,
        document: true,
        memberId: true,
        expiresAt: true,
        revokedAt: true,
      },
    });
    if (row === null || row.revokedAt !== null || row.expiresAt <= now || !sameHash(row.tokenHash, tokenHash))
      return undefined;
    const document = documentOf(row.document);
    if (document === undefined) return undefined;
    return { id: row.id, equipeId: row.equipeId as EquipeId, memberId: row.memberId as MemberId, document };
  }
}
