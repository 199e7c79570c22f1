import { AsyncLocalStorage } from "node:async_hooks";
import { countCollisionWait } from "./metrics.ts";

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
  #waits = 0;
  #waitedMs = 0;

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

  /**
   * What collisions cost this process beside the units run again: how many times a unit waited
   * at the gate, and for how long in all. Every wait here is for a unit run alone (or for the
   * units it lets finish first); the same goes to `/metrics`.
   */
  get waited(): { waits: number; ms: number } {
    return { waits: this.#waits, ms: this.#waitedMs };
  }

  #enter(alone: boolean): Promise<void> {
    if (this.#waiting.length === 0 && this.#fits(alone)) {
      this.#take(alone);
      return Promise.resolve();
    }
    const since = performance.now();
    return new Promise((entered) => {
      const enter = () => {
        const ms = performance.now() - since;
        this.#waits += 1;
        this.#waitedMs += ms;
        countCollisionWait(ms / 1000);
        entered();
      };
      this.#waiting.push({ alone, enter });
    });
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
