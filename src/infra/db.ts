import { spawn } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { FieldCipher } from "./field-cipher.ts";

/** How long a writer waits for SQLite's single write lock before failing: generous for bursts. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

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
export type Db = Client & { readonly cipher: FieldCipher };

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

export async function openDb(databaseUrl: string, cipher: FieldCipher): Promise<Db> {
  const url = `file:${sqlitePath(databaseUrl)}`;
  const adapter = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const db = Object.assign(new PrismaClient({ adapter }), { cipher });
  // WAL lets the feed and health reads go on while a command writes.
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout=${SQLITE_BUSY_TIMEOUT_MS}`);
  // What is deleted or overwritten is zeroed, not left in free pages of the file.
  await db.$queryRawUnsafe("PRAGMA secure_delete=ON");
  return db;
}

/**
 * Leaves no old copy of a row in the files (after legacy plaintext rows were sealed): the WAL
 * copied in and emptied, the database rebuilt without its free pages, the WAL emptied again.
 * Other connections must hold no read transaction meanwhile (run it at start, before serving).
 */
export async function compactFiles(db: Client): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.$executeRawUnsafe("VACUUM");
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}

/** Applies committed migrations with Prisma's own CLI (JS engine: no download). */
export async function migrate(databaseUrl: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("prisma/build/index.js");
  const url = `file:${sqlitePath(databaseUrl)}`;
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
}
