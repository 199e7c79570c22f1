import { rmSync } from "node:fs";
import { migrate } from "../src/infra/migrations.ts";
import { POSTGRES_TEMPLATE, postgresAdmin, postgresUrl, TEMPLATE_DB, TEST_POSTGRES } from "./support/db.ts";

/**
 * Applies the committed migrations once to a template database that test files copy: a SQLite
 * file, and on the PostgreSQL run also a template database on the run's server. The SQLite file
 * is made on both runs: a few tests of SQLite's own files (rekey's) copy it on either, and the
 * PostgreSQL run must not depend on a SQLite run having come first.
 */
export default async function setup(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TEMPLATE_DB}${suffix}`, { force: true });
  await migrate(`file:${TEMPLATE_DB}`);
  if (TEST_POSTGRES !== undefined) {
    await postgresAdmin(`DROP DATABASE IF EXISTS "${POSTGRES_TEMPLATE}" WITH (FORCE)`);
    await postgresAdmin(`CREATE DATABASE "${POSTGRES_TEMPLATE}"`);
    await migrate(postgresUrl(POSTGRES_TEMPLATE));
  }
}
