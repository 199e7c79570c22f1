import type { ChatUserRef } from "../content/model.ts";
import type { Locale } from "../i18n/locale.ts";
import type { CaseCode } from "./case-code.ts";
import type { EquipeId, MemberId } from "./ids.ts";
import type { Role } from "./roles.ts";

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
  /** A phone number (members outside chat): coordinators pass them what no channel carries. */
  phone: string | undefined;
  /** Their chat account, when they have one. */
  chat: ChatUserRef | undefined;
}

/** A chat user as the platform's roster describes them. */
export interface PersonProfile {
  displayName: string;
  email: string | undefined;
}
