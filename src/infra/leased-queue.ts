import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "./db.ts";
import { SealedValueError } from "./field-cipher.ts";
import { openIn } from "./sealed-rows.ts";

/** The kind of an outgoing message; every other kind names a job's handler. */
export const MESSAGE_KIND = "message";

/**
 * `held`: a message for a channel this server does not have now (e-mail without SMTP_URL): kept,
 * not tried, and put back to `pending` by a dispatcher that has the channel.
 */
export type QueueStatus = "pending" | "held" | "done" | "failed" | "superseded" | "cancelled";

/** Which rows a consumer takes: outgoing messages, or due work of every other kind. */
export type QueueLane = "messages" | "jobs";

/** A row this process holds the lease of. */
export interface ClaimedItem {
  id: number;
  kind: string;
  messageKey: string | null;
  /** The payload, opened; undefined when it does not open here (sealed with a key this server lacks). */
  payload: string | undefined;
  /** Failed runs so far. */
  attempts: number;
  /** Messages: never delivered after this moment (none: no such moment). */
  expiresAt: Date | null;
  /**
   * Another process held it before and its lease ran out (it died, or its call outlived the
   * lease): that call may still land, so a newer version must not be overtaken by this one.
   */
  reclaimed: boolean;
  /** Until when it is ours (renewed by `renew`). */
  leaseUntil: Date;
  /** When it was queued: with the id, what names it across tries and replicas. */
  createdAt: Date;
}

/** Why a message whose moment passed before it could go is parked (`failed`). */
export const EXPIRED = "expired";

/** How a consumer retries: exponential back-off from `baseMs`, parked after `maxAttempts`. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  /** Ceiling of one wait; none when the attempts run out before it matters. */
  maxMs?: number;
}

/** Wait before the next try after `attempts` failures, never shorter than the platform asked. */
export function retryDelay(policy: RetryPolicy, attempts: number, atLeastMs = 0): number {
  const backoff = Math.min(policy.maxMs ?? Number.POSITIVE_INFINITY, policy.baseMs * 2 ** (attempts - 1));
  return Math.max(backoff, atLeastMs);
}

/** Rows claimed per pass: small, so one process does not hold many leases it cannot work on soon. */
export const BATCH_SIZE = 20;

/** `to_char` pattern of an instant stored as UTC wall-clock time, read back as ISO 8601 UTC. */
const ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

/** A claimed row before its payload is opened. */
interface ClaimedRow extends Omit<ClaimedItem, "payload" | "reclaimed"> {
  payload: string;
  keyId: string | null;
  /** The lease it had when taken (none: never claimed before). */
  previousLease: Date | null;
}

/** What the PostgreSQL claim statement returns: instants as ISO text (see `ISO_UTC`). */
interface RawClaimedRow {
  id: number;
  kind: string;
  messageKey: string | null;
  payload: string;
  attempts: number;
  keyId: string | null;
  expiresAt: string | null;
  createdAt: string;
  dueAt: string;
  previousLease: string | null;
}

const claimSelect = {
  id: true,
  kind: true,
  messageKey: true,
  payload: true,
  attempts: true,
  expiresAt: true,
  createdAt: true,
  leaseUntil: true,
  keyId: true,
} as const;

/**
 * The one claiming implementation behind the outbox dispatcher and the job runner. A row is
 * taken by one conditional update that a single process wins (the lease it read is still
 * there), so replicas never handle the same row twice; a process that dies mid-run frees its
 * rows when their lease expires. Every write after the claim is conditional on still holding
 * the lease, so a process whose lease was taken over cannot overwrite the new holder's outcome.
 */
export class LeasedQueue {
  /** Written with each lease: operators see which process holds a row. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Whether the last drain met rows another process holds (they free up when their lease ends). */
  metInFlight = false;

  /** Whether a batch is claimed by one `FOR UPDATE SKIP LOCKED` statement (PostgreSQL). */
  private readonly skipLocked: boolean;

  constructor(
    private readonly db: Db,
    private readonly lane: QueueLane,
    /** How long a claimed row is ours: longer than one run can take. */
    private readonly leaseMs: number,
    /** `compareAndSet`: claim as on SQLite even on PostgreSQL (the bench compares the two). */
    claims: "auto" | "compareAndSet" = "auto",
  ) {
    this.skipLocked = db.kind === "postgresql" && claims === "auto";
  }

