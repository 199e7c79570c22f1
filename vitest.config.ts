import { defineConfig } from "vitest/config";
import { databaseTestFiles } from "./test/support/database-files.ts";

// Tests run in a zone that is neither UTC nor Rome (+05:45, no DST): any code that lets the
// process TZ decide a wall-clock time produces visibly wrong output here.
process.env.TZ = "Asia/Kathmandu";

/**
 * The PostgreSQL run (scripts/test-postgres.ts) runs the files that open a database, as their
 * imports say; the SQLite run runs them all, and checks that no file opens a database unseen.
 */
const onPostgres = process.env.EQUIPE_TEST_POSTGRES !== undefined;

export default defineConfig({
  test: {
    include: onPostgres ? databaseTestFiles() : ["test/**/*.test.ts"],
    setupFiles: onPostgres ? [] : ["test/support/database-guard.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Every query plan taken from the cache (src/infra/plan-cache.ts) is checked against a fresh
    // compilation, in every test, on both databases.
    env: { TZ: "Asia/Kathmandu", EQUIPE_PLAN_CACHE_CHECK: "1" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
