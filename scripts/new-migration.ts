/**
 * `npm run db:migration -- <name>`: after editing prisma/schema.prisma, writes the migration for
 * each database, from the schema as last committed (git HEAD) to the schema as it is now:
 * prisma/migrations/<stamp>_<name> (SQLite) and prisma/postgresql/migrations/<stamp>_<name>.
 * Then run `npm run db:generate`; the drift tests check both. A PostgreSQL migration that only
 * builds or drops indexes is written to run `CONCURRENTLY` (see `concurrentIndexes`).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { concurrentIndexes } from "../src/infra/migrations.ts";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  postgresSchema,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from "../src/infra/schemas.ts";

const name = process.argv[2];
if (name === undefined || !/^[a-z][a-z0-9_]*$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name> (lower-case letters, digits and _)");
  process.exit(2);
}
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const work = mkdtempSync(join(tmpdir(), "equipe-migration-"));
const before = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
const now = readFileSync(SQLITE_SCHEMA, "utf8");
writeFileSync(POSTGRES_SCHEMA, postgresSchema(now));
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const pairs = [
  { folder: SQLITE_MIGRATIONS, old: before, current: SQLITE_SCHEMA },
  { folder: POSTGRES_MIGRATIONS, old: postgresSchema(before), current: POSTGRES_SCHEMA },
];
for (const [index, pair] of pairs.entries()) {
  const old = join(work, `old-${index}.prisma`);
  writeFileSync(old, pair.old);
  const sql = execFileSync(
    process.execPath,
    [
      cli,
      "migrate",
      "diff",
      "--from-schema-datamodel",
      old,
      "--to-schema-datamodel",
      pair.current,
      "--script",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE)\b/.test(sql)) {
    console.error("prisma/schema.prisma has not changed since the last commit: no migration written.");
    process.exit(1);
  }
  const folder = join(pair.folder, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  // PostgreSQL: an index-only migration builds its indexes without holding the tables' writes
  // (src/infra/migrations.ts). Indexes changed beside other statements are built in the
  // migration's transaction: give them a migration of their own for a table already large.
  const written = pair.folder === POSTGRES_MIGRATIONS ? concurrentIndexes(sql) : sql;
  writeFileSync(join(folder, "migration.sql"), written);
  if (written !== sql) console.log("PostgreSQL: index-only, its indexes built CONCURRENTLY");
  console.log(`Wrote ${folder}/migration.sql`);
}
