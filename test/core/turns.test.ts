import { describe, expect, it } from "vitest";
import { inSlices, SLICE_MS } from "../../src/core/turns.ts";

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
