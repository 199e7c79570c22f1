import { existsSync, readFileSync } from "node:fs";
import type { Prisma } from "../../src/generated/prisma/client.ts";
import type { Db } from "../../src/infra/db.ts";
import { openIn, type RowName, SEALED_COLUMNS, type SealedModel } from "../../src/infra/sealed-rows.ts";

/**
 * Case content is sealed at rest (src/infra/sealed-rows.ts): tests that look into stored rows
 * open them here, with the cipher of the database they read (`db.cipher`), as the service does.
 */
export function opened<R extends { keyId: string | null }>(db: Db, model: SealedModel, row: R): R {
  const fields = row as R & Record<string, unknown>;
  const name: RowName =
    model === "AdapterRecord"
      ? { namespace: String(fields.namespace), key: String(fields.key) }
      : (fields.id as string | number);
  const out: Record<string, unknown> = { ...row };
  for (const column of SEALED_COLUMNS[model] as readonly string[])
    if (typeof fields[column] === "string")
      out[column] = openIn(db.cipher, model, column as never, name, row.keyId, fields[column] as string);
  return out as R;
}

/** Queue rows (messages and jobs) as stored, their payloads opened. */
export async function queued(
  db: Db,
  where: Prisma.QueueItemWhereInput = {},
  orderBy: Prisma.QueueItemOrderByWithRelationInput = { id: "asc" },
) {
  const rows = await db.queueItem.findMany({ where, orderBy });
  return rows.map((row) => opened(db, "QueueItem", row));
}

/** The queued messages' payloads (opened), parsed, in commit order. */
export async function queuedPayloads<T = { target: Record<string, unknown>; message: unknown }>(
  db: Db,
  where: Prisma.QueueItemWhereInput = {},
): Promise<T[]> {
  return (await queued(db, { kind: "message", ...where })).map((row) => JSON.parse(row.payload) as T);
}

/**
 * Whether a text is stored in clear anywhere in the test database: on SQLite in the bytes of its
 * file and WAL, on PostgreSQL in any row of any table read as text.
 */
export async function storedInClear(testDb: { db: Db; url: string }, text: string): Promise<boolean> {
  if (testDb.db.kind === "postgresql") {
    const tables = await testDb.db.$queryRawUnsafe<{ name: string }[]>(
      "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { name } of tables) {
      const found = await testDb.db.$queryRawUnsafe<unknown[]>(
        `SELECT 1 FROM "${name}" t WHERE strpos(t::text, $1) > 0 LIMIT 1`,
        text,
      );
      if (found.length > 0) return true;
    }
    return false;
  }
  const path = testDb.url.replace(/^file:/, "");
  const marker = Buffer.from(text, "utf8");
  return [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(marker));
}
