import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who runs beside whom, among one process's serializable transactions on PostgreSQL. Units of
 * work run side by side as usual ("shared"); one that was rolled back for colliding with another
 * runs again alone ("alone"): the units already running finish first, and the ones that come
 * meanwhile wait for it. Without this, a click retried under load met a fresh click on the same
 * poll on every run (the work queue keeps its lanes busy) and, starting later, lost again each
 * time, until its retries ran out and the work was lost. Other replicas can still collide with
 * it, far more rarely; its retries are there for those.
 *
 * Re-entrant: a unit already inside passes (a nested unit waiting for one that waits for it would
 * wait forever).
 */
/** Set while a unit of work is inside a gate. */
const inside = new AsyncLocalStorage<true>();

/**
 * Runs `fn` outside every gate: what it starts (the dispatcher woken by a commit) lives on after
 * the unit and must wait at the gate like any other unit, not pass as if nested.
 */
export function outsideGates<T>(fn: () => T): T {
  return inside.exit(fn);
}

export class CollisionGate {
  #shared = 0;
  #alone = false;
  readonly #waiting: { alone: boolean; enter: () => void }[] = [];

  /** Runs `work` inside the gate, alone or beside the other shared units. */
  async run<T>(alone: boolean, work: () => Promise<T>): Promise<T> {
    if (inside.getStore()) return work();
    await this.#enter(alone);
    try {
      return await inside.run(true, work);
    } finally {
      this.#leave(alone);
    }
  }

  /** Units inside now (shared), for tests and metrics. */
  get running(): number {
    return this.#alone ? 1 : this.#shared;
  }

  #enter(alone: boolean): Promise<void> {
    if (this.#waiting.length === 0 && this.#fits(alone)) {
      this.#take(alone);
      return Promise.resolve();
    }
    return new Promise((enter) => this.#waiting.push({ alone, enter }));
  }

  #fits(alone: boolean): boolean {
    return alone ? !this.#alone && this.#shared === 0 : !this.#alone;
  }

  #take(alone: boolean): void {
    if (alone) this.#alone = true;
    else this.#shared += 1;
  }

  #leave(alone: boolean): void {
    if (alone) this.#alone = false;
    else this.#shared -= 1;
    // In arrival order: the first waiting unit that fits goes in, and none behind it overtakes
    // (a unit waiting to run alone is not starved by shared ones that keep coming).
    for (let next = this.#waiting[0]; next !== undefined && this.#fits(next.alone); next = this.#waiting[0]) {
      this.#waiting.shift();
      this.#take(next.alone);
      next.enter();
    }
  }
}
