/**
 * The test suite again on PostgreSQL (`npm test` runs it after the SQLite run): every file that
 * opens a database (test/support/database-files.ts derives them from their imports; the SQLite run
 * fails a file that opens one unseen), on a throwaway cluster where every test's database is a copy
 * of a migrated template; the cluster is removed at the end. The other files (domain rules,
 * renderers, content) run the same code on either database, so their SQLite run covers them. `EQUIPE_TEST_POSTGRES` may name a server to use instead (a
 * superuser URL: the run creates and drops databases). Without PostgreSQL installed the run is
 * skipped with a warning on a developer's machine, and fails in CI (`CI` set).
 *
 *   tsx scripts/test-postgres.ts [vitest arguments…]
 */
import { spawnSync } from "node:child_process";
import { databaseTestFiles } from "../test/support/database-files.ts";
import { type Cluster, postgresBinaries, startCluster } from "./postgres-cluster.ts";

const given = process.env.EQUIPE_TEST_POSTGRES;
if (given === undefined && postgresBinaries() === undefined) {
  const message =
    "PostgreSQL is not installed: the suite's PostgreSQL run is skipped (apt-get install postgresql, as .ci/run does).";
  if (process.env.CI) {
    console.error(message.replace("is skipped", "cannot run"));
    process.exit(1);
  }
  console.warn(`Warning: ${message}`);
  process.exit(0);
}

let cluster: Cluster | undefined;
if (given === undefined) cluster = await startCluster();
const url = given ?? cluster?.url ?? "";
console.log(
  `PostgreSQL run of the ${databaseTestFiles().length} test files that open a database, on ${url.replace(/\/\/[^@]*@/, "//")}`,
);
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, EQUIPE_TEST_POSTGRES: url },
});
cluster?.stop();
process.exit(result.status ?? 1);
