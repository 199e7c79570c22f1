import { type Outgoing, textMessage } from "../domain/message.ts";
import { formatRange } from "../domain/time.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import type { CalendarEvent } from "../ports/calendar.ts";
import type { EquipeRecord, MeetingRecord, Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./context.ts";
import { issueEventLink } from "./event-file.ts";
import { purposeName } from "./meeting-messages.ts";

/** What happened to a confirmed meeting, and so what each member receives. */
export type NoticeKind = "invite" | "update" | "cancel" | "reminder";

const CHAT_TEXT: Record<NoticeKind, MessageKey> = {
  invite: "confirm.dm",
  update: "reschedule.dm",
  cancel: "cancel.meeting",
  reminder: "reminder.meeting",
};
const CHANNEL_TEXT: Partial<Record<NoticeKind, MessageKey>> = {
  invite: "confirm.channel",
  update: "reschedule.channel",
  cancel: "cancel.meeting",
};
const MAIL: Record<NoticeKind, { subject: MessageKey; body: MessageKey }> = {
  invite: { subject: "email.invite.subject", body: "email.invite.body" },
  update: { subject: "email.update.subject", body: "email.update.body" },
  cancel: { subject: "email.cancel.subject", body: "email.cancel.body" },
  reminder: { subject: "email.reminder.subject", body: "email.reminder.body" },
};

export function calendarEvent(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord): CalendarEvent {
  return {
    uid: meeting.icalUid,
    sequence: meeting.sequence,
    start: meeting.startsAt ?? new Date(0),
    durationMinutes: meeting.durationMinutes,
    timezone: equipe.timezone,
    summary: `${equipe.caseCode} — ${purposeName(locale, meeting)}`,
    location: meeting.location,
    status: meeting.status === "cancelled" ? "cancelled" : "confirmed",
  };
}

function words(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord) {
  return {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    when: formatRange(meeting.startsAt ?? new Date(0), meeting.durationMinutes, equipe.timezone, locale),
    place: meeting.location ? t(locale, "place", { location: meeting.location }) : "",
  };
}

/**
 * The messages for a confirmed meeting's invite, move, cancellation or reminder: each chat
 * member a direct message (with the `.ics` where the calendar must change), each external member
 * an e-mail carrying the iTIP invite, and the équipe's channels a notice.
 */
export async function meetingNotices(
  repos: Repositories,
  deps: Pick<ServiceDeps, "calendar" | "clock" | "publicBaseUrl">,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  kind: NoticeKind,
): Promise<{ messages: Outgoing[]; chat: number; email: number }> {
  const stamp = deps.clock.now();
  const method = kind === "cancel" ? "CANCEL" : "REQUEST";
  const withCalendar = kind !== "reminder";
  const messages: Outgoing[] = [];
  let chat = 0;
  let email = 0;
  for (const member of await repos.members.listActive(equipe.id)) {
    const locale = member.locale ?? equipe.locale;
    const filename = `equipe-${equipe.caseCode}.ics`;
    const ics = (attendeeEmail?: string) => ({
      filename,
      mimeType: `text/calendar; charset=utf-8; method=${method}`,
      content: deps.calendar.invite(method, calendarEvent(locale, equipe, meeting), { stamp, attendeeEmail }),
    });
    const w = words(locale, equipe, meeting);
    if (member.kind === "chat") {
      const message = textMessage(t(locale, CHAT_TEXT[kind], w));
      if (withCalendar) {
        // The file where the platform can attach one (Slack), and a personal link everywhere
        // (Teams cannot attach files in channels and group chats).
        message.attachments = [{ ...ics(), linked: true }];
        const url = await issueEventLink(repos, deps, meeting, member, stamp);
        message.blocks.push({ type: "link", label: t(locale, "calendar.add"), url });
      }
      messages.push({ target: { kind: "direct", ...member.user }, message });
      chat += 1;
    }
    // Everyone whose address we know gets the iTIP e-mail, which mail clients turn into an event.
    const address = member.email;
    if (address !== undefined && (member.kind === "external" || withCalendar)) {
      messages.push({
        target: { kind: "email", to: address, subject: t(locale, MAIL[kind].subject, w) },
        message: {
          text: t(locale, MAIL[kind].body, { ...w, name: member.displayName ?? "" }),
          blocks: [],
          attachments: withCalendar ? [ics(address)] : [],
        },
      });
      email += 1;
    }
  }
  const channelText = CHANNEL_TEXT[kind];
  if (channelText) {
    const text = t(equipe.locale, channelText, words(equipe.locale, equipe, meeting));
    for (const channel of await repos.equipes.channelsOf(equipe.id)) {
      messages.push({
        target: { kind: "channel", ...channel },
        message: textMessage(text),
      });
    }
  }
  return { messages, chat, email };
}
