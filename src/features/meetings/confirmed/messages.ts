import { type Block, lines, type Message, type Rich, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { namesOf } from "../../../core/people.ts";
import type { Reached, Tell } from "../../../core/reach.ts";
import { newId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import {
  calendarEvent,
  contactOf,
  equipeOf,
  meetingContact,
  meetingWords,
  readsCaseCode,
  slotWhen,
} from "../messages.ts";
import type { MeetingRecord } from "../repository.ts";
import { type ConfirmPlan, inviteesLines } from "./queries.ts";

/** What happened to a confirmed meeting, and so what each member receives. */
export type NoticeKind = "invite" | "update" | "cancel" | "reminder";

/** What a notice says beyond the meeting itself: why, and (for a move) the time it had before. */
export interface NoticeContext {
  /** The coordinator's reason for cancelling or moving it. */
  reason?: string | undefined;
  /** The reason to confirm a time the family said it cannot attend. */
  familyOverride?: string | undefined;
  /** The start it had before a move. */
  previous?: Date | undefined;
}

/** Only a notice with an event to add to a calendar links to it (a cancellation removes one). */
const ADDS_EVENT: Record<NoticeKind, boolean> = {
  invite: true,
  update: true,
  cancel: false,
  reminder: false,
};
/** A calendar change travels with these notices (a reminder changes nothing). */
const CHANGES_CALENDAR: Record<NoticeKind, boolean> = {
  invite: true,
  update: true,
  cancel: true,
  reminder: false,
};

/** The notice's own sentences for one reader: in the équipe's words for staff, in plain words for everyone else. */
function noticeText(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  kind: NoticeKind,
  staff: boolean,
  contact: MemberRecord | undefined,
  context: NoticeContext,
): { body: Rich; subject: Rich } {
  const words = meetingWords(locale, equipe, meeting);
  const previous = context.previous ? slotWhen(locale, equipe, meeting, context.previous) : words.when;
  const equipeName = equipeOf(locale, contact);
  const parts: Rich[] = [];
  let subject: Rich;
  if (staff) {
    parts.push(t(locale, `notice.${kind}.staff`, { ...words, previous }));
    subject = t(locale, `email.${kind}.subject`, { caseCode: equipe.caseCode, when: words.when });
  } else {
    parts.push(
      t(locale, `notice.${kind}.plain`, {
        equipe: equipeName,
        when: words.when,
        place: words.place,
        previous,
      }),
    );
    subject = t(locale, `email.${kind}.subjectPlain`, { equipe: equipeName, when: words.when });
  }
  if (context.familyOverride)
    parts.push(
      t(locale, staff ? "notice.overrideStaff" : "notice.overridePlain", { reason: context.familyOverride }),
    );
  if (context.reason) parts.push(t(locale, "notice.reason", { reason: context.reason }));
  if (kind === "invite") parts.push(t(locale, "notice.calendarBelow"));
  if (kind === "update") parts.push(t(locale, "notice.calendarUpdated"));
  parts.push(
    t(locale, kind === "cancel" ? "notice.contactCancel" : "notice.contact", {
      contact: contactOf(locale, contact),
    }),
  );
  return { body: lines(parts), subject };
}

/** The équipe's conversations: the notice in the équipe's words, with the reason and the earlier time. */
function conversationText(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  kind: Exclude<NoticeKind, "reminder">,
  context: NoticeContext,
): Rich {
  const words = meetingWords(locale, equipe, meeting);
  const previous = context.previous ? slotWhen(locale, equipe, meeting, context.previous) : words.when;
  const parts: Rich[] = [t(locale, `channel.${kind}`, { ...words, previous })];
  if (context.familyOverride)
    parts.push(t(locale, "notice.overrideStaff", { reason: context.familyOverride }));
  if (context.reason) parts.push(t(locale, "notice.reason", { reason: context.reason }));
  return lines(parts);
}

/**
 * A confirmed meeting's invite, move, cancellation or reminder: every member is told (where
 * the calendar must change, with the calendar change; where there is an event to add, their
 * personal "add to calendar" link), with whom to contact; and the équipe's conversations see
 * the notice. Staff read the case code; the family and the people around it read "the équipe of
 * <coordinator>". Says how each member was reached.
 */
export async function tellMeeting(
  scope: { tell: Tell; repos: Repositories; equipe: EquipeRecord; now: Date },
  deps: Pick<ServiceDeps, "links">,
  meeting: MeetingRecord,
  kind: NoticeKind,
  context: NoticeContext = {},
): Promise<Reached[]> {
  const { tell, repos, equipe, now } = scope;
  const contact = await meetingContact(repos, equipe, meeting);
  const members = await repos.members.listActive(equipe.id);
  const reached = await tell.members(
    members,
    async ({ locale, member }) => {
      const staff = readsCaseCode(member);
      const { body, subject } = noticeText(locale, equipe, meeting, kind, staff, contact, context);
      const blocks: Block[] = [{ type: "text", content: body }];
      if (ADDS_EVENT[kind] && member) {
        const url = await issueEventLink(repos, deps, meeting, member, now);
        blocks.push({ type: "link", label: plainText(t(locale, "calendar.add")), url });
      }
      return { subject, blocks, attachments: [] };
    },
    {
      // Whom no channel reaches (only a phone) still gets every notice: through a coordinator.
      handOver: true,
      // Pointless once the meeting has begun (a cancellation: once its old time has): never sent late.
      ...(meeting.startsAt !== undefined ? { until: meeting.startsAt } : {}),
      ...(CHANGES_CALENDAR[kind]
        ? {
            calendar: {
              method: kind === "cancel" ? "CANCEL" : "REQUEST",
              // Seen by the family too (an e-mail attachment): no case code in it.
              filename: "invito.ics",
              event: ({ locale, member }) =>
                calendarEvent(locale, equipe, meeting, readsCaseCode(member) ? undefined : { contact }),
            },
          }
        : {}),
    },
  );
  if (kind !== "reminder")
    await tell.conversations(({ locale }) =>
      textMessage(conversationText(locale, equipe, meeting, kind, context)),
    );
  return reached;
}

/**
 * A personal "add to calendar" link to one meeting, for channels that cannot attach a file to
 * every message (Teams, e-mail readers without calendar parts). Each notice issues a new link;
 * older ones keep working and serve the meeting as it is now (moved, cancelled), until the member
 * leaves the équipe. Only the token's hash is stored, and the message carries the link sealed: the
 * queue never holds the token (it is made as the channel sends).
 */
export async function issueEventLink(
  repos: Repositories,
  deps: Pick<ServiceDeps, "links">,
  meeting: MeetingRecord,
  member: MemberRecord,
  now: Date,
): Promise<string> {
  const id = newId();
  await repos.eventTokens.create(id, meeting.id, member.id, deps.links.hashOf("event", id), now);
  return deps.links.sealed("event", id);
}

/** The confirmation preview's buttons: `confirm-send` (value `<meeting>:<slot>:<fingerprint>`) and `meeting-keep` (value `<meeting>`). */
export const PREVIEW_ACTIONS = { send: "confirm-send", keep: "meeting-keep" } as const;

/**
 * What confirming would do, for the coordinator who asked only: the time and place, who gets the
 * invite and how, who said they cannot; a click to confirm and send (or, when the family cannot,
 * to give the reason first), and one to leave everything as it is.
 */
export function confirmPreview(locale: Locale, equipe: EquipeRecord, plan: ConfirmPlan): Message {
  const { meeting, slot } = plan;
  const words = meetingWords(locale, equipe, { ...meeting, startsAt: slot.startsAt });
  const parts: Rich[] = [
    t(locale, "preview.confirm", words),
    t(locale, "preview.invitees", { count: plan.invitees.length }),
    inviteesLines(locale, plan.invitees, plan.outcomeOf),
    plan.cannot.length > 0
      ? t(locale, "preview.cannot", { names: namesOf(locale, plan.cannot), count: plan.cannot.length })
      : t(locale, "preview.allCan"),
  ];
  if (plan.familyCannot.length > 0)
    parts.push(t(locale, "preview.familyCannot", { names: namesOf(locale, plan.familyCannot) }));
  const sendLabel = plan.familyCannot.length > 0 ? "preview.confirmAnyway" : "preview.confirmButton";
  return {
    blocks: [
      { type: "text", content: lines(parts) },
      {
        type: "actions",
        buttons: [
          {
            action: PREVIEW_ACTIONS.send,
            value: `${meeting.id}:${slot.id}:${plan.fingerprint}`,
            label: plainText(t(locale, sendLabel)),
            style: "primary",
            selected: false,
          },
          {
            action: PREVIEW_ACTIONS.keep,
            value: meeting.id,
            label: plainText(t(locale, "preview.keepButton")),
            style: "default",
            selected: false,
          },
        ],
      },
    ],
    attachments: [],
  };
}
