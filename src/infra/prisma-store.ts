import { EventEmitter } from "node:events";
import { inlineAfterCommit, outsideAttempts } from "../core/request.ts";
import { inSlices, ownTurn } from "../core/turns.ts";
import type { EquipeId, MemberId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import type { AdapterState } from "../ports/adapter-state.ts";
import type { QueueWriter, ScheduledJob } from "../ports/queue.ts";
import type { AuditEntryRecord, AuditLog, DeliveryLog, Repositories, Store } from "../ports/store.ts";
import { changeStamp, type Stamp } from "./change-clock.ts";
import { CollisionGate, outsideGates } from "./collision-gate.ts";
import type { Db } from "./db.ts";
import type { FieldCipher } from "./field-cipher.ts";
import { MESSAGE_KIND } from "./leased-queue.ts";
import { countCollision } from "./metrics.ts";
import { PrismaAdapterState } from "./prisma-adapter-state.ts";
import { PrismaCaseRepository } from "./prisma-cases.ts";
import { PrismaDecisionRepository } from "./prisma-decisions.ts";
import {
  PrismaBindingRequestRepository,
  PrismaEquipeRepository,
  PrismaMemberRepository,
} from "./prisma-equipes.ts";
import {
  PrismaCalendarFeedReads,
  PrismaEventTokenRepository,
  PrismaFeedTokenRepository,
} from "./prisma-feeds.ts";
import { PrismaMeetingRepository } from "./prisma-meetings.ts";
import { PrismaOrganisationRepository } from "./prisma-organisations.ts";
import { PrismaPageLinkRepository, PrismaQrLinkRepository } from "./prisma-pages.ts";
import { PrismaSummaryRepository } from "./prisma-summaries.ts";
import type { Tx } from "./prisma-tx.ts";
import { JOB_RETENTION_MS } from "./purge.ts";
import { openIn, sealIn } from "./sealed-rows.ts";
import { UnitReads } from "./unit-reads.ts";

/** A queue row's payload, sealed (messages and jobs alike: their id is not known before the insert). */
const sealPayload = (cipher: FieldCipher, json: string) => sealIn(cipher, "QueueItem", "payload", 0, json);

/** Messages of one unit sealed in one go; more (a convening's fan-out) are sealed in slices. */
const SEALED_AT_ONCE = 8;

export class PrismaQueueWriter implements QueueWriter {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
    private readonly onEnqueue: () => void,
  ) {}

  async enqueue(messages: Parameters<QueueWriter["enqueue"]>[0], at: Date): Promise<void> {
    if (messages.length === 0) return;
    // One statement for every message of the unit of work, its rows in order: the autoincrement
    // id is the delivery order, and both databases number the rows of one multi-row insert in the
    // order they are listed (test/infra/click-statements.test.ts). Older pending versions of a keyed
    // message are superseded by the dispatcher, before it claims
    // (LeasedQueue.supersedeOlderVersions): the unit of work only inserts.
    const row = (message: (typeof messages)[number]) => ({
      kind: MESSAGE_KIND,
      messageKey: message.key ?? null,
      payload: sealPayload(this.cipher, JSON.stringify(message)),
      keyId: this.cipher.keyId,
      status: "pending",
      dueAt: at,
      createdAt: at,
      expiresAt: message.until ?? null,
    });
    // A convening's fan-out (a message to each member, each sealed) is sealed a slice at a time,
    // giving the event loop back between slices: requests that came meanwhile are answered.
    let data: ReturnType<typeof row>[];
    if (messages.length <= SEALED_AT_ONCE) data = messages.map(row);
    else {
      data = [];
      await inSlices(messages, (message) => data.push(row(message)));
    }
    await this.db.queueItem.createMany({ data });
    this.onEnqueue();
  }

  async schedule(job: ScheduledJob, at: Date): Promise<void> {
    if (job.kind === MESSAGE_KIND) throw new Error(`"${MESSAGE_KIND}" is not a job kind`);
    // Past the time a finished job's row is kept, its key may be gone: scheduling it again would
    // run it a second time (and over a month late). The purge and this check keep one horizon.
    if (job.dueAt.getTime() < at.getTime() - JOB_RETENTION_MS) return;
    // Look first: a failed insert would poison the surrounding transaction on PostgreSQL.
    const existing = await this.db.queueItem.findUnique({
      where: { dedupeKey: job.key },
      select: { id: true },
    });
    if (existing) return;
    await this.db.queueItem.create({
      data: {
        kind: job.kind,
        dedupeKey: job.key,
        payload: sealPayload(this.cipher, JSON.stringify(job.payload)),
        keyId: this.cipher.keyId,
        status: "pending",
        dueAt: job.dueAt,
        // For operators only (the interface carries no clock); the job's times are the caller's.
        createdAt: new Date(),
      },
      select: { id: true },
    });
  }

  async cancelPending(keyPrefix: string): Promise<void> {
    await this.db.queueItem.updateMany({
      where: { kind: { not: MESSAGE_KIND }, dedupeKey: { startsWith: keyPrefix }, status: "pending" },
      data: { status: "cancelled" },
    });
  }
}

