import { type Block, lines, type Message, type Rich, text, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import { namesOf } from "../../../core/people.ts";
import type { Reached, Tell } from "../../../core/reach.ts";
import { ANSWERS, type Answer } from "../../../domain/meeting.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { Repositories } from "../../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import { messageKeys, purposeName, slotWhen } from "../messages.ts";
import { answeredMembers, rankedSlots } from "../queries.ts";
import type { MeetingRecord } from "../repository.ts";

/** The poll buttons: `poll:<answer>`, the value `<meeting id>:<slot id>`. */
export const POLL_ACTION = "poll";
/** The ranked list's one-click confirmation: `confirm:<position>`, the value `<meeting id>:<slot id>`. */
export const CONFIRM_ACTION = "confirm";
/** The ranked list offers one-click confirmation for the best few slots; the rest by number. */
const CONFIRM_BUTTONS = 3;

/** One member's private poll: a row per slot with Sì / Se necessario / No, their choice marked. */
export function pollMessage(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  mine: ReadonlyMap<string, Answer>,
  open: boolean,
): Message {
  const header = t(locale, "poll.header", {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    minutes: meeting.durationMinutes,
    deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
  });
  const blocks: Block[] = [{ type: "text", content: header }];
  if (meeting.location)
    blocks.push({ type: "note", content: t(locale, "poll.place", { location: meeting.location }) });
  for (const slot of meeting.slots) {
    const chosen = mine.get(slot.id);
    const line = t(locale, "poll.slot", {
      n: slot.position,
      when: slotWhen(locale, equipe, meeting, slot.startsAt),
    });
    blocks.push({
      type: "text",
      content: chosen ? [...line, text(" — "), ...t(locale, `answer.${chosen}`)] : line,
    });
    if (open) {
      blocks.push({
        type: "actions",
        buttons: ANSWERS.map((answer) => ({
          action: `${POLL_ACTION}:${answer}`,
          value: `${meeting.id}:${slot.id}`,
          label: plainText(t(locale, `answer.${answer}`)),
          style: chosen === answer ? "primary" : "default",
          selected: chosen === answer,
        })),
      });
    }
  }
  blocks.push({ type: "note", content: t(locale, open ? "poll.changeNote" : "poll.closedNote") });
  return { blocks, attachments: [] };
}

/**
 * After answers change: the poll of each given member (their choices marked, live: updated in
 * place) and, unless `count` is false, the count in the équipe's conversations (how many
 * answered, never who said what). Says who could not get their poll (members outside chat: a
 * coordinator records them).
 */
export async function pollUpdates(
  tell: Tell,
  repos: Repositories,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  forMembers: readonly MemberRecord[],
  { open, count: withCount = true }: { open: boolean; count?: boolean },
): Promise<Reached[]> {
  const answers = await repos.meetings.answers(meeting.id);
  const members = await repos.members.listActive(equipe.id);
  const answered = answeredMembers(meeting, answers);
  const reached: Reached[] = [];
  for (const member of forMembers) {
    const mine = new Map(
      answers.filter((a) => a.memberId === member.id).map((a) => [a.slotId as string, a.answer]),
    );
    reached.push(
      await tell.member(member, ({ locale }) => pollMessage(locale, equipe, meeting, mine, open), {
        key: messageKeys.poll(meeting, member),
        answer: true,
      }),
    );
  }
  if (!withCount) return reached;
  const count = members.filter((member) => answered.has(member.id)).length;
  await tell.conversations(
    ({ locale }) =>
      textMessage(
        t(locale, "poll.channel", {
          caseCode: equipe.caseCode,
          purpose: purposeName(locale, meeting),
          answered: count,
          total: members.length,
          deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
        }),
      ),
    { key: (conversation) => messageKeys.channel(meeting, conversation) },
  );
  return reached;
}

/** The tally lines and, for coordinators, who is missing. */
export async function statusText(
  repos: Repositories,
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  showMissing: boolean,
): Promise<Rich> {
  const { ranked, answers, members } = await rankedSlots(repos, meeting);
  const answered = answeredMembers(meeting, answers);
  const parts: Rich[] = [
    t(locale, "status.header", {
      caseCode: equipe.caseCode,
      purpose: purposeName(locale, meeting),
      answered: members.filter((m) => answered.has(m.id)).length,
      total: members.length,
      deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
    }),
    ...ranked.map((slot) =>
      t(locale, "status.slot", {
        n: slot.position,
        when: slotWhen(locale, equipe, meeting, slot.startsAt),
        yes: slot.yes,
        ifNeeded: slot.ifNeeded,
        no: slot.no,
        family: slot.familyNo ? t(locale, "status.familyNo") : "",
      }),
    ),
  ];
  if (showMissing) {
    const missing = members.filter((m) => !answered.has(m.id));
    parts.push(
      missing.length > 0
        ? t(locale, "status.missing", { names: namesOf(locale, missing) })
        : t(locale, "status.allAnswered"),
    );
  }
  return lines(parts);
}

/** For a coordinator when the poll closes: the slots ranked, one-click confirmation for the best the family can attend. */
export async function rankedMessage(
  repos: Repositories,
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
): Promise<Message> {
  const { ranked } = await rankedSlots(repos, meeting);
  const suitable = ranked.filter((slot) => !slot.familyNo).slice(0, CONFIRM_BUTTONS);
  const header = t(locale, "ranked.header", {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
  });
  const blocks: Block[] = [
    { type: "text", content: header },
    { type: "text", content: await statusText(repos, locale, equipe, meeting, true) },
  ];
  if (suitable.length > 0) {
    blocks.push({
      type: "actions",
      buttons: suitable.map((slot, index) => ({
        action: `${CONFIRM_ACTION}:${slot.position}`,
        value: `${meeting.id}:${slot.slotId}`,
        label: plainText(t(locale, "confirm.button", { n: slot.position })),
        style: index === 0 ? "primary" : "default",
        selected: false,
      })),
    });
  } else {
    blocks.push({ type: "note", content: t(locale, "ranked.noneForFamily") });
  }
  return { summary: header, blocks, attachments: [] };
}
