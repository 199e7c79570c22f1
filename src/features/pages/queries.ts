import { type Rich, text } from "../../content/model.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { hashToken } from "../../core/links.ts";
import type { MeetingId } from "../../domain/ids.ts";
import type { Answer } from "../../domain/meeting.ts";
import { formatLongDateTime, formatLongRange } from "../../domain/time.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Repositories } from "../../ports/store.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import { FEED_TOKEN_PATTERN } from "../meetings/calendar/queries.ts";
import { calendarEvent, contactOf, equipeOf, meetingContact, readsCaseCode } from "../meetings/messages.ts";
import { pollIsOpen } from "../meetings/poll/messages.ts";
import { answeredMembers } from "../meetings/queries.ts";
import type { MeetingRecord } from "../meetings/repository.ts";

/**
 * Page tokens are derived as feed tokens are (HMAC-SHA256 of the link's row, src/core/links.ts):
 * 43 base64url characters; anything else is not one of ours and is never looked up.
 */
export const PAGE_TOKEN_PATTERN = FEED_TOKEN_PATTERN;
/** A meeting id as ids are written (a UUID): anything else names no meeting. */
const MEETING_ID_PATTERN = /^[0-9a-f-]{36}$/;

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
  /** A decision asking the member's viewpoint, not given yet: the question as the coordinator wrote it. */
  decision: { question: string; deadline: string; contact: Rich } | undefined;
  /** Confirmed meetings still ahead, soonest first. */
  meetings: PageMeeting[];
  /** Their calendar feed link, sealed (the caller makes it a URL), where they have one that can be shown. */
  feed: string | undefined;
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
  if (pending && pending.status === "open" && now.getTime() < pending.deadline.getTime()) {
    const asked = (await repos.decisions.participants(pending.id)).some((p) => p.memberId === member.id);
    const given = (await repos.decisions.viewpoints(pending.id)).some((v) => v.memberId === member.id);
    if (asked && !given) {
      const contact = await repos.members.findById(pending.createdByMemberId);
      decision = {
        question: pending.question,
        deadline: date(pending.deadline),
        contact: contactOf(locale, contact),
      };
    }
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
    meetings,
    feed: feedRow ? links.sealed("feed", feedRow.id) : undefined,
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
