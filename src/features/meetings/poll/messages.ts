import { type Block, lines, type Message, type Rich, text, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import { namesOf } from "../../../core/people.ts";
import type { ByLink, Reached, Tell } from "../../../core/reach.ts";
import { ANSWERS, type Answer } from "../../../domain/meeting.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { ChannelName } from "../../../ports/channel.ts";
import type { Repositories } from "../../../ports/store.ts";
import { decisionState } from "../../decisions/queries.ts";
import type { EquipeRecord, MemberRecord } from "../../equipe/repository.ts";
import { reminderLetter } from "../../pages/messages.ts";
import {
  equipeOf,
  meetingContact,
  meetingWords,
  messageKeys,
  purposeName,
  readsCaseCode,
  slotWhen,
} from "../messages.ts";
import { answeredMembers, notReached, rankedSlots } from "../queries.ts";
import type { MeetingRecord } from "../repository.ts";

/** The poll buttons: `poll:<answer>`, the value `<meeting id>:<slot id>`. */
export const POLL_ACTION = "poll";
/** The ranked list's one-click confirmation: `confirm:<position>`, the value `<meeting id>:<slot id>`. */
export const CONFIRM_ACTION = "confirm";
/** The ranked list offers one-click confirmation for the best few slots; the rest by number. */
const CONFIRM_BUTTONS = 3;

/** Whether a poll still takes answers: collecting, and before its deadline. */
export const pollIsOpen = (meeting: MeetingRecord, now: Date): boolean =>
  meeting.status === "polling" && now.getTime() < meeting.deadline.getTime();

/**
 * The line every copy of a closed poll shows: when it closed and why — its deadline passed, a
 * time was confirmed (which), or it was cancelled. `at` is when it was confirmed or cancelled; a
 * poll that ran out closed at its deadline.
 */
export function closedLine(locale: Locale, equipe: EquipeRecord, meeting: MeetingRecord, at: Date): Rich {
  const date = (instant: Date) => formatDateTime(instant, equipe.timezone, locale);
  if (meeting.status === "confirmed" && meeting.startsAt !== undefined)
    return t(locale, "poll.closedConfirmed", {
      date: date(at),
      when: slotWhen(locale, equipe, meeting, meeting.startsAt),
    });
  if (meeting.status === "cancelled") return t(locale, "poll.closedCancelled", { date: date(at) });
  return t(locale, "poll.closedExpired", { date: date(meeting.deadline) });
}

/**
 * One member's private poll: a row per slot with Sì / Se necessario / No, their choice marked.
 * Closed (`closedAt` given): their answers, no buttons, and why and when it closed.
 */
export function pollMessage(
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  mine: ReadonlyMap<string, Answer>,
  closedAt: Date | undefined,
): Message {
  const open = closedAt === undefined;
  const words = {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    minutes: meeting.durationMinutes,
  };
  const header = open
    ? t(locale, "poll.header", {
        ...words,
        deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
      })
    : t(locale, "poll.headerClosed", words);
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
  blocks.push({
    type: "note",
    content: open ? t(locale, "poll.changeNote") : closedLine(locale, equipe, meeting, closedAt),
  });
  return { blocks, attachments: [] };
}

/**
 * After answers change: the poll of each given member (their choices marked, live: updated in
 * place) and, unless `count` is false, the count in the équipe's conversations (how many
 * answered, never who said what). Says who could not get their poll (members outside chat: a
 * coordinator records them). Closed (`open` false): every copy says so, and since when (`at`:
 * when it was confirmed or cancelled; a poll that ran out closed at its deadline).
 */
export async function pollUpdates(
  tell: Tell,
  repos: Repositories,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  forMembers: readonly MemberRecord[],
  {
    open,
    count: withCount = true,
    at,
    invite = false,
  }: {
    open: boolean;
    count?: boolean;
    at?: Date;
    /** A new poll: members outside chat are sent their link to answer it (see `pollByLink`). */
    invite?: boolean;
  },
): Promise<Reached[]> {
  const closedAt = open ? undefined : (at ?? meeting.deadline);
  const answers = await repos.meetings.answers(meeting.id);
  const members = await repos.members.listActive(equipe.id);
  const answered = answeredMembers(meeting, answers);
  const reached: Reached[] = [];
  const mineOf = (member: MemberRecord) =>
    new Map(answers.filter((a) => a.memberId === member.id).map((a) => [a.slotId as string, a.answer]));
  if (invite && open) {
    // A new poll: members in chat get it with its buttons; the others, by e-mail or by the
    // coordinators' hand, their link to the poll's page, where they answer themselves.
    const contact = await meetingContact(repos, equipe, meeting);
    reached.push(
      ...(await tell.remind(
        forMembers,
        ({ locale, member }) =>
          pollMessage(locale, equipe, meeting, member ? mineOf(member) : new Map(), closedAt),
        pollByLink("invitation", equipe, meeting, contact),
        { until: meeting.deadline, key: (member) => messageKeys.poll(meeting, member), answer: true },
      )),
    );
  } else
    for (const member of forMembers)
      reached.push(
        await tell.member(
          member,
          ({ locale }) => pollMessage(locale, equipe, meeting, mineOf(member), closedAt),
          {
            key: messageKeys.poll(meeting, member),
            answer: true,
            // An open poll is pointless after its deadline; its closed version must still go.
            ...(open ? { until: meeting.deadline } : {}),
          },
        ),
      );
  if (!withCount) return reached;
  const count = members.filter((member) => answered.has(member.id)).length;
  await tell.conversations(
    ({ locale }) => {
      const words = {
        caseCode: equipe.caseCode,
        purpose: purposeName(locale, meeting),
        answered: count,
        total: members.length,
      };
      return textMessage(
        closedAt === undefined
          ? t(locale, "poll.channel", {
              ...words,
              deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
            })
          : lines([t(locale, "poll.channelClosed", words), closedLine(locale, equipe, meeting, closedAt)]),
      );
    },
    { key: (conversation) => messageKeys.channel(meeting, conversation) },
  );
  return reached;
}

/**
 * Closes every live copy of a poll in place: each member's private poll (their answers, no
 * buttons), the count in the équipe's conversations, and — once the deadline has passed and they
 * received it — each coordinator's ranked list (no confirm buttons). Each says when and why it
 * closed. `meeting` is the poll as it is now: confirmed (with its time), cancelled, or still
 * collecting past its deadline. Called by the deadline, by a confirmation and by a cancellation.
 */
export async function closePoll(
  scope: { tell: Tell; repos: Repositories; equipe: EquipeRecord; now: Date },
  meeting: MeetingRecord,
): Promise<void> {
  const { tell, repos, equipe, now } = scope;
  const at = meeting.status === "polling" ? meeting.deadline : now;
  const members = await repos.members.listActive(equipe.id);
  await pollUpdates(tell, repos, equipe, meeting, members, { open: false, at });
  // The ranked list goes out at the deadline; before it, there is none to close.
  if (now.getTime() < meeting.deadline.getTime()) return;
  for (const coordinator of members.filter((m) => m.isCoordinator))
    await tell.member(coordinator, ({ locale }) => rankedMessage(repos, locale, equipe, meeting, now), {
      key: messageKeys.ranked(meeting, coordinator),
    });
}

/** The tally lines and, for coordinators, who is missing; a closed poll says when and why it closed. */
export async function statusText(
  repos: Repositories,
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  showMissing: boolean,
  now: Date,
): Promise<Rich> {
  const { ranked, answers, members } = await rankedSlots(repos, meeting);
  const answered = answeredMembers(meeting, answers);
  const words = {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    answered: members.filter((m) => answered.has(m.id)).length,
    total: members.length,
  };
  const open = pollIsOpen(meeting, now);
  const parts: Rich[] = [
    open
      ? t(locale, "status.header", {
          ...words,
          deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
        })
      : lines([t(locale, "status.headerClosed", words), closedLine(locale, equipe, meeting, now)]),
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

/**
 * For a coordinator when the poll closes: the slots ranked, one-click confirmation for the best
 * the family can attend. Once a time is confirmed or the poll cancelled (by any coordinator),
 * the same message without buttons, saying so.
 */
export async function rankedMessage(
  repos: Repositories,
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  now: Date,
): Promise<Message> {
  const { ranked } = await rankedSlots(repos, meeting);
  const suitable = ranked.filter((slot) => !slot.familyNo).slice(0, CONFIRM_BUTTONS);
  const header = t(locale, "ranked.header", {
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
  });
  const blocks: Block[] = [
    { type: "text", content: header },
    { type: "text", content: await statusText(repos, locale, equipe, meeting, true, now) },
  ];
  // Confirmed or cancelled: nothing left to click.
  if (meeting.status !== "polling") return { summary: header, blocks, attachments: [] };
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

/**
 * `stato`: where the équipe stands, for one of its members — the open poll (its tallies; who is
 * missing, to coordinators), each confirmed meeting still ahead (when, where, who is invited, who
 * the invitation did not reach), and the decision still without an outcome. When there is
 * nothing, says so and how to start something.
 */
export async function equipeStatus(
  scope: { repos: Repositories; equipe: EquipeRecord; member: MemberRecord; now: Date },
  locale: Locale,
  channels: ReadonlySet<ChannelName>,
): Promise<Message> {
  const { repos, equipe, member, now } = scope;
  const sections: Rich[] = [];
  const { poll, upcoming } = await repos.meetings.underWay(equipe.id, now);
  if (poll) sections.push(await statusText(repos, locale, equipe, poll, member.isCoordinator, now));
  if (upcoming.length > 0) {
    const members = await repos.members.listActive(equipe.id);
    for (const meeting of upcoming) {
      // Invited: those the invitation was made for (each has the meeting's calendar link); who
      // joined since was not, and is named as such.
      const made = await repos.eventTokens.invitedTo(meeting.id);
      const invited = members.filter((m) => made.has(m.id));
      const since = members.filter((m) => !made.has(m.id));
      const unreached = notReached(invited, channels);
      const parts = [
        t(locale, "status.meeting", meetingWords(locale, equipe, meeting)),
        t(locale, "status.invited", { names: namesOf(locale, invited) }),
      ];
      if (since.length > 0) parts.push(t(locale, "status.notInvited", { names: namesOf(locale, since) }));
      if (unreached.waiting.length > 0)
        parts.push(t(locale, "status.waiting", { names: namesOf(locale, unreached.waiting) }));
      if (unreached.handedOver.length > 0)
        parts.push(t(locale, "status.handedOver", { names: namesOf(locale, unreached.handedOver) }));
      if (unreached.none.length > 0)
        parts.push(t(locale, "status.notReached", { names: namesOf(locale, unreached.none) }));
      sections.push(lines(parts));
    }
  }
  const decision = await repos.decisions.findPending(equipe.id);
  if (decision) {
    const state = await decisionState(repos, decision);
    const words = { question: decision.question, answered: state.answered, total: state.total };
    const open = decision.status === "open" && now.getTime() < decision.deadline.getTime();
    sections.push(
      open
        ? t(locale, "status.decisionOpen", {
            ...words,
            deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
          })
        : t(locale, "status.decisionClosed", {
            ...words,
            date: formatDateTime(decision.closedAt ?? decision.deadline, equipe.timezone, locale),
          }),
    );
  }
  if (sections.length === 0) return textMessage(t(locale, "status.nothing", { caseCode: equipe.caseCode }));
  const blocks: Block[] = sections.flatMap((content, index): Block[] =>
    index === 0 ? [{ type: "text", content }] : [{ type: "divider" }, { type: "text", content }],
  );
  return { blocks, attachments: [] };
}

/**
 * How members outside chat are asked for their availability, on a new poll (`invitation`) or
 * before its deadline (`reminder`): a letter with their link straight to the poll's page, or the
 * same in a few words for the coordinators to pass on by SMS or WhatsApp. A parent reads the
 * équipe by its coordinator, never the case code.
 */
export function pollByLink(
  kind: "invitation" | "reminder",
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  contact: MemberRecord | undefined,
): ByLink {
  const deadline = (locale: Locale) => formatDateTime(meeting.deadline, equipe.timezone, locale);
  const words = (locale: Locale) => ({
    caseCode: equipe.caseCode,
    purpose: purposeName(locale, meeting),
    deadline: deadline(locale),
  });
  return {
    place: { kind: "poll", id: meeting.id },
    letter: ({ locale, member }, link) => {
      const professional = readsCaseCode(member);
      const key = kind === "invitation" ? "invite.pollLetter" : "reminder.pollLetter";
      return reminderLetter(
        locale,
        {
          subject: professional
            ? t(locale, `${key}.subjectProfessional`, words(locale))
            : t(locale, `${key}.subject`),
          text: professional
            ? t(
                locale,
                kind === "invitation" ? "invite.pollLetter.professional" : "reminder.poll",
                words(locale),
              )
            : t(locale, `${key}.plain`, { ...words(locale), equipe: equipeOf(locale, contact) }),
          linkLabel: t(locale, "reminder.pollLetter.link"),
        },
        link,
        contact,
      );
    },
    short: ({ locale, member }, link) => {
      const key = kind === "invitation" ? "invite.pollShort" : "reminder.pollShort";
      return readsCaseCode(member)
        ? t(locale, `${key}.professional`, { ...words(locale), link })
        : t(locale, `${key}.plain`, { deadline: deadline(locale), link, equipe: equipeOf(locale, contact) });
    },
    byHand: ({ locale }) =>
      t(locale, kind === "invitation" ? "invite.pollByHand" : "reminder.pollByHand", words(locale)),
  };
}
