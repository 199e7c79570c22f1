import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheStatements, PLACEHOLDERS_KEPT, statementCacheCounts } from "../../src/infra/statement-cache.ts";
import { freshDb, onPostgres, type TestDb } from "../support/db.ts";

/** The SQL texts prepared by better-sqlite3 itself while `run` ran, in order. */
function preparedDuring(db: Database.Database, run: () => void): string[] {
  const seen: string[] = [];
  const original = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    if (this === db) seen.push(sql);
    return original.call(this, sql);
  } as typeof original;
  try {
    run();
  } finally {
    Database.prototype.prepare = original;
  }
  return seen;
}

/** A connection as the adapter uses it: `prepare(sql).bind(args)`, then `run` or `raw().all()`. */
type AdapterView = {
  prepare(sql: string): {
    bind(args: unknown[]): {
      reader: boolean;
      run(): Database.RunResult;
      columns(): Database.ColumnDefinition[];
      raw(): { all(): unknown[] };
      all(): unknown[];
    };
    run(): Database.RunResult;
  };
};

describe.skipIf(onPostgres)("better-sqlite3 statements kept prepared", () => {
  let dir: string;
  let db: Database.Database;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "statements-"));
    db = new Database(join(dir, "s.db"));
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prepares each SQL text once, and runs it with each call's own arguments", () => {
    const view = db as unknown as AdapterView;
    const seen = preparedDuring(db, () => {
      cacheStatements(db, 4);
      view.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "uno"]).run();
      view.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([2, "due"]).run();
      const select = () => view.prepare("SELECT id, name FROM t WHERE id = ?");
      const first = select().bind([1]);
      expect(first.reader).toBe(true);
      expect(first.columns().map((column) => column.name)).toEqual(["id", "name"]);
      expect(first.raw().all()).toEqual([[1, "uno"]]);
      // Raw rows were this call's mode, not the statement's from now on.
      expect(select().bind([2]).all()).toEqual([{ id: 2, name: "due" }]);
      expect(select().bind([3]).raw().all()).toEqual([]);
    });
    expect(seen).toEqual(["INSERT INTO t (id, name) VALUES (?, ?)", "SELECT id, name FROM t WHERE id = ?"]);
  });

  it("lets the least recently used statement go past its bound, and prepares it again when asked", () => {
    const other = new Database(join(dir, "s.db"));
    try {
      const view = other as unknown as AdapterView;
      const seen = preparedDuring(other, () => {
        cacheStatements(other, 2);
        for (const sql of ["SELECT 1", "SELECT 2", "SELECT 1", "SELECT 3", "SELECT 1", "SELECT 2"])
          view.prepare(sql).bind([]).raw().all();
      });
      // "SELECT 2" was the least recently used when "SELECT 3" came.
      expect(seen).toEqual(["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 2"]);
    } finally {
      other.close();
    }
  });

  it("keeps nothing of a statement that failed to prepare, and refuses a second bind", () => {
    const view = db as unknown as AdapterView;
    expect(() => view.prepare("SELEC nothing").bind([]).run()).toThrow(/syntax error/);
    expect(() => view.prepare("SELEC nothing")).toThrow(/syntax error/);
    const bound = view.prepare("SELECT ?").bind([1]) as unknown as { bind(args: unknown[]): unknown };
    expect(() => bound.bind([2])).toThrow(/only be invoked once/);
  });

  it("passes a call's arguments as bind(args) took them: an array argument is refused, not spread", () => {
    const view = db as unknown as AdapterView;
    const pair = () => view.prepare("SELECT ? AS a, ? AS b");
    expect(() =>
      pair()
        .bind([[1, 2]])
        .raw()
        .all(),
    ).toThrow(/can only bind/);
    expect(() =>
      pair()
        .bind([1, [2]])
        .raw()
        .all(),
    ).toThrow(/can only bind/);
    expect(pair().bind([1, 2]).raw().all()).toEqual([[1, 2]]);
  });

  it("prepares a long list's statement for its call alone, and lets every statement go at a schema change", () => {
    const other = new Database(join(dir, "s.db"));
    try {
      const view = other as unknown as AdapterView;
      const many = `SELECT id FROM t WHERE id IN (${Array(PLACEHOLDERS_KEPT + 1)
        .fill("?")
        .join(", ")})`;
      const args = Array.from({ length: PLACEHOLDERS_KEPT + 1 }, (_, i) => i);
      const before = statementCacheCounts.uncached;
      const seen = preparedDuring(other, () => {
        cacheStatements(other);
        view.prepare(many).bind(args).raw().all();
        view.prepare(many).bind(args).raw().all();
      });
      expect(seen).toEqual([many, many]);
      expect(statementCacheCounts.uncached - before).toBe(2);
      // Kept before the table gains a column: prepared again after it, with the column.
      const columns = () =>
        view
          .prepare("SELECT * FROM t")
          .bind([])
          .columns()
          .map((column) => column.name);
      expect(columns()).toEqual(["id", "name"]);
      view.prepare("ALTER TABLE t ADD COLUMN age INTEGER").bind([]).run();
      expect(columns()).toEqual(["id", "name", "age"]);
      other.exec("ALTER TABLE t ADD COLUMN town TEXT");
      expect(columns()).toEqual(["id", "name", "age", "town"]);
    } finally {
      other.close();
    }
  });

  it("reads a kept statement's columns from SQLite once, the same frozen list for every call", () => {
    const other = new Database(join(dir, "s.db"));
    const prototype = Object.getPrototypeOf(other.prepare("SELECT 1")) as { columns(): unknown };
    const original = prototype.columns;
    let read = 0;
    prototype.columns = function (this: unknown) {
      read += 1;
      return original.call(this);
    };
    try {
      const view = other as unknown as AdapterView;
      cacheStatements(other);
      const columns = () => view.prepare("SELECT id, name FROM t WHERE id = ?").bind([1]).columns();
      const first = columns();
      expect(columns()).toBe(first);
      expect(first.map((column) => column.name)).toEqual(["id", "name"]);
      expect(read).toBe(1);
      expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    } finally {
      prototype.columns = original;
      other.close();
    }
  });

  it("refuses what is not a better-sqlite3 connection", () => {
    expect(() => cacheStatements({ prepare() {} })).toThrow(TypeError);
    expect(() => cacheStatements(db, 0)).toThrow(RangeError);
  });
});

