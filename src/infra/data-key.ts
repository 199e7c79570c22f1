import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, DATA_KEY_BYTES, parseDataKey } from "../config.ts";
import { sqliteFolder } from "./db.ts";
import { type FieldCipher, fieldCipher } from "./field-cipher.ts";

/** The file that keeps a development data key, beside the SQLite database it protects. */
export const DATA_KEY_FILE = "equipe-data.key";

/**
 * The data key: EQUIPE_DATA_KEY when set; otherwise (never in production: the configuration
 * refuses that) the one kept in `equipe-data.key` next to the database, made at the first start
 * with mode 0600 — so that `npm install && npm start` just works and links survive restarts.
 * Two processes starting at once agree on one key (the file appears whole, or not at all).
 */
export function dataKeyFor(config: { dataKey: Buffer | undefined; databaseUrl: string }): {
  key: Buffer;
  createdAt: string | undefined;
} {
  if (config.dataKey) return { key: config.dataKey, createdAt: undefined };
  const path = join(sqliteFolder(config.databaseUrl), DATA_KEY_FILE);
  let created: string | undefined;
  if (!existsSync(path)) {
    const draft = `${path}.${randomUUID()}.tmp`;
    writeFileSync(draft, `${randomBytes(DATA_KEY_BYTES).toString("base64")}\n`, { mode: 0o600 });
    try {
      linkSync(draft, path);
      created = path;
    } catch (error) {
      // Another process made it first: theirs is the key.
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const key = parseDataKey(readFileSync(path, "utf8"));
  if (key === undefined)
    throw new ConfigError(
      `${path} does not hold a data key (32 bytes in base64): fix it or set EQUIPE_DATA_KEY.`,
    );
  // Readable by its owner only, whoever made it.
  chmodSync(path, 0o600);
  return { key, createdAt: created };
}

/**
 * The cipher of the data key (made as `dataKeyFor` says), which also opens what the previous
 * keys (EQUIPE_DATA_KEYS_PREVIOUS) sealed; `createdAt` names a key file made just now.
 */
export function dataCipherFor(config: {
  dataKey: Buffer | undefined;
  previousDataKeys: readonly Buffer[];
  databaseUrl: string;
}): { cipher: FieldCipher; key: Buffer; createdAt: string | undefined } {
  const { key, createdAt } = dataKeyFor(config);
  return { cipher: fieldCipher(key, config.previousDataKeys), key, createdAt };
}
