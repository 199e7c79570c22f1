import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { AdapterState } from "../../src/ports/adapter-state.ts";
import { freshDb, type TestDb } from "../support/db.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);
let testDb: TestDb;
let state: AdapterState;
beforeEach(async () => {
  testDb = await freshDb();
  state = new PrismaStore(testDb.db).adapterState;
});
afterEach(() => testDb.dispose());

describe("adapter state", () => {
  it("stores a value per namespace and key, replaces it, deletes it", async () => {
    await state.put("teams", "conversation:a", "one");
    await state.put("slack", "conversation:a", "other");
    expect(await state.get("teams", "conversation:a", NOW)).toBe("one");
    await state.put("teams", "conversation:a", "two");
    expect(await state.get("teams", "conversation:a", NOW)).toBe("two");
    expect(await state.get("teams", "conversation:b", NOW)).toBeUndefined();
    await state.delete("teams", "conversation:a");
    await state.delete("teams", "conversation:a");
    expect(await state.get("teams", "conversation:a", NOW)).toBeUndefined();
    expect(await state.get("slack", "conversation:a", NOW)).toBe("other");
  });

  it("reads an expired record as absent, and a replacement without expiry lasts", async () => {
    await state.put("teams", "file:1", "bytes", { expiresAt: later(60_000) });
    expect(await state.get("teams", "file:1", later(59_999))).toBe("bytes");
    expect(await state.get("teams", "file:1", later(60_000))).toBeUndefined();
    await state.put("teams", "file:1", "kept");
    expect(await state.get("teams", "file:1", later(365 * 24 * 3_600_000))).toBe("kept");
  });

  it("purges the expired records of one namespace only", async () => {
    await state.put("teams", "file:old", "x", { expiresAt: later(1_000) });
    await state.put("teams", "file:new", "y", { expiresAt: later(10_000) });
    await state.put("teams", "conversation:c", "ref");
    await state.put("other", "file:old", "z", { expiresAt: later(1_000) });
    await state.purgeExpired("teams", later(5_000));
    const rows = await testDb.db.adapterRecord.findMany({
      orderBy: [{ namespace: "asc" }, { key: "asc" }],
      select: { namespace: true, key: true },
    });
    expect(rows).toEqual([
      { namespace: "other", key: "file:old" },
      { namespace: "teams", key: "conversation:c" },
      { namespace: "teams", key: "file:new" },
    ]);
  });
});
