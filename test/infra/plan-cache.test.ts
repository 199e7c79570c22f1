import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachePlans, parameterize, planCacheCounts } from "../../src/infra/plan-cache.ts";
import { freshDb, onPostgres, type TestDb } from "../support/db.ts";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await freshDb();
  const { db } = testDb;
  for (const equipe of ["E1", "E2"]) {
    await db.equipe.create({
      data: { id: equipe, caseCode: `FAM-2026-${equipe}`, timezone: "Europe/Rome", locale: "it" },
    });
    for (const n of [1, 2, 3])
      await db.member.create({
        data: {
          id: `${equipe}-m${n}`,
          equipeId: equipe,
          kind: "platform",
          platform: "slack",
          workspaceId: "T1",
          platformUserId: `U${equipe}${n}`,
          role: "educator",
          isCoordinator: n === 1,
          ...(n === 3 ? { removedAt: new Date("2026-11-01T00:00:00Z") } : {}),
        },
      });
  }
});
afterAll(() => testDb.dispose());

/** The hits the cache counted while `run` ran. */
async function hitsOf(run: () => Promise<unknown>): Promise<number> {
  const before = planCacheCounts.hits;
  await run();
  return planCacheCounts.hits - before;
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

describe("query plans cached by shape", () => {
  it("gives a query of a known shape a plan with its own values", async () => {
    const { db } = testDb;
    const members = (equipeId: string) => db.member.findMany({ where: { equipeId, removedAt: null } });
    expect(ids(await members("E1"))).toEqual(["E1-m1", "E1-m2"]);
    let second: { id: string }[] = [];
    expect(
      await hitsOf(async () => {
        second = await members("E2");
      }),
    ).toBe(1);
    expect(ids(second)).toEqual(["E2-m1", "E2-m2"]);
  });

  it("keeps in the shape what chooses the SQL: take, order, null", async () => {
    const { db } = testDb;
    const page = (take: number, order: "asc" | "desc") =>
      db.member.findMany({ where: { equipeId: "E1" }, take, orderBy: { id: order } });
    expect(ids(await page(1, "asc"))).toEqual(["E1-m1"]);
    expect((await page(2, "asc")).map((row) => row.id)).toEqual(["E1-m1", "E1-m2"]);
    expect((await page(2, "desc")).map((row) => row.id)).toEqual(["E1-m3", "E1-m2"]);
    const removed = await db.member.findMany({ where: { equipeId: "E1", removedAt: { not: null } } });
    expect(ids(removed)).toEqual(["E1-m3"]);
  });

  it("writes integers, dates and booleans as the compiler does, in reads and writes", async () => {
    const { db } = testDb;
    const at = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour));
    const item = (kind: string, attempts: number, hour: number) =>
      db.queueItem.create({
        data: { kind, payload: "{}", status: "pending", attempts, dueAt: at(hour), createdAt: at(0) },
      });
    await item("test.a", 1, 8);
    await item("test.b", 4, 12);
    const due = (hour: number, attempts: number) =>
      db.queueItem.findMany({
        where: { kind: { startsWith: "test." }, dueAt: { lte: at(hour) }, attempts: { lt: attempts } },
      });
    expect((await due(9, 5)).map((row) => row.kind)).toEqual(["test.a"]);
    expect((await due(13, 5)).map((row) => row.kind).sort()).toEqual(["test.a", "test.b"]);
    expect((await due(13, 2)).map((row) => row.kind)).toEqual(["test.a"]);
    const stored = await db.queueItem.findFirstOrThrow({ where: { kind: "test.b" } });
    expect(stored.attempts).toBe(4);
    expect(stored.dueAt.toISOString()).toBe(at(12).toISOString());
    const coordinators = (isCoordinator: boolean) =>
      db.member.findMany({ where: { equipeId: "E2", isCoordinator } });
    expect(ids(await coordinators(true))).toEqual(["E2-m1"]);
    expect(ids(await coordinators(false))).toEqual(["E2-m2", "E2-m3"]);
  });

  it("runs an upsert as an insert, then as an update, whatever the plan it was cached from", async () => {
    const { db } = testDb;
    const member = (id: string, role: string) =>
      db.member.upsert({
        where: { id },
        create: { id, equipeId: "E1", kind: "external", role },
        update: { role },
      });
    await member("E1-x", "teacher");
    await member("E1-y", "psychologist");
    await member("E1-x", "health");
    const rows = await db.member.findMany({
      where: { id: { in: ["E1-x", "E1-y"] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.id, row.role])).toEqual([
      ["E1-x", "health"],
      ["E1-y", "psychologist"],
    ]);
  });

  it("compiles with its values a query whose values its cached shape does not fit", async () => {
    const { db } = testDb;
    const retried = (attempts: number) => db.queueItem.count({ where: { kind: "test.a", attempts } });
    expect(await retried(1)).toBe(1);
    expect(await retried(2)).toBe(0);
    // Past 32 bits: as the compiler writes it (SQLite finds nothing; PostgreSQL refuses it). Text
    // where a date goes: the compiler's error.
    const compiled = planCacheCounts.compiled;
    const outcome = await retried(2 ** 40).catch(() => "refused");
    expect(outcome).toBe(onPostgres ? "refused" : 0);
    expect(planCacheCounts.compiled).toBe(compiled + 1);
    const dueBy = (lte: Date) => db.queueItem.count({ where: { kind: "test.a", dueAt: { lte } } });
    expect(await dueBy(new Date("2026-12-03T09:00:00Z"))).toBe(1);
    expect(await dueBy(new Date("2026-12-03T07:00:00Z"))).toBe(0);
    await expect(dueBy("not a date" as unknown as Date)).rejects.toThrow();
  });
});

