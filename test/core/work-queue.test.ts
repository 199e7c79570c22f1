import { describe, expect, it } from "vitest";
import { ACK_BURST_LINGER_MS, AckPriority } from "../../src/core/turns.ts";
import { WorkQueue } from "../../src/core/work-queue.ts";

/** A promise and its resolver, to hold work open until the test lets it end. */
function held(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

/** Lets every turn of the event loop that is due run (immediates, then the microtasks after them). */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe("WorkQueue", () => {
  it("runs at most `width` units at once; the others wait and start as places free", async () => {
    const queue = new WorkQueue(2, 10);
    const gates = Array.from({ length: 5 }, held);
    let atOnce = 0;
    let most = 0;
    const runs = gates.map((gate) =>
      queue.run(async () => {
        atOnce += 1;
        most = Math.max(most, atOnce);
        await gate.promise;
        atOnce -= 1;
      }),
    );
    await settle();
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(3);
    for (const gate of gates) {
      gate.release();
      await settle();
    }
    await Promise.all(runs);
    expect(most).toBe(2);
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it("starts units in the order they came", async () => {
    const queue = new WorkQueue(1, 100);
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        queue.run(async () => {
          started.push(i);
        }),
      ),
    );
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("never refuses: far more units than its bound all run, and each answers its own result", async () => {
    const queue = new WorkQueue(2, 3);
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => queue.run(async () => i * 2)));
    expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i * 2));
  });

  it("keeps one unit's failure its own: the others run and the place is freed", async () => {
    const queue = new WorkQueue(1, 10);
    const outcomes = await Promise.allSettled([
      queue.run(async () => "first"),
      queue.run(async () => {
        throw new Error("boom");
      }),
      queue.run(async () => "third"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(outcomes[2]).toMatchObject({ value: "third" });
    expect(queue.running).toBe(0);
    await queue.idle();
  });

  it("starts each unit in a turn of its own: an immediate queued meanwhile runs between two units", async () => {
    const queue = new WorkQueue(1, 10);
    const seen: string[] = [];
    const a = queue.run(async () => {
      seen.push("a");
      // A request read meanwhile (I/O is read in the same turns as immediates).
      setImmediate(() => seen.push("request"));
    });
    const b = queue.run(async () => {
      seen.push("b");
    });
    await Promise.all([a, b]);
    expect(seen).toEqual(["a", "request", "b"]);
  });

  it("has room at once while not full; when full, room comes as a unit leaves the line", async () => {
    const queue = new WorkQueue(1, 1);
    const first = held();
    const second = held();
    const runs = [queue.run(() => first.promise), queue.run(() => second.promise)];
    await settle();
    expect(queue.full).toBe(true);
    let roomy: boolean | undefined;
    const room = queue.room(60_000).then((answer) => {
      roomy = answer;
    });
    await settle();
    expect(roomy).toBeUndefined();
    first.release();
    await room;
    expect(roomy).toBe(true);
    expect(queue.overflowed).toBe(0);
    second.release();
    await Promise.all(runs);
    expect(await queue.room(0)).toBe(true);
  });

  it("tells a watcher each time it has room or not (what the front thread acknowledges by)", async () => {
    const queue = new WorkQueue(1, 1);
    const told: boolean[] = [];
    queue.watchRoom((room) => void told.push(room));
    const first = held();
    const second = held();
    const runs = [queue.run(() => first.promise), queue.run(() => second.promise)];
    expect(queue.hasRoom).toBe(false);
    expect(told).toEqual([false]);
    first.release();
    await runs[0];
    await settle();
    expect(queue.hasRoom).toBe(true);
    expect(told).toEqual([false, true]);
    second.release();
    await Promise.all(runs);
    expect(told).toEqual([false, true]);
  });

  it("does not hold work back for acknowledgements that are themselves waiting for room", async () => {
    // Requests waiting for room are still being acknowledged; were a unit to wait for them to be
    // done, it would wait the whole precedence each time, and the line would stay full.
    const queue = new WorkQueue(1, 1);
    const first = held();
    let secondStarted = false;
    const runs = [
      queue.run(() => first.promise),
      queue.run(async () => {
        secondStarted = true;
      }),
    ];
    await settle();
    const acks = [queue.acknowledging(), queue.acknowledging()];
    const rooms = [queue.room(60_000), queue.room(60_000)];
    await settle();
    first.release();
    await settle();
    expect(secondStarted).toBe(true);
    for (const done of acks) done();
    await Promise.all([...runs, ...rooms]);
  });

  it("starts no unit between the acknowledgements of a burst, each read a turn after the one before was sent", async () => {
    // A bench of 8 clients found a unit started in almost every gap between two acknowledgements,
    // and the burst's acknowledgements ran at a third of their speed without work. The linger is
    // measured on the test's clock, held still through the burst: however long a gap takes here.
    const clock = { now: 0 };
    const queue = new WorkQueue(2, 100, new AckPriority(undefined, undefined, () => clock.now));
    let started = 0;
    let burstOver = false;
    let startedInBurst = 0;
    let ack = queue.acknowledging();
    const runs = Array.from({ length: 5 }, () =>
      queue.run(async () => {
        started += 1;
        if (!burstOver) startedInBurst += 1;
      }),
    );
    for (let part = 0; part < 30; part += 1) {
      ack();
      await settle(1);
      ack = queue.acknowledging();
      await settle(1);
    }
    ack();
    await settle(3);
    expect(started).toBe(0);
    burstOver = true;
    clock.now += ACK_BURST_LINGER_MS;
    await Promise.all(runs);
    expect(startedInBurst).toBe(0);
    expect(started).toBe(5);
  });

  it("runs the units of one key one after another, in order, while other keys run beside them", async () => {
    const queue = new WorkQueue(3, 10);
    const log: string[] = [];
    const first = held();
    const runs = [
      queue.run(async () => {
        log.push("a1 start");
        await first.promise;
        log.push("a1 end");
      }, "a"),
      queue.run(async () => {
        log.push("a2");
        throw new Error("a2 fails");
      }, "a"),
      queue.run(async () => void log.push("b1"), "b"),
      queue.run(async () => void log.push("a3"), "a"),
    ];
    await settle();
    // a2 and a3 wait for a1 although places are free; b1 does not.
    expect(log).toEqual(["a1 start", "b1"]);
    expect(queue.waiting).toBe(2);
    let idle = false;
    const idled = queue.idle().then(() => {
      idle = true;
    });
    first.release();
    await Promise.allSettled(runs);
    await idled;
    // One unit's failure does not stop its key's next one.
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2", "a3"]);
    expect(idle).toBe(true);
    await expect(runs[1]).rejects.toThrow("a2 fails");
  });

  it("gives a freed place to a unit a person waits for (first) before the clicks waiting, in order among its kind", async () => {
    const queue = new WorkQueue(1, 100);
    const started: string[] = [];
    const busy = held();
    const unit = (name: string) => async () => {
      started.push(name);
      if (name === "running") await busy.promise;
    };
    const runs = [
      queue.run(unit("running"), "k0"),
      queue.run(unit("click 1"), "k1"),
      queue.run(unit("click 2"), "k2"),
      queue.run(unit("command 1"), "k3", true),
      queue.run(unit("click 3"), "k4"),
      queue.run(unit("command 2"), "k5", true),
      // Behind an earlier unit of its own key, a unit first still waits for it, and that one goes
      // first too: the person's form does not wait behind the whole line for their last click.
      queue.run(unit("click 4"), "k6"),
      queue.run(unit("command of k6"), "k6", true),
    ];
    await settle();
    expect(queue.waiting).toBe(7);
    busy.release();
    await Promise.all(runs);
    expect(started).toEqual([
      "running",
      "command 1",
      "command 2",
      "click 4",
      "command of k6",
      "click 1",
      "click 2",
      "click 3",
    ]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it("waits, when idle is asked, for a unit still behind an earlier one of its key", async () => {
    const queue = new WorkQueue(1, 10);
    const first = held();
    let secondDone = false;
    const a = queue.run(() => first.promise, "k");
    const b = queue.run(async () => {
      secondDone = true;
    }, "k");
    const idled = queue.idle().then(() => secondDone);
    first.release();
    expect(await idled).toBe(true);
    await Promise.all([a, b]);
  });

  it("answers no room after its patience when the line stays full, and counts it", async () => {
    const queue = new WorkQueue(1, 0);
    const gate = held();
    const run = queue.run(() => gate.promise);
    expect(await queue.room(5)).toBe(false);
    expect(queue.overflowed).toBe(1);
    gate.release();
    await run;
  });

  it("idle waits for units under way and waiting, including those queued meanwhile", async () => {
    const queue = new WorkQueue(1, 10);
    const done: number[] = [];
    for (let i = 0; i < 3; i += 1)
      void queue.run(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        done.push(i);
        if (i === 0)
          void queue.run(async () => {
            done.push(99);
          });
      });
    await queue.idle();
    expect(done.sort((x, y) => x - y)).toEqual([0, 1, 2, 99]);
  });

  it("refuses a width below one or a negative depth", () => {
    expect(() => new WorkQueue(0, 1)).toThrow(RangeError);
    expect(() => new WorkQueue(1, -1)).toThrow(RangeError);
  });
});
