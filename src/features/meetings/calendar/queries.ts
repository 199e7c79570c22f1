import { createHash } from "node:crypto";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { hashToken } from "../../../core/links.ts";
import { t } from "../../../i18n/catalogue.ts";
import { calendarEvent, meetingContact, readsCaseCode } from "../messages.ts";

/** Past meetings stay in the feed this long, so last month's meeting does not vanish from calendars. */
const FEED_HISTORY_MS = 90 * 24 * 60 * 60_000;
/**
 * Tokens are 256 bits (HMAC-SHA256 of the link's row under a secret key, src/core/links.ts):
 * base64url of 32 bytes is 43 characters; anything else is not one of ours.
 */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface RenderedFeed {
  body: string;
  etag: string;
  lastModified: Date;
}

/** The feed behind a token, or undefined for an unknown or revoked token. */
export async function renderFeed(deps: ServiceDeps, token: string): Promise<RenderedFeed | undefined> {
  if (!FEED_TOKEN_PATTERN.test(token)) return undefined;
  const user = await deps.store.repos.feeds.findUser(hashToken(token));
  if (user === undefined) return undefined;
  const since = new Date(deps.clock.now().getTime() - FEED_HISTORY_MS);
  const rows = await deps.store.repos.meetings.confirmedForUser(user, since);
  // Whole seconds: HTTP dates have no milliseconds, and If-Modified-Since must compare equal.
  const lastModified = new Date(
    Math.floor(Math.max(0, ...rows.map((r) => r.updatedAt.getTime())) / 1000) * 1000,
  );
  const events = rows.map(({ meeting, equipe }) => calendarEvent(equipe.locale, equipe, meeting));
  const body = deps.calendar.feed(plainText(t(deps.defaults.locale, "feed.name")), events, {
    stamp: lastModified,
  });
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url")}"`, lastModified };
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
  const member = await repos.members.findById(found.memberId);
  if (member === undefined || member.equipeId !== equipe.id) return undefined;
  const locale = member.locale ?? equipe.locale;
  const body = deps.calendar.file(
    calendarEvent(
      locale,
      equipe,
      meeting,
      readsCaseCode(member) ? undefined : { contact: await meetingContact(repos, equipe, meeting) },
    ),
    { stamp: deps.clock.now() },
  );
  return { body, filename: `equipe-${equipe.caseCode}.ics` };
}
