import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Db, openDb } from "../../src/infra/db.ts";

/** Migrated once per run by test/global-setup.ts; each test file works on its own copy. */
export const TEMPLATE_DB = resolve(".tmp/test-template.db");
const WORK_DIR = resolve(".tmp/test-dbs");

export interface TestDb {
  db: Db;
  url: string;
  dispose(): Promise<void>;
}

export async function freshDb(): Promise<TestDb> {
  mkdirSync(WORK_DIR, { recursive: true });
  const path = join(WORK_DIR, `${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, path);
  const url = `file:${path}`;
  const db = await openDb(url);
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    },
  };
}
