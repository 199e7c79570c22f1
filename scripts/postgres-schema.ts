/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one schema source: the same
 * models, with PostgreSQL as the provider and its own generated client (src/generated/prisma-pg).
 * Prisma's provider is a literal, so the second database needs a second file; this keeps it derived.
 * `npm run db:generate` runs it before generating both clients; a test checks the committed copy.
 *
 *   tsx scripts/postgres-schema.ts          write the file
 *   tsx scripts/postgres-schema.ts --check  exit 1 when the committed file differs
 */
import { readFileSync, writeFileSync } from "node:fs";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "../src/infra/schemas.ts";

const wanted = postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
if (process.argv.includes("--check")) {
  const committed = readFileSync(POSTGRES_SCHEMA, "utf8");
  if (committed !== wanted) {
    console.error(`${POSTGRES_SCHEMA} is not derived from ${SQLITE_SCHEMA}: run \`npm run db:generate\`.`);
    process.exit(1);
  }
} else writeFileSync(POSTGRES_SCHEMA, wanted);
