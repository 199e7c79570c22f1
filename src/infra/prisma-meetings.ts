import type { ChatUserRef } from "../content/model.ts";
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
import type { Stamp } from "./change-clock.ts";
import type { FieldCipher } from "./field-cipher.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn, sealIn } from "./sealed-rows.ts";

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
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
    private readonly stamp: Stamp,
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
