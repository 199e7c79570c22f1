import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseKind } from "./database-url.ts";
import type { Client } from "./db.ts";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./schemas.ts";

/** The migrations this release carries for a database (what every start applies). */
export const migrationsDir = (kind: DatabaseKind): string =>
  kind === "postgresql" ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;

/** Why a server does not take traffic; undefined: it does. */
export type NotReady = "database_unreachable" | "migrations_pending" | "shutting_down";

export interface Readiness {
  ready: boolean;
  reason?: NotReady;
  /** With `migrations_pending`: how many committed migrations the database has not recorded. */
  pending?: number;
}

/**
 * How long a probe waits for the database before it is answered "unreachable": under a default
 * one-second probe timeout (Kubernetes'), so that a database that hangs gets a 503, not silence.
 */
export const READINESS_DEADLINE_MS = 900;

/** `check`, or "database unreachable" once `ms` have gone by without its answer. */
export async function readinessWithin(
  check: Promise<Readiness>,
  ms = READINESS_DEADLINE_MS,
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((answer) => {
    timer = setTimeout(() => answer({ ready: false, reason: "database_unreachable" }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The folders of `dir` that hold a `migration.sql`, by name. */
export function committedMigrations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Whether this database can serve this release: reachable, and every committed migration recorded
 * as applied (finished, not rolled back) in Prisma's `_prisma_migrations`. A database without that
 * table has had none applied.
 */
export async function readiness(db: Client, committed: readonly string[]): Promise<Readiness> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { ready: false, reason: "database_unreachable" };
  }
  let applied: Set<string>;
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch {
    applied = new Set();
  }
  const pending = committed.filter((name) => !applied.has(name)).length;
  return pending === 0 ? { ready: true } : { ready: false, reason: "migrations_pending", pending };
}
