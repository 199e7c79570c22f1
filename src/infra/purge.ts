import type { Clock } from "../ports/clock.ts";
import type { Db } from "./db.ts";
import { clearedPayload, MESSAGE_KIND } from "./leased-queue.ts";
import type { DispatcherLog } from "./outbox-dispatcher.ts";
import { RateGates } from "./rate-gates.ts";

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long a platform delivery's id is kept to recognise its retries. Slack retries a failed
 * event three times within minutes (at once, after one, after five); no documented Bot Framework
 * redelivery is longer. A day is far past them.
 */
export const DEDUPE_HORIZON_MS = DAY_MS;
/** Delivered and superseded messages (their bodies cleared already) stay a week for operators' questions. */
export const SERVED_RETENTION_MS = 7 * DAY_MS;
/** Failed messages stay a month, visible to operators, then go (body and all). */
export const FAILED_RETENTION_MS = 30 * DAY_MS;
/** The purge runs at most this often: what it removes has no hurry. */
const PURGE_EVERY_MS = HOUR_MS;
/** Rows read per statement. */
const SLICE = 500;

export interface PurgeCounts {
  deliveries: number;
  messages: number;
  rateLimits: number;
}

/**
 * Removes what has served its purpose: delivery ids past the platforms' retry horizon, finished
 * messages past their retention, rate-limit windows that have passed. Never a message still
 * to be delivered (pending or held), nor the newest row of a keyed message: an older version
 * still pending checks it before going out, so that the channel never goes backwards (the
 * message's place for later updates, `MessageRef`, is not touched at all). Job rows stay: their
 * keys are what make scheduling a job twice a no-op, and they carry ids only.
 */
export async function purgeServed(db: Db, now: Date): Promise<PurgeCounts> {
  const deliveries = await db.processedDelivery.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - DEDUPE_HORIZON_MS) } },
  });
  const served = new Date(now.getTime() - SERVED_RETENTION_MS);
  const failed = new Date(now.getTime() - FAILED_RETENTION_MS);
  let messages = 0;
  let after = 0;
  for (;;) {
    const rows = await db.queueItem.findMany({
      where: {
        kind: MESSAGE_KIND,
        id: { gt: after },
        OR: [
          { status: { in: ["done", "superseded"] }, createdAt: { lt: served } },
          { status: "failed", createdAt: { lt: failed } },
        ],
      },
      orderBy: { id: "asc" },
      take: SLICE,
      select: { id: true, messageKey: true, status: true },
    });
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.id;
    const newest = await newestOfKeys(db, rows);
    const kept = rows.filter((row) => row.messageKey !== null && newest.get(row.messageKey) === row.id);
    const gone = rows.filter((row) => !kept.includes(row)).map((row) => row.id);
    if (gone.length > 0) messages += (await db.queueItem.deleteMany({ where: { id: { in: gone } } })).count;
    // A kept failed version still had its body: it goes now, the row stays for the key's order.
    const keptFailed = kept.filter((row) => row.status === "failed").map((row) => row.id);
    if (keptFailed.length > 0)
      await db.queueItem.updateMany({
        where: { id: { in: keptFailed } },
        data: { payload: clearedPayload(db.cipher), keyId: db.cipher.keyId },
      });
  }
  const rateLimits = await new RateGates(db).purge(now);
  return { deliveries: deliveries.count, messages, rateLimits };
}

/** The newest row id of each of these rows' keys, whatever its status. */
async function newestOfKeys(db: Db, rows: { messageKey: string | null }[]): Promise<Map<string, number>> {
  const keys = [...new Set(rows.flatMap((row) => (row.messageKey === null ? [] : [row.messageKey])))];
  if (keys.length === 0) return new Map();
  const groups = await db.queueItem.groupBy({
    by: ["messageKey"],
    where: { kind: MESSAGE_KIND, messageKey: { in: keys } },
    _max: { id: true },
  });
  const newest = new Map<string, number>();
  for (const group of groups)
    if (group.messageKey !== null && group._max.id !== null) newest.set(group.messageKey, group._max.id);
  return newest;
}

/** Runs the purge from the tick, at most once an hour per process (replicas may overlap: deletes are safe). */
export class Purge {
  private lastRun: number | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: DispatcherLog,
  ) {}

  async tick(): Promise<void> {
    const now = this.clock.now();
    if (this.lastRun !== undefined && now.getTime() - this.lastRun < PURGE_EVERY_MS) return;
    this.lastRun = now.getTime();
    const counts = await purgeServed(this.db, now);
    this.log("purge.done", { ...counts });
  }
}
