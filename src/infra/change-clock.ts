import type { Tx } from "./prisma-tx.ts";

/** Stamps a change feeds show, in the transaction of the repository that holds it. */
export type Stamp = (at: Date) => Promise<Date>;

/**
 * How far apart two stamps are at least: HTTP dates (Last-Modified) count whole seconds, so two
 * changes must never share one. A burst of changes runs ahead of the clock for a moment; the next
 * quiet change is back on it.
 */
const STEP_MS = 1000;

/**
 * The stamp of a change that calendar feeds show: `at` (the service's clock), or a second after
 * the last stamp committed if that is later. The one row is locked by the first write and held to
 * the commit, so stamps rise in commit order: two changes in one millisecond, a clock stepped
 * back, or two replicas whose clocks disagree never give a feed a validator that stays put (or
 * goes back) while what it shows changed. Call it inside the change's transaction.
 */
export async function changeStamp(db: Tx, at: Date): Promise<Date> {
  const last = await db.changeClock.upsert({
    where: { id: 1 },
    create: { id: 1, at, bumps: 1 },
    update: { bumps: { increment: 1 } },
    select: { at: true, bumps: true },
  });
  const next = new Date(Math.max(at.getTime(), last.at.getTime() + STEP_MS));
  await db.changeClock.update({ where: { id: 1 }, data: { at: next }, select: { id: true } });
  return next;
}
