import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../../src/infra/db.ts";
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
