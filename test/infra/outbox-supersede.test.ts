import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outgoing } from "../../src/domain/message.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";

const AT = new Date("2026-11-23T09:00:00Z");
let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const count = (n: number, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: { text: `answered ${n}`, blocks: [], attachments: [] },
  ...(key ? { key } : {}),
});

describe("outbox", () => {
  it("keeps only the newest pending version of a keyed message, and every unkeyed one", async () => {
    const store = new PrismaStore(testDb.db);
    for (let n = 1; n <= 3; n += 1) {
      await store.transaction((repos) => repos.outbox.enqueue([count(n, "poll:m:channel:C1"), count(n)], AT));
    }
    const pending = await testDb.db.outboxMessage.findMany({
      where: { status: "pending" },
      orderBy: { id: "asc" },
    });
    expect(pending.map((row) => [row.key, (JSON.parse(row.payload) as Outgoing).message.text])).toEqual([
      [null, "answered 1"],
      [null, "answered 2"],
      ["poll:m:channel:C1", "answered 3"],
      [null, "answered 3"],
    ]);
    expect(await testDb.db.outboxMessage.count({ where: { status: "superseded" } })).toBe(2);
  });

  it("rolls back with the transaction that wrote it", async () => {
    const store = new PrismaStore(testDb.db);
    await expect(
      store.transaction(async (repos) => {
        await repos.outbox.enqueue([count(1)], AT);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await testDb.db.outboxMessage.count()).toBe(0);
  });
});
