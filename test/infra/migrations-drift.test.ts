import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { committedMigrations, migrate } from "../../src/infra/migrations.ts";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "../../src/infra/schemas.ts";
import { onPostgres, POSTGRES_TEMPLATE, postgresAdmin, postgresUrl } from "../support/db.ts";

/**
 * `prisma migrate diff --from-migrations` needs a shadow database, which the better-sqlite3
 * adapter cannot replay multi-statement migrations into. So we compare the two databases
 * themselves: the committed migrations (the template every test uses) against the schema
 * rendered to SQL by Prisma, table by table, column by column, index by index.
 */
function schemaSql(schema = "prisma/schema.prisma"): string {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return execFileSync(
    process.execPath,
    [cli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      // The config's adapter opens this file; keep it out of ./data.
      env: { ...process.env, DATABASE_URL: `file:${resolve(".tmp/drift/adapter.db")}` },
    },
  );
}

function shape(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
      )
      .all() as { name: string }[];
    return tables.map(({ name }) => ({
      name,
      columns: db.prepare(`PRAGMA table_info("${name}")`).all(),
      indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          columns: (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map(
            (c) => c.name,
          ),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
    }));
  } finally {
    db.close();
  }
}

/** A PostgreSQL database's tables, columns, indexes and constraints, in a comparable order. */
async function postgresShape(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await rows(
        `SELECT table_name, column_name, data_type, is_nullable, column_default, ordinal_position
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
         ORDER BY table_name, ordinal_position`,
      ),
      indexes: await rows(
        `SELECT tablename, indexname, indexdef FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
      ),
      constraints: await rows(
        `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace
           AND conrelid IS DISTINCT FROM to_regclass('"_prisma_migrations"')
         ORDER BY 1, 2`,
      ),
    };
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  it("on SQLite produce exactly the database that schema.prisma describes", async () => {
    const dir = resolve(".tmp/drift");
    mkdirSync(dir, { recursive: true });
    const fromMigrations = resolve(dir, `migrations-${process.pid}.db`);
    const fromSchema = resolve(dir, `schema-${process.pid}.db`);
    for (const path of [fromMigrations, fromSchema])
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    await migrate(`file:${fromMigrations}`);
    const db = new Database(fromSchema);
    db.exec(schemaSql());
    db.close();
    expect(shape(fromMigrations)).toEqual(shape(fromSchema));
    for (const path of [fromMigrations, fromSchema])
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  });

  it("have one PostgreSQL schema, derived from schema.prisma and committed as it is derived", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
    // Each database has its own history; neither is empty.
    expect(committedMigrations("sqlite").length).toBeGreaterThan(0);
    expect(committedMigrations("postgresql").length).toBeGreaterThan(0);
  });

  it.runIf(onPostgres)(
    "on PostgreSQL produce exactly the database that the derived schema describes",
    async () => {
      const name = `drift_${process.pid}`;
      await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await postgresAdmin(`CREATE DATABASE "${name}"`);
      try {
        const client = new pg.Client({ connectionString: postgresUrl(name) });
        await client.connect();
        await client.query(schemaSql("prisma/postgresql/schema.prisma"));
        await client.end();
        // The template every test copies was built from the committed migrations.
        expect(await postgresShape(postgresUrl(POSTGRES_TEMPLATE))).toEqual(
          await postgresShape(postgresUrl(name)),
        );
      } finally {
        await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
  );
});
