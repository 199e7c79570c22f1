import { type Rich, text } from "../../content/model.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { hashToken } from "../../core/links.ts";
import { answersOf, type DecisionAnswer, type DecisionKind, type Side } from "../../domain/decision.ts";
import type { DecisionId, MeetingId } from "../../domain/ids.ts";
import type { Answer } from "../../domain/meeting.ts";
import {
  type DocumentRef,
  readableSections,
  type SummaryVersionId,
  type SummaryVersionRecord,
} from "../../domain/summary.ts";
import { formatLongDateTime, formatLongRange } from "../../domain/time.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Repositories } from "../../ports/store.ts";
import { answerLabel, decisionClosedLine, viewpointLine } from "../decisions/messages.ts";
import { decisionState, othersVisibleTo } from "../decisions/queries.ts";
import type { DecisionActionRecord, DecisionRecord } from "../decisions/repository.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import { FEED_TOKEN_PATTERN } from "../meetings/calendar/queries.ts";
import { calendarEvent, equipeOf, meetingContact, readsCaseCode } from "../meetings/messages.ts";
import { pollIsOpen } from "../meetings/poll/messages.ts";
import { answeredMembers } from "../meetings/queries.ts";
import type { MeetingRecord } from "../meetings/repository.ts";
import { dayText, meetingDay } from "../summaries/export/queries.ts";
import { readerView } from "../summaries/queries.ts";

/**
 * Page tokens are derived as feed tokens are (HMAC-SHA256 of the link's row, src/core/links.ts):
 * 43 base64url characters; anything else is not one of ours and is never looked up.
 */
export const PAGE_TOKEN_PATTERN = FEED_TOKEN_PATTERN;
/** A meeting or decision id as ids are written (a UUID): anything else names nothing. */
const MEETING_ID_PATTERN = /^[0-9a-f-]{36}$/;
/** How many decided questions the page lists: the recent ones, which still have actions running. */
export const MAX_DECIDED = 10;
/** How many meetings' minutes the page lists: the latest few; older ones are in the case file. */
export const MAX_MINUTES = 3;

/** Who opened a page by their link: the member, their équipe, and the hash of the link's token. */
export interface PageVisitor {
  member: MemberRecord;
  equipe: EquipeRecord;
  /** The stored form of the link that was used: forms on the pages are bound to it. */
  linkHash: string;
}

/**
 * The member whose live personal link this token is, or undefined for a malformed, unknown or
 * revoked token, or one whose member has left: the caller cannot tell these apart, and neither
 * can anyone probing.
 */
export async function pageVisitor(repos: Repositories, token: string): Promise<PageVisitor | undefined> {
  if (!PAGE_TOKEN_PATTERN.test(token)) return undefined;
  const linkHash = hashToken(token);
  const memberId = await repos.pageLinks.findMember(linkHash);
  const member = memberId ? await repos.members.findById(memberId) : undefined;
  const equipe = member ? await repos.equipes.findById(member.equipeId) : undefined;
  return member && equipe ? { member, equipe, linkHash } : undefined;
}

/**
 * The one write a page's GET makes: an entry in the équipe's audit trail saying the member opened
 * a page (and which meeting's, where one). It is an access record, not a change: nothing a
 * person sees or a feed shows moves with it, and no other table is touched by reading a page.
 */
export async function recordOpening(
  repos: Repositories,
  visitor: PageVisitor,
  now: Date,
  subjectId?: string,
): Promise<void> {
  await repos.audit.record({
    equipeId: visitor.equipe.id,
    actorId: visitor.member.id,
    action: "page.opened",
    subjectId,
    at: now,
  });
}

/** A confirmed meeting as a page lists it: what, when (in the équipe's zone), where. */
export interface PageMeeting {
  id: MeetingId;
  /** As the member's own calendar file names it: the case code for professionals, the équipe's people for others. */
  title: string;
  when: string;
  place: string | undefined;
}

