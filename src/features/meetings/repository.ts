import type { ChatUserRef } from "../../content/model.ts";
import type { EquipeId, MeetingId, MemberId, OrganisationId, SlotId } from "../../domain/ids.ts";
import type { Answer, MeetingStatus, Purpose } from "../../domain/meeting.ts";
import type { Locale } from "../../i18n/locale.ts";
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
  /** The meeting with its times and its équipe, read at once (what a click on it is about). */
  findWithEquipe(id: MeetingId): Promise<{ meeting: MeetingRecord; equipe: EquipeRecord } | undefined>;
  /** The équipe's poll still collecting answers, if any (at most one at a time). */
  findOpenPoll(equipeId: EquipeId): Promise<MeetingRecord | undefined>;
  /** The next confirmed meeting that has not started yet. */
  findNextConfirmed(equipeId: EquipeId, now: Date): Promise<MeetingRecord | undefined>;
  /** The latest confirmed meeting that has begun (the one minutes are written for). */
  findLastBegun(equipeId: EquipeId, now: Date): Promise<MeetingRecord | undefined>;
  /**
   * What is under way, read at once (`stato`): the poll still collecting answers, if any, and
   * every confirmed meeting that has not started yet, soonest first.
   */
  underWay(
    equipeId: EquipeId,
    now: Date,
  ): Promise<{ poll: MeetingRecord | undefined; upcoming: MeetingRecord[] }>;
  answers(meetingId: MeetingId): Promise<AvailabilityRecord[]>;
  setAnswer(answer: AvailabilityRecord): Promise<void>;
  /** Changes a meeting at `at` (the service's clock: feeds' validators read it). */
  update(
    id: MeetingId,
    changes: { status?: MeetingStatus; confirmedSlotId?: SlotId | null; startsAt?: Date; sequence?: number },
    at: Date,
  ): Promise<void>;
}

/** A feed link as stored: the row that stands for it and its token's hash (never the token). */
export interface FeedLinkRecord {
  id: string;
  tokenHash: string;
}

/**
 * Whose calendar a feed link shows: a chat user (every équipe they are in), a member outside chat
 * (their équipe), or a partner organisation (every équipe in which one of its people takes part).
 */
export type FeedSubject =
  | { kind: "person"; user: ChatUserRef }
  | { kind: "member"; memberId: MemberId }
  | { kind: "organisation"; organisationId: OrganisationId };

export interface FeedTokenRepository {
  /** The subscriber's links not revoked, oldest first. */
  live(subject: FeedSubject): Promise<FeedLinkRecord[]>;
  /** Stores a new link of the subscriber's (issued by a coordinator, for members outside chat and organisations). */
  create(subject: FeedSubject, link: FeedLinkRecord, at: Date, issuedBy?: MemberId): Promise<void>;
  /** Revokes every link of the subscriber's; says how many were live. */
  revokeAll(subject: FeedSubject, at: Date): Promise<number>;
  /** Whose feed a live token hash opens. */
  findSubject(tokenHash: string): Promise<FeedSubject | undefined>;
}

/** One confirmed meeting as a feed shows it: what an event needs, nothing else. */
export interface FeedMeetingRow {
  meeting: Pick<
    MeetingRecord,
    | "id"
    | "equipeId"
    | "icalUid"
    | "purpose"
    | "durationMinutes"
    | "location"
    | "status"
    | "startsAt"
    | "sequence"
    | "createdByMemberId"
  > & {
    /** The stamp of its last change (src/infra/change-clock.ts). */
    updatedAt: Date;
  };
  equipe: EquipeRecord;
}

/** The équipes a feed covers now, and how the subscriber reads each. */
export interface FeedScope {
  /** The équipes whose meetings are in the feed. */
  equipes: {
    equipeId: EquipeId;
    reader: "professional" | "plain" | "organisation";
    /** The stamp of the équipe's last meeting change (confirmed, moved, cancelled); 0 for none. */
    meetingsChangedAt: number;
    /** The stamp of the last change of its members (the names plain readers see); 0 for none. */
    membersChangedAt: number;
  }[];
  /**
   * The latest moment anything the feed shows could have changed for this subscriber, read from
   * the data (never from a rendering): meetings confirmed, moved or cancelled; joining, leaving,
   * role changes in those équipes; the subscriber's own memberships ending; a meeting leaving the
   * window. It never goes backwards.
   */
  changedAt: Date;
  /** The start of the last meeting that left the window (0 for none): its leaving changes the feed. */
  leftWindowAt: number;
  /** The subscriber's name for the calendar (an organisation's), where it has one. */
  name: string | undefined;
  locale: Locale | undefined;
}

/** The meetings a feed shows: those starting from `since`; each stays `keepMs` after its start. */
export interface FeedWindow {
  since: Date;
  keepMs: number;
}

/** The équipes a subscriber's feed covers, before their stamps are read. */
export interface FeedCover {
  equipes: Omit<FeedScope["equipes"][number], "meetingsChangedAt" | "membersChangedAt">[];
  /** When the subscriber's own part changed last: joining, leaving, a role, an organisation's membership. */
  changedAt: Date;
  name: string | undefined;
  locale: Locale | undefined;
}

/** What moves a feed in one équipe, as stamps (ms since the epoch; 0 for none). */
export interface EquipeFeedStamps {
  equipeId: EquipeId;
  /** The last meeting confirmed, moved or cancelled. */
  meetingsChangedAt: number;
  /** The latest start of a confirmed meeting before the window: the last one that left it. */
  lastStartBefore: number;
  /** The last change of the équipe's members (who reads how, and the names plain readers see). */
  membersChangedAt: number;
}

/** Reads for calendar feeds, shaped for many meetings: no slots, no answers. */
export interface CalendarFeedReads {
  /** What the subscriber's feed covers, or undefined when the feed is gone (its member removed). */
  covered(subject: FeedSubject): Promise<FeedCover | undefined>;
  /** The stamps of these équipes, for a window starting at `since`; one per équipe asked for. */
  stamps(equipeIds: readonly EquipeId[], since: Date): Promise<EquipeFeedStamps[]>;
  /** The confirmed meetings of these équipes starting at or after `since`, in time order. */
  meetings(equipeIds: readonly EquipeId[], since: Date): Promise<FeedMeetingRow[]>;
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
  calendarFeeds: CalendarFeedReads;
  eventTokens: EventTokenRepository;
}
