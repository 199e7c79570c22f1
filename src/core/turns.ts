/** The last turn given out: each waits for it, then for the next turn of the event loop. */
let last: Promise<void> = Promise.resolve();

/**
 * A turn of the event loop of one's own, for work that runs without a real wait (a rendering, a
 * snapshot of SQLite, whose driver is synchronous). Immediates queued together run back to back
 * with no I/O between them; chained, each runs an iteration after the one before, so that a
 * request that arrives meanwhile (Slack gives 3 s to answer) is read between two of them.
 */
export function ownTurn(): Promise<void> {
  const mine = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  last = mine;
  return mine;
}

/** How long a slice of work holds the event loop before it gives it back. */
export const SLICE_MS = 4;

/**
 * Runs `each` over `items` in slices of about SLICE_MS, each slice in a turn of its own: a feed of
 * thousands of events is written without holding back, for its whole length, a request that came
 * meanwhile.
 */
export async function inSlices<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  await ownTurn();
  let began = performance.now();
  for (const item of items) {
    each(item);
    if (performance.now() - began >= SLICE_MS) {
      await ownTurn();
      began = performance.now();
    }
  }
}
