import { type Block, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import type { Reached, Tell } from "../../../core/reach.ts";
import { newId } from "../../../domain/ids.ts";
import type { MessageKey } from "../../../i18n/catalogue.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import { calendarEvent, meetingWords } from "../messages.ts";
import type { MeetingRecord } from "../repository.ts";

/** What happened to a confirmed meeting, and so what each member receives. */
export type NoticeKind = "invite" | "update" | "cancel" | "reminder";

const TEXT = {
  invite: "confirm.dm",
  update: "reschedule.dm",
  cancel: "cancel.meeting",
  reminder: "reminder.meeting",
} as const satisfies Record<NoticeKind, MessageKey>;
const SUBJECT = {
  invite: "email.invite.subject",
  update: "email.update.subject",
  cancel: "email.cancel.subject",
  reminder: "email.reminder.subject",
} as const satisfies Record<NoticeKind, MessageKey>;
const CONVERSATION_TEXT: Partial<
  Record<NoticeKind, "confirm.channel" | "reschedule.channel" | "cancel.meeting">
> = {
  invite: "confirm.channel",
  update: "reschedule.channel",
  cancel: "cancel.meeting",
};

/**
 * A confirmed meeting's invite, move, cancellation or reminder: every member is told (where
 * the calendar must change, with the calendar change and their personal "add to calendar"
 * link), and the équipe's conversations see the notice. Says how each member was reached.
 */
export async function tellMeeting(
  scope: { tell: Tell; repos: Repositories; equipe: EquipeRecord; now: Date },
  deps: Pick<ServiceDeps, "links">,
  meeting: MeetingRecord,
  kind: NoticeKind,
): Promise<Reached[]> {
  const { tell, repos, equipe, now } = scope;
  const withCalendar = kind !== "reminder";
  const members = await repos.members.listActive(equipe.id);
  const reached = await tell.members(
    members,
    async ({ locale, member }) => {
      const words = meetingWords(locale, equipe, meeting);
      const blocks: Block[] = [{ type: "text", content: t(locale, TEXT[kind], words) }];
      if (withCalendar && member) {
        const url = await issueEventLink(repos, deps, meeting, member, now);
        blocks.push({ type: "link", label: plainText(t(locale, "calendar.add")), url });
      }
      return { subject: t(locale, SUBJECT[kind], words), blocks, attachments: [] };
    },
    {
      // Whom no channel reaches (only a phone) still gets every notice: through a coordinator.
      handOver: true,
      ...(withCalendar
        ? {
            calendar: {
              method: kind === "cancel" ? "CANCEL" : "REQUEST",
              filename: `equipe-${equipe.caseCode}.ics`,
              event: ({ locale }) => calendarEvent(locale, equipe, meeting),
            },
          }
        : {}),
    },
  );
  const conversationText = CONVERSATION_TEXT[kind];
  if (conversationText)
    await tell.conversations(({ locale }) =>
      textMessage(t(locale, conversationText, meetingWords(locale, equipe, meeting))),
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
