import { createHash, randomBytes } from "node:crypto";
import { t } from "../i18n/catalogue.ts";
import {
  type CommandContext,
  onlyOnce,
  readerLocale,
  requireEquipe,
  requireMember,
  type ServiceDeps,
  toActor,
} from "./context.ts";
import { calendarEvent } from "./meeting-notices.ts";

/** 256 random bits: unguessable, so the URL itself is the capability. */
const TOKEN_BYTES = 32;
/** Past meetings stay in the feed this long, so last month's meeting does not vanish from calendars. */
const FEED_HISTORY_MS = 90 * 24 * 60 * 60_000;
/** base64url of 32 bytes is 43 characters; anything else is not one of ours. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const feedUrl = (deps: ServiceDeps, token: string) => `${deps.publicBaseUrl}/calendar/${token}.ics`;

/**
 * `/equipe feed [reset]`: a personal feed URL, shown only to the caller. Only the token's hash
 * is stored, so an existing link cannot be shown again: asking again issues a new link and
 * revokes the old one, which is also what `reset` does (the words differ, for clarity).
 */
export async function showFeed(deps: ServiceDeps, ctx: CommandContext, reset: boolean): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const equipe = await requireEquipe(repos, ctx.channel);
    const member = await requireMember(repos, equipe, ctx.actor);
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    const hadOne = await repos.feeds.hasLive(ctx.actor);
    await repos.feeds.replace(ctx.actor, hashToken(token), now);
    const locale = readerLocale(ctx, member, equipe, deps);
    const key = reset && hadOne ? "feed.reset" : "feed.url";
    await repos.outbox.enqueue([toActor(ctx, t(locale, key, { url: feedUrl(deps, token) }))], now);
  });
  deps.log("feed.issued", { platform: ctx.actor.platform, reset });
}

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
  const body = deps.calendar.feed(t(deps.defaults.locale, "feed.name"), events, lastModified);
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url")}"`, lastModified };
}