/** What the personal page shows, for one member of one équipe, in the reader's language. */
export interface PersonalPage {
  name: string | undefined;
  /** How the member knows the équipe: its case code (professionals) or "the équipe of <coordinator>". */
  equipe: Rich;
  /** The open time poll, with whether the member has answered every time already. */
  poll: { meetingId: MeetingId; deadline: string; answered: boolean } | undefined;
  /** A decision taking the member's viewpoint: the question as the coordinator wrote it, and whether they gave theirs. */
  decision:
    | { id: DecisionId; question: string; deadline: string; answered: boolean; required: boolean }
    | undefined;
  /** Whether decisions the member took part in were decided (the page of what was decided lists them). */
  decided: boolean;
  /** Confirmed meetings still ahead, soonest first. */
  meetings: PageMeeting[];
  /** Their calendar feed link, sealed (the caller makes it a URL), where they have one that can be shown. */
  feed: string | undefined;
  /** The latest circulated summary, where it has sections this member may read. */
  summary: PageSummary | undefined;
  /** The latest minutes of each meeting that has some for this member, newest meeting first (at most MAX_MINUTES). */
  minutes: PageMinutes[];
}

/**
 * The latest version of the case summary as the personal page lists it: to read (with the day it
 * is asked by), acknowledged (when), or nothing new for this member since what they acknowledged.
 */
export type PageSummary = { versionId: SummaryVersionId; number: number } & (
  | { state: "toRead"; by: string | undefined }
  | { state: "acknowledged"; on: string }
  | { state: "nothingNew" }
);

/** One meeting's latest minutes as the personal page lists them: the meeting's day, and where the member stands. */
export type PageMinutes = PageSummary & { date: string };

/** The équipe's latest summary as this member stands towards it, or undefined when none has a section for them. */
async function summaryFor(
  repos: Repositories,
  visitor: PageVisitor,
  locale: Locale,
  doc?: DocumentRef,
): Promise<PageSummary | undefined> {
  const { equipe } = visitor;
  const latest = await repos.summaries.latest(equipe.id, doc);
  return latest === undefined ? undefined : standing(repos, visitor, locale, latest);
}

/** A version as this member stands towards it, or undefined when it has no section for them. */
async function standing(
  repos: Repositories,
  visitor: PageVisitor,
  locale: Locale,
  latest: SummaryVersionRecord,
): Promise<PageSummary | undefined> {
  const { equipe, member } = visitor;
  if (readableSections(latest.sections, member).length === 0) return undefined;
  const view = await readerView(repos, equipe, member, latest, { full: true });
  const base = { versionId: latest.id, number: latest.number };
  if (view.toAcknowledge.length > 0)
    return {
      ...base,
      state: "toRead",
      by: latest.acknowledgeBy ? dayText(latest.acknowledgeBy, equipe.timezone, locale) : undefined,
    };
  if (view.acknowledgedAt !== undefined)
    return {
      ...base,
      state: "acknowledged",
      on: formatLongDateTime(view.acknowledgedAt, equipe.timezone, locale),
    };
  return { ...base, state: "nothingNew" };
}

/**
 * The latest minutes of the équipe's meetings that have a section for this member: one line per
 * meeting, the newest meeting first, at most MAX_MINUTES.
 */
async function minutesFor(repos: Repositories, visitor: PageVisitor, locale: Locale): Promise<PageMinutes[]> {
  const { equipe } = visitor;
  const meetings: MeetingRecord[] = [];
  for (const meetingId of (await repos.summaries.minutesOf(equipe.id)).keys()) {
    const meeting = await repos.meetings.findById(meetingId as MeetingId);
    if (meeting !== undefined && meeting.equipeId === equipe.id) meetings.push(meeting);
  }
  meetings.sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0));
  const out: PageMinutes[] = [];
  for (const meeting of meetings) {
    if (out.length >= MAX_MINUTES) break;
    const line = await summaryFor(repos, visitor, locale, { kind: "minutes", meetingId: meeting.id });
    if (line !== undefined)
      out.push({ ...line, date: meetingDay(meeting.startsAt, equipe.timezone, locale) });
  }
  return out;
}

