import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { EquipeId, MemberId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import {
  audienceSchema,
  type CommentKind,
  commentKindSchema,
  emptySections,
  SECTION_KEYS,
  type SectionKey,
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
import type { Tx } from "./prisma-tx.ts";

/** A draft's sections as sealed JSON: text and readers of each. */
const draftSectionsSchema = z.array(
  z.object({ key: sectionKeySchema, text: z.string(), audience: audienceSchema }),
);
const changedSchema = z.array(sectionKeySchema);

function sectionsFrom(list: z.infer<typeof draftSectionsSchema>): SummarySections {
  const sections = emptySections();
  for (const section of list) sections[section.key] = section;
  return sections;
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const versionSelect = {
  id: true,
  equipeId: true,
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
  number: number;
  note: string;
  changed: string;
  circulatedAt: Date;
  circulatedByMemberId: string;
  acknowledgeBy: Date | null;
};

/** Where each sealed value belongs (its additional data): a value moved elsewhere does not open. */
const place = {
  draftSections: (equipeId: string) => `SummaryDraft.sections:${equipeId}`,
  draftNote: (equipeId: string) => `SummaryDraft.note:${equipeId}`,
  versionNote: (id: string) => `SummaryVersion.note:${id}`,
  sectionBody: (id: string) => `SummarySection.body:${id}`,
  commentBody: (id: string) => `SummaryComment.body:${id}`,
  commentAnswer: (id: string) => `SummaryComment.answer:${id}`,
};

export class PrismaSummaryRepository implements SummaryRepository {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  async draft(equipeId: EquipeId): Promise<SummaryDraftRecord | undefined> {
    const row = await this.db.summaryDraft.findUnique({ where: { equipeId } });
    if (row === null) return undefined;
    const list = draftSectionsSchema.parse(
      JSON.parse(this.cipher.open(row.sections, place.draftSections(equipeId))),
    );
    return {
      sections: sectionsFrom(list),
      note: this.cipher.open(row.note, place.draftNote(equipeId)),
      acknowledgeBy: row.acknowledgeBy ?? undefined,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedByMemberId as MemberId,
    };
  }

  async saveDraft(equipeId: EquipeId, draft: SummaryDraftRecord): Promise<void> {
    const data = {
      sections: this.cipher.seal(
        JSON.stringify(SECTION_KEYS.map((key) => draft.sections[key])),
        place.draftSections(equipeId),
      ),
      note: this.cipher.seal(draft.note, place.draftNote(equipeId)),
      acknowledgeBy: draft.acknowledgeBy ?? null,
      updatedAt: draft.updatedAt,
      updatedByMemberId: draft.updatedBy,
      keyId: this.cipher.keyId,
    };
    await this.db.summaryDraft.upsert({
      where: { equipeId },
      create: { equipeId, ...data },
      update: data,
      select: { equipeId: true },
    });
  }

  async dropDraft(equipeId: EquipeId): Promise<void> {
    await this.db.summaryDraft.deleteMany({ where: { equipeId } });
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
    return {
      id: row.id as SummaryVersionId,
      equipeId: row.equipeId as EquipeId,
      number: row.number,
      note: this.cipher.open(row.note, place.versionNote(row.id)),
      changed: changedSchema.parse(JSON.parse(row.changed)),
      circulatedAt: row.circulatedAt,
      circulatedBy: row.circulatedByMemberId as MemberId,
      acknowledgeBy: row.acknowledgeBy ?? undefined,
    };
  }

  async latest(equipeId: EquipeId): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findFirst({
      where: { equipeId },
      orderBy: { number: "desc" },
      select: versionSelect,
    });
    return row === null ? undefined : this.withSections(row);
  }

  async version(id: SummaryVersionId): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findUnique({ where: { id }, select: versionSelect });
    return row === null ? undefined : this.withSections(row);
  }

  async versionNumbered(equipeId: EquipeId, number: number): Promise<SummaryVersionRecord | undefined> {
    const row = await this.db.summaryVersion.findUnique({
      where: { equipeId_number: { equipeId, number } },
      select: versionSelect,
    });
    return row === null ? undefined : this.withSections(row);
  }

  async history(equipeId: EquipeId): Promise<Omit<SummaryVersionRecord, "sections">[]> {
    const rows = await this.db.summaryVersion.findMany({
      where: { equipeId },
      orderBy: { number: "desc" },
      select: versionSelect,
    });
    return rows.map((row) => this.header(row));
  }

  async circulate(version: SummaryVersionRecord): Promise<boolean> {
    // Look first: a failed insert would poison the surrounding transaction on PostgreSQL.
    const taken = await this.db.summaryVersion.findUnique({
      where: { equipeId_number: { equipeId: version.equipeId, number: version.number } },
      select: { id: true },
    });
    if (taken) return false;
    await this.db.summaryVersion.create({
      data: {
        id: version.id,
        equipeId: version.equipeId,
        number: version.number,
        note: this.cipher.seal(version.note, place.versionNote(version.id)),
        changed: JSON.stringify(version.changed),
        circulatedAt: version.circulatedAt,
        circulatedByMemberId: version.circulatedBy,
        acknowledgeBy: version.acknowledgeBy ?? null,
        keyId: this.cipher.keyId,
      },
      select: { id: true },
    });
    await this.db.summarySection.createMany({
      data: SECTION_KEYS.map((key) => {
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
      select: { number: true },
    });
    if (version === null) return false;
    await this.db.summaryAcknowledgement.create({
      data: { id: newId(), equipeId, versionId, number: version.number, memberId, at },
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

  async latestAcknowledgements(equipeId: EquipeId): Promise<Map<MemberId, AcknowledgementRecord>> {
    const rows = await this.db.summaryAcknowledgement.findMany({
      where: { equipeId },
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
        memberId: link.memberId,
        createdAt: at,
        expiresAt: link.expiresAt,
      },
      select: { id: true },
    });
  }

  async findEditLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ id: string; equipeId: EquipeId; memberId: MemberId } | undefined> {
    const row = await this.db.summaryEditLink.findUnique({
      where: { tokenHash },
      select: { id: true, tokenHash: true, equipeId: true, memberId: true, expiresAt: true, revokedAt: true },
    });
    if (row === null || row.revokedAt !== null || row.expiresAt <= now || !sameHash(row.tokenHash, tokenHash))
      return undefined;
    return { id: row.id, equipeId: row.equipeId as EquipeId, memberId: row.memberId as MemberId };
  }
}
