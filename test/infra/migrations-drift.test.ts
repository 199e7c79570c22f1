import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { TEMPLATE_DB } from "../support/db.ts";

/**
 * `prisma migrate diff --from-migrations` needs a shadow database, which the better-sqlite3
 * adapter cannot replay multi-statement migrations into. So we compare the two databases
 * themselves: the committed migrations (the template every test uses) against the schema
 * rendered to SQL by Prisma, table by table, column by column, index by index.
 */
function schemaSql(): string {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return execFileSync(
    process.execPath,
    [cli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
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

describe("migrations", () => {
  it("produce exactly the database that schema.prisma describes", () => {
    const dir = resolve(".tmp/drift");
    mkdirSync(dir, { recursive: true });
    const fromSchema = resolve(dir, `schema-${process.pid}.db`);
    rmSync(fromSchema, { force: true });
    const db = new Database(fromSchema);
    db.exec(schemaSql());
    db.close();
    expect(shape(TEMPLATE_DB)).toEqual(shape(fromSchema));
    rmSync(fromSchema, { force: true });
  });
});
