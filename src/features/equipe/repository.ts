import type { ChatUserRef } from "../../content/model.ts";
import type { CaseCode } from "../../domain/case-code.ts";
import type { EquipeId, MemberId } from "../../domain/ids.ts";
import type { Role } from "../../domain/roles.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ChannelRef } from "../../ports/channel.ts";

export interface EquipeRecord {
  id: EquipeId;
  caseCode: CaseCode;
  timezone: string;
  locale: Locale;
}

/**
 * A person in an équipe. Services never ask how a member is reached (src/core/reach.ts does):
 * `chat` and `email` are what the core knows of them.
 */
export interface MemberRecord {
  id: MemberId;
  equipeId: EquipeId;
  role: Role;
  isCoordinator: boolean;
  locale: Locale | undefined;
  /** From the chat roster or profile, or as the coordinator typed it for someone outside chat. */
  name: string | undefined;
  email: string | undefined;
  /** Their chat account, when they have one. */
  chat: ChatUserRef | undefined;
}

export interface EquipeRepository {
  findById(id: EquipeId): Promise<EquipeRecord | undefined>;
  findByChannel(channel: ChannelRef): Promise<EquipeRecord | undefined>;
  findByCaseCode(caseCode: CaseCode): Promise<EquipeRecord | undefined>;
  create(equipe: EquipeRecord): Promise<void>;
  bindChannel(equipeId: EquipeId, channel: ChannelRef): Promise<void>;
  channelsOf(equipeId: EquipeId): Promise<ChannelRef[]>;
}

/** A chat user as the platform's roster describes them. */
export interface PersonProfile {
  displayName: string;
  email: string | undefined;
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

export interface NewExternalMember {
  equipeId: EquipeId;
  displayName: string;
  email: string;
  role: Role;
}

export interface MemberRepository {
  /** An active member, by id (a member reached by link). */
  findById(id: MemberId): Promise<MemberRecord | undefined>;
  /** Active member of the équipe who is this chat user. */
  findByChatUser(equipeId: EquipeId, user: ChatUserRef): Promise<MemberRecord | undefined>;
  /** Active member without a chat account, by (lower-cased) e-mail. */
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

export interface EquipeRepositories {
  equipes: EquipeRepository;
  members: MemberRepository;
}
