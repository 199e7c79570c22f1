/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (SQLite or PostgreSQL),
 * as every start does. Safe beside running replicas and other starts: one applies, the others wait.
 */
import { envSchema } from "./config.ts";
import { applyMigrations } from "./infra/migrations.ts";

const url = envSchema.shape.DATABASE_URL.safeParse(process.env.DATABASE_URL);
if (!url.success) {
  console.error(`DATABASE_URL ${url.error.issues[0]?.message ?? "is malformed"}.`);
  process.exit(2);
}
try {
  const applied = await applyMigrations(url.data);
  console.log(
    applied.length === 0
      ? "Nothing to apply: the database is up to date."
      : `Applied: ${applied.join(", ")}.`,
  );
} catch (error) {
  console.error(`Migrations failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