  /** Claims due rows until none is left, handing each to `handle` as soon as it is ours. */
  async drain(now: () => Date, handle: (item: ClaimedItem) => Promise<void>): Promise<void> {
    await this.drainBatches(now, async (batch) => {
      for (const item of batch) await handle(item);
    });
  }

  /**
   * Claims due rows until none is left, handing each claimed batch to `handle` whole (the outbox
   * delivers a batch a few at a time and finishes it together); the next batch is claimed once
   * `handle` has finished with this one.
   */
  async drainBatches(now: () => Date, handle: (batch: ClaimedItem[]) => Promise<void>): Promise<void> {
    this.metInFlight = false;
    for (;;) {
      if (this.lane === "messages") await this.supersedeOlderVersions();
      const claimed = await this.claim(now());
      if (claimed.length === 0) return;
      await handle(claimed);
    }
  }

  /**
   * One batch: due rows whose lease is free or expired. On PostgreSQL one statement locks and
   * leases the batch, skipping the rows another replica is claiming at that moment; elsewhere
   * (SQLite: one process) the rows are read, then each taken by a compare-and-set.
   */
  async claim(now: Date): Promise<ClaimedItem[]> {
    const rows = this.skipLocked ? await this.claimSkippingLocked(now) : await this.claimEach(now);
    return rows.map(({ previousLease, keyId, ...row }) => ({
      ...row,
      reclaimed: previousLease !== null,
      payload: this.open({ ...row, keyId }),
    }));
  }

  /**
   * Only the latest state of a keyed message matters (a burst of clicks updates the channel's
   * count many times): the older versions waiting behind a newer one are superseded instead of
   * each being sent. Done here, in one statement before each claim, rather than in the unit of
   * work that queues the newer version: that unit then only inserts into the queue, and on
   * PostgreSQL a click's serializable transaction no longer updates rows the dispatchers of every
   * replica are claiming and finishing (those collisions rolled clicks back, again and again
   * under load). A version leased by a process may be on its way already: it stays, and the
   * newer waits for it; a version in flight whose newer one is queued is superseded by the
   * dispatcher when its call fails (`hasNewerVersion`).
   */
  private async supersedeOlderVersions(): Promise<void> {
    const older = Prisma.sql`kind = ${MESSAGE_KIND} AND status = 'pending' AND "leaseUntil" IS NULL
        AND "messageKey" IS NOT NULL
        AND EXISTS (
          SELECT 1 FROM "QueueItem" AS newer
          WHERE newer.kind = ${MESSAGE_KIND} AND newer."messageKey" = "QueueItem"."messageKey"
            AND newer.id > "QueueItem".id)`;
    if (this.db.kind !== "postgresql") {
      await this.db.$executeRaw`UPDATE "QueueItem" SET status = 'superseded' WHERE ${older}`;
      return;
    }
    // PostgreSQL: the rows locked in the order of their ids, those another replica holds skipped
    // (it is superseding or claiming them this very moment). Two replicas updating the same rows
    // in whatever order each one's plan visits them could each wait for the other (a deadlock,
    // and the pass failed and was tried again).
    await this.db.$executeRaw`
      UPDATE "QueueItem" SET status = 'superseded'
      WHERE id IN (SELECT id FROM "QueueItem" WHERE ${older} ORDER BY id FOR UPDATE SKIP LOCKED)`;
  }

