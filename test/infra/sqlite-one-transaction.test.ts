import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compactFiles, openDb } from "../../src/infra/db.ts";
import { whileBusy } from "../../src/infra/sqlite-adapter.ts";
import { freshDb, onPostgres, type TestDb, testCipher } from "../support/db.ts";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const turns = async (n: number) => {
  for (let i = 0; i < n; i += 1) await new Promise((done) => setImmediate(done));
};

const row = (id: number) => ({
  id,
  kind: "message",
  payload: "{}",
  status: "pending",
  dueAt: new Date(0),
  createdAt: new Date(0),
});

/**
 * SQLite: the process writes through one connection. A statement from elsewhere (the outbox
 * dispatcher's claim, a lease renewed) while a unit of work's transaction was open ran inside that
 * transaction: it read what was not committed, and was undone with it.
 */
describe.skipIf(onPostgres)("SQLite: one transaction at a time on the connection", () => {
  it("a statement from outside waits for the open transaction, and is not undone with it", async () => {
    const { db } = testDb;
    await db.queueItem.create({ data: row(1) });
    let inside!: () => void;
    const opened = new Promise<void>((done) => {
      inside = done;
    });
    const unit = db
      .$transaction(async (tx) => {
        await tx.queueItem.update({ where: { id: 1 }, data: { status: "failed" } });
        inside();
        await turns(5);
        throw new Error("refused");
      })
      .catch((error: Error) => error.message);
    await opened;
    // What the dispatcher does meanwhile: it must not see the uncommitted "failed", nor be undone.
    const seen = await db.queueItem.findUniqueOrThrow({ where: { id: 1 } });
    await db.queueItem.update({ where: { id: 1 }, data: { leaseOwner: "dispatcher" } });
    expect(await unit).toBe("refused");
    expect(seen.status).toBe("pending");
    const after = await db.queueItem.findUniqueOrThrow({ where: { id: 1 } });
    expect([after.status, after.leaseOwner]).toEqual(["pending", "dispatcher"]);
  });

  it("a read grouped with the transaction's own in one tick still waits, and sees nothing uncommitted", async () => {
    const { db } = testDb;
    await db.queueItem.create({ data: row(4) });
    let outside: Promise<{ status: string } | null> | undefined;
    const unit = db
      .$transaction(async (tx) => {
        await tx.queueItem.update({ where: { id: 4 }, data: { status: "failed" } });
        // Prisma groups the findUniques of one tick and sends them from the first caller's context.
        const own = tx.queueItem.findUnique({ where: { id: 4 } });
        outside = db.queueItem.findUnique({ where: { id: 4 } });
        await own;
        throw new Error("refused");
      })
      .catch((error: Error) => error.message);
    expect(await unit).toBe("refused");
    expect((await outside)?.status).toBe("pending");
  });

  it("a COMMIT that fails leaves no transaction open and the connection usable", async () => {
    const { db } = testDb;
    await db.$executeRawUnsafe("PRAGMA foreign_keys=ON");
    await db.$executeRawUnsafe("CREATE TABLE probe_parent (id INTEGER PRIMARY KEY)");
    await db.$executeRawUnsafe(
      "CREATE TABLE probe_child (parent INTEGER REFERENCES probe_parent(id) DEFERRABLE INITIALLY DEFERRED)",
    );
    // The missing parent is noticed at COMMIT only.
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO probe_child (parent) VALUES (99)");
      }),
    ).rejects.toThrow();
    await db.queueItem.create({ data: row(3) });
    expect(await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*) AS n FROM probe_child")).toEqual([
      { n: 0n },
    ]);
    // Committed for good: another connection sees it (an open transaction would hide it).
    const other = await openDb(testDb.url, testCipher);
    try {
      expect(await other.queueItem.count()).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});

/**
 * SQLite's own busy wait sleeps inside the call, the thread held: a second connection in the
 * process that waited for the first one's transaction stopped the code that would have ended it,
 * and failed "Operation has timed out" after 5 s (a page test's write, while the server in the same
 * process confirmed a meeting). The adapter waits instead, between tries, with the thread free.
 */
