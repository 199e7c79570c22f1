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
    // Seen once, then learned (each compiled with its values), then taken from the cache.
    expect(ids(await members("E1"))).toEqual(["E1-m1", "E1-m2"]);
    expect(ids(await members("E2"))).toEqual(["E2-m1", "E2-m2"]);
    let third: { id: string }[] = [];
    expect(
      await hitsOf(async () => {
        third = await members("E1");
      }),
    ).toBe(1);
    expect(ids(third)).toEqual(["E1-m1", "E1-m2"]);
  });

  it("gives a raw statement its learned plan with its own values: text, integers, dates", async () => {
    const { db } = testDb;
    const rename = (role: string, id: string, at: Date) =>
      db.$executeRaw`UPDATE "Member" SET "role" = ${role} WHERE "id" = ${id} AND "createdAt" < ${at} AND 1 = ${1}`;
    const later = new Date("2100-01-01T00:00:00Z");
    // Learned from its first compilation, then taken from the cache with the call's own values.
    expect(await rename("social_worker", "E1-m2", later)).toBe(1);
    let changed = 0;
    expect(
      await hitsOf(async () => {
        changed = await rename("teacher", "E2-m2", later);
      }),
    ).toBe(1);
    expect(changed).toBe(1);
    expect(await hitsOf(async () => void (await rename("teacher", "E1-m2", new Date(0))))).toBe(1);
    const roles = await db.member.findMany({
      where: { id: { in: ["E1-m2", "E2-m2"] } },
      orderBy: { id: "asc" },
    });
    expect(roles.map((member) => member.role)).toEqual(["social_worker", "teacher"]);
    // A null, as the outbox's finish writes one.
    const clear = (id: string) =>
      db.$executeRaw`UPDATE "Member" SET "removedAt" = ${null} WHERE "id" = ${id}`;
    expect(await clear("E1-m3")).toBe(1);
    expect(await hitsOf(async () => void (await clear("E2-m3")))).toBe(1);
    expect(await db.member.count({ where: { id: { in: ["E1-m3", "E2-m3"] }, removedAt: null } })).toBe(2);
    await db.member.updateMany({
      where: { id: { in: ["E1-m3", "E2-m3"] } },
      data: { removedAt: new Date("2026-11-01T00:00:00Z") },
    });
    // A kind of value it does not take (a fraction): compiled with it, every time.
    const fraction = () => db.$queryRaw`SELECT "id" FROM "Member" WHERE 0.5 < ${1.5}`;
    await fraction();
    expect(await hitsOf(fraction)).toBe(0);
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
    let fewer: { kind: string }[] = [];
    expect(
      await hitsOf(async () => {
        fewer = await due(14, 2);
      }),
    ).toBe(1);
    expect(fewer.map((row) => row.kind)).toEqual(["test.a"]);
    await item("test.c", 0, 9);
    expect(await hitsOf(() => item("test.d", 2, 10))).toBe(1);
    const stored = await db.queueItem.findFirstOrThrow({ where: { kind: "test.d" } });
    expect(stored.attempts).toBe(2);
    expect(stored.dueAt.toISOString()).toBe(at(10).toISOString());
    const coordinators = (isCoordinator: boolean) =>
      db.member.findMany({ where: { equipeId: "E2", isCoordinator } });
    expect(ids(await coordinators(true))).toEqual(["E2-m1"]);
    expect(ids(await coordinators(false))).toEqual(["E2-m2", "E2-m3"]);
    let again: { id: string }[] = [];
    expect(
      await hitsOf(async () => {
        again = await coordinators(true);
      }),
    ).toBe(1);
    expect(ids(again)).toEqual(["E2-m1"]);
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
    expect(await hitsOf(() => retried(3))).toBe(1);
    // Past 32 bits: as the compiler writes it (SQLite finds nothing; PostgreSQL refuses it).
    const compiled = planCacheCounts.compiled;
    const outcome = await retried(2 ** 40).catch(() => "refused");
    expect(outcome).toBe(onPostgres ? "refused" : 0);
    expect(planCacheCounts.compiled).toBe(compiled + 1);
  });

  it("lets the compiler refuse, on a cached shape, what it refuses on a new one", async () => {
    const { db } = testDb;
    const dueBy = (lte: Date) => db.queueItem.count({ where: { kind: "test.a", dueAt: { lte } } });
    expect(await dueBy(new Date("2026-12-03T09:00:00Z"))).toBe(1);
    expect(await dueBy(new Date("2026-12-03T07:00:00Z"))).toBe(0);
    expect(await hitsOf(() => dueBy(new Date("2026-12-04T00:00:00Z")))).toBe(1);
    // Text where a date goes; a year past 9999; the year before 1. Refused by the compiler, not
    // taken from the cache (where the test suite's check would be what refuses them).
    const refused = async (query: Promise<unknown>) => {
      const hits = planCacheCounts.hits;
      await expect(query).rejects.toThrow();
      expect(planCacheCounts.hits).toBe(hits);
    };
    const before = await db.queueItem.count();
    await refused(dueBy("not a date" as unknown as Date));
    await refused(dueBy(new Date("+010000-01-01T00:00:00Z")));
    const queued = (kind: string, dueAt: Date) =>
      db.queueItem.create({ data: { kind, payload: "{}", status: "pending", dueAt, createdAt: dueAt } });
    await queued("test.e", new Date("2026-12-05T00:00:00Z"));
    await queued("test.f", new Date("2026-12-06T00:00:00Z"));
    await refused(queued("test.g", new Date("+010000-01-01T00:00:00Z")));
    await refused(queued("test.h", new Date("-000001-06-01T00:00:00Z")));
    expect(await db.queueItem.count()).toBe(before + 2);
    // Half an emoji (a name cut short in the middle of one).
    const named = (displayName: string) => db.member.count({ where: { equipeId: "E1", displayName } });
    expect(await named("Giulia")).toBe(0);
    expect(await named("Marco")).toBe(0);
    expect(await hitsOf(() => named("Anna"))).toBe(1);
    await refused(named("Giulia 😀".slice(0, 8)));
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
    // A value where filters go (a query the compiler refuses, and would panic on as a parameter).
    expect(shape({ id: "a", AND: "x" })).not.toBe(shape({ id: "a", AND: "y" }));
    // A key `__proto__` is a key: it stays in the shape, not lost to an object's prototype.
    const proto = parameterize(
      JSON.parse(JSON.stringify(query({ id: "a" })).replace('"id"', '"__proto__":{"id":"b"},"id"')),
    );
    expect(proto?.shape).toContain('"__proto__":{"id":{"$type":"Param"');
    expect(proto?.values).toEqual(["b", "a"]);
    // Raw SQL has no model, and a query without values has nothing to take out.
    expect(parameterize({ action: "queryRaw", query: { arguments: { query: "SELECT 1" } } })).toBeUndefined();
    expect(parameterize(query({ removedAt: null }))).toBeUndefined();
  });
});

