import { createHash } from "node:crypto";
import { lines, type Rich } from "../../../content/model.ts";
import { mentionOf, namesOf } from "../../../core/people.ts";
import type { Outcome } from "../../../core/reach.ts";
import { DomainError } from "../../../domain/errors.ts";
import { isFamilyRole } from "../../../domain/roles.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import type { MeetingRecord, SlotRecord } from "../repository.ts";

/** How long a preview's fingerprint is (hex): enough to tell two states apart, short enough for a button. */
const FINGERPRINT_LENGTH = 16;

/**
 * How a member will receive a notice, in words: in chat, by e-mail, or handed over by the
 * coordinator. The address only where the reader alone sees it (a preview for the coordinator).
 */
export function howReached(
  locale: Locale,
  member: MemberRecord,
  outcome: Outcome,
  showAddress: boolean,
): Rich {
  switch (outcome.kind) {
    case "chat":
      return t(locale, "reach.inChat");
    case "waiting":
      return outcome.channel === "email" ? t(locale, "reach.emailWaiting") : t(locale, "reach.chatWaiting");
    case "email":
      return showAddress && member.email !== undefined
        ? t(locale, "reach.byEmailTo", { email: member.email })
        : t(locale, "reach.byEmailOnly");
    case "handedOver":
      return t(locale, "reach.handOver");
    case "none":
      return t(locale, "reach.noWay");
  }
}

/** What becomes of a notice to each member: `Tell.noticeOutcome`, with the channels working now. */
export type OutcomeOf = (member: MemberRecord) => Outcome;

/**
 * The members, each with how they will be reached, on one line: for a form's hint. A form may
 * be shown where others see it (a card in a Teams channel): no addresses.
 */
export function inviteesInline(locale: Locale, members: readonly MemberRecord[], outcomeOf: OutcomeOf): Rich {
  return members.flatMap((member, i) => [
    ...(i > 0 ? [{ type: "text" as const, text: "; " }] : []),
    mentionOf(locale, member),
    { type: "text" as const, text: " (" },
    ...howReached(locale, member, outcomeOf(member), false),
    { type: "text" as const, text: ")" },
  ]);
}

/** The members, one per line, each with how they will be reached: for a preview only the coordinator sees. */
export function inviteesLines(locale: Locale, members: readonly MemberRecord[], outcomeOf: OutcomeOf): Rich {
  return lines(
    members.map((member) =>
      t(locale, "preview.invitee", {
        who: [mentionOf(locale, member)],
        how: howReached(locale, member, outcomeOf(member), true),
      }),
    ),
  );
}

/** What confirming this time would do: who is invited (and how), who said they cannot, whether the family is among them. */
export interface ConfirmPlan {
  meeting: MeetingRecord;
  slot: SlotRecord;
  invitees: MemberRecord[];
  cannot: MemberRecord[];
  familyCannot: MemberRecord[];
  /** How each invitee will receive the invite, with the channels working now. */
  outcomeOf: OutcomeOf;
  /** Stands for everything the preview showed: a click on an older preview is refused. */
  fingerprint: string;
}

export async function confirmPlan(
  repos: Repositories,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  slot: SlotRecord,
  outcomeOf: OutcomeOf,
): Promise<ConfirmPlan> {
  const invitees = await repos.members.listActive(equipe.id);
  const answers = await repos.meetings.answers(meeting.id);
  const saidNo = new Set(
    answers.filter((a) => a.slotId === slot.id && a.answer === "no").map((a) => a.memberId),
  );
  const cannot = invitees.filter((m) => saidNo.has(m.id));
  const familyCannot = cannot.filter((m) => isFamilyRole(m.role));
  // The preview in data: the state, the time, each invitee and how they are reached, who cannot.
  const shown = JSON.stringify([
    meeting.status,
    meeting.sequence,
    slot.id,
    invitees.map((m) => [m.id, m.role, m.email ?? "", m.phone ?? "", outcomeOf(m).kind]),
    cannot.map((m) => m.id),
  ]);
  const fingerprint = createHash("sha256").update(shown).digest("hex").slice(0, FINGERPRINT_LENGTH);
  return { meeting, slot, invitees, cannot, familyCannot, outcomeOf, fingerprint };
}

/** A poll still open to confirmation, of this équipe: else the click or command is stale. */
export function requirePolling(equipe: EquipeRecord, meeting: MeetingRecord | undefined): MeetingRecord {
  if (meeting === undefined || meeting.equipeId !== equipe.id || meeting.status !== "polling")
    throw new DomainError("confirm.stale");
  return meeting;
}

/** The names of those who cannot, for a sentence. */
export const cannotNames = (locale: Locale, plan: ConfirmPlan) => namesOf(locale, plan.cannot);