/** How this reader names a meeting: what their calendar file says. */
async function meetingOf(
  repos: Repositories,
  locale: Locale,
  visitor: PageVisitor,
  meeting: MeetingRecord,
): Promise<PageMeeting> {
  const { equipe, member } = visitor;
  const plain = readsCaseCode(member) ? undefined : { contact: await meetingContact(repos, equipe, meeting) };
  return {
    id: meeting.id,
    title: calendarEvent(locale, equipe, meeting, plain).summary,
    when: formatLongRange(meeting.startsAt ?? new Date(0), meeting.durationMinutes, equipe.timezone, locale),
    place: meeting.location,
  };
}

/** The équipe as this member knows it: by case code, or as "the équipe of" its first coordinator. */
async function equipeName(repos: Repositories, locale: Locale, visitor: PageVisitor): Promise<Rich> {
  if (readsCaseCode(visitor.member)) return [text(visitor.equipe.caseCode)];
  const coordinator = (await repos.members.listActive(visitor.equipe.id)).find((m) => m.isCoordinator);
  return equipeOf(locale, coordinator);
}

/** The personal page's content: read only (the caller records the opening). */
export async function personalPage(
  repos: Repositories,
  links: Pick<ServiceDeps["links"], "hashOf" | "sealed">,
  visitor: PageVisitor,
  now: Date,
  locale: Locale,
): Promise<PersonalPage> {
  const { member, equipe } = visitor;
  const date = (instant: Date) => formatLongDateTime(instant, equipe.timezone, locale);
  const { poll, upcoming } = await repos.meetings.underWay(equipe.id, now);
  const open = poll && pollIsOpen(poll, now) ? poll : undefined;
  const answered = open ? answeredMembers(open, await repos.meetings.answers(open.id)).has(member.id) : false;

  const pending = await repos.decisions.findPending(equipe.id);
  let decision: PersonalPage["decision"];
  if (pending && decisionTakesAnswers(pending, now)) {
    const asked = (await repos.decisions.participants(pending.id)).find((p) => p.memberId === member.id);
    const answered = (await repos.decisions.viewpoints(pending.id)).some((v) => v.memberId === member.id);
    if (asked)
      decision = {
        id: pending.id,
        question: pending.question,
        deadline: date(pending.deadline),
        answered,
        required: asked.required,
      };
  }

  const meetings: PageMeeting[] = [];
  for (const meeting of upcoming) meetings.push(await meetingOf(repos, locale, visitor, meeting));

  // Only a link derived from its row under the current key can be shown again (as `calendario` does).
  const feedRow = (await repos.feeds.live({ kind: "member", memberId: member.id })).find(
    (row) => row.tokenHash === links.hashOf("feed", row.id),
  );
  return {
    name: member.name,
    equipe: await equipeName(repos, locale, visitor),
    poll: open ? { meetingId: open.id, deadline: date(open.deadline), answered } : undefined,
    decision,
    decided: (await decidedFor(repos, member)).length > 0,
    meetings,
    feed: feedRow ? links.sealed("feed", feedRow.id) : undefined,
    summary: await summaryFor(repos, visitor, locale),
    minutes: await minutesFor(repos, visitor, locale),
  };
}

/** One proposed time of a poll, with the member's answer where they gave one. */
export interface PageSlot {
  id: string;
  position: number;
  when: string;
  answer: Answer | undefined;
}

/** A time poll as the member's page shows it: open for answers, or closed and why. */
export interface PollPage {
  meetingId: MeetingId;
  title: string;
  minutes: number;
  deadline: string;
  place: string | undefined;
  slots: PageSlot[];
  /** `open`: answers taken; otherwise why not — the deadline passed, a time was confirmed, or it was cancelled. */
  state: "open" | "expired" | "confirmed" | "cancelled";
  /** The meeting as confirmed (state `confirmed`). */
  confirmed: PageMeeting | undefined;
}

/**
 * One poll of the member's équipe, or undefined when the id names no meeting of theirs (another
 * équipe's reads exactly like one that does not exist).
 */