describe.skipIf(onPostgres)("SQLite: waiting for another connection's write lock", () => {
  it("a second connection's write waits for the first one's transaction, the thread free meanwhile", async () => {
    const { db } = testDb;
    await db.queueItem.create({ data: row(5) });
    const other = await openDb(testDb.url, testCipher);
    try {
      let ticks = 0;
      const ticking = setInterval(() => {
        ticks += 1;
      }, 5);
      let written!: () => void;
      const holding = new Promise<void>((done) => {
        written = done;
      });
      const unit = db.$transaction(async (tx) => {
        await tx.queueItem.update({ where: { id: 5 }, data: { leaseOwner: "unit" } });
        written();
        // Only a timer ends this transaction: it needs the thread.
        await new Promise((done) => setTimeout(done, 150));
      });
      await holding;
      const started = performance.now();
      await other.queueItem.update({ where: { id: 5 }, data: { status: "sent" } });
      const waited = performance.now() - started;
      clearInterval(ticking);
      await unit;
      expect(waited).toBeGreaterThanOrEqual(100);
      expect(waited).toBeLessThan(4_000);
      expect(ticks).toBeGreaterThan(2);
      const after = await db.queueItem.findUniqueOrThrow({ where: { id: 5 } });
      expect([after.status, after.leaseOwner]).toEqual(["sent", "unit"]);
    } finally {
      await other.$disconnect();
    }
  });

  it("a statement still waiting for the lock when its transaction's time runs out never runs", async () => {
    const { db } = testDb;
    await db.queueItem.create({ data: row(7) });
    const holder = new Database(testDb.url.replace(/^file:/, ""), { timeout: 0 });
    holder.exec("BEGIN IMMEDIATE");
    const letGo = setTimeout(() => holder.exec("ROLLBACK"), 600);
    try {
      const unit = await db
        .$transaction(
          async (tx) => {
            await tx.queueItem.update({ where: { id: 7 }, data: { status: "sent" } });
          },
          { timeout: 200 },
        )
        .then(
          () => "committed",
          () => "failed",
        );
      expect(unit).toBe("failed");
      // Past the holder's end and the retries' pauses: the update must not have run on its own.
      await new Promise((done) => setTimeout(done, 900));
      expect((await db.queueItem.findUniqueOrThrow({ where: { id: 7 } })).status).toBe("pending");
      // The connection serves the next unit normally.
      await db.$transaction(async (tx) => {
        await tx.queueItem.update({ where: { id: 7 }, data: { leaseOwner: "next" } });
      });
      const after = await db.queueItem.findUniqueOrThrow({ where: { id: 7 } });
      expect([after.status, after.leaseOwner]).toEqual(["pending", "next"]);
    } finally {
      clearTimeout(letGo);
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("a lock another connection holds is waited for, and a statement still refused after the wait fails", async () => {
    const { db } = testDb;
    await db.queueItem.create({ data: row(6) });
    // Another process's connection, as an operator's script would hold it.
    const holder = new Database(testDb.url.replace(/^file:/, ""), { timeout: 0 });
    holder.exec("BEGIN IMMEDIATE");
    const letGo = setTimeout(() => holder.exec("ROLLBACK"), 120);
    try {
      await db.queueItem.update({ where: { id: 6 }, data: { status: "sent" } });
    } finally {
      clearTimeout(letGo);
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
    expect((await db.queueItem.findUniqueOrThrow({ where: { id: 6 } })).status).toBe("sent");

    const busy = Object.assign(new Error("SocketTimeout"), {
      name: "DriverAdapterError",
      cause: { kind: "SocketTimeout", originalCode: "SQLITE_BUSY" },
    });
    let tries = 0;
    const started = performance.now();
    const failed = await whileBusy(async () => {
      tries += 1;
      throw busy;
    }, 60).catch((error: unknown) => error);
    expect(failed).toBe(busy);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(tries).toBeGreaterThan(1);
    // Anything else is not waited for.
    tries = 0;
    const other = new Error("no such table");
    expect(
      await whileBusy(async () => {
        tries += 1;
        throw other;
      }).catch((error: unknown) => error),
    ).toBe(other);
    expect(tries).toBe(1);
  });

  it("compacting the files waits for a reader on an older snapshot, then leaves the WAL empty", async () => {
    const { db } = testDb;
    const path = testDb.url.replace(/^file:/, "");
    await db.queueItem.create({ data: row(8) });
    const reader = new Database(path, { timeout: 0 });
    reader.exec("BEGIN");
    reader.prepare("SELECT count(*) FROM QueueItem").get();
    // Written after the reader's snapshot: the checkpoint cannot finish while it reads.
    await db.queueItem.update({ where: { id: 8 }, data: { status: "sent" } });
    const letGo = setTimeout(() => reader.exec("COMMIT"), 150);
    try {
      await compactFiles(db);
      expect(reader.inTransaction).toBe(false);
      expect(statSync(`${path}-wal`).size).toBe(0);
    } finally {
      clearTimeout(letGo);
      if (reader.inTransaction) reader.exec("COMMIT");
      reader.close();
    }
  });
});
