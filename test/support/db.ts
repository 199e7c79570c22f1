import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { type Db, openDb } from "../../src/infra/db.ts";
import { fieldCipher } from "../../src/infra/field-cipher.ts";
import { markDatabaseOpened } from "./database-files.ts";

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

/**
 * One connection to the server's maintenance database per process, kept between statements: a
 * new connection is a new server process, which costs as much as the statement itself. It lets the
 * process exit when idle.
 */
let admin: pg.Pool | undefined;
function adminConnection(): pg.Pool {
  if (admin === undefined) {
    admin = new pg.Pool({ connectionString: TEST_POSTGRES, max: 1, allowExitOnIdle: true });
    // An idle connection the server closed is replaced at the next statement, not a crash.
    admin.on("error", () => undefined);
  }
  return admin;
}

/** Runs one statement on the server's maintenance database (CREATE / DROP DATABASE). */
export async function postgresAdmin(sql: string): Promise<void> {
  await adminConnection().query(sql);
}

/**
 * How test databases are copied from the template. FILE_COPY copies the template's files,
 * which took half the time of the default WAL_LOG (every page written through the WAL) for the
 * small databases of tests; it exists from PostgreSQL 15, older servers copy their only way.
 */
let copyStrategy: Promise<string> | undefined;
function templateCopy(): Promise<string> {
  copyStrategy ??= (async () => {
    const { rows } = await adminConnection().query<{ server_version_num: string }>("SHOW server_version_num");
    return Number(rows[0]?.server_version_num) >= 150000 ? " STRATEGY FILE_COPY" : "";
  })();
  return copyStrategy;
}

export interface TestDb {
  db: Db;
  url: string;
  dispose(): Promise<void>;
}

/** A copy of the migrated template, opened with the cipher of `dataKey` (the server's, when one runs on it). */
export async function freshDb(dataKey: Buffer = TEST_DATA_KEY): Promise<TestDb> {
  const cipher = dataKey === TEST_DATA_KEY ? testCipher : fieldCipher(dataKey);
  markDatabaseOpened();
  if (onPostgres) {
    const name = `t_${randomUUID().replaceAll("-", "")}`;
    await postgresAdmin(`CREATE DATABASE "${name}" TEMPLATE "${POSTGRES_TEMPLATE}"${await templateCopy()}`);
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
