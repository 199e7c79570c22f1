import { describe, expect, it } from "vitest";
import { Gate, inSlices, Precedence, SLICE_MS } from "../../src/core/turns.ts";

/** Holds the thread for `ms`, as a rendering does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

describe("inSlices", () => {
  it("gives the event loop back between slices: I/O and timers that come meanwhile run before the work ends", async () => {
    const seen: string[] = [];
    const work = inSlices([1, 2, 3, 4, 5, 6], (item) => {
      busy(SLICE_MS + 1);
      seen.push(`item ${item}`);
    });
    setTimeout(() => seen.push("timer"), 0);
    setImmediate(() => seen.push("immediate"));
    await work;
    const last = seen.indexOf("item 6");
    expect(seen.indexOf("timer")).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf("timer")).toBeLessThan(last);
    expect(seen.indexOf("immediate")).toBeLessThan(last);
    expect(seen.filter((s) => s.startsWith("item"))).toEqual([1, 2, 3, 4, 5, 6].map((i) => `item ${i}`));
  });

  it("two works share the loop turn by turn, in the order they asked", async () => {
    const seen: string[] = [];
    const a = inSlices(["a1", "a2", "a3"], (item) => {
      busy(SLICE_MS + 1);
      seen.push(item);
    });
    const b = inSlices(["b1", "b2", "b3"], (item) => {
      busy(SLICE_MS + 1);
      seen.push(item);
    });
    await Promise.all([a, b]);
    // Neither runs to its end while the other waits.
    expect(seen.indexOf("b1")).toBeLessThan(seen.indexOf("a3"));
    expect(seen.indexOf("a1")).toBeLessThan(seen.indexOf("b1"));
  });

  it("runs nothing for no items and still resolves", async () => {
    let called = 0;
    await inSlices([], () => {
      called++;
    });
    expect(called).toBe(0);
  });
});

/** A promise and its resolver, to hold work open until the test lets it end. */
function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("Gate", () => {
  it("lets `width` through at once, the others in the order they came, as places free up", async () => {
    const gate = new Gate(2, 10);
    const started: string[] = [];
    const holds = new Map(["a", "b", "c", "d"].map((name) => [name, held()]));
    const runs = [...holds].map(([name, hold]) =>
      gate.through(async () => {
        started.push(name);
        await hold.promise;
        return name;
      }),
    );
    await nextTurn();
    expect(started).toEqual(["a", "b"]);
    expect(gate.waiting).toBe(2);
    holds.get("b")?.release();
    await nextTurn();
    expect(started).toEqual(["a", "b", "c"]);
    holds.get("a")?.release();
    holds.get("c")?.release();
    holds.get("d")?.release();
    expect(await Promise.all(runs)).toEqual(["a", "b", "c", "d"]);
    expect(gate.waiting).toBe(0);
  });

  it("frees its place when the work fails, and says `full` past its queue rather than run the work", async () => {
    const gate = new Gate(1, 1);
    const hold = held();
    const first = gate.through(() => hold.promise);
    const second = gate.through(async () => "second");
    expect(gate.full).toBe(true);
    let ran = false;
    expect(
      await gate.through(async () => {
        ran = true;
      }),
    ).toBeUndefined();
    expect(ran).toBe(false);
    hold.release();
    await first;
    expect(await second).toBe("second");
    await expect(gate.through(() => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    // Nothing is left held by the failure: the next one runs at once.
    expect(await gate.through(async () => "after")).toBe("after");
    expect(gate.full).toBe(false);
  });

  it("refuses a width or queue that is not one", () => {
    expect(() => new Gate(0, 1)).toThrow(RangeError);
    expect(() => new Gate(1.5, 1)).toThrow(RangeError);
    expect(() => new Gate(1, -1)).toThrow(RangeError);
  });
});

describe("Precedence", () => {
  it("lets what is not urgent start at once when nothing urgent is under way", async () => {
    const precedence = new Precedence();
    let settled = false;
    void precedence.settled(10_000).then(() => {
      settled = true;
    });
    await nextTurn();
    expect(settled).toBe(true);
  });

  it("holds it while urgent work is under way, and lets it go when the last of it ends", async () => {
    const precedence = new Precedence();
    const first = precedence.urgent();
    const second = precedence.urgent();
    let settled = false;
    void precedence.settled(10_000).then(() => {
      settled = true;
    });
    await nextTurn();
    first();
    // Ending the same work twice does not end another's.
    first();
    await nextTurn();
    expect(settled).toBe(false);
    expect(precedence.underWay).toBe(1);
    second();
    await nextTurn();
    expect(settled).toBe(true);
    expect(precedence.underWay).toBe(0);
  });

  it("never holds it longer than its patience, however long urgent work lasts", async () => {
    const precedence = new Precedence();
    const done = precedence.urgent();
    const t0 = performance.now();
    await precedence.settled(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(precedence.underWay).toBe(1);
    done();
  });

  it("with a linger, holds it after the last urgent work ended until that long has been quiet", async () => {
    const clock = { now: 0 };
    const precedence = new Precedence(20, () => clock.now);
    const done = precedence.urgent();
    let over: boolean | undefined;
    void precedence.settled(60_000).then((result) => {
      over = result;
    });
    await nextTurn();
    done();
    // The next of a burst may already be waiting to be read: still held, 19 ms on.
    clock.now = 19;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(over).toBeUndefined();
    clock.now = 20;
    while (over === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(over).toBe(true);
  });

  it("with a linger, holds it through a burst whose parts come one right after another", async () => {
    const clock = { now: 0 };
    const precedence = new Precedence(20, () => clock.now);
    let settled = false;
    let release = precedence.urgent();
    void precedence.settled(60_000).then(() => {
      settled = true;
    });
    for (let part = 0; part < 20; part += 1) {
      release();
      // The next request is read a turn later, 10 ms on: nothing urgent is under way in between.
      clock.now += 10;
      await nextTurn();
      expect(settled).toBe(false);
      release = precedence.urgent();
      await nextTurn();
    }
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    clock.now += 20;
    while (!settled) await new Promise((resolve) => setTimeout(resolve, 1));
  });

  it("with a linger, still never holds it longer than its patience, and wakeAll ends a lingering wait", async () => {
    // A clock held still: the linger never ends by itself, and patience (real time) ends the wait.
    const precedence = new Precedence(20, () => 0);
    precedence.urgent()();
    expect(await precedence.settled(30)).toBe(false);
    const woken = precedence.settled(60_000);
    await nextTurn();
    precedence.wakeAll();
    expect(await woken).toBe(true);
    expect(() => new Precedence(-1)).toThrow(RangeError);
    expect(() => new Precedence(Number.NaN)).toThrow(RangeError);
  });
});