  /**
   * The rows read first, then taken by one conditional update: a row is won only while it is
   * still pending, still due (another process may have put it back for a later retry since it
   * was read) and its lease still free or expired — a row another process claimed meanwhile has
   * a lease running, and the update leaves it (on PostgreSQL, a row updated by a concurrent claim
   * is re-read before it is taken), so only one process wins each row.
   */
  private async claimEach(now: Date): Promise<ClaimedRow[]> {
    const candidates = await this.candidates(now);
    if (candidates.length === 0) return [];
    const until = new Date(now.getTime() + this.leaseMs);
    const where = { id: { in: candidates.map(({ id }) => id) } };
    // One statement: Prisma's `updateMany` runs inside a transaction of its own (a BEGIN and a
    // COMMIT more for each batch). When it took every row read, they are all ours; only when
    // another process took some meanwhile are ours read back, by the lease this update wrote.
    const taken = await this.db.$executeRaw`
      UPDATE "QueueItem" SET "leaseUntil" = ${this.instant(until)}, "leaseOwner" = ${this.owner}
      WHERE id IN (${Prisma.join(where.id.in)}) AND status = 'pending' AND "dueAt" <= ${this.instant(now)}
        AND ("leaseUntil" IS NULL OR "leaseUntil" < ${this.instant(now)})`;
    const won =
      taken === candidates.length
        ? candidates
        : await this.db.queueItem.findMany({
            where: { id: where.id, leaseOwner: this.owner, leaseUntil: until },
            select: { id: true },
          });
    const ids = new Set(won.map(({ id }) => id));
    // In the order they were read.
    return candidates
      .filter(({ id }) => ids.has(id))
      .map(({ leaseUntil, ...row }) => ({ ...row, previousLease: leaseUntil, leaseUntil: until }));
  }

