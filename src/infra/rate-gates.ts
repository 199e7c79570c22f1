import type { Db } from "./db.ts";

/**
 * The platforms' rate limits in force, shared by every replica through the database. A 429 with
 * Retry-After closes its bucket (one API method in one workspace, one conversation and operation:
 * whatever the port names) until the window has passed; other buckets go on. Each dispatcher
 * pass reads the windows in force once, so a closed bucket costs no query per message.
 */
export class RateGates {
  /** Bucket → the moment (ms) it opens again, as this process knows it; undefined: not read yet. */
  private closed: Map<string, number> | undefined;
  /** The read in progress: deliveries running side by side share it. */
  private reading: Promise<Map<string, number>> | undefined;

  constructor(private readonly db: Db) {}

  /** At a pass's start: the windows are read again (at most once a pass, and only if a message needs them). */
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
    this.closed = new Map(rows.map((row) => [row.bucket, row.until.getTime()]));
    return this.closed;
  }

  /** When the last of these buckets opens again; undefined when every one is open now. */
  async closedUntil(buckets: readonly string[], now: Date): Promise<Date | undefined> {
    if (buckets.length === 0) return undefined;
    this.reading ??= this.refresh(now);
    const closed = this.closed ?? (await this.reading);
    let until = now.getTime();
    for (const bucket of buckets) until = Math.max(until, closed.get(bucket) ?? 0);
    return until > now.getTime() ? new Date(until) : undefined;
  }

  /** A 429: no call in `bucket` before `until`, here and in every replica (never shortened). */
  async close(bucket: string, until: Date): Promise<void> {
    const at = Math.max(until.getTime(), this.closed?.get(bucket) ?? 0);
    this.closed?.set(bucket, at);
    await this.db.rateLimit.upsert({
      where: { bucket },
      create: { bucket, until: new Date(at) },
      update: { until: new Date(at) },
      select: { bucket: true },
    });
  }

  /** Forgets the windows that have passed; how many. */
  async purge(now: Date): Promise<number> {
    const gone = await this.db.rateLimit.deleteMany({ where: { until: { lte: now } } });
    return gone.count;
  }
}