describe.skipIf(onPostgres)("Prisma's SQLite client with statements kept", () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await freshDb();
  });
  afterAll(() => testDb.dispose());

  it("reuses statements across calls, with each call's values and results", async () => {
    const { db } = testDb;
    for (const id of ["E1", "E2", "E3"])
      await db.equipe.create({
        data: { id, caseCode: `FAM-2026-${id}`, timezone: "Europe/Rome", locale: "it" },
      });
    const before = { ...statementCacheCounts };
    for (const id of ["E1", "E2", "E3", "E9"])
      expect((await db.equipe.findUnique({ where: { id } }))?.caseCode).toBe(
        id === "E9" ? undefined : `FAM-2026-${id}`,
      );
    await db.$transaction(async (tx) => {
      await tx.equipe.update({ where: { id: "E2" }, data: { locale: "en" } });
      await tx.equipe.update({ where: { id: "E3" }, data: { locale: "en" } });
    });
    expect(
      (await db.equipe.findMany({ where: { locale: "en" }, orderBy: { id: "asc" } })).map((e) => e.id),
    ).toEqual(["E2", "E3"]);
    expect(statementCacheCounts.reused - before.reused).toBeGreaterThanOrEqual(4);
    // A failing statement is the driver's error as before, and the connection goes on.
    await expect(db.$queryRawUnsafe("SELEC 1")).rejects.toThrow(/syntax error/);
    expect(await db.$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1n }]);
  });
});