  /**
   * PostgreSQL: the batch is chosen, locked and leased by one statement. A row another replica
   * is claiming now is locked by its statement and skipped (`SKIP LOCKED`), so replicas take
   * different rows side by side instead of all reading the same first ones and racing for them.
   * A locked row is re-read before it is taken, so a row leased or finished meanwhile is left.
   * Messages keep their order: a keyed message is not taken while an older version of it is
   * pending and due, in flight or not — and one another replica is claiming this very moment
   * still reads as pending here (its claim is not committed), so it holds back its newer ones.
   */
  private async claimSkippingLocked(now: Date): Promise<ClaimedRow[]> {
    // Timestamps go as text and are read as UTC wall-clock time (how the columns store them),
    // whatever the time zone of this process or of the database session.
    const at = now.toISOString();
    const until = new Date(now.getTime() + this.leaseMs).toISOString();
    const lane =
      this.lane === "messages"
        ? Prisma.sql`q.kind = ${MESSAGE_KIND} AND NOT EXISTS (
            SELECT 1 FROM "QueueItem" AS older
            WHERE older.kind = ${MESSAGE_KIND} AND older."messageKey" = q."messageKey"
              AND older.status = 'pending' AND older."dueAt" <= ${at}::timestamp AND older.id < q.id)`
        : Prisma.sql`q.kind <> ${MESSAGE_KIND}`;
    // Messages in the order they were queued (ids are given at insert: on PostgreSQL two
    // transactions may commit in the other order, so two unkeyed messages of two units of work that
    // ran side by side may go out swapped; the versions of one keyed message never do, see the
    // NOT EXISTS above); jobs in order of due time.
    const order = this.lane === "messages" ? Prisma.sql`q.id` : Prisma.sql`q."dueAt", q.id`;
    const rows = await this.db.$queryRaw<RawClaimedRow[]>`
      WITH picked AS (
        SELECT q.id, q."leaseUntil" FROM "QueueItem" AS q
        WHERE ${lane} AND q.status = 'pending' AND q."dueAt" <= ${at}::timestamp
          AND (q."leaseUntil" IS NULL OR q."leaseUntil" < ${at}::timestamp)
        ORDER BY ${order}
        LIMIT ${BATCH_SIZE}
        FOR UPDATE OF q SKIP LOCKED
      )
      UPDATE "QueueItem" AS q SET "leaseUntil" = ${until}::timestamp, "leaseOwner" = ${this.owner}
      FROM picked WHERE q.id = picked.id
      RETURNING q.id, q.kind, q."messageKey", q.payload, q.attempts, q."keyId",
        to_char(q."expiresAt", ${ISO_UTC}) AS "expiresAt", to_char(q."createdAt", ${ISO_UTC}) AS "createdAt",
        to_char(q."dueAt", ${ISO_UTC}) AS "dueAt", to_char(picked."leaseUntil", ${ISO_UTC}) AS "previousLease"`;
    const claimed = rows
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        messageKey: row.messageKey,
        payload: row.payload,
        attempts: row.attempts,
        keyId: row.keyId,
        expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
        createdAt: new Date(row.createdAt),
        dueAt: new Date(row.dueAt),
        previousLease: row.previousLease === null ? null : new Date(row.previousLease),
        leaseUntil: new Date(until),
      }))
      // The statement returns its rows in no set order: they are handled in the order chosen.
      .sort((a, b) => (this.lane === "jobs" ? a.dueAt.getTime() - b.dueAt.getTime() : 0) || a.id - b.id);
    // An empty batch ends the pass (this process's own rows are all handled by then): whether
    // rows are in flight elsewhere, which free up when their lease ends and hold back the newer
    // versions queued behind them.
    if (this.lane === "messages" && claimed.length === 0) this.metInFlight = await this.anyInFlight(now);
    return claimed.map(({ dueAt: _dueAt, ...row }) => row);
  }

  /** Whether a due message is leased by a process whose lease has not ended. */
  private async anyInFlight(now: Date): Promise<boolean> {
    const leased = await this.db.queueItem.findFirst({
      where: { ...this.laneFilter(), status: "pending", dueAt: { lte: now }, leaseUntil: { gte: now } },
      select: { id: true },
    });
    return leased !== null;
  }

  /** SQLite: the due rows free to take, read without a lock (`claimEach` takes them one by one). */
  private async candidates(now: Date) {
    if (this.lane === "jobs") {
      return this.db.queueItem.findMany({
        where: {
          ...this.laneFilter(),
          status: "pending",
          dueAt: { lte: now },
          OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
        },
        // Jobs in order of due time.
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
        take: BATCH_SIZE,
        select: claimSelect,
      });
    }
    // Messages in commit order, the ones in flight included: they hold back their later versions.
    // A window of rows all in flight (another process's batch, or a crashed one's until its
    // leases expire) does not stop this pass: it reads on past them.
    const held = new Set<string>();
    let after = 0;
    for (;;) {
      const rows = await this.db.queueItem.findMany({
        where: { ...this.laneFilter(), status: "pending", dueAt: { lte: now }, id: { gt: after } },
        orderBy: { id: "asc" },
        take: BATCH_SIZE,
        select: claimSelect,
      });
      const free = oldestVersionsOnly(rows, now, held);
      if (free.length < rows.length) this.metInFlight = true;
      const last = rows.at(-1);
      if (free.length > 0 || rows.length < BATCH_SIZE || last === undefined) return free;
      after = last.id;
    }
  }

  /**
   * Extends the lease of a row still ours (a batch's last rows wait for the first ones); false
   * when another process took it over meanwhile: it is theirs to handle, not ours.
   */
  async renew(item: ClaimedItem, now: Date): Promise<boolean> {
    const until = new Date(now.getTime() + this.leaseMs);
    // One statement, not Prisma's `updateMany` (a transaction of its own around it).
    const renewed = await this.db.$executeRaw`
      UPDATE "QueueItem" SET "leaseUntil" = ${this.instant(until)}
      WHERE id = ${item.id} AND status = 'pending' AND "leaseOwner" = ${this.owner}
        AND "leaseUntil" = ${this.instant(item.leaseUntil)}`;
    if (renewed === 1) item.leaseUntil = until;
    return renewed === 1;
  }

  /** Whether a later version of this keyed message was queued (then retrying it would go backwards). */
  async hasNewerVersion(item: ClaimedItem): Promise<boolean> {
    if (item.messageKey === null) return false;
    const newer = await this.db.queueItem.findFirst({
      where: { kind: MESSAGE_KIND, messageKey: item.messageKey, id: { gt: item.id } },
      select: { id: true },
    });
    return newer !== null;
  }

  /**
   * The next moment a pending row can be taken, if any: the earliest future retry, or the end of
   * a lease another process holds (when it died, its rows and the versions queued behind them
   * are taken then, not at the next tick).
   */
  async nextDue(now: Date): Promise<Date | undefined> {
    const due = await this.db.queueItem.findFirst({
      where: { ...this.laneFilter(), status: "pending", dueAt: { gt: now } },
      orderBy: { dueAt: "asc" },
      select: { dueAt: true },
    });
    const leased = this.metInFlight
      ? await this.db.queueItem.findFirst({
          where: { ...this.laneFilter(), status: "pending", leaseUntil: { gt: now } },
          orderBy: { leaseUntil: "asc" },
          select: { leaseUntil: true },
        })
      : null;
    const times = [due?.dueAt, leased?.leaseUntil].filter((at): at is Date => at instanceof Date);
    return times.length === 0 ? undefined : new Date(Math.min(...times.map((at) => at.getTime())));
  }

  async complete(item: ClaimedItem, at: Date): Promise<void> {
    await this.release(item, { status: "done", doneAt: at, lastError: null });
  }

  /**
   * Marks these rows done in one statement, each only while this process still holds it (a row
   * another process took over is theirs to finish); how many were.
   */
  async completeAll(items: readonly ClaimedItem[], at: Date): Promise<number> {
    if (items.length === 0) return 0;
    // One statement, not Prisma's `updateMany` (a transaction of its own around it).
    return this.db.$executeRaw`
      UPDATE "QueueItem" SET status = 'done', "doneAt" = ${this.instant(at)}, "lastError" = NULL,
        "leaseUntil" = NULL
      WHERE id IN (${Prisma.join(items.map(({ id }) => id))}) AND status = 'pending'
        AND "leaseOwner" = ${this.owner}`;
  }

  /**
   * Not tried now, and no attempt counted: a rate limit the platform set for its bucket is in
   * force until `at`.
   */
  async defer(item: ClaimedItem, at: Date, reason: string): Promise<void> {
    await this.release(item, { dueAt: at, lastError: reason });
  }

  /** The run failed and will be tried again at `at`. */
  async retry(item: ClaimedItem, attempts: number, at: Date, error: string): Promise<void> {
    await this.release(item, { attempts, dueAt: at, lastError: error });
  }

  /** Parks the row as failed: kept, visible to operators, never tried again. */
  async fail(item: ClaimedItem, attempts: number, error: string): Promise<void> {
    await this.release(item, { status: "failed", attempts, lastError: error });
  }

  /** Parks a message whose moment passed before it could go: failed, never sent late. */
  async expire(item: ClaimedItem): Promise<void> {
    await this.release(item, { status: "failed", attempts: item.attempts, lastError: EXPIRED });
  }

  /** Keeps the row without trying it: its channel is off here (`reason`, e.g. `email_off`). */
  async hold(item: ClaimedItem, reason: string): Promise<void> {
    await this.release(item, { status: "held", lastError: reason });
  }

  /**
   * Puts back the held rows of these reasons (channels that work now), due at once, in their
   * commit order; how many.
   */
  async releaseHeld(reasons: readonly string[], now: Date): Promise<number> {
    if (reasons.length === 0) return 0;
    const released = await this.db.queueItem.updateMany({
      where: { ...this.laneFilter(), status: "held", lastError: { in: [...reasons] } },
      data: { status: "pending", dueAt: now, lastError: null, leaseUntil: null, leaseOwner: null },
    });
    return released.count;
  }

  /**
   * Held messages whose moment has passed (`expiresAt` at or before `now`), whatever their
   * channel: each parked as failed (`expired`) by one process alone, oldest first; their payloads.
   */
  async takeExpiredHeld(now: Date): Promise<{ id: number; payload: string | undefined }[]> {
    const rows = await this.db.queueItem.findMany({
      where: { ...this.laneFilter(), status: "held", expiresAt: { lte: now } },
      orderBy: { id: "asc" },
      select: { id: true, payload: true, keyId: true, lastError: true },
    });
    const taken: { id: number; payload: string | undefined }[] = [];
    for (const row of rows) {
      const won = await this.db.queueItem.updateMany({
        where: { id: row.id, status: "held", lastError: row.lastError },
        data: { status: "failed", lastError: EXPIRED, leaseUntil: null, leaseOwner: null },
      });
      if (won.count === 1) taken.push({ id: row.id, payload: this.open(row) });
    }
    return taken;
  }

  /**
   * Held rows of these reasons queued before `before`, oldest first, each marked with `mark` (so
   * that it is handed out once): what has waited too long.
   */
  async takeHeldSince(
    reasons: readonly string[],
    before: Date,
    mark: (reason: string) => string,
  ): Promise<{ payload: string | undefined; reason: string }[]> {
    if (reasons.length === 0) return [];
    const rows = await this.db.queueItem.findMany({
      where: {
        ...this.laneFilter(),
        status: "held",
        lastError: { in: [...reasons] },
        createdAt: { lt: before },
      },
      orderBy: { id: "asc" },
      select: { id: true, payload: true, keyId: true, lastError: true },
    });
    const taken: { payload: string | undefined; reason: string }[] = [];
    for (const row of rows) {
      const reason = row.lastError ?? "";
      // One process alone marks a row: the one whose update still finds it unmarked.
      const won = await this.db.queueItem.updateMany({
        where: { id: row.id, status: "held", lastError: reason },
        data: { lastError: mark(reason) },
      });
      if (won.count === 1) taken.push({ payload: this.open(row), reason });
    }
    return taken;
  }

  /** A newer version of this keyed message replaces it. */
  async supersede(item: ClaimedItem, attempts: number, error: string): Promise<void> {
    await this.release(item, { status: "superseded", attempts, lastError: error });
  }

  private async release(
    item: ClaimedItem,
    data: {
      status?: QueueStatus;
      attempts?: number;
      dueAt?: Date;
      doneAt?: Date;
      lastError: string | null;
    },
  ): Promise<void> {
    // One statement, not Prisma's `updateMany` (a transaction of its own around it).
    const set = [Prisma.sql`"leaseUntil" = NULL`, Prisma.sql`"lastError" = ${data.lastError}`];
    if (data.status !== undefined) set.push(Prisma.sql`status = ${data.status}`);
    if (data.attempts !== undefined) set.push(Prisma.sql`attempts = ${data.attempts}`);
    if (data.dueAt !== undefined) set.push(Prisma.sql`"dueAt" = ${this.instant(data.dueAt)}`);
    if (data.doneAt !== undefined) set.push(Prisma.sql`"doneAt" = ${this.instant(data.doneAt)}`);
    await this.db.$executeRaw`
      UPDATE "QueueItem" SET ${Prisma.join(set)}
      WHERE id = ${item.id} AND status = 'pending' AND "leaseOwner" = ${this.owner}`;
  }

  /**
   * An instant as a raw statement's value, stored as Prisma stores it: on SQLite the driver
   * adapter writes it as ISO 8601 text, the same for a raw value as for a Prisma write, so the two
   * compare as text; on PostgreSQL as UTC wall-clock time in a `timestamp` column, whatever the session's
   * time zone (see `claimSkippingLocked`).
   */
  private instant(at: Date): Prisma.Sql {
    return this.db.kind === "postgresql" ? Prisma.sql`${at.toISOString()}::timestamp` : Prisma.sql`${at}`;
  }

  /** A row's payload opened with the database's cipher; undefined when its key is not known here. */
  private open(row: { payload: string; keyId: string | null }): string | undefined {
    try {
      return openIn(this.db.cipher, "QueueItem", "payload", 0, row.keyId, row.payload);
    } catch (error) {
      if (error instanceof SealedValueError) return undefined;
      throw error;
    }
  }

  private laneFilter() {
    return this.lane === "messages" ? { kind: MESSAGE_KIND } : { kind: { not: MESSAGE_KIND } };
  }
}

/**
 * The messages this pass may take, in commit order: not one in flight (leased, lease not yet
 * expired), and not a keyed one while an older version of it is pending — delivering it first
 * could let the older version land after it and show a stale state. An older version is always
 * earlier in commit order, so it is met before the newer one. One put back for a later retry is
 * not due and not read here: the dispatcher checks, before it sends a retried message, that no
 * newer version was queued meanwhile.
 */
function oldestVersionsOnly<T extends { messageKey: string | null; leaseUntil: Date | null }>(
  rows: T[],
  now: Date,
  /** Keys already met in this pass's reading (earlier windows included). */
  held: Set<string>,
): T[] {
  const free: T[] = [];
  for (const row of rows) {
    const inFlight = row.leaseUntil !== null && row.leaseUntil.getTime() >= now.getTime();
    if (row.messageKey !== null) {
      if (held.has(row.messageKey)) continue;
      held.add(row.messageKey);
    }
    if (!inFlight) free.push(row);
  }
  return free;
}
