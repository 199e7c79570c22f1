import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type DatabaseKind, databaseKind } from "./database-url.ts";
import { sqlitePath } from "./db.ts";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./schemas.ts";
import { settleConnection } from "./sqlite-durability.ts";

/**
 * The project applies its own committed migrations, on SQLite and on PostgreSQL alike (Prisma's
 * `migrate deploy` cannot reach PostgreSQL through the driver adapter here: prisma/orm#27403).
 * What is applied is recorded in Prisma's own table, `_prisma_migrations`, with Prisma's checksum
 * (the SHA-256 of the file), so that a database Prisma migrated before reads as migrated, and the
 * other way round.
 *
 * Several processes may start at once: one applies, the others wait and then find nothing to do.
 * On PostgreSQL the processes queue on an advisory lock held for the whole run; on SQLite each
 * migration is one `BEGIN IMMEDIATE` transaction (SQLite's write lock), which the others wait for
 * within the busy timeout, and each looks again at what is applied once it holds the lock.
 * A migration runs whole or not at all (both databases apply DDL in transactions): a failure
 * leaves the database as it was before that migration, and the start fails with its message.
 *
 * But for one kind, on PostgreSQL: a migration made only of index builds and drops written
 * `CONCURRENTLY` (`npm run db:migration` writes an index-only migration so, see
 * `concurrentIndexes`), which PostgreSQL runs only outside a transaction. Such a build does not
 * hold the table's writes while it reads the whole table (a plain one does: a review measured
 * about half a second per 560,000 rows, with every replica's writes to that table waiting). Its statements
 * run one by one, each written to be run again (`IF NOT EXISTS`, `IF EXISTS`); a build that
 * failed leaves an invalid index, dropped before the next start builds it again. The migration is
 * recorded once all of them have run.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The committed migrations of a database, in the order they apply (their folders' names). */
export function committedMigrations(kind: DatabaseKind): Migration[] {
  const folder = kind === "postgresql" ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(folder, name, "migration.sql"));
      return {
        name,
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    });
}

/** A migration recorded as started and never finished (Prisma's failed state): nothing more applies. */
export class MigrationStateError extends Error {}

/** How long a starting process waits for another's migrations on SQLite before failing. */
const SQLITE_WAIT_MS = 120_000;
/** The advisory lock every replica takes to migrate PostgreSQL (any constant, the same everywhere). */
const POSTGRES_LOCK = 7_304_118_219;

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Recorded {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** What is left to apply, given what the database recorded; refuses a database left half-migrated. */
function pending(all: readonly Migration[], recorded: Recorded[]): Migration[] {
  const failed = recorded.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed)
    throw new MigrationStateError(
      `migration ${failed.migration_name} was started and never finished: restore the database from a backup taken before it, or mark it rolled back, then start again`,
    );
  const done = new Set(recorded.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  // A committed migration changed after it was applied: this database is not what a new one
  // built from the migrations would be. Refused, as Prisma refuses it, rather than guessed at.
  for (const migration of all) {
    const row = recorded.find((r) => r.migration_name === migration.name && r.finished_at !== null);
    if (row !== undefined && row.checksum !== migration.checksum)
      throw new MigrationStateError(
        `migration ${migration.name} was changed after it was applied to this database: restore its committed file (a change to the schema needs a new migration, npm run db:migration -- <name>)`,
      );
  }
  return all.filter((migration) => !done.has(migration.name));
}

/** Applies the committed migrations not yet applied (at start; `npm run db:migrate`). */
export async function migrate(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl);
}

