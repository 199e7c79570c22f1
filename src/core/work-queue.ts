import { Core } from "./dispatch.ts";
import type { UserRefParser } from "./feature.ts";
import type { Request } from "./request.ts";
import { AckPriority } from "./turns.ts";

/**
 * Units of work run at once. SQLite has one writer, and Prisma gives an interactive transaction
 * two seconds to start: two units under way keep the lock busy while one waits on the network
 * (a lookup, a modal opened), and put at most a handful of transactions in line for it (these, the
 * outbox's and the jobs'), each a few milliseconds long, far inside that limit however many
 * requests come.
 */
export const WORK_AT_ONCE = 2;
/**
 * Units of work that may wait for a place. A few seconds of work at the rate a click is done:
 * past it, answers would come so late that a person would click again.
 */
export const WORK_WAITING_MAX = 500;
/**
 * How long a platform's acknowledgement waits for room in a full queue: well inside Slack's
 * three seconds, with a second left for the acknowledgement itself. Past it the work goes in
 * anyway (see `WorkQueue.room`).
 */
export const ROOM_WAIT_MS = 2_000;

/**
 * How long a unit waits to start while acknowledgements are under way. Acknowledgements come
 * first, but a stream of them never stops work for longer than this.
 */
export const ACK_PRECEDENCE_MS = 200;

/** The next turn of the event loop, after the I/O that came meanwhile has been read. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The work that comes after a platform's acknowledgement, at most `width` units at once, the
 * others waiting in the order they came. Each unit starts in a turn of the event loop of its own:
 * with a synchronous driver, units that follow one another in microtasks would run back to back
 * and hold every acknowledgement meanwhile; between two of them, requests that came are read and
 * answered; and while a platform's request is being acknowledged (`acknowledging`), no unit
 * starts, for a moment at most. Nothing is ever refused: overload makes work wait, never lost.
 * What bounds the waiting line is the acknowledgement: a platform waits for `room` before it
 * acknowledges more.
 */
export class WorkQueue {
  readonly #width: number;
  readonly #depth: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];
  /** Units a person waits for at their screen (see `run`): they take a freed place first. */
  readonly #waitingFirst: Array<() => void> = [];
  /** Per key, the unit waiting for a place in the line of the others: moved up when one of its key is hurried. */
  readonly #waitingByKey = new Map<string, () => void>();
  /** Per key, how many units `first` wait behind earlier ones of it: those earlier ones go first too. */
  readonly #hurried = new Map<string, number>();
  /** Keys whose next unit takes the place their last one left (see `#handOver`). */
  readonly #kept = new Set<string>();
  readonly #roomWaiters: Array<() => void> = [];
  readonly #idleWaiters: Array<() => void> = [];
  /** Per key (a conversation, a person), the last unit queued: the next one with it waits for it. */
  readonly #tails = new Map<string, Promise<unknown>>();
  /** Units waiting for an earlier unit of their key to end, before they wait for a place. */
  #behind = 0;
  #overflowed = 0;
  /** Told whenever `hasRoom` changes (a front thread that acknowledges only while there is room). */
  #roomWatchers: Array<(room: boolean) => void> = [];
  #hadRoom = true;

