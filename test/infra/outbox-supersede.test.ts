import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { LeasedQueue } from "../../src/infra/leased-queue.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { type Outgoing, outgoingSchema } from "../../src/ports/channel.ts";
import { freshDb, onPostgres, type TestDb } from "../support/db.ts";
import { queued } from "../support/sealed.ts";

const AT = new Date("2026-11-23T09:00:00Z");
let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const count = (n: number, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: textMessage([{ type: "text", text: `answered ${n}` }]),
  ...(key ? { key } : {}),
});

describe("queue writer: messages", () => {
  it("keeps only the newest pending version of a keyed message, and every unkeyed one", async () => {
    const store = new PrismaStore(testDb.db);
    for (let n = 1; n <= 3; n += 1) {
      await store.transaction((repos) => repos.outbox.enqueue([count(n, "poll:m:channel:C1"), count(n)], AT));
    }
    // The older versions are superseded by whoever claims next, not by the unit that queued the
    // newer one (it only inserts): a dispatcher's pass takes the newest alone.
    const claimed: string[] = [];
    await new LeasedQueue(testDb.db, "messages", 60_000).drain(
      () => AT,
      async (item) => {
        claimed.push(
          `${item.messageKey}: ${plainMessage(outgoingSchema.parse(JSON.parse(item.payload ?? "null")).message)}`,
        );
      },
    );
    expect(claimed).toEqual([
      "null: answered 1",
      "null: answered 2",
      "poll:m:channel:C1: answered 3",
      "null: answered 3",
    ]);
    expect(await testDb.db.queueItem.count({ where: { status: "superseded" } })).toBe(2);
  });

  it("leaves a version in flight alone: the newer one waits for it", async () => {
    const store = new PrismaStore(testDb.db);
    const queue = new LeasedQueue(testDb.db, "messages", 60_000);
    await store.transaction((repos) => repos.outbox.enqueue([count(1, "k")], AT));
    const [first] = await queue.claim(AT);
    await store.transaction((repos) => repos.outbox.enqueue([count(2, "k")], AT));
    await store.transaction((repos) => repos.outbox.enqueue([count(3, "k")], AT));
    const claimed: number[] = [];
    await queue.drain(
      () => AT,
      async (item) => {
        claimed.push(item.id);
      },
    );
    // Version 1 is leased (on its way): nothing behind it is claimed, and 2 gave way to 3.
    expect(claimed).toEqual([]);
    const rows = await testDb.db.queueItem.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true },
    });
    expect(rows.map((row) => row.status)).toEqual(["pending", "superseded", "pending"]);
    expect(rows[0]?.id).toBe(first?.id);
  });

  it("rolls back with the transaction that wrote it", async () => {
    const store = new PrismaStore(testDb.db);
    await expect(
      store.transaction(async (repos) => {
        await repos.outbox.enqueue([count(1)], AT);
        await repos.jobs.schedule({ kind: "poll.reminder", key: "k", dueAt: AT, payload: {} }, AT);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await testDb.db.queueItem.count()).toBe(0);
  });
});

describe.runIf(onPostgres)("PostgreSQL: superseding beside another replica", () => {
  it("skips a row another replica has locked instead of waiting for it (two replicas could deadlock)", async () => {
    const store = new PrismaStore(testDb.db);
    for (let n = 1; n <= 3; n += 1)
      await store.transaction((repos) => repos.outbox.enqueue([count(n, "k")], AT));
    const [first] = await testDb.db.queueItem.findMany({ orderBy: { id: "asc" }, take: 1 });
    // Another replica's statement holds the oldest version's row.
    const replica = new pg.Client({ connectionString: testDb.url });
    await replica.connect();
    try {
      await replica.query("BEGIN");
      await replica.query('SELECT id FROM "QueueItem" WHERE id = $1 FOR UPDATE', [first?.id]);
      let finished = false;
      const drained = new LeasedQueue(testDb.db, "messages", 60_000)
        .drain(
          () => AT,
          async () => {},
        )
        .finally(() => {
          finished = true;
        });
      // Either the pass ends, or a statement of ours is seen waiting for that lock.
      let blocked = false;
      while (!finished && !blocked) {
        const { rows } = await replica.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        blocked = (rows[0]?.n ?? 0) > 0;
      }
      await replica.query("ROLLBACK");
      await drained;
      expect(blocked).toBe(false);
    } finally {
      await replica.end();
    }
    const rows = await testDb.db.queueItem.findMany({ orderBy: { id: "asc" }, select: { status: true } });
    // The locked one left as it was; the one between superseded; the newest waits behind the oldest.
    expect(rows.map((row) => row.status)).toEqual(["pending", "superseded", "pending"]);
  });
});

describe("queue writer: jobs", () => {
  it("schedules a key once: scheduling it again changes nothing", async () => {
    const store = new PrismaStore(testDb.db);
    const job = {
      kind: "poll.reminder",
      key: "meeting:m1:poll-reminder",
      dueAt: AT,
      payload: { meetingId: "m1" },
    };
    await store.transaction((repos) => repos.jobs.schedule(job, AT));
    await store.transaction((repos) =>
      repos.jobs.schedule(
        { ...job, dueAt: new Date(AT.getTime() + 60_000), payload: { meetingId: "m2" } },
        AT,
      ),
    );
    const rows = (await queued(testDb.db)).map(({ kind, dedupeKey, payload, dueAt, status }) => ({
      kind,
      dedupeKey,
      payload,
      dueAt,
      status,
    }));
    expect(rows).toEqual([
      {
        kind: "poll.reminder",
        dedupeKey: job.key,
        payload: '{"meetingId":"m1"}',
        dueAt: AT,
        status: "pending",
      },
    ]);
  });

  it("cancels the pending jobs under a key prefix, and only those", async () => {
    const store = new PrismaStore(testDb.db);
    await store.transaction(async (repos) => {
      for (const key of ["meeting:m1:reminder:0", "meeting:m1:deadline", "meeting:m2:reminder:0"]) {
        await repos.jobs.schedule({ kind: "meeting.reminder", key, dueAt: AT, payload: {} }, AT);
      }
      await repos.jobs.cancelPending("meeting:m1:");
    });
    const rows = await testDb.db.queueItem.findMany({ orderBy: { id: "asc" }, select: { status: true } });
    expect(rows.map((row) => row.status)).toEqual(["cancelled", "cancelled", "pending"]);
  });

  it("refuses a job named like a message", async () => {
    const store = new PrismaStore(testDb.db);
    await expect(
      store.transaction((repos) =>
        repos.jobs.schedule({ kind: "message", key: "k", dueAt: AT, payload: {} }, AT),
      ),
    ).rejects.toThrow();
  });
});
