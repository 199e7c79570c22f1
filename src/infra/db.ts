import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";

/** How long a writer waits for SQLite's single write lock before failing: generous for bursts. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export type Db = InstanceType<typeof PrismaClient>;

/** `file:./data/equipe.db` → absolute path, creating its folder (SQLite will not). */
export function sqlitePath(databaseUrl: string): string {
  const path = resolve(databaseUrl.replace(/^file:/, ""));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

export async function openDb(databaseUrl: string): Promise<Db> {
  const url = `file:${sqlitePath(databaseUrl)}`;
  const adapter = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  // WAL lets the feed and health reads go on while a command writes.
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout=${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
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
