import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

/**
 * Prisma captured a stack on every query (an Error made per call) for a code frame in its error
 * messages, whatever NODE_ENV: 2.5% of a click's CPU. The service's clients are opened without it.
 */
describe("Prisma's errors, as the service's clients make them", () => {
  it("carry their code and the engine's sentence, with no call site captured", async () => {
    const failed: unknown = await testDb.db.meeting
      .update({ where: { id: "00000000-0000-4000-8000-000000000000" }, data: { location: "x" } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!(failed instanceof Error)) throw new Error("the update of a missing meeting did not fail");
    expect((failed as Error & { code?: string }).code).toBe("P2025");
    expect(failed.message).not.toMatch(/invocation in|error-format\.test/);
  });
});
