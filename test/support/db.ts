import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { type Db, openDb } from "../../src/infra/db.ts";
import { fieldCipher } from "../../src/infra/field-cipher.ts";

/** The data key of the databases tests open themselves (a server's is its configuration's). */
export const TEST_DATA_KEY = Buffer.alloc(32, 5);
/** What `freshDb` seals case content with. */
export const testCipher = fieldCipher(TEST_DATA_KEY);

/** Migrated once per run by test/global-setup.ts; each test file works on its own copy. */
export const TEMPLATE_DB = resolve(".tmp/test-template.db");
const WORK_DIR = resolve(".tmp/test-dbs");

/**
 * The PostgreSQL server of this run (`npm test`'s second run, scripts/test-postgres.ts): a
 * superuser URL. Unset: the run is on SQLite.
 */
export const TEST_POSTGRES = process.env.EQUIPE_TEST_POSTGRES;
/** Whether this run's databases are PostgreSQL (tests of SQLite's files say so and skip). */
export const onPostgres = TEST_POSTGRES !== undefined;
/** The migrated template database on the PostgreSQL server, copied for each test's database. */
export const POSTGRES_TEMPLATE = "equipe_template";

/** The URL of another database on the run's PostgreSQL server. */
export function postgresUrl(database: string): string {
  const url = new URL(TEST_POSTGRES ?? "postgresql://localhost/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database (CREATE / DROP DATABASE). */
export async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDb {
  db: Db;
  url: string;
  dispose(): Promise<void>;
}

/** A copy of the migrated template, opened with the cipher of `dataKey` (the server's, when one runs on it). */
export async function freshDb(dataKey: Buffer = TEST_DATA_KEY): Promise<TestDb> {
  const cipher = dataKey === TEST_DATA_KEY ? testCipher : fieldCipher(dataKey);
  if (onPostgres) {
    const name = `t_${randomUUID().replaceAll("-", "")}`;
    await postgresAdmin(`CREATE DATABASE "${name}" TEMPLATE "${POSTGRES_TEMPLATE}"`);
    const url = postgresUrl(name);
    const db = await openDb(url, cipher);
    return {
      db,
      url,
      async dispose() {
        await db.$disconnect();
        await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  mkdirSync(WORK_DIR, { recursive: true });
  const path = join(WORK_DIR, `${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, path);
  const url = `file:${path}`;
  const db = await openDb(url, cipher);
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm", ".instance"]) rmSync(`${path}${suffix}`, { force: true });
    },
  };
}
