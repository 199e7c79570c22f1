import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";

/** Holds the thread for `ms`, as a large read through a synchronous driver does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

describe("snapshots", () => {
  it("queued together, each runs in a turn of its own: a request that arrives meanwhile is read before the last", async () => {
    const store = new PrismaStore(testDb.db);
    const seen: string[] = [];
    const reads = Array.from({ length: 5 }, (_, i) =>
      store.snapshot(async (repos) => {
        await repos.equipes.findById("none" as never);
        busy(5);
        seen.push(`snapshot ${i}`);
      }),
    );
    setImmediate(() => seen.push("request"));
    await Promise.all(reads);
    expect(seen.indexOf("request")).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf("request")).toBeLessThan(seen.indexOf("snapshot 4"));
  });
});
