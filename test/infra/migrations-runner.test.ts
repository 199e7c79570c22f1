import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../src/infra/database-url.ts";
import {
  applyPostgres,
  applySqlite,
  committedMigrations,
  concurrentIndexes,
  concurrentStatements,
  type Migration,
  MigrationStateError,
  migrate,
  missingMigrations,
} from "../../src/infra/migrations.ts";
import { onPostgres, postgresAdmin, postgresUrl } from "../support/db.ts";

const WORK = resolve(".tmp/migrations-runner");
const made: string[] = [];

afterAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  for (const name of made) await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** A new, empty database of this run's kind. */
async function emptyDatabase(): Promise<string> {
  if (onPostgres) {
    const name = `m_${randomUUID().replaceAll("-", "")}`;
    made.push(name);
    await postgresAdmin(`CREATE DATABASE "${name}"`);
    return postgresUrl(name);
  }
  mkdirSync(WORK, { recursive: true });
  return `file:${join(WORK, `${randomUUID()}.db`)}`;
}

/** `npm run db:migrate` on the database, as a separate process: its exit code and what it said. */
function migrateProcess(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/migrate.ts"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => done({ code, output }));
  });
}

/** What the database recorded: each migration's name, as many times as it was recorded. */
async function recorded(url: string): Promise<string[]> {
  const sql =
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name';
  if (databaseKind(url) === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows.map((row) => row.migration_name as string);
    } finally {
      await client.end();
    }
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    return (db.prepare(sql).all() as { migration_name: string }[]).map((row) => row.migration_name);
  } finally {
    db.close();
  }
}

/** Marks one recorded migration as started and never finished, as a crash in Prisma's runner would leave it. */
async function leaveHalfDone(url: string, name: string): Promise<void> {
  const sql = `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '${name}'`;
  if (databaseKind(url) === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql);
    await client.end();
    return;
  }
  const db = new Database(url.replace(/^file:/, ""));
  db.exec(sql);
  db.close();
}

describe(`the project's own migrations (${onPostgres ? "PostgreSQL" : "SQLite"})`, () => {
  const names = committedMigrations(onPostgres ? "postgresql" : "sqlite").map((m) => m.name);

  it("three processes starting at once: one applies each migration, the others wait, all succeed", async () => {
    const url = await emptyDatabase();
    expect(await missingMigrations(url)).toEqual(names);
    const runs = await Promise.all([migrateProcess(url), migrateProcess(url), migrateProcess(url)]);
    for (const run of runs) expect(run, run.output).toMatchObject({ code: 0 });
    expect(await recorded(url)).toEqual(names);
    expect(await missingMigrations(url)).toEqual([]);
    // Exactly one of them applied anything; the others found it done.
    expect(runs.filter((run) => run.output.includes("Applied:"))).toHaveLength(1);
  });

  it("applies nothing twice, and refuses a database where a migration was started and never finished", async () => {
    const url = await emptyDatabase();
    await migrate(url);
    await migrate(url);
    expect(await recorded(url)).toEqual(names);
    await leaveHalfDone(url, names.at(-1) ?? "");
    await expect(migrate(url)).rejects.toThrow(MigrationStateError);
    const run = await migrateProcess(url);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`migration ${names.at(-1)} was started and never finished`);
  });

  it("refuses a malformed DATABASE_URL with a sentence, before touching anything", async () => {
    const run = await migrateProcess("mysql://nope");
    expect(run.code).toBe(2);
    expect(run.output).toContain("must be file:<path> (SQLite) or postgresql://");
  });
});

/** A migration as the runner reads it from a folder. */
const migration = (name: string, sql: string): Migration => ({
  name,
  sql,
  checksum: createHash("sha256").update(sql).digest("hex"),
});

/** A parent and a child that cascades from it, as the schema's équipe and its members. */
const PARENT_CHILD = migration(
  "1_init",
  `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
   CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL,
     CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);`,
);
/** What `prisma migrate diff` writes for SQLite when a column of the parent changes. */
const REBUILD_PARENT = migration(
  "2_rebuild",
  `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "extra" TEXT);
INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`,
);

