import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { hashToken } from "../../../core/links.ts";
import { inSlices } from "../../../core/turns.ts";
import type { EquipeId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { CalendarEvent, WrittenEvent } from "../../../ports/calendar.ts";
import type { Repositories, Store } from "../../../ports/store.ts";
import type { MemberRecord } from "../../equipe/repository.ts";
import {
  calendarEvent,
  contactAmong,
  meetingContact,
  organisationEvent,
  readsCaseCode,
} from "../messages.ts";
import type { EquipeFeedStamps, FeedCover, FeedMeetingRow, FeedScope, FeedSubject } from "../repository.ts";

/** Past meetings stay in the feed this long, so last month's meeting does not vanish from calendars. */
export const FEED_HISTORY_MS = 90 * 24 * 60 * 60_000;
/**
 * Tokens are 256 bits (HMAC-SHA256 of the link's row under a secret key, src/core/links.ts):
 * base64url of 32 bytes is 43 characters; anything else is not one of ours.
 */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/**
 * What a feed's text looks like is part of its validators: raise the version (and move the epoch
 * to the day it ships) whenever the rendering changes, so every client fetches the new text once.
 */
const RENDER_VERSION = 2;
const RENDER_EPOCH = new Date("2026-12-02T00:00:00Z");
/** Rendered feeds kept in memory, by validator: 20 clients polling one big feed cost one rendering. */
const CACHE_BYTES = 32 * 1024 * 1024;

/** How a feed is told apart from its other versions, read from the data alone (no rendering). */
export interface FeedValidators {
  /** A strong entity tag, quoted. */
  etag: string;
  /** Never goes backwards: every change of what the feed shows moves it forward. */
  lastModified: Date;
}

/** A feed's bytes, as they are and gzipped (for clients that accept it). */
export interface FeedBody {
  raw: Buffer;
  gzip: Buffer;
}

export interface FeedResponse {
  validators: FeedValidators;
  /**
   * The feed's text in UTF-8, and gzipped: rendered and compressed once per version, then served
   * from memory.
   */
  body(): Promise<FeedBody>;
}

/**
 * The feed behind a token, or undefined for an unknown or revoked token (or one whose member left).
 * Cheap until its body is asked for: a conditional request that matches costs a few aggregates,
 * read in one snapshot of what is committed.
 */
export async function openFeed(deps: ServiceDeps, token: string): Promise<FeedResponse | undefined> {
  if (!FEED_TOKEN_PATTERN.test(token)) return undefined;
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const read = await recently(deps.store).read(tokenHash, now, (taken) =>
    deps.store.snapshot(async (repos) => {
      const subject = await repos.feeds.findSubject(tokenHash);
      if (subject === undefined) return undefined;
      const cover = await repos.calendarFeeds.covered(subject);
      if (cover === undefined) return undefined;
      const window = windowAt(now);
      const stamps = await equipeStamps(deps.store).of(
        repos,
        cover.equipes.map((e) => e.equipeId),
        window.since,
        now,
        taken,
      );
      const scope = scopeOf(cover, stamps, window.keepMs);
      // Worked out once per read: every request trusting it answers with the same validators.
      return { subject, scope, now, validators: validatorsOf(subject, scope, now) };
    }),
  );
  if (read === undefined) return undefined;
  const { subject, validators } = read;
  return {
    validators,
    body: () =>
      bodies(deps.store).get(validators.etag, async () => {
        const { scope } = read;
        const since = windowAt(read.now).since;
        // Each équipe's meetings are read once per change of them, and shared by every feed that
        // shows them: after a move, twenty feeds of one équipe cost one small read.
        const rows = await meetingRows(deps.store).of(scope.equipes, since);
        // Names of contacts (plain readers) from committed data only, as the rows are.
        const contacts = scope.equipes.some((e) => e.reader === "plain")
          ? await deps.store.snapshot((repos) => contactsOf(repos, scope, rows))
          : new Map<string, MemberRecord | undefined>();
        // Each event is written once per version of it and kept: after a move, a feed of a
        // thousand meetings writes one event and joins the others' text. Those missing are written
        // a few milliseconds at a time, so that a Slack request (3 s to answer) is never queued
        // behind twenty renderings, nor behind one of thousands of events.
        const eventOf = eventWriter(deps, scope, contacts);
        const memory = writtenEvents(deps.store);
        const written: WrittenEvent[] = [];
        const stampOf = eventStamps(scope, read.now);
        await inSlices(rows, (row) => written.push(memory.of(deps, eventOf(row), stampOf(row))));
        const text = deps.calendar.feedOf(feedName(deps, subject, scope), written, {
          stamp: validators.lastModified,
        });
        const raw = Buffer.from(text, "utf8");
        // Compressed off the event loop (zlib's thread pool): a feed is mostly repeated lines.
        return { raw, gzip: await gzipAsync(raw) };
      }),
  };
}

/** Équipes whose meetings are remembered at once; past it, the memory starts again. */
const ROWS_MAX_EQUIPES = 20_000;

/**
 * The confirmed meetings of each équipe, by the stamp of its last meeting change: read in one
 * snapshot for every équipe missing (a read under way is shared), kept until the équipe changes
 * again. Rows remembered with a window that started later than the one asked for are read again.
 */
class MeetingRows {
  private readonly kept = new Map<string, { stamp: number; since: number; rows: FeedMeetingRow[] }>();
  private readonly reading = new Map<
    string,
    { since: number; rows: Promise<Map<string, FeedMeetingRow[]>> }
  >();

  constructor(private readonly store: Store) {}

  async of(equipes: FeedScope["equipes"], since: Date): Promise<FeedMeetingRow[]> {
    const sinceMs = since.getTime();
    // Taken now, before any wait: what another read does to the memory meanwhile changes nothing here.
    const got = new Map<string, FeedMeetingRow[]>();
    const waits: Promise<Map<string, FeedMeetingRow[]>>[] = [];
    const missing: FeedScope["equipes"] = [];
    for (const e of equipes) {
      const kept = this.kept.get(e.equipeId);
      // Rows of the stamp asked for, or of a later one (newer content is never wrong to show).
      if (kept !== undefined && kept.stamp >= e.meetingsChangedAt && kept.since <= sinceMs) {
        got.set(e.equipeId, kept.rows);
        continue;
      }
      const pending = this.reading.get(readKey(e));
      if (pending !== undefined && pending.since <= sinceMs) waits.push(pending.rows);
      else missing.push(e);
    }
    if (missing.length > 0) {
      const rows = this.read(missing, since);
      for (const e of missing) this.reading.set(readKey(e), { since: sinceMs, rows });
      waits.push(rows);
    }
    for (const read of await Promise.all(waits))
      for (const e of equipes) {
        const rows = read.get(e.equipeId);
        if (rows !== undefined && !got.has(e.equipeId)) got.set(e.equipeId, rows);
      }
    const all: FeedMeetingRow[] = [];
    for (const e of equipes)
      for (const row of got.get(e.equipeId) ?? [])
        if ((row.meeting.startsAt?.getTime() ?? 0) >= sinceMs) all.push(row);
    return all.sort(
      (x, y) =>
        (x.meeting.startsAt?.getTime() ?? 0) - (y.meeting.startsAt?.getTime() ?? 0) ||
        (x.meeting.id < y.meeting.id ? -1 : 1),
    );
  }

  /** Reads these équipes' meetings in one snapshot; remembers and returns them, by équipe. */
  private async read(equipes: FeedScope["equipes"], since: Date): Promise<Map<string, FeedMeetingRow[]>> {
    try {
      const rows = await this.store.snapshot((repos) =>
        repos.calendarFeeds.meetings(
          equipes.map((e) => e.equipeId),
          since,
        ),
      );
      const byEquipe = new Map<string, FeedMeetingRow[]>(equipes.map((e) => [e.equipeId, []]));
      for (const row of rows) byEquipe.get(row.equipe.id)?.push(row);
      if (this.kept.size + equipes.length > ROWS_MAX_EQUIPES) this.kept.clear();
      // Kept under the stamp the scope read (rows read since can only be newer, never older), and
      // never over rows of a later stamp that another read brought meanwhile.
      for (const e of equipes) {
        const kept = this.kept.get(e.equipeId);
        if (kept !== undefined && kept.stamp > e.meetingsChangedAt) continue;
        this.kept.set(e.equipeId, {
          stamp: e.meetingsChangedAt,
          since: since.getTime(),
          rows: byEquipe.get(e.equipeId) ?? [],
        });
      }
      return byEquipe;
    } finally {
      for (const e of equipes) this.reading.delete(readKey(e));
    }
  }
}

const readKey = (e: FeedScope["equipes"][number]) => `${e.equipeId}:${e.meetingsChangedAt}`;

const meetingRows = perStore((store) => new MeetingRows(store));

const gzipAsync = promisify(gzip);

/**
 * A memory of one store's: two services on two databases (tests) never share a feed. The
 * memories below are made on first use, one per store.
 */
function perStore<T>(make: (store: Store) => T): (store: Store) => T {
  const made = new WeakMap<Store, T>();
  return (store) => {
    let found = made.get(store);
    if (found === undefined) {
      found = make(store);
      made.set(store, found);
    }
    return found;
  };
}

const windowAt = (now: Date) => ({
  since: new Date(now.getTime() - FEED_HISTORY_MS),
  keepMs: FEED_HISTORY_MS,
});

/** A feed's subscriber and scope as read at `now`. */
interface FeedRead {
  subject: FeedSubject;
  scope: FeedScope;
  now: Date;
  validators: FeedValidators;
}

/** A feed's scope: what it covers, and the latest of every stamp that moves it. */
function scopeOf(cover: FeedCover, stamps: readonly EquipeFeedStamps[], keepMs: number): FeedScope {
  const byEquipe = new Map(stamps.map((s) => [s.equipeId, s]));
  let changedAt = cover.changedAt.getTime();
  let leftWindowAt = 0;
  for (const s of stamps) {
    changedAt = Math.max(changedAt, s.meetingsChangedAt, s.membersChangedAt);
    leftWindowAt = Math.max(leftWindowAt, s.lastStartBefore);
  }
  // The last meeting that left the window left it `keepMs` after its start.
  if (leftWindowAt > 0) changedAt = Math.max(changedAt, leftWindowAt + keepMs);
  return {
    equipes: cover.equipes.map((e) => ({
      ...e,
      meetingsChangedAt: byEquipe.get(e.equipeId)?.meetingsChangedAt ?? 0,
      membersChangedAt: byEquipe.get(e.equipeId)?.membersChangedAt ?? 0,
    })),
    changedAt: new Date(changedAt),
    leftWindowAt,
    name: cover.name,
    locale: cover.locale,
  };
}

/**
 * Each équipe's stamps read a moment ago, trusted as the validators of `RecentReads` are: twenty
 * subscribers of the same équipes, asking after a change, cost one read of their stamps between
 * them, not twenty.
 */
class EquipeStamps {
  private readonly kept = new Map<string, Taken & { at: number; stamps: EquipeFeedStamps }>();

  constructor(private readonly store: Store) {}

  /** `taken`: the store's count of changes, and the time, before the snapshot reading these began. */
  async of(
    repos: Repositories,
    equipeIds: readonly EquipeId[],
    since: Date,
    now: Date,
    taken: Taken,
  ): Promise<EquipeFeedStamps[]> {
    const found: EquipeFeedStamps[] = [];
    const missing: EquipeId[] = [];
    for (const id of equipeIds) {
      const seen = this.kept.get(id);
      if (seen !== undefined && fresh(seen, this.store.changes, now, performance.now()))
        found.push(seen.stamps);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const read = await repos.calendarFeeds.stamps(missing, since);
    if (this.kept.size + read.length > RECENT_MAX) this.kept.clear();
    for (const stamps of read) {
      const kept = this.kept.get(stamps.equipeId);
      // Stamps only move forward: a read that began earlier and ended later never takes back
      // what a later one saw; and an entry is trusted only as of the older of the two.
      const newer = kept === undefined || !startedBefore(taken, kept);
      this.kept.set(stamps.equipeId, {
        ...(newer ? taken : kept),
        at: newer ? now.getTime() : kept.at,
        stamps: kept === undefined ? stamps : latestStamps(kept.stamps, stamps),
      });
    }
    return [...found, ...read];
  }
}

/** The store's count of committed changes, and the real time, when a read began. */
interface Taken {
  changes: number;
  real: number;
}

/** Whether a read that began at `a` began before one that began at `b`. */
const startedBefore = (a: Taken, b: Taken): boolean =>
  a.changes < b.changes || (a.changes === b.changes && a.real < b.real);

function latestStamps(a: EquipeFeedStamps, b: EquipeFeedStamps): EquipeFeedStamps {
  return {
    equipeId: a.equipeId,
    meetingsChangedAt: Math.max(a.meetingsChangedAt, b.meetingsChangedAt),
    lastStartBefore: Math.max(a.lastStartBefore, b.lastStartBefore),
    membersChangedAt: Math.max(a.membersChangedAt, b.membersChangedAt),
  };
}

const equipeStamps = perStore((store) => new EquipeStamps(store));

/**
 * Whether something read by this process is still trusted: it has committed no change that feeds
 * show since (a meeting, a membership, a link made or revoked: all seen at once), and at most a
 * second has passed on the service's clock (a meeting leaving the window) and in real time (what
 * another replica writes).
 */
function fresh(
  seen: { changes: number; at: number; real: number },
  changes: number,
  now: Date,
  real: number,
) {
  return (
    seen.changes === changes && Math.abs(now.getTime() - seen.at) < RECENT_MS && real - seen.real < RECENT_MS
  );
}

/** How long a feed's validators read by this process are trusted when it has written nothing since. */
const RECENT_MS = 1000;
/** Feeds whose validators are remembered at once; past it, the memory starts again. */
const RECENT_MAX = 10_000;

/**
 * Validators read a moment ago, by token hash: twenty clients polling one feed cost one read a
 * second. Trusted while `fresh`; unknown tokens are remembered as unknown for as long.
 */
class RecentReads {
  private readonly reads = new Map<
    string,
    { changes: number; at: number; real: number; read: FeedRead | undefined }
  >();

  constructor(private readonly store: Store) {}

  async read(
    tokenHash: string,
    now: Date,
    load: (taken: Taken) => Promise<FeedRead | undefined>,
  ): Promise<FeedRead | undefined> {
    const seen = this.reads.get(tokenHash);
    const taken: Taken = { changes: this.store.changes, real: performance.now() };
    if (seen !== undefined && fresh(seen, taken.changes, now, taken.real)) return seen.read;
    const read = await load(taken);
    if (this.reads.size >= RECENT_MAX) this.reads.clear();
    // A read that began before the one remembered (and ended after it) is not remembered over it.
    const kept = this.reads.get(tokenHash);
    if (kept === undefined || !startedBefore(taken, kept))
      this.reads.set(tokenHash, { ...taken, at: now.getTime(), read });
    return read;
  }
}

const recently = perStore((store) => new RecentReads(store));

function subjectKey(subject: FeedSubject): string {
  switch (subject.kind) {
    case "person":
      return `person:${subject.user.platform}:${subject.user.workspaceId}:${subject.user.userId}`;
    case "member":
      return `member:${subject.memberId}`;
    case "organisation":
      return `organisation:${subject.organisationId}`;
  }
}

/** The format's own epoch, once it has come (a clock set earlier, in tests, ignores it). */
const epochAt = (now: Date): number => (RENDER_EPOCH.getTime() <= now.getTime() ? RENDER_EPOCH.getTime() : 0);

function validatorsOf(subject: FeedSubject, scope: FeedScope, now: Date): FeedValidators {
  const epoch = epochAt(now);
  // Whole seconds: HTTP dates have no milliseconds.
  const lastModified = new Date(Math.floor(Math.max(scope.changedAt.getTime(), epoch) / 1000) * 1000);
  const fingerprint = [
    `v${RENDER_VERSION}`,
    subjectKey(subject),
    scope.changedAt.getTime(),
    // A meeting leaving the window is a change even when later stamps hide its moment.
    scope.leftWindowAt,
    epoch,
    scope.locale ?? "",
    scope.name ?? "",
    ...scope.equipes.map((e) => `${e.equipeId}:${e.reader}`).sort(),
  ].join("|");
  const etag = `"${createHash("sha256").update(fingerprint).digest("base64url").slice(0, 32)}"`;
  return { etag, lastModified };
}

function feedName(deps: ServiceDeps, subject: FeedSubject, scope: FeedScope): string {
  const locale = scope.locale ?? deps.defaults.locale;
  if (subject.kind === "organisation" && scope.name !== undefined)
    return plainText(t(locale, "feed.organisationName", { name: scope.name }));
  return plainText(t(locale, "feed.name"));
}

/**
 * The contact person of each meeting read by someone outside the professions (named in their
 * event), by meeting id: per équipe, its members and who confirmed its meetings, two reads.
 */
async function contactsOf(
  repos: Repositories,
  scope: FeedScope,
  rows: readonly FeedMeetingRow[],
): Promise<Map<string, MemberRecord | undefined>> {
  const plain = new Set(scope.equipes.filter((e) => e.reader === "plain").map((e) => e.equipeId));
  const byEquipe = new Map<EquipeId, FeedMeetingRow[]>();
  for (const row of rows) {
    if (!plain.has(row.equipe.id)) continue;
    const meetings = byEquipe.get(row.equipe.id);
    if (meetings === undefined) byEquipe.set(row.equipe.id, [row]);
    else meetings.push(row);
  }
  const contacts = new Map<string, MemberRecord | undefined>();
  for (const [equipeId, meetings] of byEquipe) {
    const members = await repos.members.listAll(equipeId);
    const confirmedBy = await repos.audit.lastActors(
      equipeId,
      "meeting.confirmed",
      meetings.map((row) => row.meeting.id),
    );
    for (const { meeting } of meetings)
      contacts.set(meeting.id, contactAmong(members, meeting, confirmedBy.get(meeting.id)));
  }
  return contacts;
}

/** Each meeting as its reader reads it: professionals by code, others plainly, organisations by code alone. */
function eventWriter(
  deps: ServiceDeps,
  scope: FeedScope,
  contacts: ReadonlyMap<string, MemberRecord | undefined>,
): (row: FeedMeetingRow) => CalendarEvent {
  const readerOf = new Map<EquipeId, FeedScope["equipes"][number]["reader"]>(
    scope.equipes.map((e) => [e.equipeId, e.reader]),
  );
  // A summary depends on the équipe and the purpose (and, read plainly, on who confirmed): it is
  // worded once for each, not once per meeting of a feed of a thousand.
  const worded = new Map<string, string>();
  return ({ meeting, equipe }) => {
    const reader = readerOf.get(equipe.id) ?? "organisation";
    const locale: Locale = scope.locale ?? equipe.locale;
    const plain = reader === "plain" ? { contact: contacts.get(meeting.id) } : undefined;
    const key = `${reader}|${equipe.id}|${meeting.purpose}|${plain?.contact?.id ?? ""}`;
    const summary = worded.get(key);
    const event =
      reader === "professional"
        ? calendarEvent(equipe.locale, equipe, meeting, undefined, summary)
        : reader === "organisation"
          ? organisationEvent(scope.locale ?? deps.defaults.locale, equipe, meeting, summary)
          : calendarEvent(locale, equipe, meeting, plain, summary);
    if (summary === undefined) worded.set(key, event.summary);
    return event;
  };
}

/**
 * Each event's DTSTAMP: when what it shows last changed (the meeting; for a plain reader, also the
 * names of its équipe, which its summary carries), never before the format's epoch. An event
 * that did not change keeps its stamp, and its text, from one version of a feed to the next.
 */
function eventStamps(scope: FeedScope, now: Date): (row: FeedMeetingRow) => Date {
  const names = new Map(
    scope.equipes.map((e) => [e.equipeId, e.reader === "plain" ? e.membersChangedAt : 0]),
  );
  const epoch = epochAt(now);
  return ({ meeting }) =>
    new Date(Math.max(meeting.updatedAt.getTime(), names.get(meeting.equipeId) ?? 0, epoch));
}

/** Events kept written, per generation: past this many, the older generation is let go. */
const WRITTEN_PER_GENERATION = 50_000;

/**
 * Events as feeds carry them, by everything their text is made of: an event is written once per
 * version of it, whichever feeds show it. Two generations: one in use, the one before it read
 * from (and carried over) until the one in use is full.
 */
class WrittenEvents {
  private current = new Map<string, WrittenEvent>();
  private previous = new Map<string, WrittenEvent>();

  of(deps: ServiceDeps, event: CalendarEvent, stamp: Date): WrittenEvent {
    const key = [
      event.uid,
      event.sequence,
      event.start.getTime(),
      event.durationMinutes,
      event.timezone,
      event.status,
      stamp.getTime(),
      // Length first: no text a person typed can pass for another split of the key.
      `${event.summary.length}:${event.summary}`,
      event.location ?? "",
    ].join("|");
    let written = this.current.get(key);
    if (written !== undefined) return written;
    written = this.previous.get(key) ?? deps.calendar.written(event, { stamp });
    if (this.current.size >= WRITTEN_PER_GENERATION) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, written);
    return written;
  }
}

const writtenEvents = perStore(() => new WrittenEvents());

/**
 * Rendered feeds by entity tag, least recently used out first, bounded in bytes; a rendering under
 * way is shared by every request that needs it.
 */
class FeedBodies {
  private readonly done = new Map<string, FeedBody>();
  private readonly pending = new Map<string, Promise<FeedBody>>();
  private bytes = 0;

  async get(key: string, render: () => Promise<FeedBody>): Promise<FeedBody> {
    const hit = this.done.get(key);
    if (hit !== undefined) {
      // Most recently used last.
      this.done.delete(key);
      this.done.set(key, hit);
      return hit;
    }
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const rendering = render().then(
      (body) => {
        this.pending.delete(key);
        this.keep(key, body);
        return body;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, rendering);
    return rendering;
  }

  private keep(key: string, body: FeedBody): void {
    const size = body.raw.length + body.gzip.length;
    if (size > CACHE_BYTES) return;
    this.done.set(key, body);
    this.bytes += size;
    for (const [oldest, text] of this.done) {
      if (this.bytes <= CACHE_BYTES) break;
      this.done.delete(oldest);
      this.bytes -= text.raw.length + text.gzip.length;
    }
  }
}

const bodies = perStore(() => new FeedBodies());

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
  const member: MemberRecord | undefined = await repos.members.findById(found.memberId);
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
  // The file's name is seen too: a reader who does not know the case by its code is not shown it.
  return { body, filename: readsCaseCode(member) ? `equipe-${equipe.caseCode}.ics` : "equipe-incontro.ics" };
}