/** Applies the committed migrations not yet applied; returns the names applied by this call. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return databaseKind(databaseUrl) === "postgresql"
    ? applyPostgres(databaseUrl)
    : applySqlite(databaseUrl, committedMigrations("sqlite"));
}

/** The migrations a database has not recorded as applied (none: it is ready). */
export async function missingMigrations(databaseUrl: string): Promise<string[]> {
  const kind = databaseKind(databaseUrl);
  const all = committedMigrations(kind);
  const recorded = kind === "postgresql" ? await postgresRecorded(databaseUrl) : sqliteRecorded(databaseUrl);
  const done = new Set(recorded.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  return all.filter((migration) => !done.has(migration.name)).map((migration) => migration.name);
}

function sqliteRecorded(databaseUrl: string): Recorded[] {
  const db = new Database(sqlitePath(databaseUrl), { readonly: true, timeout: SQLITE_WAIT_MS });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    return table === undefined ? [] : (db.prepare('SELECT * FROM "_prisma_migrations"').all() as Recorded[]);
  } finally {
    db.close();
  }
}

async function postgresRecorded(databaseUrl: string): Promise<Recorded[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('\"_prisma_migrations\"') AS name");
    if (table.rows[0]?.name === null) return [];
    return (await client.query('SELECT * FROM "_prisma_migrations"')).rows as Recorded[];
  } finally {
    await client.end();
  }
}

/** Applies these migrations (the committed ones, or a test's) to a SQLite database. */
export function applySqlite(databaseUrl: string, all: readonly Migration[]): string[] {
  const db = new Database(sqlitePath(databaseUrl), { timeout: SQLITE_WAIT_MS });
  const applied: string[] = [];
  try {
    db.pragma("journal_mode = WAL");
    settleConnection(db);
    // Prisma's SQLite migrations rebuild a table (new table, copy, DROP the old one, rename)
    // between `PRAGMA foreign_keys=OFF` and `=ON`, which SQLite ignores inside a transaction: with
    // the keys on, the DROP would delete the rows of every table that cascades from it. So they
    // are off for the whole run on this connection, and each migration is checked before it
    // commits: a row left pointing nowhere rolls the migration back.
    db.pragma("foreign_keys = OFF");
    for (;;) {
      // The write lock first (others wait for it), then what is left: another process may have
      // applied it while this one waited.
      db.exec("BEGIN IMMEDIATE");
      try {
        db.exec(SQLITE_TABLE);
        const recorded = db.prepare('SELECT * FROM "_prisma_migrations"').all() as Recorded[];
        const next = pending(all, recorded)[0];
        if (next === undefined) {
          db.exec("COMMIT");
          return applied;
        }
        const startedAt = new Date().toISOString();
        db.exec(next.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0)
          throw new MigrationStateError(
            `migration ${next.name} would leave ${broken.length} rows pointing at rows that do not exist: nothing of it was applied`,
          );
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), next.checksum, new Date().toISOString(), next.name, startedAt);
        db.exec("COMMIT");
        applied.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    }
  } finally {
    db.close();
  }
}

/** An index built or dropped without holding the table's writes, and written to be run again. */
const CONCURRENT_STATEMENT =
  /^(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+IF\s+NOT\s+EXISTS|DROP\s+INDEX\s+CONCURRENTLY\s+IF\s+EXISTS)\s+"([^"]+)"/i;

/** A migration's statements, its `--` comments left out (Prisma writes no `;` inside one). */
function statementsOf(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}

/**
 * A PostgreSQL migration's statements when it is one to run outside a transaction (every one an
 * index built or dropped `CONCURRENTLY`); undefined for any other. One that mixes them is refused
 * before anything of it runs: PostgreSQL would refuse it midway.
 */
export function concurrentStatements(migration: Migration): string[] | undefined {
  const statements = statementsOf(migration.sql);
  if (!statements.some((statement) => /\bCONCURRENTLY\b/i.test(statement))) return undefined;
  const other = statements.find((statement) => !CONCURRENT_STATEMENT.test(statement));
  if (other !== undefined)
    throw new MigrationStateError(
      `migration ${migration.name} mixes index builds run CONCURRENTLY with other statements, which PostgreSQL cannot run together: put the indexes in a migration of their own, each written CREATE INDEX CONCURRENTLY IF NOT EXISTS or DROP INDEX CONCURRENTLY IF EXISTS (found: ${other.slice(0, 80)})`,
    );
  return statements;
}