export async function pollPage(
  repos: Repositories,
  visitor: PageVisitor,
  meetingId: string,
  now: Date,
  locale: Locale,
): Promise<PollPage | undefined> {
  if (!MEETING_ID_PATTERN.test(meetingId)) return undefined;
  const { equipe, member } = visitor;
  const meeting = await repos.meetings.findById(meetingId as MeetingId);
  if (meeting === undefined || meeting.equipeId !== equipe.id) return undefined;
  const mine = new Map(
    (await repos.meetings.answers(meeting.id))
      .filter((a) => a.memberId === member.id)
      .map((a) => [a.slotId as string, a.answer]),
  );
  const state: PollPage["state"] = pollIsOpen(meeting, now)
    ? "open"
    : meeting.status === "polling"
      ? "expired"
      : meeting.status;
  const named = await meetingOf(repos, locale, visitor, meeting);
  return {
    meetingId: meeting.id,
    title: named.title,
    minutes: meeting.durationMinutes,
    deadline: formatLongDateTime(meeting.deadline, equipe.timezone, locale),
    place: meeting.location,
    slots: meeting.slots.map((slot) => ({
      id: slot.id,
      position: slot.position,
      when: formatLongRange(slot.startsAt, meeting.durationMinutes, equipe.timezone, locale),
      answer: mine.get(slot.id),
    })),
    state,
    confirmed: state === "confirmed" && meeting.startsAt !== undefined ? named : undefined,
  };
}

/**
 * A confirmed meeting of the member's équipe as a calendar file, the same file a chat member's
 * "add to calendar" link opens (`/calendar/event/<token>.ics`), reached here through the page's
 * own link: a GET cannot issue an event link (that is a write), and the page is already theirs.
 */
export async function pageEventFile(
  repos: Repositories,
  deps: Pick<ServiceDeps, "calendar">,
  visitor: PageVisitor,
  meetingId: string,
  now: Date,
): Promise<{ body: string; filename: string } | undefined> {
  if (!MEETING_ID_PATTERN.test(meetingId)) return undefined;
  const { equipe, member } = visitor;
  const meeting = await repos.meetings.findById(meetingId as MeetingId);
  if (meeting === undefined || meeting.equipeId !== equipe.id || meeting.startsAt === undefined)
    return undefined;
  const locale = member.locale ?? equipe.locale;
  const plain = readsCaseCode(member) ? undefined : { contact: await meetingContact(repos, equipe, meeting) };
  const body = deps.calendar.file(calendarEvent(locale, equipe, meeting, plain), { stamp: now });
  // The file's name is seen too: a reader who does not know the case by its code is not shown it.
  return { body, filename: readsCaseCode(member) ? `equipe-${equipe.caseCode}.ics` : "equipe-incontro.ics" };
}

/** A decision takes viewpoints while it is open and its deadline is ahead (as `requireAnswerable` says). */
const decisionTakesAnswers = (decision: DecisionRecord, now: Date) =>
  decision.status === "open" && now.getTime() < decision.deadline.getTime();

/** The member's own viewpoint as it stands. */
export interface PageViewpoint {
  answer: DecisionAnswer;
  reason: string | undefined;
  side: Side | undefined;
}

/** A decision as the member's page shows it: the question, their viewpoint, what they may see of the others'. */
export interface DecisionPage {
  decisionId: DecisionId;
  /** As the coordinator wrote them: text, for the page to escape. */
  question: string;
  context: string | undefined;
  kind: DecisionKind;
  /** The answers it takes, in order: its stances, or `option:N` with each option's text. */
  answers: { value: DecisionAnswer; label: Rich }[];
  deadline: string;
  /** `open`: viewpoints taken; `closed`: no more (deadline, everyone answered); decided; withdrawn. */
  state: "open" | "closed" | "recorded" | "cancelled";
  /** Whether the decision waits for this member's answer (else it is optional for them). */
  required: boolean;
  mine: PageViewpoint | undefined;
  /** The others' viewpoints as chat shows them to this member, or undefined while they are hidden from them. */
  others: Rich[] | undefined;
  /** When and why it stopped taking viewpoints, as every copy of it in chat says. */
  closedLine: Rich | undefined;
  /** What was decided (state `recorded`). */
  outcome: string | undefined;
  /** Why it was withdrawn (state `cancelled`). */
  cancelReason: string | undefined;
}