describe("the cache in front of a compiler", () => {
  type Plan = { sql: string; args: unknown[] };
  /** The parameter a plan compiled with parameters has where the query had `{ $type: "Param" }`. */
  const param = (name: string) => ({ prisma__type: "param", prisma__value: { name, type: "String" } });
  /**
   * A compiler of `findFirst({ where: { id } })`: `plan` says what it makes of a value (or of a
   * parameter's name, `parameter` true); it counts its compilations, and those with parameters.
   */
  function fakeCompiler(plan: (id: string, parameter: boolean) => Plan, check = false) {
    class Compiler {
      compiled = 0;
      withParameters = 0;
      compile(text: string): unknown {
        this.compiled += 1;
        const id = (JSON.parse(text) as { query: { arguments: { where: { id: unknown } } } }).query.arguments
          .where.id;
        if (typeof id === "object" && id !== null) {
          this.withParameters += 1;
          return plan((id as { value: string }).value, true);
        }
        return plan(String(id), false);
      }
    }
    cachePlans(Compiler, check);
    return new Compiler();
  }
  const find = (id: string, modelName = "Member") =>
    JSON.stringify({
      modelName,
      action: "findFirst",
      query: { arguments: { where: { id } }, selection: {} },
    });
  const plain = (id: string, parameter: boolean): Plan => ({
    sql: "SELECT ?",
    args: [parameter ? param(id) : id],
  });

  it("puts each query's values in the plan it learned, and compiles a known shape no more", () => {
    const compiler = fakeCompiler(plain);
    expect(compiler.compile(find("a"))).toEqual({ sql: "SELECT ?", args: ["a"] });
    expect(compiler.withParameters).toBe(0); // seen once: not learned yet
    expect(compiler.compile(find("b"))).toEqual({ sql: "SELECT ?", args: ["b"] });
    expect(compiler.withParameters).toBe(1);
    const compiled = compiler.compiled;
    expect(compiler.compile(find("c"))).toEqual({ sql: "SELECT ?", args: ["c"] });
    expect(compiler.compile(find("a"))).toEqual({ sql: "SELECT ?", args: ["a"] });
    expect(compiler.compiled).toBe(compiled);
  });

  it("compiles every time a shape whose plan depends on a value", () => {
    // A different plan for one value; a value written into the SQL; one written in another form.
    const special = (id: string, parameter: boolean): Plan =>
      !parameter && id === "x" ? { sql: "SELECT 1", args: [] } : plain(id, parameter);
    const inText = (id: string, parameter: boolean): Plan => ({
      sql: `SELECT ? /* ${parameter ? "?" : id} */`,
      args: [parameter ? param(id) : id],
    });
    const upperCased = (id: string, parameter: boolean): Plan => ({
      sql: "SELECT ?",
      args: [parameter ? param(id) : id.toUpperCase()],
    });
    // Two values where the plan with parameters has one; a parameter of a type not cached.
    const doubled = (id: string, parameter: boolean): Plan =>
      parameter ? plain(id, true) : { sql: "SELECT ?", args: [id, id] };
    const decimal = (id: string, parameter: boolean): Plan => ({
      sql: "SELECT ?",
      args: [parameter ? { prisma__type: "param", prisma__value: { name: id, type: "Decimal" } } : id],
    });
    for (const [plan, answers] of [
      [special, ["a", "x", "b", "x"]],
      [inText, ["a", "b", "c", "d"]],
      [upperCased, ["a", "b", "c", "d"]],
      [doubled, ["a", "b", "c", "d"]],
      [decimal, ["a", "b", "c", "d"]],
    ] as const) {
      const compiler = fakeCompiler(plan);
      for (const id of answers) expect(compiler.compile(find(id))).toEqual(plan(id, false));
      // Learned once (the second query), refused, then each query compiled with its values.
      expect(compiler.withParameters).toBe(1);
      expect(compiler.compiled).toBe(answers.length + 1);
    }
  });

  it("throws, in the check mode, where a cached plan differs from the compiler's", () => {
    const compiler = fakeCompiler(
      (id, parameter) => (!parameter && id === "x" ? { sql: "SELECT 1", args: [] } : plain(id, parameter)),
      true,
    );
    compiler.compile(find("a"));
    compiler.compile(find("b"));
    expect(() => compiler.compile(find("x"))).toThrow(/differs/);
  });

  it("hands a panic on a parameter to Prisma's handler, and never gives that shape parameters again", () => {
    const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    const registry = global.PRISMA_WASM_PANIC_REGISTRY;
    const panics: string[] = [];
    // What Prisma's client does around each compilation: a panic reported here fails the query.
    global.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => panics.push(message) };
    try {
      const panicking = (id: string, parameter: boolean): Plan => {
        if (!parameter) return plain(id, false);
        global.PRISMA_WASM_PANIC_REGISTRY?.set_message("entered unreachable code");
        throw new Error("unreachable");
      };
      const compiler = fakeCompiler(panicking);
      expect(compiler.compile(find("a", "Panicky"))).toEqual(plain("a", false));
      expect(compiler.compile(find("b", "Panicky"))).toEqual(plain("b", false));
      expect(panics).toEqual(["entered unreachable code"]);
      // A new compiler (Prisma makes one after a panic) does not try that shape again.
      const after = fakeCompiler(panicking);
      for (const id of ["c", "d", "e"]) expect(after.compile(find(id, "Panicky"))).toEqual(plain(id, false));
      expect(after.withParameters).toBe(0);
      expect(panics).toHaveLength(1);
    } finally {
      global.PRISMA_WASM_PANIC_REGISTRY = registry;
    }
  });
});