describe("a query's shape", () => {
  const query = (where: unknown, extra: Record<string, unknown> = {}) => ({
    modelName: "Member",
    action: "findMany",
    query: { arguments: { where, ...extra }, selection: { $scalars: true } },
  });

  it("is the same for other values, and says which values are equal", () => {
    const a = parameterize(query({ equipeId: "E1", platformUserId: "U1" }));
    const b = parameterize(query({ equipeId: "E2", platformUserId: "U9" }));
    const same = parameterize(query({ equipeId: "E2", platformUserId: "E2" }));
    expect(a?.shape).toBe(b?.shape);
    expect(b?.values).toEqual(["E2", "U9"]);
    expect(same?.shape).not.toBe(a?.shape);
    expect(same?.values).toEqual(["E2"]);
  });

  it("keeps what is not plainly data", () => {
    const shape = (where: unknown, extra?: Record<string, unknown>) =>
      parameterize(query(where, extra))?.shape;
    expect(shape({ id: "a" }, { take: 1 })).not.toBe(shape({ id: "a" }, { take: 2 }));
    expect(shape({ id: "a" }, { orderBy: { id: "asc" } })).not.toBe(
      shape({ id: "a" }, { orderBy: { id: "desc" } }),
    );
    expect(shape({ id: "a", displayName: { contains: "x%" } })).not.toBe(
      shape({ id: "a", displayName: { contains: "y" } }),
    );
    expect(shape({ id: "a", removedAt: null })).not.toBe(shape({ id: "a", removedAt: "b" }));
    expect(shape({ id: "a", n: 0.5 })).not.toBe(shape({ id: "a", n: 1.5 }));
    // Raw SQL has no model, and a query without values has nothing to take out.
    expect(parameterize({ action: "queryRaw", query: { arguments: { query: "SELECT 1" } } })).toBeUndefined();
    expect(parameterize(query({ removedAt: null }))).toBeUndefined();
  });
});

describe("the cache in front of a compiler", () => {
  /** A compiler writing a value in its plan, and choosing a plan by one ("x" is special to it). */
  class FakeCompiler {
    compiled = 0;
    compile(text: string): unknown {
      this.compiled += 1;
      const query = JSON.parse(text) as { query: { arguments: { where: { id: unknown } } } };
      const id = query.query.arguments.where.id;
      if (typeof id === "object" && id !== null) {
        const name = (id as { value: string }).value;
        return {
          sql: "SELECT ?",
          args: [{ prisma__type: "param", prisma__value: { name, type: "String" } }],
        };
      }
      return id === "x" ? { sql: "SELECT 1", args: [] } : { sql: "SELECT ?", args: [id] };
    }
  }
  const find = (id: string) =>
    JSON.stringify({
      modelName: "Member",
      action: "findFirst",
      query: { arguments: { where: { id } }, selection: {} },
    });

  it("puts each query's values in the cached plan, and compiles a shape once", () => {
    class Compiler extends FakeCompiler {}
    cachePlans(Compiler);
    const compiler = new Compiler();
    expect(compiler.compile(find("a"))).toEqual({ sql: "SELECT ?", args: ["a"] });
    const compiledOnce = compiler.compiled;
    expect(compiler.compile(find("b"))).toEqual({ sql: "SELECT ?", args: ["b"] });
    expect(compiler.compiled).toBe(compiledOnce);
  });

  it("compiles every time a shape whose plan depends on a value", () => {
    class Compiler extends FakeCompiler {}
    cachePlans(Compiler);
    const compiler = new Compiler();
    expect(compiler.compile(find("x"))).toEqual({ sql: "SELECT 1", args: [] });
    expect(compiler.compile(find("b"))).toEqual({ sql: "SELECT ?", args: ["b"] });
    expect(compiler.compile(find("x"))).toEqual({ sql: "SELECT 1", args: [] });
  });

  it("throws, in the check mode, where a cached plan differs from the compiler's", () => {
    class Compiler extends FakeCompiler {}
    cachePlans(Compiler, true);
    const compiler = new Compiler();
    compiler.compile(find("a"));
    expect(() => compiler.compile(find("x"))).toThrow(/differs/);
  });
});
