import { type Inline, joined, LABEL_MAX, type Rich } from "../content/model.ts";
import type { MemberRecord } from "../domain/equipe.ts";
import type { Role } from "../domain/roles.ts";
import { t } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";

/** A member's role in the reader's language. */
export function roleName(locale: Locale, member: Pick<MemberRecord, "role">): Rich {
  return t(locale, `role.${member.role}` as `role.${Role}`);
}

/** The role as a plain string (form choices, file names). */
export function roleWord(locale: Locale, member: Pick<MemberRecord, "role">): string {
  return roleName(locale, member)
    .map((run) => (run.type === "text" ? run.text : ""))
    .join("");
}

/**
 * A member as content: their name (or, when no name is known, their role), with their chat
 * account so that a chat of the same platform can show a real mention.
 */
export function mentionOf(locale: Locale, member: MemberRecord): Inline {
  return {
    type: "mention",
    // Roster names are short; one that is not must not make the message unreadable.
    name: (member.name ?? roleWord(locale, member)).slice(0, LABEL_MAX),
    ...(member.chat ? { user: member.chat } : {}),
  };
}

/** Several members, named and separated by commas. */
export function namesOf(locale: Locale, members: readonly MemberRecord[]): Rich {
  return joined(members.map((member) => [mentionOf(locale, member)]));
}

/** A name for a form choice or a case file: the name where known, with the role; never a chat id. */
export function plainName(locale: Locale, member: MemberRecord | undefined): string {
  if (member === undefined) return "—";
  const role = roleWord(locale, member);
  return member.name ? `${member.name} (${role})` : role;
}

/**
 * Who a member is, in a word, for a choice in a form: their name; where none is known, their chat
 * id as the last resort, so that two members of one role stay distinguishable.
 */
export function personLabel(member: MemberRecord): string {
  return member.name ?? member.chat?.userId ?? "—";
}
