import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACK_BURST_LINGER_MS, AckPriority } from "../../src/core/turns.ts";
import { WorkQueue } from "../../src/core/work-queue.ts";
import { type Db, openDb } from "../../src/infra/db.ts";
import { freshDb, onPostgres, type TestDb, testCipher } from "../support/db.ts";
import { latch } from "../support/latch.ts";

/**
 * Acknowledgements before work, statement by statement (src/core/turns.ts `AckPriority`). The
 * patience is a minute here: a statement that waits for an acknowledgement it should not wait
 * for shows as a test that times out, not as a figure.
 */
let testDb: TestDb;
let priority: AckPriority;
let db: Db;
beforeEach(async () => {
  testDb = await freshDb();
  priority = new AckPriority(60_000);
  db = await openDb(testDb.url, testCipher, priority);
});
afterEach(async () => {
  await db.$disconnect();
  await testDb.dispose();
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i += 1) await new Promise((done) => setImmediate(done));
};

describe("statements of work and acknowledgements", () => {
  it("a statement of work waits while a platform's request is being acknowledged", async () => {
    const events: string[] = [];
    const acknowledged = priority.urgent();
    const read = db.queueItem.count().then(() => events.push("work's read"));
    await turns(20);
    events.push("acknowledged");
    acknowledged();
    await read;
    expect(events).toEqual(["acknowledged", "work's read"]);
  });

  it("the acknowledgement's own statements (a form's check) do not wait for it", async () => {
    const acknowledged = priority.urgent();
    await expect(priority.within(async () => await db.queueItem.count())).resolves.toBe(0);
    acknowledged();
  });

  it("a transaction already open goes on while an acknowledgement waits for the connection", async () => {
    const { opened: inside, open: opened } = latch();
    const unit = db.$transaction(async (tx) => {
      await tx.queueItem.count();
      opened();
      await turns(5);
      // An acknowledgement is under way now, and waits for this transaction (SQLite: one
      // connection); were these statements to wait for it, neither would end.
      await tx.queueItem.count();
      return tx.queueItem.count();
    });
    await inside;
    const acknowledged = priority.urgent();
    const check = priority.within(async () => await db.queueItem.count());
    await expect(Promise.all([unit, check])).resolves.toEqual([0, 0]);
    acknowledged();
  });

  it("work an acknowledgement queued gives way to the acknowledgements that come while it runs", async () => {
    const queue = new WorkQueue(2, 10, priority);
    const events: string[] = [];
    const { opened: running, open: started } = latch();
    const { opened: gate, open: go } = latch();
    const unit = priority.within(() =>
      queue.run(async () => {
        started();
        await gate;
        await db.queueItem.count();
        events.push("work's read");
      }),
    );
    await running;
    const acknowledged = priority.urgent();
    go();
    await turns(20);
    events.push("acknowledged");
    acknowledged();
    await unit;
    expect(events).toEqual(["acknowledged", "work's read"]);
  });

  it("work is slowed by acknowledgements that never end, not stopped: after a wait runs out, it goes on", async () => {
    // Patience of 5 ms, then a turn of work of a minute: long enough to see, whatever the machine.
    const slowed = new AckPriority(5, 60_000);
    const work = await openDb(testDb.url, testCipher, slowed);
    try {
      const acknowledged = slowed.urgent();
      await work.queueItem.count();
      // Work's turn now: were it to wait again, with a minute's patience, the test would time out.
      slowed.statementPatienceMs = 60_000;
      await expect(work.queueItem.count()).resolves.toBe(0);
      acknowledged();
    } finally {
      await work.$disconnect();
    }
  });

  it("work does not wait for an acknowledgement that waits for room in the queue: it makes the room", async () => {
    const queue = new WorkQueue(1, 0, priority);
    const { opened: gate, open: go } = latch();
    const unit = queue.run(async () => {
      await gate;
      return db.queueItem.count();
    });
    await turns(2);
    expect(queue.full).toBe(true);
    // A platform's request, acknowledged once there is room (`room` waits up to a minute here too).
    const acknowledged = priority.urgent();
    const room = queue.room(60_000);
    go();
    await expect(unit).resolves.toBe(0);
    await expect(room).resolves.toBe(true);
    acknowledged();
  });
});

describe("the rules' measures, on a clock of the test's own", () => {
  it("work's turn ends: once it is over, work waits for acknowledgements again", async () => {
    const clock = { now: 0 };
    const timed = new AckPriority(5, 100, () => clock.now);
    const acknowledged = timed.urgent();
    // Waits out its 5 ms of patience: work's turn, until 100 on the test's clock.
    await timed.statement("alone");
    timed.statementPatienceMs = 60_000;
    await timed.statement("alone");
    clock.now = 150;
    let waited = true;
    const again = timed.statement("alone").then(() => {
      waited = false;
    });
    await turns(20);
    expect(waited).toBe(true);
    acknowledged();
    // An acknowledgement holds work back a moment more, on the same clock (a burst's next one).
    clock.now = 150 + ACK_BURST_LINGER_MS;
    await again;
  });

  it("a transaction's statements give a turn away once 2 ms of it have run, not at each statement", async () => {
    const clock = { now: 0 };
    const timed = new AckPriority(50, 50, () => clock.now);
    const order: string[] = [];
    await timed.statement("inTransaction");
    setImmediate(() => order.push("turn"));
    await timed.statement("inTransaction");
    order.push("statement");
    clock.now = 3;
    setImmediate(() => order.push("turn"));
    await timed.statement("inTransaction");
    order.push("statement, 3 ms on");
    expect(order).toEqual(["statement", "turn", "turn", "statement, 3 ms on"]);
  });

  it("an acknowledgement that starts waiting for room ends the waits of work under way", async () => {
    const waits = new AckPriority(60_000);
    const acknowledged = waits.urgent();
    const waiting = waits.settled(60_000);
    const fed = waits.starving();
    await waiting;
    fed();
    acknowledged();
  });
});

describe.skipIf(onPostgres)(
  "SQLite: an acknowledgement's statement and the work queued for the connection",
  () => {
    it("waits for the transaction under way, not for the ones queued behind it", async () => {
      const { opened: open, open: opened } = latch();
      const { opened: held, open: finish } = latch();
      const first = db.$transaction(async (tx) => {
        await tx.queueItem.count();
        opened();
        await held;
        await tx.queueItem.count();
      });
      await open;
      // Queued for the connection behind the one under way: it writes a row.
      const queued = db.$transaction((tx) =>
        tx.queueItem.create({
          data: {
            kind: "message",
            payload: "{}",
            status: "pending",
            dueAt: new Date(0),
            createdAt: new Date(0),
          },
        }),
      );
      await turns(10);
      // What the acknowledgement's read finds tells which went first.
      const check = priority.within(async () => await db.queueItem.count());
      await turns(10);
      finish();
      const [, , seen] = await Promise.all([first, queued, check]);
      expect(seen).toBe(0);
      expect(await db.queueItem.count()).toBe(1);
    });
  },
);
