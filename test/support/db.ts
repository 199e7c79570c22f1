import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Db, openDb } from "../../src/infra/db.ts";
import { fieldCipher } from "../../src/infra/field-cipher.ts";

/** The data key of the databases tests open themselves (a server's is its configuration's). */
export const TEST_DATA_KEY = Buffer.alloc(32, 5);
/** What `freshDb` seals case content with. */
export const testCipher = fieldCipher(TEST_DATA_KEY);

/** Migrated once per run by test/global-setup.ts; each test file works on its own copy. */
export const TEMPLATE_DB = resolve(".tmp/test-template.db");
const WORK_DIR = resolve(".tmp/test-dbs");

export interface TestDb {
  db: Db;
  url: string;
  dispose(): Promise<void>;
}

/** A copy of the migrated template, opened with the cipher of `dataKey` (the server's, when one runs on it). */
export async function freshDb(dataKey: Buffer = TEST_DATA_KEY): Promise<TestDb> {
  mkdirSync(WORK_DIR, { recursive: true });
  const path = join(WORK_DIR, `${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, path);
  const url = `file:${path}`;
  const db = await openDb(url, dataKey === TEST_DATA_KEY ? testCipher : fieldCipher(dataKey));
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    },
  };
}
