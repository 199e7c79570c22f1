import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { type DatabaseKind, databaseKind } from "./database-url.ts";
import type { FieldCipher } from "./field-cipher.ts";
import { cacheQueryPlans } from "./plan-cache.ts";
import {
  type Factory,
  oneTransactionAtATime,
  SQLITE_BUSY_WAIT_MS,
  type StatementTurns,
} from "./sqlite-adapter.ts";
import { settleConnection } from "./sqlite-durability.ts";

export { type DatabaseKind, databaseKind };

/** Owner only: the database, its WAL and shared-memory files hold case data (sealed or not). */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;
/** The files of one SQLite database. */
const SIDE_FILES = ["", "-wal", "-shm", "-journal"];

export type Client = InstanceType<typeof PrismaClient>;

/**
 * An open database and the cipher its case content is sealed with (src/infra/sealed-rows.ts):
 * whoever holds the connection can read what it stores, and nobody else.
 */
export type Db = Client & { readonly cipher: FieldCipher; readonly kind: DatabaseKind };

/**
 * Interactive transactions, set here rather than left to Prisma's defaults (2 s and 5 s): a unit
 * waits up to `maxWait` for a connection (SQLite: its one writer) before it fails and is run again
 * (PrismaStore.transaction), and one that runs past `timeout` is rolled back: long enough for the
 * largest unit (convening a big équipe) on a loaded machine, short enough that a stuck unit does not
 * hold SQLite's writer, or a row's lock, for long.
 */
export const TRANSACTION_OPTIONS = { maxWait: 5_000, timeout: 15_000 } as const;

/**
 * Prisma's errors without the call site: by default (outside NODE_ENV=production) every query
 * makes an Error to capture the stack, for a code frame in its error message ("Invalid
 * `db.meeting.update()` invocation in …"), 2.5% of a click's CPU in a profile. Nothing here shows
 * or logs those messages (logs carry error names and ids only); the error, its code and the stack
 * of the await are the same.
 */
const ERROR_FORMAT = "minimal";

/** Connections each client keeps to PostgreSQL (a process opens two clients: writer and reader). */
const POSTGRES_POOL = 8;

/** `file:./data/equipe.db` → its absolute path (nothing made). */
export const sqliteFile = (databaseUrl: string): string => resolve(databaseUrl.replace(/^file:/, ""));

/** The folder of a SQLite database (`file:./data/equipe.db` → `/…/data`), made owner-only when missing. */
export function sqliteFolder(databaseUrl: string): string {
  const folder = dirname(sqliteFile(databaseUrl));
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
    chmodSync(folder, FOLDER_MODE);
  }
  return folder;
}

/**
 * `file:./data/equipe.db` → absolute path. Its folder is made when missing (SQLite will not),
 * readable by its owner only; so is the database file, made empty (a valid empty database) before
 * anything opens it, and any file of it already there (an older start's, and its -wal/-shm).
 */
export function sqlitePath(databaseUrl: string): string {
  sqliteFolder(databaseUrl);
  const path = sqliteFile(databaseUrl);
  if (!existsSync(path)) {
    try {
      closeSync(openSync(path, "wx", FILE_MODE));
    } catch (error) {
      // Another process made it first: it is chmod-ed below all the same.
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    }
  }
  for (const suffix of SIDE_FILES)
    if (existsSync(`${path}${suffix}`)) chmodSync(`${path}${suffix}`, FILE_MODE);
  return path;
}

export async function openDb(databaseUrl: string, cipher: FieldCipher, turns?: StatementTurns): Promise<Db> {
  cacheQueryPlans();
  if (databaseKind(databaseUrl) === "postgresql") return openPostgres(databaseUrl, cipher, turns);
  const url = `file:${sqlitePath(databaseUrl)}`;
  const adapter = oneTransactionAtATime(
    // No busy wait in the driver: it would sleep with the thread held. The adapter waits instead.
    settled(new PrismaBetterSQLite3({ url, timeout: 0 })),
    turns,
  );
  const client = new PrismaClient({
    adapter,
    transactionOptions: TRANSACTION_OPTIONS,
    errorFormat: ERROR_FORMAT,
  });
  const db = Object.assign(client, { cipher, kind: "sqlite" as const });
  // WAL lets the feed and health reads go on while a command writes (the file keeps it).
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  return db;
}

