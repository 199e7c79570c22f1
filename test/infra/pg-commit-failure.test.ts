import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, onPostgres, type TestDb } from "../support/db.ts";

/** More than the connections a client keeps (POSTGRES_POOL in src/infra/db.ts is 8). */
const FAILED_COMMITS = 20;

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

describe.skipIf(!onPostgres)("PostgreSQL: a transaction whose COMMIT fails", () => {
  it("gives its connection back: after more failed commits than the pool holds, work goes on and the client closes", async () => {
    const { db } = testDb;
    // A constraint checked at COMMIT: each transaction below fails there, not on a statement.
    await db.$executeRawUnsafe(
      'CREATE TABLE "CommitProbe" (n integer, CONSTRAINT "CommitProbeOnce" UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)',
    );
    for (let i = 0; i < FAILED_COMMITS; i += 1) {
      await expect(
        db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO "CommitProbe" (n) VALUES (1), (1)');
        }),
      ).rejects.toThrow();
    }
    // Without the fix every connection is checked out for good by now: this waits forever.
    const rows = await db.$queryRawUnsafe<{ one: number }[]>("SELECT 1 AS one");
    expect(rows).toEqual([{ one: 1 }]);
    expect(await db.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM "CommitProbe"')).toEqual([
      { n: 0n },
    ]);
  }, 30_000);
});
