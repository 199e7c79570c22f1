/**
 * The start on a database seeded at issue 15's size, on SQLite and on PostgreSQL: every start
 * looks for rows an older release wrote in clear (`keyId` NULL) to seal them
 * (src/infra/sealed-rows.ts). Measured in the same run on the same data, without and with the
 * index on `keyId` of every sealed table (the schema before and after it): a whole start
 * (`startServer`, migrations found applied, until it listens) and the look alone, then what the
 * index costs: its creation on this data (the migration, once, at the upgrade) and each insert
 * into the busiest sealed table, the queue (one message per statement, as a unit of work writes
 * it), in alternated rounds so that the ratio means something on a noisy machine.
 * Prints medians and ratios; exits non-zero only when something does not work.
 * Run: npm run bench:start   (env BENCH_SCALE=0.1 for a tenth of the size, BENCH_START_ROUNDS,
 * BENCH_START_INSERTS; a throwaway PostgreSQL cluster, or EQUIPE_BENCH_POSTGRES=<superuser URL>;
 * PostgreSQL is left out, with a warning, when it is not installed)
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { admin, type Cluster, postgresBinaries, startCluster } from "../scripts/postgres-cluster.ts";
import { DATA_KEY_BYTES, loadConfig } from "../src/config.ts";
import { type Db, openDb } from "../src/infra/db.ts";
import { fieldCipher } from "../src/infra/field-cipher.ts";
import { MESSAGE_KIND } from "../src/infra/leased-queue.ts";
import { silentLog } from "../src/infra/log.ts";
import { migrate } from "../src/infra/migrations.ts";
import { SEALED_COLUMNS, sealIn, sealLegacyRows } from "../src/infra/sealed-rows.ts";
import { startServer } from "../src/server.ts";
import { scaled, seed } from "./seed.ts";

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** The fraction of the size seeded (1: the issue's). */
const FRACTION = setting("BENCH_SCALE", 1);
/** Starts (and looks) per variant; insert rounds per variant. */
const ROUNDS = setting("BENCH_START_ROUNDS", 5);
/** Queue rows inserted per round. */
const INSERTS = setting("BENCH_START_INSERTS", 2000);
const DATABASE = "equipe_bench_start";

const SEALED = Object.keys(SEALED_COLUMNS);
/** The index the migration `sealed_key_index` gives each sealed table (Prisma's name for it). */
const indexOf = (table: string) => `${table}_keyId_idx`;

const dataKey = randomBytes(DATA_KEY_BYTES);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

