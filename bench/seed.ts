/**
 * A realistic database at a chosen size (issue 15): équipes with their members, bound Slack
 * channels, meetings with slots and answers, decisions with participants, viewpoints and their
 * history, calendar feed and page links, delivered messages and done jobs, audit entries.
 * Written fast, straight through the database driver (values stored as the service's driver
 * adapters store them), on SQLite and PostgreSQL alike; case content is sealed the way the
 * repositories seal it (src/infra/sealed-rows.ts), so that every read of the service works on it.
 *
 * The default scale is the issue's: 5,000 équipes × 12 members, 50,000 meetings, about 1.4 M
 * answers and viewpoints. One chat user (`FEED_USER`) is a member of 100 équipes: the case of the
 * issue's slow calendar feed. What the bench and the query-plan test need to drive the hot paths
 * (a bound channel and its coordinator, an open poll, tokens) is returned.
 */

import { createHmac, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { hashToken, linkKeyFrom } from "../src/core/links.ts";
import { STANCES } from "../src/domain/decision.ts";
import { ANSWERS, PURPOSES } from "../src/domain/meeting.ts";
import { PROFESSIONAL_ROLES } from "../src/domain/roles.ts";
import { type DatabaseKind, type Db, sqliteFile } from "../src/infra/db.ts";
import type { FieldCipher } from "../src/infra/field-cipher.ts";
import { MESSAGE_KIND } from "../src/infra/leased-queue.ts";
import { sealIn } from "../src/infra/sealed-rows.ts";

export interface Scale {
  equipes: number;
  /** Members per équipe: chat users, and two people outside chat. */
  members: number;
  /** Meetings per équipe: the newest an open poll, then confirmed ones (past and ahead), some cancelled. */
  meetings: number;
  /** Times offered per meeting. */
  slots: number;
  /** Members who answered each poll (on every one of its times). */
  answering: number;
  /** Decisions per équipe (every member a participant). */
  decisions: number;
  /** Members who gave a viewpoint on each decision (each with one earlier stance in the history). */
  viewpoints: number;
  /** The équipes the feed user is a member of (at most `equipes`). */
  feedEquipes: number;
  /** Delivered messages per équipe still in the queue (purged an hour after they were queued), and as many platform deliveries. */
  messages: number;
}

/** The issue's size: 5,000 × 12, 50,000 meetings, 1.35 M poll answers + 100,000 viewpoints (1.45 M answers). */
export const ISSUE_SCALE: Scale = {
  equipes: 5_000,
  members: 12,
  meetings: 10,
  slots: 3,
  answering: 9,
  decisions: 2,
  viewpoints: 10,
  feedEquipes: 100,
  messages: 20,
};

/** The issue's scale with the équipes (and so every table) cut down by `fraction` (0–1]. */
export function scaled(fraction: number, base: Scale = ISSUE_SCALE): Scale {
  const equipes = Math.max(1, Math.round(base.equipes * fraction));
  return { ...base, equipes, feedEquipes: Math.min(base.feedEquipes, equipes) };
}

/** The Slack workspace every seeded chat member belongs to. */
export const SEED_WORKSPACE = "T0EQUIPE";
/** The chat user who is a member of `feedEquipes` équipes. */
export const FEED_USER = "U0FEED";
/** Chat users per équipe come from a pool this many times smaller than the memberships: each is in a few équipes. */
const MEMBERSHIPS_PER_USER = 3;
/** Parameters per INSERT on PostgreSQL: under its 65,535. */
const PARAMETERS = 30_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const ZONE = "Europe/Rome";
/** The roles chat members are given in turn: the professionals'. */
const CHAT_ROLES = [...PROFESSIONAL_ROLES];

/** What the hot paths are driven with, on the seeded database. */
export interface Seeded {
  scale: Scale;
  /** Rows written per table. */
  rows: Record<string, number>;
  /** A bound Slack channel, its équipe and one of its coordinators (a chat user). */
  channel: { equipeId: string; channelId: string; coordinator: string };
  /** Another équipe's bound channel and coordinator: no poll is open there (one may be convened). */
  quiet: { equipeId: string; channelId: string; coordinator: string };
  /** The first équipe's open poll: a member who may answer, and one of its times. */
  poll: { meetingId: string; slotId: string; userId: string };
  /** The calendar feed token of `FEED_USER` (a member of `feedEquipes` équipes). */
  feedToken: string;
  /** A personal page token of a member outside chat of the same équipe. */
  pageToken: string;
}

/** Writes rows straight through the database's driver, many to a statement. */
interface RowWriter {
  insert(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A value as the service's driver adapters store it (@prisma/adapter-better-sqlite3, adapter-pg):
 * on SQLite a date is ISO 8601 text with `+00:00` and a boolean 0 or 1; PostgreSQL's
 * `timestamp(3)` columns hold UTC without a zone.
 */
function stored(kind: DatabaseKind, value: unknown): unknown {
  if (value instanceof Date)
    return kind === "sqlite" ? value.toISOString().replace("Z", "+00:00") : value.toISOString().slice(0, -1);
  if (typeof value === "boolean" && kind === "sqlite") return value ? 1 : 0;
  return value ?? null;
}

/**
 * The driver itself, not the client: the client's createMany and raw queries write a few
 * thousand rows a second here, minutes at the issue's size, where the drivers write hundreds of
 * thousands. SQLite: one connection beside the client's (WAL), each table's batch in one
 * transaction. PostgreSQL: one connection, a multi-row INSERT per batch.
 */
async function rowWriter(kind: DatabaseKind, url: string): Promise<RowWriter> {
  if (kind === "sqlite") {
    const file = new Database(sqliteFile(url), { timeout: 5_000 });
    // A large page cache: rows keyed by random ids land all over their indexes. No fsync per
    // commit: a seeding cut short is thrown away and begun again.
    file.pragma("cache_size = -262144");
    file.pragma("synchronous = OFF");
    return {
      async insert(table, columns, rows) {
        const statement = file.prepare(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        );
        file.transaction(() => {
          for (const row of rows) statement.run(columns.map((c) => stored(kind, row[c])));
        })();
      },
      async close() {
        file.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(table, columns, rows) {
      const perStatement = Math.max(1, Math.floor(PARAMETERS / columns.length));
      const names = columns.map((c) => `"${c}"`).join(", ");
      for (let i = 0; i < rows.length; i += perStatement) {
        const values: unknown[] = [];
        const tuples = rows.slice(i, i + perStatement).map((row) => {
          const marks = columns.map((c) => {
            values.push(stored(kind, row[c]));
            return `$${values.length}`;
          });
          return `(${marks.join(", ")})`;
        });
        await client.query(`INSERT INTO "${table}" (${names}) VALUES ${tuples.join(", ")}`, values);
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** A link token as the service derives it from the data key (src/core/links.ts): only its hash is stored. */
function linkToken(dataKey: Uint8Array, kind: "feed" | "page", rowId: string): string {
  return createHmac("sha256", linkKeyFrom(dataKey)).update(`${kind}:${rowId}`).digest("base64url");
}

/**
 * Writes `scale` into an empty, migrated database (`db`, opened at `url` with the cipher of
 * `dataKey`: the one the server that reads it is given). Returns what the hot paths need.
 */
export async function seed(db: Db, url: string, scale: Scale, dataKey: Uint8Array): Promise<Seeded> {
  const writer = await rowWriter(db.kind, url);
  try {
    return await seedWith(writer, db.cipher, scale, dataKey);
  } finally {
    await writer.close();
  }
}

async function seedWith(
  writer: RowWriter,
  cipher: FieldCipher,
  scale: Scale,
  dataKey: Uint8Array,
): Promise<Seeded> {
  const rows: Record<string, number> = {};
  const now = Date.now();
  const keyId = cipher.keyId;
  /** Writes rows of one table, many to a statement (rows of one shape together). */
  const write = async (table: string, data: Record<string, unknown>[]) => {
    const shapes = new Map<string, Record<string, unknown>[]>();
    for (const row of data) {
      const shape = Object.keys(row).join(",");
      const group = shapes.get(shape);
      if (group === undefined) shapes.set(shape, [row]);
      else group.push(row);
    }
    for (const [shape, group] of shapes) await writer.insert(table, shape.split(","), group);
    rows[table] = (rows[table] ?? 0) + data.length;
  };

  // Never fewer users than an équipe has chat members: nobody is twice in one équipe.
  const userPool = Math.max(
    scale.members,
    Math.ceil((scale.equipes * (scale.members - 2)) / MEMBERSHIPS_PER_USER),
  );
  let channel: Seeded["channel"] | undefined;
  let poll: Seeded["poll"] | undefined;
  let pageMember: string | undefined;
  let quiet: Seeded["quiet"] | undefined;

  // Équipe by équipe, in groups, so that memory stays small at any size.
  const GROUP = 250;
  for (let first = 0; first < scale.equipes; first += GROUP) {
    const equipes: Record<string, unknown>[] = [];
    const bindings: Record<string, unknown>[] = [];
    const members: Record<string, unknown>[] = [];
    const meetings: Record<string, unknown>[] = [];
    const slots: Record<string, unknown>[] = [];
    const answers: Record<string, unknown>[] = [];
    const decisions: Record<string, unknown>[] = [];
    const participants: Record<string, unknown>[] = [];
    const viewpoints: Record<string, unknown>[] = [];
    const revisions: Record<string, unknown>[] = [];
    const pageLinks: Record<string, unknown>[] = [];
    const queue: Record<string, unknown>[] = [];
    const audit: Record<string, unknown>[] = [];
    const deliveries: Record<string, unknown>[] = [];
    const memberFeeds: Record<string, unknown>[] = [];
    for (let e = first; e < Math.min(scale.equipes, first + GROUP); e++) {
      const equipeId = randomUUID();
      const created = new Date(now - (400 - (e % 300)) * DAY_MS);
      equipes.push({
        id: equipeId,
        caseCode: `FAM-${2020 + (e % 7)}-${String(e).padStart(5, "0")}`,
        timezone: ZONE,
        locale: e % 10 === 0 ? "en" : "it",
        createdAt: created,
      });
      const channelId = `C${String(e).padStart(8, "0")}`;
      bindings.push({
        id: randomUUID(),
        equipeId,
        platform: "slack",
        workspaceId: SEED_WORKSPACE,
        channelId,
      });
      // Chat members from the pool (the first one coordinates), the feed user in the first
      // équipes, and two people outside chat: a parent by e-mail and a teacher by phone.
      const memberIds: string[] = [];
      const chatUsers: string[] = [];
      for (let m = 0; m < scale.members; m++) {
        const id = randomUUID();
        memberIds.push(id);
        const external = m >= scale.members - 2;
        if (external) {
          members.push({
            id,
            equipeId,
            kind: "external",
            displayName: m % 2 === 0 ? `Genitore ${e}` : `Insegnante ${e}`,
            email: m % 2 === 0 ? `genitore.${e}@example.org` : null,
            phone: m % 2 === 0 ? null : `+39 333 ${String(e).padStart(7, "0")}`,
            role: m % 2 === 0 ? "parent" : "teacher",
            isCoordinator: false,
            locale: "it",
            createdAt: created,
            changedAt: created,
          });
          continue;
        }
        const user =
          m === 1 && e < scale.feedEquipes
            ? FEED_USER
            : `U${String((e * (scale.members - 2) + m) % userPool).padStart(7, "0")}`;
        chatUsers.push(user);
        members.push({
          id,
          equipeId,
          kind: "chat",
          platform: "slack",
          workspaceId: SEED_WORKSPACE,
          platformUserId: user,
          role: CHAT_ROLES[m % CHAT_ROLES.length],
          isCoordinator: m === 0,
          createdAt: created,
          changedAt: created,
        });
      }
      const parent = memberIds[scale.members - 2] ?? memberIds[0] ?? "";
      const pageLinkId = randomUUID();
      pageLinks.push({
        id: pageLinkId,
        tokenHash: hashToken(linkToken(dataKey, "page", pageLinkId)),
        memberId: parent,
        createdAt: created,
      });
      // The parent's own calendar feed, issued by the coordinator.
      const memberFeedId = randomUUID();
      memberFeeds.push({
        id: memberFeedId,
        tokenHash: hashToken(linkToken(dataKey, "feed", memberFeedId)),
        memberId: parent,
        issuedByMemberId: memberIds[0],
        createdAt: created,
      });
      if (e === 0) {
        channel = { equipeId, channelId, coordinator: chatUsers[0] ?? "" };
        pageMember = pageLinkId;
      }
      if (e === 1) quiet = { equipeId, channelId, coordinator: chatUsers[0] ?? "" };

      // Meetings: the newest is an open poll; of the others, one in five cancelled, the rest
      // confirmed, half of them ahead (within the feed's horizon), half past.
      for (let k = 0; k < scale.meetings; k++) {
        const meetingId = randomUUID();
        // Every other équipe has no poll open: a coordinator there may convene one.
        const open = k === scale.meetings - 1 && e % 2 === 0;
        const cancelled = !open && k % 5 === 4;
        const ahead = k >= scale.meetings / 2;
        const base = now + (ahead ? (k + 1) * 9 : -(scale.meetings - k) * 20) * DAY_MS + (e % 8) * HOUR_MS;
        const slotIds = Array.from({ length: scale.slots }, () => randomUUID());
        for (const [position, slotId] of slotIds.entries())
          slots.push({ id: slotId, meetingId, position, startsAt: new Date(base + position * DAY_MS) });
        const confirmed = !open && !cancelled;
        const location = k % 3 === 0 ? null : `Servizi sociali, via Roma ${e % 120}, sala ${k % 4}`;
        const stamp = new Date(open ? now - HOUR_MS : base - 5 * DAY_MS);
        meetings.push({
          id: meetingId,
          equipeId,
          icalUid: `${meetingId}@equipe.seed`,
          purpose: PURPOSES[k % PURPOSES.length],
          durationMinutes: 60,
          location: sealIn(cipher, "Meeting", "location", meetingId, location),
          keyId,
          deadline: new Date(open ? now + 5 * DAY_MS : base - 7 * DAY_MS),
          status: open ? "polling" : cancelled ? "cancelled" : "confirmed",
          confirmedSlotId: confirmed ? slotIds[0] : null,
          startsAt: confirmed ? new Date(base) : null,
          sequence: k % 3,
          createdByMemberId: memberIds[0],
          createdAt: new Date(base - 14 * DAY_MS),
          updatedAt: stamp,
        });
        for (let m = 0; m < Math.min(scale.answering, scale.members); m++)
          for (const slotId of slotIds)
            answers.push({
              id: randomUUID(),
              slotId,
              memberId: memberIds[m],
              answer: ANSWERS[(m + k) % ANSWERS.length],
              recordedByMemberId: m >= scale.members - 2 ? memberIds[0] : null,
              updatedAt: stamp,
            });
        if (e === 0 && open)
          poll = { meetingId, slotId: slotIds[0] ?? "", userId: chatUsers[chatUsers.length - 1] ?? "" };
        queue.push({
          kind: "poll.deadline",
          dedupeKey: `poll.deadline:${meetingId}`,
          payload: sealIn(cipher, "QueueItem", "payload", 0, JSON.stringify({ meetingId })),
          keyId,
          status: open ? "pending" : "done",
          dueAt: new Date(open ? now + 5 * DAY_MS : base - 7 * DAY_MS),
          createdAt: new Date(base - 14 * DAY_MS),
          doneAt: open ? null : new Date(base - 7 * DAY_MS),
        });
        audit.push({
          id: randomUUID(),
          equipeId,
          actorId: memberIds[0],
          action: "meeting.convened",
          subjectId: meetingId,
          createdAt: new Date(base - 14 * DAY_MS),
          keyId,
        });
      }

      // Decisions: every member a participant; some gave a viewpoint, after an earlier stance.
      for (let d = 0; d < scale.decisions; d++) {
        const decisionId = randomUUID();
        const open = d === scale.decisions - 1;
        const createdAt = new Date(now - (d + 1) * 30 * DAY_MS);
        decisions.push({
          id: decisionId,
          equipeId,
          question: sealIn(
            cipher,
            "Decision",
            "question",
            decisionId,
            `Proseguire il progetto educativo ${d}?`,
          ),
          context: sealIn(cipher, "Decision", "context", decisionId, "Dopo la verifica del trimestre."),
          kind: "stances",
          options: sealIn(cipher, "Decision", "options", decisionId, "[]"),
          deadline: new Date(open ? now + 7 * DAY_MS : createdAt.getTime() + 7 * DAY_MS),
          status: open ? "open" : "closed",
          createdByMemberId: memberIds[0],
          closedAt: open ? null : new Date(createdAt.getTime() + 7 * DAY_MS),
          createdAt,
          updatedAt: createdAt,
          keyId,
        });
        for (const memberId of memberIds)
          participants.push({ id: randomUUID(), decisionId, memberId, required: true });
        for (let m = 0; m < Math.min(scale.viewpoints, scale.members); m++) {
          const id = randomUUID();
          const reason = m % 2 === 0 ? `Motivo ${m}` : null;
          viewpoints.push({
            id,
            decisionId,
            memberId: memberIds[m],
            answer: STANCES[(m + d) % STANCES.length],
            reason: sealIn(cipher, "Viewpoint", "reason", id, reason),
            createdAt,
            updatedAt: createdAt,
            keyId,
          });
          for (const [r, answer] of [
            STANCES[(m + d + 1) % STANCES.length],
            STANCES[(m + d) % STANCES.length],
          ].entries()) {
            const revisionId = randomUUID();
            revisions.push({
              id: revisionId,
              decisionId,
              memberId: memberIds[m],
              answer,
              reason: sealIn(cipher, "ViewpointRevision", "reason", revisionId, reason),
              createdAt: new Date(createdAt.getTime() + r * HOUR_MS),
              keyId,
            });
          }
        }
      }

      // Platform deliveries of the last two days (the purge takes them after one).
      for (let q = 0; q < scale.messages; q++)
        deliveries.push({ key: `slack:${randomUUID()}`, createdAt: new Date(now - q * 2.4 * HOUR_MS) });

      // Delivered messages of the last hour (the purge takes them once they are an hour old).
      for (let q = 0; q < scale.messages; q++)
        queue.push({
          kind: MESSAGE_KIND,
          messageKey: `poll:${equipeId}:${q % 4}`,
          payload: sealIn(cipher, "QueueItem", "payload", 0, JSON.stringify({ seeded: q })),
          keyId,
          status: q % 4 === 0 ? "superseded" : "done",
          dueAt: new Date(now - (q + 1) * MINUTE_MS),
          createdAt: new Date(now - (q + 1) * MINUTE_MS * 2.5),
          doneAt: new Date(now - (q + 1) * MINUTE_MS),
        });
    }
    // Parents before children: the foreign keys hold at every batch.
    await write("Equipe", equipes);
    await write("ChannelBinding", bindings);
    await write("Member", members);
    await write("Meeting", meetings);
    await write("Slot", slots);
    await write("Availability", answers);
    await write("Decision", decisions);
    await write("DecisionParticipant", participants);
    await write("Viewpoint", viewpoints);
    await write("ViewpointRevision", revisions);
    await write("PageLink", pageLinks);
    await write("QueueItem", queue);
    await write("AuditEntry", audit);
    await write("ProcessedDelivery", deliveries);
    await write("FeedToken", memberFeeds);
  }

  // A calendar feed link for every chat user of the pool, and the feed user's.
  const feedTokens = Array.from({ length: userPool }, (_, u) => ({
    id: randomUUID(),
    userId: `U${String(u).padStart(7, "0")}`,
  }));
  const feedRow = { id: randomUUID(), userId: FEED_USER };
  feedTokens.push(feedRow);
  await write(
    "FeedToken",
    feedTokens.map(({ id, userId }) => ({
      id,
      tokenHash: hashToken(linkToken(dataKey, "feed", id)),
      platform: "slack",
      workspaceId: SEED_WORKSPACE,
      platformUserId: userId,
    })),
  );
  if (channel === undefined || quiet === undefined || poll === undefined || pageMember === undefined)
    throw new Error("seed: a scale of fewer than two équipes, or without meetings or members outside chat");
  return {
    scale,
    rows,
    channel,
    quiet,
    poll,
    feedToken: linkToken(dataKey, "feed", feedRow.id),
    pageToken: linkToken(dataKey, "page", pageMember),
  };
}
