import type { ChatUserRef } from "../content/model.ts";
import type { Locale } from "../i18n/locale.ts";
import type { CaseCode } from "./case-code.ts";
import type { EquipeId, MemberId } from "./ids.ts";
import type { Role } from "./roles.ts";
import { fold } from "./suggest.ts";

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

/** Who a name written in a form names: one member, several (say which), or nobody. */
export type NamedMembers =
  | { kind: "one"; member: MemberRecord }
  | { kind: "several"; members: MemberRecord[] }
  | { kind: "none" };

/**
 * The member a person means by what they wrote (an action's owner): their e-mail, their full
 * name, their first name, or their role; case, accents and a leading `@` aside. The first of
 * these that names anyone decides: one member is the answer, two or more are said to be
 * ambiguous (never a guess between them).
 */
export function findNamed(
  members: readonly MemberRecord[],
  written: string,
  roleOf: (word: string) => Role | undefined,
): NamedMembers {
  const wanted = fold(written.replace(/^\s*@/, "")).replace(/\s+/g, " ");
  if (wanted === "") return { kind: "none" };
  const name = (m: MemberRecord) => fold(m.name ?? "").replace(/\s+/g, " ");
  const role = roleOf(wanted);
  const ways: ((m: MemberRecord) => boolean)[] = [
    (m) => m.email !== undefined && fold(m.email) === wanted,
    (m) => name(m) === wanted,
    (m) => name(m).split(" ")[0] === wanted,
    (m) => role !== undefined && m.role === role,
  ];
  for (const way of ways) {
    const found = members.filter(way);
    if (found.length === 1) return { kind: "one", member: found[0] as MemberRecord };
    if (found.length > 1) return { kind: "several", members: found };
  }
  return { kind: "none" };
}
