import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { openDb, settled } from "../../src/infra/db.ts";
import { fieldCipher } from "../../src/infra/field-cipher.ts";
import { migrate } from "../../src/infra/migrations.ts";
import type { Factory } from "../../src/infra/sqlite-adapter.ts";
import { SYNCHRONOUS_FULL, settleConnection } from "../../src/infra/sqlite-durability.ts";
import { onPostgres } from "../support/db.ts";

const WORK = resolve(".tmp/sqlite-durability");
afterAll(() => rmSync(WORK, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

function freshUrl(): string {
  mkdirSync(WORK, { recursive: true });
  return `file:${join(WORK, `${randomUUID()}.db`)}`;
}

/** A pragma's value as the service's own connection reads it. */
async function pragma(db: Awaited<ReturnType<typeof openDb>>, name: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Record<string, bigint | number>[]>(`PRAGMA ${name}`);
  return Number(Object.values(row ?? {})[0]);
}

/** Each read-back of `synchronous` on a better-sqlite3 connection from now on: its file and value. */
function readsOfSynchronous(): string[] {
  const reads: string[] = [];
  const original = Database.prototype.pragma;
  vi.spyOn(Database.prototype, "pragma").mockImplementation(function (
    this: Database.Database,
    source: string,
    options?: Database.PragmaOptions,
  ) {
    const result = original.call(this, source, options);
    if (source === "synchronous") reads.push(`${this.name}: ${String(result)}`);
    return result;
  });
  return reads;
}

// SQLite's own settings: the SQLite run covers them.
describe.skipIf(onPostgres)("SQLite commits durably", () => {
  it("sets every connection the service opens to synchronous FULL and secure delete, the first and one opened after a disconnect", async () => {
    const url = freshUrl();
    await migrate(url);
    // What the driver gives a connection to a WAL file by itself: NORMAL (1), built so.
    const bare = new Database(url.slice("file:".length));
    expect(Number(bare.pragma("synchronous", { simple: true }))).toBe(1);
    bare.close();

    const settles = readsOfSynchronous();
    const db = await openDb(url, fieldCipher(randomBytes(32)));
    try {
      expect(await pragma(db, "synchronous")).toBe(SYNCHRONOUS_FULL);
      expect(await pragma(db, "secure_delete")).toBe(1);
      expect(settles).toHaveLength(1);
      await db.$disconnect();
      // Prisma opens a new connection for the next query: settled as well.
      expect(await pragma(db, "synchronous")).toBe(SYNCHRONOUS_FULL);
      expect(await pragma(db, "secure_delete")).toBe(1);
      expect(settles).toHaveLength(2);
    } finally {
      await db.$disconnect();
    }
  });

  it("applies migrations on a connection set to synchronous FULL", async () => {
    const settings = readsOfSynchronous();
    const url = freshUrl();
    await migrate(url);
    expect(settings).toEqual([`${url.slice("file:".length)}: ${SYNCHRONOUS_FULL}`]);
  });

  it("closes a connection that cannot be settled, and fails the open", async () => {
    const dispose = vi.fn(async () => {});
    const factory = {
      adapterName: "stub",
      provider: "sqlite",
      connect: async () => ({ client: { pragma: () => 1 }, dispose }),
    } as unknown as Factory;
    await expect(settled(factory).connect()).rejects.toThrow("SQLite refused synchronous = FULL");
    expect(dispose).toHaveBeenCalledOnce();
  });

  it("refuses a connection that does not take FULL", () => {
    const stubborn = {
      pragma: (source: string) => (source === "synchronous" ? 1 : []),
    } as unknown as Pick<Database.Database, "pragma">;
    expect(() => settleConnection(stubborn)).toThrow(
      "SQLite refused synchronous = FULL on this connection (it reads 1)",
    );
  });
});
