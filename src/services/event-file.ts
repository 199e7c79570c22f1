import { randomBytes } from "node:crypto";
import type { MeetingRecord, MemberRecord, Repositories } from "../ports/store.ts";
import { FEED_TOKEN_PATTERN, hashToken } from "./calendar-feed.ts";
import type { ServiceDeps } from "./context.ts";
import { calendarEvent } from "./meeting-notices.ts";

/** 256 random bits, as for feeds: the URL itself is the capability. */
const TOKEN_BYTES = 32;

export const EVENT_FILE_PATH = /^\/calendar\/event\/([^/]+)\.ics$/;

/**
 * A personal "add to calendar" link to one meeting, for platforms that cannot attach a file to
 * every message (Teams). Each notice issues a new token; older ones keep working and serve the
 * meeting as it is now (moved, cancelled), until the member leaves the équipe.
 */
export async function issueEventLink(
  repos: Repositories,
  deps: Pick<ServiceDeps, "publicBaseUrl">,
  meeting: MeetingRecord,
  member: MemberRecord,
  now: Date,
): Promise<string> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  await repos.eventTokens.create(meeting.id, member.id, hashToken(token), now);
  return `${deps.publicBaseUrl}/calendar/event/${token}.ics`;
}

/** The calendar file behind a token, or undefined for an unknown, revoked or orphaned one. */
export async function renderEventFile(
  deps: ServiceDeps,
  token: string,
): Promise<{ body: string; filename: string } | undefined> {
  if (!FEED_TOKEN_PATTERN.test(token)) return undefined;
  const repos = deps.store.repos;
  const found = await repos.eventTokens.find(hashToken(token));
  const meeting = found ? await repos.meetings.findById(found.meetingId) : undefined;
  const equipe = meeting ? await repos.equipes.findById(meeting.equipeId) : undefined;
  if (!found || !meeting?.startsAt || !equipe) return undefined;
  const member = (await repos.members.listActive(equipe.id)).find((m) => m.id === found.memberId);
  if (member === undefined) return undefined;
  const locale = member.locale ?? equipe.locale;
  const body = deps.calendar.feed(
    equipe.caseCode,
    [calendarEvent(locale, equipe, meeting)],
    deps.clock.now(),
  );
  return { body, filename: `equipe-${equipe.caseCode}.ics` };
}
