import type { EquipeId, MeetingId, MemberId, SlotId } from "../domain/ids.ts";
import { answerSchema, type MeetingStatus, purposeSchema } from "../domain/meeting.ts";
import type { AvailabilityRecord, MeetingRecord, MeetingRepository } from "../ports/store.ts";
import type { Tx } from "./prisma-tx.ts";

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
  sequence: true,
  createdByMemberId: true,
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
  sequence: number;
  createdByMemberId: string;
  slots: { id: string; position: number; startsAt: Date }[];
};

function toMeeting(row: MeetingRow): MeetingRecord {
  return {
    id: row.id as MeetingId,
    equipeId: row.equipeId as EquipeId,
    icalUid: row.icalUid,
    purpose: purposeSchema.parse(row.purpose),
    durationMinutes: row.durationMinutes,
    location: row.location ?? undefined,
    deadline: row.deadline,
    status: row.status as MeetingStatus,
    confirmedSlotId: (row.confirmedSlotId ?? undefined) as SlotId | undefined,
    sequence: row.sequence,
    createdByMemberId: row.createdByMemberId as MemberId,
    slots: row.slots.map((slot) => ({ ...slot, id: slot.id as SlotId })),
  };
}

export class PrismaMeetingRepository implements MeetingRepository {
  constructor(private readonly db: Tx) {}

  async create(meeting: MeetingRecord): Promise<void> {
    const { slots, confirmedSlotId, location, ...rest } = meeting;
    await this.db.meeting.create({
      data: {
        ...rest,
        location: location ?? null,
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
    return row ? toMeeting(row) : undefined;
  }

  async findOpenPoll(equipeId: EquipeId): Promise<MeetingRecord | undefined> {
    const row = await this.db.meeting.findFirst({
      where: { equipeId, status: "polling" },
      orderBy: { createdAt: "desc" },
      select: meetingSelect,
    });
    return row ? toMeeting(row) : undefined;
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
    changes: { status?: MeetingStatus; confirmedSlotId?: SlotId | null; sequence?: number },
  ): Promise<void> {
    await this.db.meeting.update({ where: { id }, data: changes, select: { id: true } });
  }
}
