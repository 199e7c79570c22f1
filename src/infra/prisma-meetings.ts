import { type ChatUserRef, platformSchema } from "../content/model.ts";
import type { CaseCode } from "../domain/case-code.ts";
import type { EquipeRecord } from "../domain/equipe.ts";
import type { EquipeId, MeetingId, MemberId, SlotId } from "../domain/ids.ts";
import { answerSchema, type MeetingStatus, purposeSchema } from "../domain/meeting.ts";
import type {
  AvailabilityRecord,
  MeetingRecord,
  MeetingRepository,
} from "../features/meetings/repository.ts";
import { matchLocale } from "../i18n/locale.ts";
import type { ChannelRef } from "../ports/channel.ts";
import type { Stamp } from "./change-clock.ts";
import type { FieldCipher } from "./field-cipher.ts";
import { toEquipe } from "./prisma-equipes.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn, sealIn } from "./sealed-rows.ts";
import type { UnitReads } from "./unit-reads.ts";

const meetingSelect = {
  id: true,
  equipeId: true,
  icalUid: true,
  purpose: true,
  durationMinutes: true,
  location: true,
  deadline: true,
  status: true,
  confirmedSlotId: true,
  startsAt: true,
  sequence: true,
  createdByMemberId: true,
  keyId: true,
  slots: { select: { id: true, position: true, startsAt: true }, orderBy: { position: "asc" } },
} as const;

type MeetingRow = {
  id: string;
  equipeId: string;
  icalUid: string;
  purpose: string;
  durationMinutes: number;
  location: string | null;
  deadline: Date;
  status: string;
  confirmedSlotId: string | null;
  startsAt: Date | null;
  sequence: number;
  createdByMemberId: string;
  keyId: string | null;
  slots: { id: string; position: number; startsAt: Date }[];
};

/** A row of `findWithEquipe`: the meeting, its équipe's fields, one of its times and one of its équipe's conversations (if any). */
type MeetingWithEquipeRow = Omit<MeetingRow, "slots" | "deadline" | "startsAt"> & {
  bindingId: string | null;
  platform: string | null;
  workspaceId: string | null;
  channelId: string | null;
  deadline: Date | string;
  startsAt: Date | string | null;
  caseCode: string;
  timezone: string;
  locale: string;
  slotId: string | null;
  slotPosition: number | bigint | null;
  slotStartsAt: Date | string | null;
};

/** A timestamp a raw query read: a Date already, or its text (UTC, as the columns store it). */
function instant(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}

function toMeeting(cipher: FieldCipher, row: MeetingRow): MeetingRecord {
  return {
    id: row.id as MeetingId,
    equipeId: row.equipeId as EquipeId,
    icalUid: row.icalUid,
    purpose: purposeSchema.parse(row.purpose),
    durationMinutes: row.durationMinutes,
    location: openIn(cipher, "Meeting", "location", row.id, row.keyId, row.location) ?? undefined,
    deadline: row.deadline,
    status: row.status as MeetingStatus,
    confirmedSlotId: (row.confirmedSlotId ?? undefined) as SlotId | undefined,
    startsAt: row.startsAt ?? undefined,
    sequence: row.sequence,
    createdByMemberId: row.createdByMemberId as MemberId,
    slots: row.slots.map((slot) => ({ ...slot, id: slot.id as SlotId })),
  };
}