describe.skipIf(onPostgres)("SQLite migrations that rebuild a table", () => {
  function withRows(): string {
    mkdirSync(WORK, { recursive: true });
    const url = `file:${join(WORK, `${randomUUID()}.db`)}`;
    applySqlite(url, [PARENT_CHILD]);
    const db = new Database(url.replace(/^file:/, ""));
    db.exec(`INSERT INTO "Parent" VALUES ('p1', 'FAM-2027-001'); INSERT INTO "Child" VALUES ('c1', 'p1');`);
    db.close();
    return url;
  }
  const count = (url: string, table: string) => {
    const db = new Database(url.replace(/^file:/, ""), { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it("keep every row of the tables that cascade from it", () => {
    const url = withRows();
    expect(applySqlite(url, [PARENT_CHILD, REBUILD_PARENT])).toEqual(["2_rebuild"]);
    expect(count(url, "Child")).toBe(1);
    expect(count(url, "Parent")).toBe(1);
  });

  it("roll a migration back whole when it would leave rows pointing nowhere", () => {
    const url = withRows();
    const orphan = migration("2_orphan", `DELETE FROM "Parent";`);
    expect(() => applySqlite(url, [PARENT_CHILD, orphan])).toThrow(/would leave 1 rows pointing/);
    expect(count(url, "Parent")).toBe(1);
    expect(() => applySqlite(url, [PARENT_CHILD])).not.toThrow();
  });

  it("refuse a committed migration changed after it was applied", () => {
    const url = withRows();
    const changed = migration("1_init", `${PARENT_CHILD.sql}\n-- edited`);
    expect(() => applySqlite(url, [changed])).toThrow(MigrationStateError);
    expect(() => applySqlite(url, [changed])).toThrow(/was changed after it was applied/);
  });
});

/** What `prisma migrate diff` writes for PostgreSQL when only indexes change. */
const PRISMA_INDEXES = `-- DropIndex
DROP INDEX "QueueItem_kind_status_idx";

-- CreateIndex
CREATE INDEX "QueueItem_kind_status_id_idx" ON "QueueItem"("kind", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Probe_word_key" ON "Probe"("word");
`;

describe("PostgreSQL index migrations built CONCURRENTLY", () => {
  it("are what `npm run db:migration` writes for a migration of indexes alone, and only for one", () => {
    expect(concurrentIndexes(PRISMA_INDEXES)).toBe(`-- DropIndex
DROP INDEX CONCURRENTLY IF EXISTS "QueueItem_kind_status_idx";

-- CreateIndex
CREATE INDEX CONCURRENTLY IF NOT EXISTS "QueueItem_kind_status_id_idx" ON "QueueItem"("kind", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Probe_word_key" ON "Probe"("word");
`);
    const mixed = `-- AlterTable\nALTER TABLE "Probe" ADD COLUMN "x" TEXT;\n\n${PRISMA_INDEXES}`;
    expect(concurrentIndexes(mixed)).toBe(mixed);
    // Written so, it is run outside a transaction; a committed one that is not, inside one.
    expect(concurrentStatements(migration("3_indexes", concurrentIndexes(PRISMA_INDEXES)))).toHaveLength(3);
    for (const committed of committedMigrations("postgresql"))
      expect(concurrentStatements(committed) !== undefined, committed.name).toBe(
        /\bCONCURRENTLY\b/.test(committed.sql),
      );
    expect(
      committedMigrations("postgresql").find((m) => m.name.endsWith("_queue_newer_version_index")),
    ).toSatisfy((m: Migration | undefined) => m !== undefined && concurrentStatements(m)?.length === 1);
  });

  it("are refused whole when they mix CONCURRENTLY with anything else", () => {
    const mixed = migration(
      "3_mixed",
      `ALTER TABLE "Probe" ADD COLUMN "x" TEXT;\n${concurrentIndexes(PRISMA_INDEXES)}`,
    );
    expect(() => concurrentStatements(mixed)).toThrow(MigrationStateError);
    expect(() => concurrentStatements(mixed)).toThrow("put the indexes in a migration of their own");
    // A comment saying the word is no such migration.
    expect(
      concurrentStatements(migration("3_note", `-- no CONCURRENTLY here\n${PRISMA_INDEXES}`)),
    ).toBeUndefined();
    // Without IF NOT EXISTS it could not be run again after a build that failed.
    const bare = migration("3_bare", 'CREATE INDEX CONCURRENTLY "Probe_word_idx" ON "Probe"("word");');
    expect(() => concurrentStatements(bare)).toThrow(MigrationStateError);
  });

  describe.runIf(onPostgres)("on PostgreSQL", () => {
    const PROBE = migration(
      "1_probe",
      `CREATE TABLE "Probe" ("id" SERIAL PRIMARY KEY, "word" TEXT NOT NULL);`,
    );
    const UNIQUE_WORD = migration(
      "2_unique_word",
      concurrentIndexes(`-- CreateIndex\nCREATE UNIQUE INDEX "Probe_word_key" ON "Probe"("word");\n`),
    );
    const query = async (url: string, sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    const indexes = (url: string) =>
      query(
        url,
        `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE c.relname = 'Probe_word_key'`,
      );

    it("build outside a transaction; one that failed is recorded nowhere, and is built again once mended", async () => {
      const url = await emptyDatabase();
      await applyPostgres(url, [PROBE]);
      await query(url, `INSERT INTO "Probe" ("word") VALUES ('uno'), ('due'), ('uno')`);
      // Two rows say "uno": the unique index cannot be built. PostgreSQL leaves it invalid.
      await expect(applyPostgres(url, [PROBE, UNIQUE_WORD])).rejects.toThrow(
        /migration 2_unique_word: index "Probe_word_key" could not be built \(.*\); nothing of it is recorded/,
      );
      expect(await recorded(url)).toEqual(["1_probe"]);
      expect(await indexes(url)).toEqual([{ name: "Probe_word_key", valid: false }]);
      // Mended: the invalid index is dropped and built again, valid, and the migration recorded.
      await query(url, `DELETE FROM "Probe" WHERE id = 3`);
      expect(await applyPostgres(url, [PROBE, UNIQUE_WORD])).toEqual(["2_unique_word"]);
      expect(await indexes(url)).toEqual([{ name: "Probe_word_key", valid: true }]);
      expect(await recorded(url)).toEqual(["1_probe", "2_unique_word"]);
      expect(await applyPostgres(url, [PROBE, UNIQUE_WORD])).toEqual([]);
    });

    it("do not deadlock with a replica waiting for the migration lock meanwhile", async () => {
      const url = await emptyDatabase();
      await applyPostgres(url, [PROBE]);
      await query(url, `INSERT INTO "Probe" ("word") VALUES ('uno'), ('due')`);
      // Another replica holds the lock and builds an index CONCURRENTLY while this one waits.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock(7304118219)");
        const waiting = applyPostgres(url, [PROBE, UNIQUE_WORD]);
        await new Promise((wake) => setTimeout(wake, 500));
        // It waits for every snapshot older than itself: one kept open by the waiting replica
        // would make each wait for the other, and PostgreSQL abort one of them.
        await holder.query('CREATE INDEX CONCURRENTLY "Probe_id_word_idx" ON "Probe" ("id", "word")');
        await holder.query("SELECT pg_advisory_unlock(7304118219)");
        expect(await waiting).toEqual(["2_unique_word"]);
      } finally {
        await holder.end();
      }
      expect(await indexes(url)).toEqual([{ name: "Probe_word_key", valid: true }]);
    });

    it("run nothing of a migration that mixes them with other statements", async () => {
      const url = await emptyDatabase();
      await applyPostgres(url, [PROBE]);
      const mixed = migration("2_mixed", `ALTER TABLE "Probe" ADD COLUMN "x" TEXT;\n${UNIQUE_WORD.sql}`);
      await expect(applyPostgres(url, [PROBE, mixed])).rejects.toThrow(MigrationStateError);
      expect(
        await query(
          url,
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'Probe' ORDER BY 1`,
        ),
      ).toEqual([{ column_name: "id" }, { column_name: "word" }]);
      expect(await recorded(url)).toEqual(["1_probe"]);
    });
  });
});