export class PrismaAuditLog implements AuditLog {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
  ) {}

  async record(entry: Parameters<AuditLog["record"]>[0]): Promise<void> {
    const id = newId();
    await this.db.auditEntry.create({
      data: {
        id,
        equipeId: entry.equipeId,
        actorId: entry.actorId ?? null,
        action: entry.action,
        subjectId: entry.subjectId ?? null,
        reason: sealIn(this.cipher, "AuditEntry", "reason", id, entry.reason),
        keyId: this.cipher.keyId,
        createdAt: entry.at,
      },
      select: { id: true },
    });
  }

  async forSubject(equipeId: EquipeId, subjectId: string): Promise<AuditEntryRecord[]> {
    const rows = await this.db.auditEntry.findMany({
      where: { equipeId, subjectId },
      select: {
        id: true,
        actorId: true,
        action: true,
        subjectId: true,
        reason: true,
        keyId: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({
      actorId: (r.actorId ?? undefined) as MemberId | undefined,
      action: r.action,
      subjectId: r.subjectId ?? undefined,
      reason: openIn(this.cipher, "AuditEntry", "reason", r.id, r.keyId, r.reason) ?? undefined,
      at: r.createdAt,
    }));
  }

  async lastActors(
    equipeId: EquipeId,
    action: string,
    subjectIds: readonly string[],
  ): Promise<Map<string, MemberId>> {
    const last = new Map<string, MemberId>();
    // In slices: a database takes only so many parameters in one query.
    for (let i = 0; i < subjectIds.length; i += AUDIT_SLICE) {
      const rows = await this.db.auditEntry.findMany({
        where: {
          equipeId,
          action,
          subjectId: { in: subjectIds.slice(i, i + AUDIT_SLICE) },
          actorId: { not: null },
        },
        select: { actorId: true, subjectId: true },
        // The same order as `forSubject`: the contact is the same whichever path reads it.
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      // Oldest first: the last one written for a subject stays.
      for (const row of rows)
        if (row.subjectId !== null && row.actorId !== null) last.set(row.subjectId, row.actorId as MemberId);
    }
    return last;
  }
}

/** Subjects per query of the trail. */
const AUDIT_SLICE = 500;

export class PrismaDeliveryLog implements DeliveryLog {
  constructor(private readonly db: Tx) {}

  async firstTime(key: string): Promise<boolean> {
    // One statement: the row is written unless the key is there already, and the count of rows
    // written says which. Never an insert that fails: on PostgreSQL a failed statement poisons the
    // surrounding transaction. Two concurrent first deliveries still race: on PostgreSQL the
    // serializable transaction of the loser waits for the winner, then writes nothing (or fails and
    // is run again, and then finds the key).
    const written = await this.db.$executeRaw`
      INSERT INTO "ProcessedDelivery" ("key", "createdAt") VALUES (${key}, ${new Date()})
      ON CONFLICT ("key") DO NOTHING`;
    return written === 1;
  }
}

/**
 * A snapshot's isolation on PostgreSQL. The client's type is SQLite's, which knows only
 * "Serializable"; PostgreSQL's client takes "RepeatableRead" (one view, no collisions to retry).
 */
const SNAPSHOT = { isolationLevel: "RepeatableRead" } as unknown as { isolationLevel: "Serializable" };

/**
 * Runs of a serializable unit of work before a collision is let through, and the pause between:
 * random, doubling from 15 ms up to a second, so that units that keep colliding (a burst of clicks
 * on one poll while the outbox delivers its count) spread out and each gets through: overload slows
 * work down, it does not drop it. All sixteen together wait about nine seconds at most.
 */
const SERIAL_ATTEMPTS = 16;
const SERIAL_BACKOFF_MS = 15;
const SERIAL_BACKOFF_MAX_MS = 1_000;

/**
 * A PostgreSQL transaction rolled back for colliding with another (serialization failure 40001,
 * deadlock 40P01): Prisma reports both as P2034; the raw code is checked too, for errors that
 * come through the driver adapter unmapped.
 */
export function isSerializationFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ("code" in error && error.code === "P2034") return true;
  // Raised by the driver adapter itself (a statement of the transaction, or its commit), the
  // error is Prisma's DriverAdapterError, with PostgreSQL's code in its cause.
  const cause = (error as { cause?: { originalCode?: unknown; kind?: unknown } }).cause;
  if (cause?.originalCode === "40001" || cause?.originalCode === "40P01") return true;
  if (cause?.kind === "TransactionWriteConflict") return true;
  const text = String((error as { message?: unknown }).message ?? "");
  return /\b(40001|40P01)\b|could not serialize access|deadlock detected/i.test(text);
}

/**
 * A unit that could not even begin within the client's wait (`maxWait`, src/infra/db.ts): every
 * connection, or SQLite's one writer, stayed busy that long. Nothing of it ran: it is run again
 * rather than lost, as overload must slow work down, never drop it.
 */
export function isTransactionStartTimeout(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const message = String((error as { message?: unknown }).message ?? "");
  return /Unable to start a transaction in the given time/.test(message);
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** What a unit of work is told by its repositories: messages enqueued, a change feeds show stamped. */
interface Hooks {
  onEnqueue(): void;
  onChange(): void;
}

/**
 * Every repository of one unit of work: each is given the client (or transaction) and, where it
 * stores case content, the cipher that seals it (`new PrismaXRepository(tx, cipher)`).
 */
function repositories(db: Tx, cipher: FieldCipher, hooks: Hooks, unit: boolean): Repositories {
  const queue = new PrismaQueueWriter(db, cipher, () => hooks.onEnqueue());
  // Reads kept for one unit of work (a transaction or a snapshot), never for the store's own
  // repositories, whose calls are each alone: every change stamped forgets them.
  const reads = unit ? new UnitReads() : undefined;
  const stamp: Stamp = (at) => {
    reads?.forget();
    hooks.onChange();
    return changeStamp(db, at);
  };
  return {
    meetings: new PrismaMeetingRepository(db, cipher, stamp, reads),
    organisations: new PrismaOrganisationRepository(db, stamp),
    feeds: new PrismaFeedTokenRepository(db, () => hooks.onChange()),
    calendarFeeds: new PrismaCalendarFeedReads(db, cipher),
    decisions: new PrismaDecisionRepository(db, cipher),
    eventTokens: new PrismaEventTokenRepository(db),
    pageLinks: new PrismaPageLinkRepository(db),
    qrLinks: new PrismaQrLinkRepository(db),
    equipes: new PrismaEquipeRepository(db, reads),
    members: new PrismaMemberRepository(db, stamp, reads),
    bindingRequests: new PrismaBindingRequestRepository(db),
    outbox: queue,
    jobs: queue,
    audit: new PrismaAuditLog(db, cipher),
    summaries: new PrismaSummaryRepository(db, cipher),
    cases: new PrismaCaseRepository(db, cipher, stamp),
    deliveries: new PrismaDeliveryLog(db),
  };
}

/** One gate per database client: the stores of one process on one database share it. */
const gates = new WeakMap<Db, CollisionGate>();
function gateOf(db: Db): CollisionGate {
  let gate = gates.get(db);
  if (gate === undefined) {
    gate = new CollisionGate();
    gates.set(db, gate);
  }
  return gate;
}

/**
 * The Prisma unit of work. It emits `outbox` after a commit that enqueued messages, so the
 * dispatcher delivers at once instead of waiting for its next tick.
 */
export class PrismaStore extends EventEmitter implements Store {
  readonly repos: Repositories;
  readonly adapterState: AdapterState;
  private changed = 0;

  get changes(): number {
    return this.changed;
  }

  /**
   * @param db the database; its cipher (`db.cipher`) seals and opens the case content stored.
   * @param reader another connection to the same database for snapshots, where there is one
   *   (SQLite in WAL: it sees only what is committed and never waits for the writers' lock);
   *   without it, snapshots are transactions of `db`.
   */
  constructor(
    private readonly db: Db,
    private readonly reader: Db = db,
  ) {
    super();
    // Outside a transaction: a change stamped here (scripts) counts at once.
    this.repos = repositories(
      db,
      db.cipher,
      {
        onEnqueue: () => this.emit("outbox"),
        onChange: () => {
          this.changed += 1;
        },
      },
      false,
    );
    this.adapterState = new PrismaAdapterState(db, db.cipher);
  }

  async snapshot<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const refuse = () => {
      throw new Error("a snapshot writes nothing");
    };
    // Its own turn: a synchronous driver runs a whole snapshot in one, and twenty queued ones
    // would otherwise follow one another in microtasks, holding every request back meanwhile.
    await ownTurn();
    return this.reader.$transaction(
      (tx) => work(repositories(tx, this.reader.cipher, { onEnqueue: refuse, onChange: refuse }, true)),
      // PostgreSQL: one consistent view for the whole read, as SQLite's read transaction gives.
      this.reader.kind === "postgresql" ? SNAPSHOT : undefined,
    );
  }

  /**
   * One unit of work, all or nothing. SQLite runs one writer at a time, so every unit sees the
   * database as if alone; PostgreSQL gives the same guarantee with serializable transactions,
   * where a unit that collided with another's is rolled back and run again (its work reads
   * again what it decided on), a few times before the error is let through. A unit that could
   * not begin in time (every connection busy) is run again the same way, on either database.
   */
  async transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const gate = this.db.kind === "postgresql" ? gateOf(this.db) : undefined;
    // Alone only after a collision: a unit that could not begin (every connection busy) runs
    // beside the others again, or one process would fall to one unit at a time under load.
    let alone = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A page's answers of an attempt rolled back are dropped with it. After a collision the
        // unit runs again alone among this process's units (CollisionGate).
        const run = () => inlineAfterCommit(() => this.attempt(work));
        return await (gate === undefined ? run() : gate.run(alone, run));
      } catch (error) {
        const again =
          (gate !== undefined && isSerializationFailure(error)) || isTransactionStartTimeout(error);
        if (!again || attempt >= SERIAL_ATTEMPTS) throw error;
        alone = gate !== undefined && isSerializationFailure(error);
        if (alone) countCollision();
        const ceiling = Math.min(SERIAL_BACKOFF_MAX_MS, SERIAL_BACKOFF_MS * 2 ** (attempt - 1));
        await new Promise((wake) => setTimeout(wake, Math.random() * ceiling));
      }
    }
  }

  private async attempt<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    let enqueued = false;
    let changed = false;
    const result = await this.db.$transaction(
      (tx) =>
        work(
          repositories(
            tx,
            this.db.cipher,
            {
              onEnqueue: () => {
                enqueued = true;
              },
              onChange: () => {
                changed = true;
              },
            },
            true,
          ),
        ),
      this.db.kind === "postgresql" ? { isolationLevel: "Serializable" } : undefined,
    );
    if (changed) this.changed += 1;
    if (enqueued) outsideAttempts(() => outsideGates(() => this.emit("outbox")));
    return result;
  }
}