/**
 * The adapter's connections, each settled as it opens (`settleConnection`: synchronous FULL,
 * secure delete), whenever Prisma opens one: the first, and any after a disconnect. A connection
 * that cannot be settled is closed and the open fails.
 */
export function settled(factory: Factory): Factory {
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    async connect() {
      const adapter = await factory.connect();
      try {
        const { client } = adapter as unknown as { client?: Pick<Database.Database, "pragma"> };
        if (client === undefined) throw new Error("the SQLite adapter no longer shows its connection");
        settleConnection(client);
      } catch (error) {
        await adapter.dispose();
        throw error;
      }
      return adapter;
    },
  };
}

/**
 * PostgreSQL through the same code: the client generated from the derived schema
 * (prisma/postgresql/schema.prisma) has the same models and methods as SQLite's, so it is used
 * as one. Loaded only when asked for, so that a SQLite installation never needs it.
 */
async function openPostgres(databaseUrl: string, cipher: FieldCipher, turns?: StatementTurns): Promise<Db> {
  const [{ PrismaPg }, { PrismaClient: PostgresClient }, { releasingConnections }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("../generated/prisma-pg/client.ts"),
    import("./pg-adapter.ts"),
  ]);
  const adapter = releasingConnections(
    new PrismaPg({ connectionString: databaseUrl, max: POSTGRES_POOL }),
    turns,
  );
  const client = new PostgresClient({
    adapter,
    transactionOptions: TRANSACTION_OPTIONS,
    errorFormat: ERROR_FORMAT,
  }) as unknown as Client;
  const db = Object.assign(client, { cipher, kind: "postgresql" as const });
  await db.$queryRawUnsafe("SELECT 1");
  return db;
}

/**
 * Leaves no old copy of a row in the files (after legacy plaintext rows were sealed): the WAL
 * copied in and emptied, the database rebuilt without its free pages, the WAL emptied again.
 * Other connections must hold no read transaction meanwhile (run it at start, before serving).
 */
export async function compactFiles(db: Client & { kind?: DatabaseKind }): Promise<void> {
  // PostgreSQL reclaims old row versions itself (autovacuum); there are no files of ours to rewrite.
  if (db.kind === "postgresql") return;
  await checkpoint(db);
  await db.$executeRawUnsafe("VACUUM");
  await checkpoint(db);
}

/**
 * Copies the WAL into the database and empties it. A reader still on an older snapshot keeps
 * SQLite from finishing (it answers `busy` rather than an error, and the connection has no busy
 * wait of its own): tried again after a pause, and refused past SQLite's usual wait, since old
 * copies of rows would stay in the WAL.
 */
async function checkpoint(db: Client): Promise<void> {
  const started = performance.now();
  for (let pause = 1; ; pause = Math.min(pause * 2, 100)) {
    const [result] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(result?.busy ?? 0) === 0) return;
    if (performance.now() - started >= SQLITE_BUSY_WAIT_MS)
      throw new Error("the WAL could not be emptied: another connection kept reading the database");
    await sleep(pause);
  }
}

/** Another process serves the same SQLite database: SQLite is for one process. */
export class DatabaseInUseError extends Error {}

/**
 * Claims a SQLite database for this process alone, until `release` (or the process's end, even
 * kill -9: the operating system drops its locks). SQLite serves one process well; two processes
 * on one file wait on each other's write lock and fail writes under load, so a second one is
 * refused with a sentence that says what to do. The claim is an exclusive lock on a small file
 * beside the database (`<file>.instance`), held by a connection in exclusive locking mode.
 */
export function claimSqlite(databaseUrl: string): { release(): void } {
  const path = `${sqlitePath(databaseUrl)}.instance`;
  if (!existsSync(path)) closeSync(openSync(path, "a", FILE_MODE));
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    // A write takes the exclusive lock, which exclusive locking mode keeps until the connection closes.
    lock.exec("BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS claim (at TEXT); COMMIT;");
  } catch (error) {
    lock.close();
    if (error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_BUSY"))
      throw new DatabaseInUseError(
        `Another Équipe process is using ${sqliteFile(databaseUrl)}: SQLite serves one process. Stop the other one, or run several replicas on PostgreSQL (DATABASE_URL=postgresql://…, see README "PostgreSQL and replicas").`,
      );
    throw error;
  }
  return {
    release() {
      lock.close();
    },
  };
}
