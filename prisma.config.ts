import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The driver adapter decides the real database; the url in schema.prisma is a literal
// placeholder so that `prisma generate` never tries to download a native engine (DESIGN.md §3).
const url = process.env.DATABASE_URL ?? "file:./data/equipe.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    // SQLite creates the file but not its folder: on a fresh clone ./data does not exist yet.
    // Owner only, as the service makes it (src/infra/db.ts): it will hold the case database.
    mkdirSync(dirname(resolve(url.replace(/^file:/, ""))), { recursive: true, mode: 0o700 });
    return new PrismaBetterSQLite3({ url });
  },
});