/**
 * A decision of the member's équipe that asks them (they are on its list, required or not: the
 * rule chat applies), or undefined — another équipe's, one that does not exist, and one that does
 * not ask this member read alike.
 */
export async function decisionPage(
  repos: Repositories,
  visitor: PageVisitor,
  decisionId: string,
  now: Date,
  locale: Locale,
): Promise<DecisionPage | undefined> {
  if (!MEETING_ID_PATTERN.test(decisionId)) return undefined;
  const { equipe, member } = visitor;
  const decision = await repos.decisions.findById(decisionId as DecisionId);
  if (decision === undefined || decision.equipeId !== equipe.id) return undefined;
  const state = await decisionState(repos, decision);
  const participant = state.participants.find((p) => p.memberId === member.id);
  if (participant === undefined) return undefined;
  const mine = state.viewpoints.find((v) => v.memberId === member.id);
  const others = state.viewpoints.filter((v) => v.memberId !== member.id);
  return {
    decisionId: decision.id,
    question: decision.question,
    context: decision.context,
    kind: decision.kind,
    answers: answersOf(decision).map((value) => ({ value, label: answerLabel(locale, decision, value) })),
    deadline: formatLongDateTime(decision.deadline, equipe.timezone, locale),
    state:
      decision.status === "recorded" || decision.status === "cancelled"
        ? decision.status
        : decisionTakesAnswers(decision, now)
          ? "open"
          : "closed",
    required: participant.required,
    mine: mine ? { answer: mine.answer, reason: mine.reason, side: mine.side } : undefined,
    others: othersVisibleTo(state, member) ? others.map((v) => viewpointLine(locale, state, v)) : undefined,
    closedLine: decisionClosedLine(locale, equipe, decision),
    outcome: decision.status === "recorded" ? decision.outcome : undefined,
    cancelReason: decision.cancellation?.reason,
  };
}

/** One of the member's actions: what, by when (in the équipe's zone), whether that day has passed. */
export interface PageAction {
  what: string;
  due: string;
  overdue: boolean;
}

/** A decided question the member took part in (or has an action from). */
export interface PageDecided {
  question: string;
  outcome: string;
  decidedOn: string;
  /** This member's own actions from it, in their order; never anyone else's. */
  actions: PageAction[];
}

/** Decisions recorded in the member's équipe that concern them: on its list, or given an action by it. */
async function decidedFor(
  repos: Repositories,
  member: MemberRecord,
): Promise<{ decision: DecisionRecord; actions: DecisionActionRecord[] }[]> {
  const found: { decision: DecisionRecord; actions: DecisionActionRecord[] }[] = [];
  // The member's own last ten, not the last ten of the équipe filtered after.
  for (const decision of await repos.decisions.recorded(member.equipeId, MAX_DECIDED, member.id)) {
    const actions = (await repos.decisions.actions(decision.id)).filter((a) => a.memberId === member.id);
    const asked = (await repos.decisions.participants(decision.id)).some((p) => p.memberId === member.id);
    if (asked || actions.length > 0) found.push({ decision, actions });
  }
  return found;
}

/** What was decided, most recent first, with the member's actions. Read only. */
export async function decidedPage(
  repos: Repositories,
  visitor: PageVisitor,
  now: Date,
  locale: Locale,
): Promise<PageDecided[]> {
  const { equipe, member } = visitor;
  const date = (instant: Date) => formatLongDateTime(instant, equipe.timezone, locale);
  return (await decidedFor(repos, member)).map(({ decision, actions }) => ({
    question: decision.question,
    outcome: decision.outcome ?? "",
    decidedOn: date(decision.recordedAt ?? decision.closedAt ?? decision.deadline),
    actions: actions.map((a) => ({
      what: a.what,
      due: date(a.dueAt),
      overdue: a.dueAt.getTime() <= now.getTime(),
    })),
  }));
}
