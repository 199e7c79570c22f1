import { AsyncLocalStorage } from "node:async_hooks";

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

/**
 * At most `width` holders at once; the others wait, in order, without taking any turn of the
 * event loop, and at most `queue` of them: past it the gate is `full`, and the caller says so
 * rather than wait. Work that is not urgent (a calendar client polls hourly, and can wait a
 * moment more) passes through one, so that however many requests come together, an urgent one
 * (Slack gives 3 s to answer) finds a few of them under way rather than all.
 */
export class Gate {
  readonly #width: number;
  readonly #queue: number;
  #held = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(width: number, queue: number) {
    if (!Number.isInteger(width) || width < 1)
      throw new RangeError(`a gate is at least 1 wide, not ${width}`);
    if (!Number.isInteger(queue) || queue < 0) throw new RangeError(`a queue of ${queue} is not one`);
    this.#width = width;
    this.#queue = queue;
  }

  /** Whether one more would have to wait, and no more may. */
  get full(): boolean {
    return this.#held >= this.#width && this.#waiting.length >= this.#queue;
  }

  /** How many wait for a place. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `work` once a place is free, and frees it after, whether `work` succeeds or not. When the
   * gate is `full`, `work` does not run and the answer is `undefined`.
   */
  async through<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.#held < this.#width) this.#held += 1;
    else if (this.#waiting.length >= this.#queue) return undefined;
    // The place is handed over as it is freed (see below): `held` stays as it was.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held -= 1;
    }
  }
}

/** `release`, run the first time the function returned is called, and never again. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

/**
 * Work that has a deadline goes first. While any of it is under way (a chat platform's request:
 * Slack gives 3 s to answer, and retries), work that has none (a calendar poll) waits to start,
 * for `patienceMs` at most, so that it is never starved however busy the platforms are.
 *
 * With a `lingerMs`, urgent work counts as under way for that long after the last of it ended:
 * urgent requests come in bursts (a whole équipe answering a poll), and the next of a burst is
 * often already waiting in its socket, unread, when the one before is answered. Without it, work
 * started in each such gap, and a burst's acknowledgements waited behind a third of its work.
 */
export class Precedence {
  #urgent = 0;
  /** When the last urgent work ended. */
  #lastEnded = Number.NEGATIVE_INFINITY;
  #waiting: Array<() => void> = [];
  /** Bumped by `wakeAll`: the waits under way then end, lingering or not. */
  #wakes = 0;
  readonly #lingerMs: number;
  readonly #now: () => number;

  constructor(
    /** How long urgent work still counts as under way after the last of it ended. */
    lingerMs = 0,
    /**
     * The clock the linger is measured by (ms). Patience is real time, whatever this clock says:
     * a clock a test holds still never makes a wait endless.
     */
    now: () => number = () => performance.now(),
  ) {
    if (!(lingerMs >= 0)) throw new RangeError(`a linger of ${lingerMs} ms is not one`);
    this.#lingerMs = lingerMs;
    this.#now = now;
  }

  /** Marks urgent work under way, until the function returned is called (once is enough). */
  urgent(): () => void {
    this.#urgent += 1;
    return once(() => {
      this.#urgent -= 1;
      this.#lastEnded = this.#now();
      if (this.#urgent === 0) for (const wake of this.#waiting.splice(0)) wake();
    });
  }

  /**
   * Resolves at once when nothing urgent is under way (nor ended within `lingerMs`); else when it
   * is over (true), or after `patienceMs` (false).
   */
  async settled(patienceMs: number): Promise<boolean> {
    const wakes = this.#wakes;
    const deadline = performance.now() + patienceMs;
    for (;;) {
      const quiet = this.#now() - this.#lastEnded;
      if (this.#urgent === 0 && quiet >= this.#lingerMs) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // Under way: until it ends (then it lingers). Lingering: until the linger is over (looked at
      // again a millisecond later at least), or until more urgent work ends.
      await this.#wait(this.#urgent > 0 ? left : Math.min(left, Math.max(1, this.#lingerMs - quiet)));
      if (this.#wakes !== wakes) return true;
    }
  }

  /** Resolves true when woken (urgent work all ended, or `wakeAll`), false after `ms`. */
  #wait(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          const at = this.#waiting.indexOf(wake);
          if (at >= 0) this.#waiting.splice(at, 1);
          resolve(false);
        },
        Math.max(1, Math.ceil(ms)),
      );
      this.#waiting.push(wake);
    });
  }

  /** Ends every wait under way now, as if nothing urgent were left (later waits wait again). */
  wakeAll(): void {
    this.#wakes += 1;
    for (const wake of this.#waiting.splice(0)) wake();
  }

  /** How much urgent work is under way (for tests). */
  get underWay(): number {
    return this.#urgent;
  }
}

/**
 * How long acknowledgements still hold work back after the last one was sent: the next of a burst
 * arrives within it (on loopback, well under a millisecond after its sender had its answer). At
 * 80 requests a second, 12.5 ms apart, work loses 2 ms of each gap.
 */
