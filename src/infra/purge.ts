import type { Db } from "./db.ts";
import { MESSAGE_KIND } from "./leased-queue.ts";
import { RateGates } from "./rate-gates.ts";

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long a platform delivery's id is kept to recognise its retries. Slack retries a failed
 * event three times within minutes (at once, after one, after five); no documented Bot Framework
 * redelivery is longer. A day is far past them.
 */
export const DEDUPE_HORIZON_MS = DAY_MS;
/**
 * Delivered and superseded messages go an hour after they were queued: their bodies carry case
 * content and capability links, and nothing reads them once delivered (logs keep the ids).
 */
export const SERVED_RETENTION_MS = HOUR_MS;
/** Failed messages stay a month, visible to operators, then go. */
export const FAILED_RETENTION_MS = 30 * DAY_MS;
/**
 * Finished jobs (done, cancelled, failed) go a month after the moment they were due. Their key is
 * what makes scheduling a job twice a no-op; a job due longer ago than this is never scheduled
 * (`PrismaQueueWriter.schedule`), so no key is needed past it.
 */
export const JOB_RETENTION_MS = 30 * DAY_MS;
/** Rows read per statement. */
const SLICE = 500;

/** Statuses a message row is never sent from again. */
const SERVED = ["done", "superseded"];
/** Statuses a message row may still be sent from. */
const WAITING = ["pending", "held"];
/** Statuses a job row is never run from again. */
const FINISHED_JOB = ["done", "cancelled", "failed"];

export interface PurgeCounts {
  deliveries: number;
  messages: number;
  jobs: number;
  rateLimits: number;
}

/**
 * Removes what has served its purpose: delivery ids past the platforms' retry horizon, finished
 * messages past their retention, rate-limit windows that have passed. Never a message still to
 * be delivered (pending or held), nor a finished version of a keyed message while an older
 * version of it still waits: that one checks for a newer version before it goes out, so that the
 * channel never goes backwards. Where each keyed message lives (`MessageRef`, needed to update it
 * in place later) is not touched. Finished jobs go a month after they were due (their payloads
 * carry ids only; their keys are kept as long as scheduling them again could happen); a job still
 * to run, never.
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
          { status: { in: SERVED }, createdAt: { lt: served } },
          { status: "failed", createdAt: { lt: failed } },
        ],
      },
      orderBy: { id: "asc" },
      take: SLICE,
      select: { id: true, messageKey: true },
    });
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.id;
    const waiting = await oldestWaiting(db, rows);
    const gone = rows
      .filter((row) => {
        const older = row.messageKey === null ? undefined : waiting.get(row.messageKey);
        return older === undefined || older > row.id;
      })
      .map((row) => row.id);
    if (gone.length > 0) messages += (await db.queueItem.deleteMany({ where: { id: { in: gone } } })).count;
  }
  let jobs = 0;
  const jobsDue = new Date(now.getTime() - JOB_RETENTION_MS);
  for (;;) {
    // Every row found goes: the next slice is the next rows found.
    const rows = await db.queueItem.findMany({
      where: { kind: { not: MESSAGE_KIND }, status: { in: FINISHED_JOB }, dueAt: { lt: jobsDue } },
      take: SLICE,
      select: { id: true },
    });
    if (rows.length === 0) break;
    jobs += (await db.queueItem.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } })).count;
    if (rows.length < SLICE) break;
  }
  const rateLimits = await new RateGates(db).purge(now);
  return { deliveries: deliveries.count, messages, jobs, rateLimits };
}

/** The oldest row still waiting (pending or held) of each of these rows' keys. */
async function oldestWaiting(db: Db, rows: { messageKey: string | null }[]): Promise<Map<string, number>> {
  const keys = [...new Set(rows.flatMap((row) => (row.messageKey === null ? [] : [row.messageKey])))];
  if (keys.length === 0) return new Map();
  const groups = await db.queueItem.groupBy({
    by: ["messageKey"],
    where: { kind: MESSAGE_KIND, messageKey: { in: keys }, status: { in: WAITING } },
    _min: { id: true },
  });
  const oldest = new Map<string, number>();
  for (const group of groups)
    if (group.messageKey !== null && group._min.id !== null) oldest.set(group.messageKey, group._min.id);
  return oldest;
}
