import type { ChatUserRef } from "../../content/model.ts";
import type { CaseCode } from "../../domain/case-code.ts";
import type { Contact } from "../../domain/command.ts";
import type { EquipeRecord, MemberRecord, PersonProfile } from "../../domain/equipe.ts";
import type { EquipeId, MemberId, OrganisationId } from "../../domain/ids.ts";
import type { Role } from "../../domain/roles.ts";
import type { Locale } from "../../i18n/locale.ts";

export type { EquipeRecord, MemberRecord, PersonProfile };

import type { ChannelRef } from "../../ports/channel.ts";

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
  /** When, on the service's clock. */
  at: Date;
}

/** A member outside chat: an e-mail, a phone number, or both (at least one). */
export interface NewExternalMember {
  equipeId: EquipeId;
  displayName: string;
  email: string | undefined;
  phone: string | undefined;
  role: Role;
  /** When, on the service's clock. */
  at: Date;
}

export interface MemberRepository {
  /** An active member, by id (a member reached by link). */
  findById(id: MemberId): Promise<MemberRecord | undefined>;
  /** Active member of the équipe who is this chat user. */
  findByChatUser(equipeId: EquipeId, user: ChatUserRef): Promise<MemberRecord | undefined>;
  /** Active member without a chat account, by (lower-cased) e-mail. */
  findExternalByEmail(equipeId: EquipeId, email: string): Promise<MemberRecord | undefined>;
  /** Active member without a chat account, by e-mail or by phone number. */
  findExternal(equipeId: EquipeId, contact: Contact): Promise<MemberRecord | undefined>;
  /** Active member without a chat account, by phone number (compared digit by digit). */
  findExternalByPhone(equipeId: EquipeId, phone: string): Promise<MemberRecord | undefined>;
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

/** A request to bind a further conversation to an équipe, waiting for (or given) a coordinator's answer. */
export interface BindingRequestRecord {
  id: string;
  equipeId: EquipeId;
  /** The conversation to bind. */
  channel: ChannelRef;
  /** Who asked, in that conversation's workspace. */
  requester: ChatUserRef;
  requesterName: string | undefined;
  requesterLocale: Locale | undefined;
  status: "pending" | "approved" | "refused";
  decidedByMemberId: MemberId | undefined;
}

export interface BindingRequestRepository {
  create(request: Omit<BindingRequestRecord, "status" | "decidedByMemberId">, at: Date): Promise<void>;
  findById(id: string): Promise<BindingRequestRecord | undefined>;
  /** The request still waiting for this conversation, if any. */
  pendingFor(channel: ChannelRef): Promise<BindingRequestRecord | undefined>;
  /** Records the answer; false when the request was answered already (another coordinator was first). */
  decide(id: string, status: "approved" | "refused", by: MemberId, at: Date): Promise<boolean>;
}

/** A partner organisation, known by its contact's address (where its calendar feed is sent). */
export interface OrganisationRecord {
  id: OrganisationId;
  name: string;
  contactEmail: string;
  locale: Locale;
}

export interface OrganisationRepository {
  findById(id: OrganisationId): Promise<OrganisationRecord | undefined>;
  /** By its contact's (lower-cased) address. */
  findByContact(contactEmail: string): Promise<OrganisationRecord | undefined>;
  create(
    organisation: OrganisationRecord,
    origin: { equipeId: EquipeId; by: MemberId },
    at: Date,
  ): Promise<void>;
  /** The organisation this member takes part for, if any (at most one at a time). */
  of(memberId: MemberId): Promise<OrganisationRecord | undefined>;
  /** Registers the member as taking part for the organisation (ending any other such membership). */
  join(organisationId: OrganisationId, member: MemberRecord, by: MemberId, at: Date): Promise<void>;
  /** Ends the member's membership; says whether there was one. */
  leave(memberId: MemberId, at: Date): Promise<boolean>;
  /** The organisations taking part in this équipe now, each with its members there. */
  inEquipe(equipeId: EquipeId): Promise<{ organisation: OrganisationRecord; memberIds: MemberId[] }[]>;
}

export interface EquipeRepositories {
  equipes: EquipeRepository;
  members: MemberRepository;
  bindingRequests: BindingRequestRepository;
  organisations: OrganisationRepository;
}
