/**
 * The whole test suite again on PostgreSQL (`npm test` runs it after the SQLite run): a throwaway
 * cluster is started, every test file's database is a copy of a migrated template in it, and the
 * cluster is removed at the end. `EQUIPE_TEST_POSTGRES` may name a server to use instead (a
 * superuser URL: the run creates and drops databases). Without PostgreSQL installed the run is
 * skipped with a warning on a developer's machine, and fails in CI (`CI` set).
 *
 *   tsx scripts/test-postgres.ts [vitest arguments…]
 */
import { spawnSync } from "node:child_process";
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
console.log(`PostgreSQL run of the suite on ${url.replace(/\/\/[^@]*@/, "//")}`);
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, EQUIPE_TEST_POSTGRES: url },
});
cluster?.stop();
process.exit(result.status ?? 1);
