/**
 * `npm run rekey`: after a data key rotation (EQUIPE_DATA_KEY the new key, EQUIPE_DATA_KEYS_PREVIOUS
 * the old ones), seals every row again with the new key and renews the stored hashes of every
 * capability link (src/infra/rekey.ts). Run it with the service stopped, then start the service
 * with the same settings; once it has run, EQUIPE_DATA_KEYS_PREVIOUS can be emptied.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { capabilityLinks, linkKeyFrom } from "./core/links.ts";
import { dataCipherFor } from "./infra/data-key.ts";
import { openDb } from "./infra/db.ts";
import { migrate } from "./infra/migrations.ts";
import { rekey } from "./infra/rekey.ts";
import { UnknownKeyError } from "./infra/sealed-rows.ts";

try {
  const config = loadConfig(process.env);
  const { cipher, key, createdAt } = dataCipherFor(config);
  if (createdAt) console.log(`No EQUIPE_DATA_KEY: a new local data key was made in ${createdAt}.`);
  await migrate(config.databaseUrl);
  const db = await openDb(config.databaseUrl, cipher);
  try {
    const report = await rekey(db, capabilityLinks(linkKeyFrom(key), config.publicBaseUrl));
    const rows = Object.values(report.sealed).reduce((sum, n) => sum + n, 0);
    const links = Object.values(report.links).reduce((sum, n) => sum + n, 0);
    console.log(
      `Rekeyed with data key ${cipher.keyId}: ${rows} rows sealed again, ${links} links renewed (links sent before this rotation no longer open; links shown again do).`,
    );
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof UnknownKeyError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