/**
 * An index-only PostgreSQL migration as `npm run db:migration` writes it: each `CREATE INDEX` and
 * `DROP INDEX` Prisma wrote made `CONCURRENTLY` and safe to run again. Any other migration is
 * given back as it is (it runs in a transaction).
 */
export function concurrentIndexes(sql: string): string {
  const statements = statementsOf(sql);
  const indexOnly =
    statements.length > 0 &&
    statements.every((statement) => /^(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX)\s+"/i.test(statement));
  if (!indexOnly) return sql;
  return sql
    .replace(/^(CREATE\s+(?:UNIQUE\s+)?INDEX)\s+"/gim, '$1 CONCURRENTLY IF NOT EXISTS "')
    .replace(/^(DROP\s+INDEX)\s+"/gim, '$1 CONCURRENTLY IF EXISTS "');
}

/** Runs an index-only migration's statements one by one, outside a transaction (see above). */
async function applyConcurrently(client: pg.Client, migration: Migration, statements: string[]) {
  const startedAt = new Date();
  for (const statement of statements) {
    const name = CONCURRENT_STATEMENT.exec(statement)?.[1] ?? "";
    if (/^CREATE/i.test(statement)) {
      // A build that failed before (duplicates for a unique index, a start stopped midway) left
      // the index invalid, which IF NOT EXISTS would keep: it is dropped and built again.
      const invalid = await client.query(
        `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relname = $1 AND n.nspname = current_schema() AND NOT i.indisvalid`,
        [name],
      );
      if (invalid.rowCount)
        await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name.replaceAll('"', '""')}"`);
    }
    try {
      await client.query(statement);
    } catch (error) {
      throw new MigrationStateError(
        `migration ${migration.name}: index "${name}" could not be built (${error instanceof Error ? error.message : "unknown error"}); nothing of it is recorded, and the next start builds it again once that is mended`,
      );
    }
  }
  await recordPostgres(client, migration, startedAt);
}

/** Records a migration applied, as Prisma does. */
async function recordPostgres(client: pg.Client, migration: Migration, startedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
    [randomUUID(), migration.checksum, migration.name, startedAt],
  );
}

/** How often a replica waiting for another's migrations asks for the lock again. */
const LOCK_POLL_MS = 200;

/**
 * The migration lock, asked for again until this session holds it, with no statement left open
 * meanwhile. Waiting inside `pg_advisory_lock` would keep a statement, and its snapshot, open:
 * an index the holder builds `CONCURRENTLY` waits for every older snapshot to end, and the two
 * would wait for each other (PostgreSQL then aborts one of them as a deadlock).
 */
async function takeMigrationLock(client: pg.Client): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ held: boolean }>("SELECT pg_try_advisory_lock($1) AS held", [
      POSTGRES_LOCK,
    ]);
    if (rows[0]?.held) return;
    await new Promise((wake) => setTimeout(wake, LOCK_POLL_MS));
  }
}

/** Applies these migrations (the committed ones, or a test's) to a PostgreSQL database. */
export async function applyPostgres(
  databaseUrl: string,
  all: readonly Migration[] = committedMigrations("postgresql"),
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    // One replica migrates; the others wait here, then find everything applied.
    await takeMigrationLock(client);
    await client.query(POSTGRES_TABLE);
    const recorded = (await client.query('SELECT * FROM "_prisma_migrations"')).rows as Recorded[];
    for (const next of pending(all, recorded)) {
      const concurrent = concurrentStatements(next);
      if (concurrent !== undefined) {
        await applyConcurrently(client, next, concurrent);
        applied.push(next.name);
        continue;
      }
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        // The simple query protocol: a migration's many statements in one call.
        await client.query(next.sql);
        await recordPostgres(client, next, startedAt);
        await client.query("COMMIT");
        applied.push(next.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return applied;
  } finally {
    // Ending the session releases the lock too; unlocking first lets the next replica go at once.
    await client.query("SELECT pg_advisory_unlock($1)", [POSTGRES_LOCK]).catch(() => undefined);
    await client.end();
  }
}
