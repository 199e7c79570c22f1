import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GATES_READ_MS, RateGates } from "../../src/infra/rate-gates.ts";
import { freshDb, type TestDb } from "../support/db.ts";

const NOW = new Date("2026-12-04T09:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);
const BUCKET = "slack:T1:chat.postMessage";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const stored = async () =>
  (await testDb.db.rateLimit.findMany({ select: { bucket: true, until: true } })).map((row) => [
    row.bucket,
    row.until.toISOString(),
  ]);

describe("rate gates shared by replicas", () => {
  it("a window is never shortened in the database, whichever replica writes last", async () => {
    const first = new RateGates(testDb.db);
    const second = new RateGates(testDb.db);
    await first.close(BUCKET, at(60_000));
    // The second replica knows nothing of the first one's window (it has read nothing yet).
    await second.close(BUCKET, at(5_000));
    expect(await stored()).toEqual([[BUCKET, at(60_000).toISOString()]]);
    // A longer one replaces it.
    await second.close(BUCKET, at(90_000));
    expect(await stored()).toEqual([[BUCKET, at(90_000).toISOString()]]);
    // Another bucket is its own row.
    await second.close("slack:T2:chat.postMessage", at(1_000));
    expect(await stored()).toHaveLength(2);
  });

  it("a replica in the middle of a long pass stops calling a bucket another replica's 429 closed, within GATES_READ_MS", async () => {
    const sending = new RateGates(testDb.db);
    const refused = new RateGates(testDb.db);
    sending.forget();
    expect(await sending.closedUntil([BUCKET], NOW)).toBeUndefined();
    await refused.close(BUCKET, at(30_000));
    // Still the same pass: what it read stands for a moment…
    expect(await sending.closedUntil([BUCKET], at(GATES_READ_MS / 2))).toBeUndefined();
    // …and no longer.
    expect(await sending.closedUntil([BUCKET], at(GATES_READ_MS))).toEqual(at(30_000));
    expect(await sending.closedUntil(["slack:T2:chat.postMessage"], at(GATES_READ_MS))).toBeUndefined();
    expect(await sending.closedUntil([BUCKET], at(30_000))).toBeUndefined();
  });

  it("a window this replica closed is kept when a read that missed it lands", async () => {
    const gates = new RateGates(testDb.db);
    expect(await gates.closedUntil([BUCKET], NOW)).toBeUndefined();
    await gates.close(BUCKET, at(20_000));
    await testDb.db.rateLimit.deleteMany({});
    expect(await gates.closedUntil([BUCKET], at(GATES_READ_MS))).toEqual(at(20_000));
  });
});