export const ACK_BURST_LINGER_MS = 2;

/** How long a statement of work waits for the acknowledgements under way, at most. */
export const STATEMENT_PATIENCE_MS = 50;

/**
 * How long a transaction's statements run on between two turns given away: one turn per statement
 * held SQLite's one writer for as many turns as the transaction has statements.
 */
export const IN_TRANSACTION_SLICE_MS = 2;

/** Where a database statement runs: on its own, or inside a transaction already open. */
export type StatementPlace = "alone" | "inTransaction";

/**
 * Acknowledgements before work, statement by statement. The work after an acknowledgement (a
 * unit of work, the outbox's delivery, a job) runs in many short steps, one database statement
 * each; a synchronous driver (SQLite's) answers each in the same turn of the event loop, so that
 * without a pause a whole unit ran through while the requests that came meanwhile waited (ack
 * p99 at 80 clicks/s 40–60 ms over a bare Bolt app's). Here each statement first gives way:
 * - one that starts something (a statement on its own, a transaction's BEGIN, a delivery) waits
 *   while a platform's request is being acknowledged (`statementPatienceMs` at most), then for
 *   the next turn of the event loop, where the requests that came meanwhile are read;
 * - one inside a transaction already open only gives a turn away, and only once the transaction
 *   has run `IN_TRANSACTION_SLICE_MS` since the last: the transaction holds SQLite's one
 *   connection, and an acknowledgement may need it (a form's check reads);
 * - one the acknowledgement itself runs (`within`) never waits: it is what the others wait for.
 * Work is slowed by acknowledgements, never stopped: once a wait has run out of patience with
 * acknowledgements still coming, work goes on without waiting for `workTurnMs` (acknowledgements
 * and work then take turns), and while an acknowledgement waits for room in the work queue
 * (`starving`) work does not wait at all: it is what makes the room. An acknowledgement's own
 * statement that needs SQLite's one connection goes before the work waiting for it (see
 * `oneTransactionAtATime`).
 */
export class AckPriority {
  readonly #acks: Precedence;
  readonly #acknowledging = new AsyncLocalStorage<boolean>();
  #starving = 0;
  /** Until when work goes on without waiting (after a wait ran out of patience). */
  #freeUntil = Number.NEGATIVE_INFINITY;
  /** When a transaction's statement last gave a turn away. */
  #lastTurn = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;

  constructor(
    /** How long a statement that starts something waits for acknowledgements, at most. */
    public statementPatienceMs = STATEMENT_PATIENCE_MS,
    /** How long work goes on without waiting once a wait ran out of patience. */
    private readonly workTurnMs = STATEMENT_PATIENCE_MS,
    /** The clock the work turn, the slices inside a transaction and the burst linger are measured by (ms). */
    now: () => number = () => performance.now(),
  ) {
    this.#now = now;
    this.#acks = new Precedence(ACK_BURST_LINGER_MS, now);
  }

  /** Marks a platform's request being acknowledged, until the function returned is called. */
  urgent(): () => void {
    return this.#acks.urgent();
  }

  /** Whether the caller is an acknowledgement's (`within`): it goes first for SQLite's connection. */
  get acknowledging(): boolean {
    return this.#acknowledging.getStore() === true;
  }

  /** Runs `run` as an acknowledgement's: its statements never wait for acknowledgements. */
  within<T>(run: () => T): T {
    return this.#acknowledging.run(true, run);
  }

  /**
   * Runs `run` as work, even when an acknowledgement started it (a queued unit, an outbox pass
   * kicked by a reply the acknowledgement wrote); what `run` starts later (timers, the next pass)
   * is work too.
   */
  apart<T>(run: () => T): T {
    return this.#acknowledging.run(false, run);
  }

  /**
   * Marks an acknowledgement waiting for work to make room, until the function returned is called.
   * The work already waiting for acknowledgements stops waiting: it may be what makes the room.
   */
  starving(): () => void {
    this.#starving += 1;
    this.#acks.wakeAll();
    return once(() => {
      this.#starving -= 1;
    });
  }

  /**
   * Resolves when nothing urgent is under way, or after `patienceMs`: then, for `workTurnMs`,
   * at once (work's turn). At once while an acknowledgement is starving.
   */
  async settled(patienceMs: number): Promise<void> {
    if (this.#starving > 0 || this.#now() < this.#freeUntil) return;
    if (!(await this.#acks.settled(patienceMs)))
      this.#freeUntil = Math.max(this.#freeUntil, this.#now() + this.workTurnMs);
  }

  /** What a database statement, or a step of work that starts something, waits for (see the class). */
  async statement(place: StatementPlace): Promise<void> {
    if (this.acknowledging) return;
    if (place === "alone") await this.settled(this.statementPatienceMs);
    else if (this.#now() - this.#lastTurn < IN_TRANSACTION_SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#lastTurn = this.#now();
  }
}
