import type { Db } from "./db.ts";

/**
 * How long the windows read stand for what is in the database: a pass that runs longer (a big
 * fan-out, a backlog) reads them again, so that a 429 another replica got stops this one's calls
 * in that bucket within this time, not when its pass ends.
 */
export const GATES_READ_MS = 1_000;

/**
 * The platforms' rate limits in force, shared by every replica through the database. A 429 with
 * Retry-After closes its bucket (one API method in one workspace, one conversation and operation:
 * whatever the port names) until the window has passed; other buckets go on. The windows in force
 * are read once a pass and again each `GATES_READ_MS` while it runs, so a closed bucket costs no
 * query per message.
 */
export class RateGates {
  /** Bucket → the moment (ms) it opens again, as this process knows it; undefined: not read yet. */
  private closed: Map<string, number> | undefined;
  /** The read in progress: deliveries running side by side share it. */
  private reading: Promise<Map<string, number>> | undefined;
  /** When (the callers' clock, ms) the read in hand was started. */
  private readAt = 0;

  constructor(private readonly db: Db) {}

  /** At a pass's start: the windows are read again (only if a message needs them). */
  forget(): void {
    this.closed = undefined;
    this.reading = undefined;
  }

  /** Reads the windows in force (one query): another replica's 429 counts here too. */
  private async refresh(now: Date): Promise<Map<string, number>> {
    const rows = await this.db.rateLimit.findMany({
      where: { until: { gt: now } },
      select: { bucket: true, until: true },
    });
    const read = new Map(rows.map((row) => [row.bucket, row.until.getTime()]));
    // A window this process closed while the read ran is kept: the read may have missed it.
    for (const [bucket, until] of this.closed ?? [])
      if (until > now.getTime()) read.set(bucket, Math.max(until, read.get(bucket) ?? 0));
    this.closed = read;
    return read;
  }

  /** When the last of these buckets opens again; undefined when every one is open now. */
  async closedUntil(buckets: readonly string[], now: Date): Promise<Date | undefined> {
    if (buckets.length === 0) return undefined;
    if (this.reading === undefined || now.getTime() - this.readAt >= GATES_READ_MS) {
      this.readAt = now.getTime();
      this.reading = this.refresh(now);
    }
    const closed = await this.reading;
    let until = now.getTime();
    for (const bucket of buckets) until = Math.max(until, closed.get(bucket) ?? 0);
    return until > now.getTime() ? new Date(until) : undefined;
  }

  /**
   * A 429: no call in `bucket` before `until`, here and in every replica. Never shortened, in the
   * database itself: a shorter window another replica writes at the same time (or wrote from an
   * older read) leaves the longer one in place. Dates are compared as stored: one format (UTC, ISO)
   * on SQLite, timestamps on PostgreSQL.
   */
  async close(bucket: string, until: Date): Promise<void> {
    const at = Math.max(until.getTime(), this.closed?.get(bucket) ?? 0);
    this.closed?.set(bucket, at);
    await this.db.$executeRaw`
      INSERT INTO "RateLimit" ("bucket", "until") VALUES (${bucket}, ${new Date(at)})
      ON CONFLICT ("bucket") DO UPDATE SET "until" = excluded."until"
      WHERE "RateLimit"."until" < excluded."until"`;
  }

  /** Forgets the windows that have passed; how many. */
  async purge(now: Date): Promise<number> {
    const gone = await this.db.rateLimit.deleteMany({ where: { until: { lte: now } } });
    return gone.count;
  }
}
