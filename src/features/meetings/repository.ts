import type { ChatUserRef } from "../../content/model.ts";
import type { EquipeId, MeetingId, MemberId, SlotId } from "../../domain/ids.ts";
import type { Answer, MeetingStatus, Purpose } from "../../domain/meeting.ts";
import type { EquipeRecord } from "../equipe/repository.ts";

export interface SlotRecord {
  id: SlotId;
  position: number;
  startsAt: Date;
}

export interface MeetingRecord {
  id: MeetingId;
  equipeId: EquipeId;
  icalUid: string;
  purpose: Purpose;
  durationMinutes: number;
  location: string | undefined;
  deadline: Date;
  status: MeetingStatus;
  confirmedSlotId: SlotId | undefined;
  /** Set once confirmed; moved by a reschedule. */
  startsAt: Date | undefined;
  sequence: number;
  createdByMemberId: MemberId;
  /** In time order; `position` is the 1-based number people see. */
  slots: SlotRecord[];
}

export interface AvailabilityRecord {
  slotId: SlotId;
  memberId: MemberId;
  answer: Answer;
  recordedByMemberId: MemberId | undefined;
}

export interface MeetingRepository {
  create(meeting: MeetingRecord): Promise<void>;
  findById(id: MeetingId): Promise<MeetingRecord | undefined>;
  /** The équipe's poll still collecting answers, if any (at most one at a time). */
  findOpenPoll(equipeId: EquipeId): Promise<MeetingRecord | undefined>;
  /** The next confirmed meeting that has not started yet. */
  findNextConfirmed(equipeId: EquipeId, now: Date): Promise<MeetingRecord | undefined>;
  /**
   * What is under way, read at once (`stato`): the poll still collecting answers, if any, and
   * every confirmed meeting that has not started yet, soonest first.
   */
  underWay(
    equipeId: EquipeId,
    now: Date,
  ): Promise<{ poll: MeetingRecord | undefined; upcoming: MeetingRecord[] }>;
  /** Confirmed meetings (not yet long past) of every équipe this chat user is an active member of. */
  confirmedForUser(
    user: ChatUserRef,
    since: Date,
  ): Promise<{ meeting: MeetingRecord; equipe: EquipeRecord; updatedAt: Date }[]>;
  answers(meetingId: MeetingId): Promise<AvailabilityRecord[]>;
  setAnswer(answer: AvailabilityRecord): Promise<void>;
  update(
    id: MeetingId,
    changes: { status?: MeetingStatus; confirmedSlotId?: SlotId | null; startsAt?: Date; sequence?: number },
  ): Promise<void>;
}

/** A personal feed link as stored: the row that stands for it and its token's hash (never the token). */
export interface FeedLinkRecord {
  id: string;
  tokenHash: string;
}

export interface FeedTokenRepository {
  /** The user's links not revoked, oldest first. */
  live(user: ChatUserRef): Promise<FeedLinkRecord[]>;
  /** Stores a new link of the user's. */
  create(user: ChatUserRef, link: FeedLinkRecord, at: Date): Promise<void>;
  /** Revokes every link of the user's; says how many were live. */
  revokeAll(user: ChatUserRef, at: Date): Promise<number>;
  /** The user a live token hash belongs to. */
  findUser(tokenHash: string): Promise<ChatUserRef | undefined>;
}

/** Capability tokens for one member's copy of one meeting's calendar file. */
export interface EventTokenRepository {
  /** Stores the hash of a new token for this member and meeting, under the row id it is derived from. */
  create(id: string, meetingId: MeetingId, memberId: MemberId, tokenHash: string, at: Date): Promise<void>;
  /** The meeting and member a live token hash belongs to. */
  find(tokenHash: string): Promise<{ meetingId: MeetingId; memberId: MemberId } | undefined>;
  /** Revokes every token of this member (they left the équipe). */
  revokeMember(memberId: MemberId, at: Date): Promise<void>;
  /** The members this meeting's invitation (or move) was made for: each has its calendar link. */
  invitedTo(meetingId: MeetingId): Promise<Set<MemberId>>;
}

export interface MeetingRepositories {
  meetings: MeetingRepository;
  feeds: FeedTokenRepository;
  eventTokens: EventTokenRepository;
}
