import type { CaseCode } from "../domain/case-code.ts";
import type { DecisionAnswer, DecisionKind, DecisionStatus, Side } from "../domain/decision.ts";
import type { DecisionId, EquipeId, MeetingId, MemberId, SlotId } from "../domain/ids.ts";
import type { Answer, MeetingStatus, Purpose } from "../domain/meeting.ts";
import type { Outgoing, Platform } from "../domain/message.ts";
import type { Role } from "../domain/roles.ts";
import type { Locale } from "../i18n/catalogue.ts";

/** A chat conversation bound to an équipe. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** A person as a chat platform knows them. */
export interface ChatUserRef {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

export interface EquipeRecord {
  id: EquipeId;
  caseCode: CaseCode;
  timezone: string;
  locale: Locale;
}

export type MemberRecord = {
  id: MemberId;
  equipeId: EquipeId;
  role: Role;
  isCoordinator: boolean;
  locale: Locale | undefined;
} & (
  | {
      kind: "chat";
      user: ChatUserRef;
      /** From the platform's roster (Teams) or profile (Slack) when it was read. */
      displayName: string | undefined;
      /** Known when the platform's roster gives it (Teams): then invites also go by e-mail. */
      email: string | undefined;
    }
  | { kind: "external"; displayName: string; email: string }
);
export type ChatMemberRecord = Extract<MemberRecord, { kind: "chat" }>;

export interface EquipeRepository {
  findById(id: EquipeId): Promise<EquipeRecord | undefined>;
  findByChannel(channel: ChannelRef): Promise<EquipeRecord | undefined>;
  findByCaseCode(caseCode: CaseCode): Promise<EquipeRecord | undefined>;
  create(equipe: EquipeRecord): Promise<void>;
  bindChannel(equipeId: EquipeId, channel: ChannelRef): Promise<void>;
  channelsOf(equipeId: EquipeId): Promise<ChannelRef[]>;
}

export interface NewChatMember {
  equipeId: EquipeId;
  user: ChatUserRef;
  role: Role;
  isCoordinator: boolean;
  locale: Locale | undefined;
  /** What the platform's directory says of the person; undefined keeps what is stored. */
  profile?: PersonProfile | undefined;
}

/** A chat user as the platform's roster describes them. */
export interface PersonProfile {
  displayName: string;
  email: string | undefined;
}

export interface NewExternalMember {
  equipeId: EquipeId;
  displayName: string;
  email: string;
  role: Role;
}

export interface MemberRepository {
  /** Active (not removed) member of the équipe who is this chat user. */
  findChatMember(equipeId: EquipeId, user: ChatUserRef): Promise<MemberRecord | undefined>;
  /** Active external member with this (lower-cased) e-mail. */
  findExternalByEmail(equipeId: EquipeId, email: string): Promise<MemberRecord | undefined>;
  listActive(equipeId: EquipeId): Promise<MemberRecord[]>;
  /** Every member the équipe ever had, removed ones included (names in records of the past). */
  listAll(equipeId: EquipeId): Promise<MemberRecord[]>;
  /** This chat user's active memberships, in every équipe. */
  membershipsOf(user: ChatUserRef): Promise<MemberRecord[]>;
  /** Adds the chat user, or brings back / updates them; says which. */
  upsertChatMember(member: NewChatMember): Promise<{ member: MemberRecord; created: boolean }>;
  upsertExternalMember(member: NewExternalMember): Promise<{ member: MemberRecord; created: boolean }>;
  remove(memberId: MemberId, at: Date): Promise<void>;
}

export interface OutboxWriter {
  enqueue(messages: readonly Outgoing[], at: Date): Promise<void>;
}

export interface AuditEntryRecord {
  actorId: MemberId | undefined;
  action: string;
  subjectId: string | undefined;
  at: Date;
}

export interface AuditLog {
  /** Ids only: never names, e-mails or case content. */
  record(entry: {
    equipeId: EquipeId;
    actorId: MemberId | undefined;
    action: string;
    subjectId?: string;
    /** When it happened (the service's clock); the database's own time when omitted. */
    at?: Date;
  }): Promise<void>;
  /** The trail of one subject (a decision), oldest first. */
  forSubject(equipeId: EquipeId, subjectId: string): Promise<AuditEntryRecord[]>;
}

export interface DeliveryLog {
  /** Records a platform delivery id; false when it was already handled (a platform retry). */
  firstTime(key: string): Promise<boolean>;
}

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

export interface JobScheduler {
  /** Schedules work once per key: scheduling the same key again changes nothing. */
  schedule(job: { kind: string; key: string; dueAt: Date; payload: Record<string, string> }): Promise<void>;
  /** Cancels pending jobs whose key starts with the prefix (a cancelled or moved meeting). */
  cancelPending(keyPrefix: string): Promise<void>;
}

export interface FeedTokenRepository {
  /** Revokes the user's current token(s) and stores the hash of a new one. */
  replace(user: ChatUserRef, tokenHash: string, at: Date): Promise<void>;
  /** Whether the user has a live token (its value is never stored, so it cannot be shown again). */
  hasLive(user: ChatUserRef): Promise<boolean>;
  /** The user a live token hash belongs to. */
  findUser(tokenHash: string): Promise<ChatUserRef | undefined>;
}

export interface DecisionRecord {
  id: DecisionId;
  equipeId: EquipeId;
  question: string;
  context: string | undefined;
  kind: DecisionKind;
  options: string[];
  deadline: Date;
  status: DecisionStatus;
  familyRequired: boolean;
  familyExclusionReason: string | undefined;
  createdByMemberId: MemberId;
  createdAt: Date;
  closedAt: Date | undefined;
  outcome: string | undefined;
  overrideReason: string | undefined;
  reviewAt: Date | undefined;
  recordedByMemberId: MemberId | undefined;
  recordedAt: Date | undefined;
  /** Set when a coordinator withdrew the decision before its outcome. */
  cancellation: { reason: string; byMemberId: MemberId; at: Date } | undefined;
}

export interface ParticipantRecord {
  memberId: MemberId;
  required: boolean;
}

export interface ViewpointRecord {
  memberId: MemberId;
  answer: DecisionAnswer;
  reason: string | undefined;
  side: Side | undefined;
  /** Set when someone else recorded it on the member's behalf (external members). */
  recordedByMemberId: MemberId | undefined;
}

export interface DecisionActionRecord {
  position: number;
  memberId: MemberId;
  what: string;
  dueAt: Date;
}

export interface DecisionRepository {
  create(decision: DecisionRecord, participants: ParticipantRecord[]): Promise<void>;
  findById(id: DecisionId): Promise<DecisionRecord | undefined>;
  /** The équipe's decision whose outcome is not recorded yet (open or closed), if any. */
  findPending(equipeId: EquipeId): Promise<DecisionRecord | undefined>;
  /** The équipe's most recent decision, whatever its state. */
  findLatest(equipeId: EquipeId): Promise<DecisionRecord | undefined>;
  participants(id: DecisionId): Promise<ParticipantRecord[]>;
  viewpoints(id: DecisionId): Promise<ViewpointRecord[]>;
  /** Stores a viewpoint, replacing the member's earlier one; says which. */
  setViewpoint(decisionId: DecisionId, viewpoint: ViewpointRecord, at: Date): Promise<"created" | "changed">;
  /** Closes an open decision; false when it was not open (closed already, by another path). */
  close(id: DecisionId, at: Date): Promise<boolean>;
  /** Withdraws a decision whose outcome is not recorded; false when it was recorded or withdrawn already. */
  cancel(id: DecisionId, cancellation: { reason: string; byMemberId: MemberId; at: Date }): Promise<boolean>;
  recordOutcome(
    id: DecisionId,
    outcome: {
      outcome: string;
      overrideReason: string | undefined;
      reviewAt: Date | undefined;
      recordedByMemberId: MemberId;
      at: Date;
      actions: DecisionActionRecord[];
    },
  ): Promise<void>;
  actions(id: DecisionId): Promise<DecisionActionRecord[]>;
}

/** Capability tokens for one member's copy of one meeting's calendar file. */
export interface EventTokenRepository {
  /** Stores the hash of a new token for this member and meeting. */
  create(meetingId: MeetingId, memberId: MemberId, tokenHash: string, at: Date): Promise<void>;
  /** The meeting and member a live token hash belongs to. */
  find(tokenHash: string): Promise<{ meetingId: MeetingId; memberId: MemberId } | undefined>;
  /** Revokes every token of this member (they left the équipe). */
  revokeMember(memberId: MemberId, at: Date): Promise<void>;
}

/**
 * Where a platform conversation can be reached again (proactive messages). Opaque to the core:
 * the adapter that wrote a reference is the only one that reads it.
 */
export interface ConversationRepository {
  save(entry: {
    platform: Platform;
    workspaceId: string;
    conversationId: string;
    /** Set for a person's one-to-one conversation with the bot. */
    userId: string | undefined;
    reference: string;
  }): Promise<void>;
  find(platform: Platform, conversationId: string): Promise<string | undefined>;
  /** The one-to-one conversation with this user, if one is known. */
  findPersonal(user: ChatUserRef): Promise<{ conversationId: string; reference: string } | undefined>;
  /** Any conversation known in the workspace (Teams: its service URL and tenant open new chats). */
  findAnyInWorkspace(platform: Platform, workspaceId: string): Promise<string | undefined>;
}

/** A file waiting for its recipient's consent (see HeldFile in the schema). */
export interface HeldFileRecord {
  id: string;
  user: ChatUserRef;
  filename: string;
  mimeType: string;
  content: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface HeldFileRepository {
  /** Keeps a file for one person; drops every file already past its expiry. */
  hold(file: HeldFileRecord, now: Date): Promise<void>;
  /** The file, if it is this person's and has not expired. */
  find(id: string, user: ChatUserRef, now: Date): Promise<HeldFileRecord | undefined>;
  release(id: string): Promise<void>;
}

export interface Repositories {
  decisions: DecisionRepository;
  heldFiles: HeldFileRepository;
  feeds: FeedTokenRepository;
  eventTokens: EventTokenRepository;
  conversations: ConversationRepository;
  meetings: MeetingRepository;
  jobs: JobScheduler;
  equipes: EquipeRepository;
  members: MemberRepository;
  outbox: OutboxWriter;
  audit: AuditLog;
  deliveries: DeliveryLog;
}

/** Unit of work: everything done through `repos` inside `work` commits or rolls back together. */
export interface Store {
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Outside a transaction, for reads. */
  readonly repos: Repositories;
}