const dropIndexes = (db: Db, tables: readonly string[]) =>
  Promise.all(tables.map((t) => db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${indexOf(t)}"`)));

async function createIndexes(db: Db, tables: readonly string[]): Promise<void> {
  for (const t of tables)
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "${indexOf(t)}" ON "${t}"("keyId")`);
}

/** A whole start on the database, until it listens; then it is stopped. */
async function startOnce(databaseUrl: string): Promise<number> {
  const config = loadConfig({
    PORT: "0",
    DATABASE_URL: databaseUrl,
    EQUIPE_DATA_KEY: dataKey.toString("base64"),
    TEAMS_ALLOW_UNAUTHENTICATED: "true",
  });
  const t0 = performance.now();
  const running = await startServer(config, { log: silentLog });
  const took = performance.now() - t0;
  await running.close();
  return took;
}

/** Starts and looks, each `ROUNDS` times: their medians. */
async function starts(db: Db, databaseUrl: string): Promise<{ start: number; look: number }> {
  const start: number[] = [];
  const look: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    start.push(await startOnce(databaseUrl));
    look.push(
      await timed(async () => {
        if ((await sealLegacyRows(db, db.cipher)) !== 0)
          throw new Error("the seeded database had rows in clear");
      }),
    );
  }
  return { start: median(start), look: median(look) };
}

/** `INSERTS` queue rows, one statement each, as `enqueue` writes them: ms per insert. */
async function insertRound(db: Db): Promise<number> {
  const at = new Date();
  const took = await timed(async () => {
    for (let i = 0; i < INSERTS; i += 1)
      await db.queueItem.create({
        data: {
          kind: MESSAGE_KIND,
          messageKey: `bench:${i % 50}`,
          payload: sealIn(db.cipher, "QueueItem", "payload", 0, JSON.stringify({ text: `message ${i}` })),
          keyId: db.cipher.keyId,
          status: "done",
          dueAt: at,
          createdAt: at,
        },
        select: { id: true },
      });
  });
  return took / INSERTS;
}

async function measure(kind: string, databaseUrl: string): Promise<void> {
  await migrate(databaseUrl);
  const db = await openDb(databaseUrl, fieldCipher(dataKey));
  try {
    const scale = scaled(FRACTION);
    const seconds = (await timed(() => seed(db, databaseUrl, scale, dataKey))) / 1000;
    await db.$executeRawUnsafe("ANALYZE");
    const counts = await Promise.all(
      SEALED.map((t) => db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT count(*) AS n FROM "${t}"`)),
    );
    const sealedRows = counts.reduce((sum, rows) => sum + Number(rows[0]?.n ?? 0), 0);
    console.log(
      `${kind}: ${scale.equipes} équipes seeded in ${seconds.toFixed(1)} s; ${sealedRows.toLocaleString("en")} rows in the ${SEALED.length} sealed tables`,
    );

    await dropIndexes(db, SEALED);
    await db.$executeRawUnsafe("ANALYZE");
    const before = await starts(db, databaseUrl);
    const creation = await timed(() => createIndexes(db, SEALED));
    await db.$executeRawUnsafe("ANALYZE");
    const after = await starts(db, databaseUrl);
    console.log(`  index on keyId of every sealed table created in ${ms(creation)} (the migration, once)`);
    console.log(
      `  start (median of ${ROUNDS}): ${ms(before.start)} without the index, ${ms(after.start)} with it (${(before.start / after.start).toFixed(1)}x)`,
    );
    console.log(
      `  its look for rows in clear: ${ms(before.look)} without, ${ms(after.look)} with (${(before.look / after.look).toFixed(1)}x)`,
    );

    const perInsert: Record<"without" | "with", number[]> = { without: [], with: [] };
    // Alternated, and each pair in the other order to the one before: whatever drifts during the
    // run (the table's growth, the machine's load) lands on both alike.
    for (let r = 0; r < ROUNDS; r += 1)
      for (const indexed of r % 2 === 0 ? [false, true] : [true, false]) {
        await (indexed ? createIndexes(db, ["QueueItem"]) : dropIndexes(db, ["QueueItem"]));
        perInsert[indexed ? "with" : "without"].push(await insertRound(db));
      }
    const [without, withIndex] = [median(perInsert.without), median(perInsert.with)];
    console.log(
      `  queue insert (median of ${ROUNDS} rounds of ${INSERTS}): ${(without * 1000).toFixed(0)} µs without, ${(withIndex * 1000).toFixed(0)} µs with the index (${(((withIndex - without) / without) * 100).toFixed(1)}%)`,
    );
  } finally {
    await db.$disconnect();
  }
}

const dir = resolve(".tmp/bench-start");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
console.log(`Start-up look for rows in clear, issue 15's size ×${FRACTION}`);
await measure("SQLite", `file:${resolve(dir, "equipe.db")}`);

const given = process.env.EQUIPE_BENCH_POSTGRES;
if (given === undefined && postgresBinaries() === undefined)
  console.warn("PostgreSQL is not installed: its figures are left out.");
else {
  const cluster: Cluster | undefined = given === undefined ? await startCluster() : undefined;
  const server = given ?? cluster?.url ?? "";
  const url = new URL(server);
  url.pathname = `/${DATABASE}`;
  try {
    await admin(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin(server, `CREATE DATABASE "${DATABASE}"`);
    await measure("PostgreSQL", url.toString());
  } finally {
    await admin(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`).catch(() => undefined);
    cluster?.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
