import { resolve } from "node:path";

/** The one schema source (SQLite, the embedded default) and the PostgreSQL schema derived from it. */
export const SQLITE_SCHEMA = resolve(import.meta.dirname, "../../prisma/schema.prisma");
export const POSTGRES_SCHEMA = resolve(import.meta.dirname, "../../prisma/postgresql/schema.prisma");
/** Each database's committed migrations, one folder per migration, applied in name order. */
export const SQLITE_MIGRATIONS = resolve(import.meta.dirname, "../../prisma/migrations");
export const POSTGRES_MIGRATIONS = resolve(import.meta.dirname, "../../prisma/postgresql/migrations");

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts (npm run db:generate): do not
// edit. The same models on PostgreSQL, with their own client (src/generated/prisma-pg).

`;

/**
 * The PostgreSQL schema for a SQLite one: provider, placeholder url and client output change,
 * nothing else. Fails loudly if the source no longer has the lines it rewrites.
 */
export function postgresSchema(sqlite: string): string {
  const swaps: [RegExp, string][] = [
    [/output\s*=\s*"\.\.\/src\/generated\/prisma"/, 'output     = "../../src/generated/prisma-pg"'],
    [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'],
    [
      /url\s*=\s*"file:\.\/data\/placeholder\.db"/,
      'url      = "postgresql://placeholder@localhost/placeholder"',
    ],
  ];
  let schema = sqlite;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(schema)) throw new Error(`prisma/schema.prisma: expected ${pattern} to rewrite`);
    schema = schema.replace(pattern, replacement);
  }
  return HEADER + schema;
}