  constructor(
    width = WORK_AT_ONCE,
    depth = WORK_WAITING_MAX,
    /** The process's acknowledgements, which its database statements give way to (see `AckPriority`). */
    readonly priority = new AckPriority(),
  ) {
    if (!Number.isInteger(width) || width < 1)
      throw new RangeError(`a work queue runs at least 1 unit, not ${width}`);
    if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`a queue of ${depth} is not one`);
    this.#width = width;
    this.#depth = depth;
  }

  /** Units of work under way. */
  get running(): number {
    return this.#running;
  }

  /** Units of work waiting: for a place, or for an earlier unit of their key. */
  get waiting(): number {
    return this.#waiting.length + this.#waitingFirst.length + this.#behind;
  }

  /** Whether every place is taken and the waiting line is at its bound. */
  get full(): boolean {
    return this.#running >= this.#width && this.waiting >= this.#depth;
  }

  /** Whether one more unit may be queued now without waiting: what `room` answers at once. */
  get hasRoom(): boolean {
    return !this.full && this.#roomWaiters.length === 0;
  }

  /** Calls `watcher` with `hasRoom` each time it changes, from now on. */
  watchRoom(watcher: (room: boolean) => void): void {
    this.#roomWatchers.push(watcher);
  }

  #roomMayHaveChanged(): void {
    const room = this.hasRoom;
    if (room === this.#hadRoom) return;
    this.#hadRoom = room;
    for (const watcher of this.#roomWatchers) watcher(room);
  }

  /**
   * Marks a platform's request being read and acknowledged, until the function returned is
   * called: units wait to start meanwhile (`ACK_PRECEDENCE_MS` at most), so that an
   * acknowledgement waits for no other request's work but what is already under way.
   */
  acknowledging(): () => void {
    return this.priority.urgent();
  }

  /** How many times an acknowledgement found no room in time and its work went in past the bound. */
  get overflowed(): number {
    return this.#overflowed;
  }

  /**
   * Runs `work` once a place is free, in the order asked, and answers what it answers (or its
   * error: one unit's failure is its own, the queue goes on). It always runs: a full queue makes
   * it wait, it does not refuse it. Units given the same `key` (see `orderKey`) run one after
   * another, in the order asked: others may run beside them, never between two of them out of turn.
   *
   * A unit `first` (a typed command, a click that opens a form: a person waits at their screen,
   * and Slack accepts a form's trigger for three seconds) takes a freed place before the units
   * waiting without it (a burst of clicks), in the order asked among its kind; it still waits for
   * the earlier units of its own key, which then go first too (ahead of the others waiting, still
   * in their own order): a person's form does not wait behind the whole line for their last click.
   */
  run<T>(work: () => Promise<T>, key?: string, first = false): Promise<T> {
    const queued = this.#queue(work, key, first);
    this.#roomMayHaveChanged();
    return queued;
  }

  #queue<T>(work: () => Promise<T>, key: string | undefined, first: boolean): Promise<T> {
    if (key === undefined) return this.#take(work, first);
    const before = this.#tails.get(key);
    let mine: Promise<T>;
    if (before === undefined) mine = this.#take(work, first, key);
    else {
      this.#behind += 1;
      if (first) this.#hurry(key);
      const go = () => {
        this.#behind -= 1;
        if (first) this.#unhurry(key);
        return this.#take(work, first, key);
      };
      mine = before.then(go, go);
    }
    const tail = mine.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return mine;
  }

  /** Takes a free place, or waits in its line until one is handed over (`running` then stays as it was). */
  async #place(first: boolean, key: string | undefined): Promise<void> {
    if (this.#running < this.#width && this.#waiting.length === 0 && this.#waitingFirst.length === 0) {
      this.#running += 1;
      return;
    }
    if (first || (key !== undefined && this.#hurried.has(key))) {
      await new Promise<void>((resolve) => this.#waitingFirst.push(resolve));
      return;
    }
    await new Promise<void>((resolve) => {
      if (key === undefined) {
        this.#waiting.push(resolve);
        return;
      }
      // Known by its key until its place comes, so that a unit `first` of that key can move it up.
      const go = () => {
        if (this.#waitingByKey.get(key) === go) this.#waitingByKey.delete(key);
        resolve();
      };
      this.#waitingByKey.set(key, go);
      this.#waiting.push(go);
    });
  }

  /** A unit `first` waits behind earlier units of `key`: the one of them waiting for a place goes first. */
  #hurry(key: string): void {
    this.#hurried.set(key, (this.#hurried.get(key) ?? 0) + 1);
    const waiting = this.#waitingByKey.get(key);
    if (waiting === undefined) return;
    this.#waitingByKey.delete(key);
    const at = this.#waiting.indexOf(waiting);
    if (at < 0) return;
    this.#waiting.splice(at, 1);
    this.#waitingFirst.push(waiting);
  }

  #unhurry(key: string): void {
    const left = (this.#hurried.get(key) ?? 1) - 1;
    if (left > 0) this.#hurried.set(key, left);
    else this.#hurried.delete(key);
  }

  async #take<T>(work: () => Promise<T>, first: boolean, key?: string): Promise<T> {
    // The place its key's unit before it left to it (see `#handOver`): `running` counts it already.
    const kept = key !== undefined && this.#kept.delete(key);
    if (!kept) await this.#place(first, key);
    try {
      // With the line full, acknowledgements wait for room (see `room`), and work must go on.
      // Nor while acknowledgements wait for room: they wait for this very work, and would hold it
      // back for the whole precedence while the line stays full.
      if (!this.full && this.#roomWaiters.length === 0) await this.priority.settled(ACK_PRECEDENCE_MS);
      await nextTurn();
      // Work, even when an acknowledgement queued it: its statements give way to acknowledgements.
      return await this.priority.apart(work);
    } finally {
      this.#handOver(key);
    }
  }

  /**
   * Resolves `true` when the waiting line has room for one more, at once or as soon as a unit
   * leaves it; `false` after `patienceMs` without. A platform waits here before it acknowledges
   * a request (its sender waits with it: a platform that sends faster than work is done is slowed
   * down). Given no room in time, the caller acknowledges and queues all the same: the platform
   * would not send the request again (Slack does not repeat a click), so refusing it would lose it.
   */
  async room(patienceMs = ROOM_WAIT_MS): Promise<boolean> {
    if (this.hasRoom) return true;
    // Meanwhile work does not give way to acknowledgements: it is what makes the room.
    const fed = this.priority.starving();
    const admitted = await new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = this.#roomWaiters.indexOf(wake);
        if (at >= 0) this.#roomWaiters.splice(at, 1);
        resolve(false);
      }, patienceMs);
      this.#roomWaiters.push(wake);
      this.#roomMayHaveChanged();
    });
    this.#roomMayHaveChanged();
    fed();
    if (!admitted) this.#overflowed += 1;
    return admitted;
  }

  /** Resolves when nothing is under way or waiting (shutdown and tests wait for it). */
  async idle(): Promise<void> {
    while (this.#running > 0 || this.waiting > 0)
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * A unit ended: its place goes to the first waiting (a unit `first` before the others), or is freed; as many acknowledgements
   * waiting for room go on as there is room now (one that then queues nothing wakes no one else).
   */
  #handOver(key?: string): void {
    // A unit `first` waits behind this one's key: the place is kept for the key's next unit, which
    // comes a few microtasks later, rather than given to a click of the line meanwhile.
    if (key !== undefined && this.#hurried.has(key)) this.#kept.add(key);
    else {
      const next = this.#waitingFirst.shift() ?? this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
    let room = this.#width - this.#running + this.#depth - this.waiting;
    while (room > 0 && this.#roomWaiters.length > 0) {
      this.#roomWaiters.shift()?.();
      room -= 1;
    }
    if (this.#running === 0 && this.waiting === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    this.#roomMayHaveChanged();
  }
}

/**
 * What a request's work is kept in order with: its conversation's earlier requests (an équipe set
 * up, then its members added, then a poll answered: each finds what the one before it did), or, in
 * private, the same person's. Units of different conversations and people run side by side.
 */
export function orderKey(req: Request): string {
  if (req.place.kind === "conversation") {
    const { platform, workspaceId, channelId } = req.place.channel;
    return JSON.stringify(["conversation", platform, workspaceId, channelId]);
  }
  const actor = req.actor;
  return actor.kind === "chat"
    ? JSON.stringify(["person", actor.user.platform, actor.user.workspaceId, actor.user.userId])
    : JSON.stringify(["member", actor.memberId]);
}

/**
 * The core as the platforms' handlers see it: what they run after acknowledging a request (a
 * command, a click, a form's use case) goes through the one work queue, for every platform. A
 * form's check, answered in the acknowledgement itself, runs at once.
 */
export class QueuedCore extends Core {
  constructor(
    core: Core,
    readonly work: WorkQueue,
  ) {
    super(core.deps, core.registry);
  }

  /** Typed by a person who waits for its answer (and may open a form): ahead of the clicks waiting. */
  override command(req: Request, textIn: string, refs: UserRefParser): Promise<void> {
    return this.work.run(() => super.command(req, textIn, refs), orderKey(req), true);
  }

  /** A click on a button that opens a form goes ahead of the clicks waiting; others in turn. */
  override action(req: Request, actionId: string, value: string): Promise<void> {
    const opensForm = this.registry.action(actionId)?.def.opensForm === true;
    return this.work.run(() => super.action(req, actionId, value), orderKey(req), opensForm);
  }

  /** A form submitted: its person has just closed it and waits for what it does. */
  override submitForm(
    req: Request,
    formId: string,
    values: Record<string, string>,
    metadata: string,
  ): Promise<void> {
    return this.work.run(() => super.submitForm(req, formId, values, metadata), orderKey(req), true);
  }
}
