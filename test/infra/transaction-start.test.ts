import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseCode } from "../../src/domain/case-code.ts";
import type { Db } from "../../src/infra/db.ts";
import { isTransactionStartTimeout, PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, onPostgres, type TestDb } from "../support/db.ts";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

/** Another unit holding SQLite's writer until `release` is called; resolves once it holds it. */
async function holdWriter(db: Db): Promise<{ release: () => void; holder: Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((done) => {
    release = done;
  });
  let holding!: () => void;
  const started = new Promise<void>((done) => {
    holding = done;
  });
  const holder = db.$transaction(async () => {
    holding();
    await held;
  });
  await started;
  return { release, holder };
}

/**
 * A unit of work that could not begin in time (every connection busy; on SQLite, its one writer)
 * ran nothing: it is run again, never answered as a failure and the work lost.
 */
describe.skipIf(onPostgres)("a unit of work that could not begin in time", () => {
  it("is run again once the writer is free, and runs once", async () => {
    const { db } = testDb;
    const { release, holder } = await holdWriter(db);
    let calls = 0;
    // The store's first start waits 10 ms only (as if the client's wait had run out under load).
    const impatient = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return (work: never, options?: object) => {
          calls += 1;
          if (calls === 1) {
            setTimeout(release, 50);
            return target.$transaction(work, { ...options, maxWait: 10 });
          }
          return target.$transaction(work, options);
        };
      },
    }) as Db;
    let runs = 0;
    const store = new PrismaStore(impatient);
    const result = await store.transaction(async (repos) => {
      runs += 1;
      return repos.equipes.findByCaseCode("FAM-2026-001" as CaseCode);
    });
    await holder;
    expect(result).toBeUndefined();
    expect(calls).toBe(2);
    expect(runs).toBe(1);
  });

  it("is recognised by the error Prisma gives, and nothing else is", async () => {
    const { db } = testDb;
    const { release, holder } = await holdWriter(db);
    // Prisma notices the wait ran out once the writer is free again: then it gives up the start.
    setTimeout(release, 50);
    const error = await db.$transaction(async () => undefined, { maxWait: 10 }).catch((caught) => caught);
    await holder;
    expect(isTransactionStartTimeout(error)).toBe(true);
    expect(isTransactionStartTimeout(new Error("timeout"))).toBe(false);
    expect(isTransactionStartTimeout(null)).toBe(false);
  });
});