export class PrismaMeetingRepository implements MeetingRepository {
  /** @param reads what the unit of work has read; none outside one. */
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
    private readonly stamp: Stamp,
    private readonly reads?: UnitReads,
  ) {}

  async create(meeting: MeetingRecord): Promise<void> {
    const { slots, confirmedSlotId, location, startsAt, ...rest } = meeting;
    await this.db.meeting.create({
      data: {
        ...rest,
        startsAt: startsAt ?? null,
        location: sealIn(this.cipher, "Meeting", "location", meeting.id, location),
        keyId: this.cipher.keyId,
        confirmedSlotId: confirmedSlotId ?? null,
        slots: {
          create: slots.map((slot) => ({ id: slot.id, position: slot.position, startsAt: slot.startsAt })),
        },
      },
      select: { id: true },
    });
  }

  async findById(id: MeetingId): Promise<MeetingRecord | undefined> {
    const row = await this.db.meeting.findUnique({ where: { id }, select: meetingSelect });
    return row ? toMeeting(this.cipher, row) : undefined;
  }

  async findWithEquipe(id: MeetingId): Promise<{ meeting: MeetingRecord; equipe: EquipeRecord } | undefined> {
    // One statement where Prisma would run one per relation: a row per time and conversation of
    // the équipe (a meeting has a few of each), the meeting and its équipe repeated on each. The
    // équipe's conversations are kept for the unit of work: what a click is about is posted there.
    const rows = await this.db.$queryRaw<MeetingWithEquipeRow[]>`
      SELECT m.id, m."equipeId", m."icalUid", m.purpose, m."durationMinutes", m.location, m.deadline,
        m.status, m."confirmedSlotId", m."startsAt", m.sequence, m."createdByMemberId", m."keyId",
        e."caseCode", e.timezone, e.locale,
        s.id AS "slotId", s.position AS "slotPosition", s."startsAt" AS "slotStartsAt",
        c.id AS "bindingId", c.platform, c."workspaceId", c."channelId"
      FROM "Meeting" AS m
      JOIN "Equipe" AS e ON e.id = m."equipeId"
      LEFT JOIN "Slot" AS s ON s."meetingId" = m.id
      LEFT JOIN "ChannelBinding" AS c ON c."equipeId" = m."equipeId"
      WHERE m.id = ${id}
      ORDER BY s.position, c."createdAt", c.id`;
    const [first] = rows;
    if (first === undefined) return undefined;
    const slots = new Map<string, { id: string; position: number; startsAt: Date }>();
    const channels = new Map<string, ChannelRef>();
    for (const row of rows) {
      if (
        row.slotId !== null &&
        row.slotPosition !== null &&
        row.slotStartsAt !== null &&
        !slots.has(row.slotId)
      )
        slots.set(row.slotId, {
          id: row.slotId,
          position: Number(row.slotPosition),
          startsAt: instant(row.slotStartsAt),
        });
      if (row.bindingId !== null && row.platform !== null && !channels.has(row.bindingId))
        channels.set(row.bindingId, {
          platform: platformSchema.parse(row.platform),
          workspaceId: row.workspaceId ?? "",
          channelId: row.channelId ?? "",
        });
    }
    const meeting = toMeeting(this.cipher, {
      ...first,
      durationMinutes: Number(first.durationMinutes),
      sequence: Number(first.sequence),
      deadline: instant(first.deadline),
      startsAt: first.startsAt === null ? null : instant(first.startsAt),
      slots: [...slots.values()],
    });
    const equipe = toEquipe({
      id: first.equipeId,
      caseCode: first.caseCode,
      timezone: first.timezone,
      locale: first.locale,
    });
    this.reads?.channels.set(equipe.id, [...channels.values()]);
    return { meeting, equipe };
  }

  async findOpenPoll(equipeId: EquipeId): Promise<MeetingRecord | undefined> {
    const row = await this.db.meeting.findFirst({
      where: { equipeId, status: "polling" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: meetingSelect,
    });
    return row ? toMeeting(this.cipher, row) : undefined;
  }

  async findNextConfirmed(equipeId: EquipeId, now: Date): Promise<MeetingRecord | undefined> {
    const row = await this.db.meeting.findFirst({
      where: { equipeId, status: "confirmed", startsAt: { gt: now } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: meetingSelect,
    });
    return row ? toMeeting(this.cipher, row) : undefined;
  }

  async findLastBegun(equipeId: EquipeId, now: Date): Promise<MeetingRecord | undefined> {
    const row = await this.db.meeting.findFirst({
      where: { equipeId, status: "confirmed", startsAt: { lte: now } },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      select: meetingSelect,
    });
    return row ? toMeeting(this.cipher, row) : undefined;
  }

  async underWay(
    equipeId: EquipeId,
    now: Date,
  ): Promise<{ poll: MeetingRecord | undefined; upcoming: MeetingRecord[] }> {
    // One query for both: a poll has no start yet, so the confirmed ones come first by start.
    const rows = await this.db.meeting.findMany({
      where: {
        equipeId,
        OR: [{ status: "polling" }, { status: "confirmed", startsAt: { gt: now } }],
      },
      orderBy: [{ startsAt: "asc" }, { createdAt: "desc" }, { id: "asc" }],
      select: meetingSelect,
    });
    const meetings = rows.map((row) => toMeeting(this.cipher, row));
    return {
      poll: meetings.find((m) => m.status === "polling"),
      upcoming: meetings.filter((m) => m.status === "confirmed"),
    };
  }

  async confirmedForUser(
    user: ChatUserRef,
    since: Date,
  ): Promise<{ meeting: MeetingRecord; equipe: EquipeRecord; updatedAt: Date }[]> {
    const rows = await this.db.meeting.findMany({
      where: {
        status: "confirmed",
        startsAt: { gte: since },
        equipe: {
          members: {
            some: {
              kind: "chat",
              platform: user.platform,
              workspaceId: user.workspaceId,
              platformUserId: user.userId,
              removedAt: null,
            },
          },
        },
      },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: {
        ...meetingSelect,
        updatedAt: true,
        equipe: { select: { id: true, caseCode: true, timezone: true, locale: true } },
      },
    });
    return rows.map((row) => ({
      meeting: toMeeting(this.cipher, row),
      updatedAt: row.updatedAt,
      equipe: {
        id: row.equipe.id as EquipeId,
        caseCode: row.equipe.caseCode as CaseCode,
        timezone: row.equipe.timezone,
        locale: matchLocale(row.equipe.locale) ?? "it",
      },
    }));
  }

  async answers(meetingId: MeetingId): Promise<AvailabilityRecord[]> {
    const rows = await this.db.availability.findMany({
      where: { slot: { meetingId } },
      select: { slotId: true, memberId: true, answer: true, recordedByMemberId: true },
    });
    return rows.map((row) => ({
      slotId: row.slotId as SlotId,
      memberId: row.memberId as MemberId,
      answer: answerSchema.parse(row.answer),
      recordedByMemberId: (row.recordedByMemberId ?? undefined) as MemberId | undefined,
    }));
  }

  async setAnswer(answer: AvailabilityRecord): Promise<void> {
    const data = { answer: answer.answer, recordedByMemberId: answer.recordedByMemberId ?? null };
    await this.db.availability.upsert({
      where: { slotId_memberId: { slotId: answer.slotId, memberId: answer.memberId } },
      create: { id: crypto.randomUUID(), slotId: answer.slotId, memberId: answer.memberId, ...data },
      update: data,
      select: { id: true },
    });
  }

  async update(
    id: MeetingId,
    changes: { status?: MeetingStatus; confirmedSlotId?: SlotId | null; startsAt?: Date; sequence?: number },
    at: Date,
  ): Promise<void> {
    // The feeds' validators read this stamp (src/infra/change-clock.ts).
    const updatedAt = await this.stamp(at);
    await this.db.meeting.update({ where: { id }, data: { ...changes, updatedAt }, select: { id: true } });
  }
}
