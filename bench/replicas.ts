/**
 * Three replicas draining one PostgreSQL queue (issue 15), every figure measured in this run on
 * this machine: the same queued messages drained by three `LeasedQueue` owners (each with its own
 * connections, as three processes have) claiming with `FOR UPDATE SKIP LOCKED` (what PostgreSQL
 * uses) and with the read-then-compare-and-set path (SQLite's, forced here), in alternated rounds
 * so that the ratio means something on a noisy machine. Each claimed row is only marked done: what
 * is measured is the claiming. Prints rows claimed per second, the ratio, and how the claims were
 * spread over the three owners; exits non-zero only when a row is claimed twice or left behind (an
 * older version of a keyed message superseded by a newer one counts as handled; the newest is
 * always claimed).
 * Run: npm run bench:replicas   (a throwaway cluster; EQUIPE_BENCH_POSTGRES=<superuser URL> to use
 * a server of yours; BENCH_REPLICA_MESSAGES, BENCH_REPLICA_ROUNDS to size it)
 */

import { randomBytes } from "node:crypto";
import { admin, type Cluster, startCluster } from "../scripts/postgres-cluster.ts";
import { type Db, openDb } from "../src/infra/db.ts";
import { fieldCipher } from "../src/infra/field-cipher.ts";
import { LeasedQueue, MESSAGE_KIND } from "../src/infra/leased-queue.ts";
import { migrate } from "../src/infra/migrations.ts";

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Messages queued for each drain. */
const MESSAGES = setting("BENCH_REPLICA_MESSAGES", 2000);
/** Drains per way of claiming, alternated. */
const ROUNDS = setting("BENCH_REPLICA_ROUNDS", 3);
const REPLICAS = 3;
/** One key per this many messages: keyed versions hold back their newer ones, as in production. */
const MESSAGES_PER_KEY = 10;
const LEASE_MS = 60_000;
const DATABASE = "equipe_bench_replicas";

type Claims = "auto" | "compareAndSet";
const NAMES: Record<Claims, string> = { auto: "SKIP LOCKED", compareAndSet: "compare-and-set" };

interface Drain {
  /** Rows claimed a second. */
  rowsPerSecond: number;
  /** Older versions superseded instead of claimed. */
  superseded: number;
  /** Rows each owner claimed. */
  spread: number[];
}

async function fill(db: Db): Promise<void> {
  await db.queueItem.deleteMany({});
  const now = new Date();
  await db.queueItem.createMany({
    data: Array.from({ length: MESSAGES }, (_, n) => ({
      kind: MESSAGE_KIND,
      payload: "{}",
      messageKey: n % 2 === 0 ? `k${n % (MESSAGES / MESSAGES_PER_KEY)}` : null,
      status: "pending",
      dueAt: now,
      createdAt: now,
    })),
  });
}

/** The three owners drain the queue at once, each marking what it claimed done. */
async function drain(replicas: Db[], claims: Claims): Promise<Drain> {
  const claimed = new Map<number, number>();
  const started = performance.now();
  const spread = await Promise.all(
    replicas.map(async (db) => {
      const queue = new LeasedQueue(db, "messages", LEASE_MS, claims);
      let rows = 0;
      // Again until nothing is left: a pass ends early when the rest is in the others' hands.
      for (;;) {
        await queue.drain(
          () => new Date(),
          async (item) => {
            claimed.set(item.id, (claimed.get(item.id) ?? 0) + 1);
            rows += 1;
            await queue.complete(item, new Date());
          },
        );
        if ((await db.queueItem.count({ where: { status: "pending" } })) === 0) return rows;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const twice = [...claimed.values()].filter((times) => times > 1).length;
  // Older versions of a keyed message waiting behind a newer one are superseded, not claimed
  // (LeasedQueue.supersedeOlderVersions): every row is one or the other, and the newest version
  // of every key is claimed.
  const [first] = replicas;
  const rows =
    (await first?.queueItem.findMany({ select: { id: true, messageKey: true, status: true } })) ?? [];
  const superseded = rows.filter((row) => row.status === "superseded");
  const newest = new Map<string, number>();
  for (const row of rows)
    if (row.messageKey !== null)
      newest.set(row.messageKey, Math.max(newest.get(row.messageKey) ?? 0, row.id));
  const lostNewest = [...newest.values()].filter((id) => !claimed.has(id)).length;
  const both = superseded.filter((row) => claimed.has(row.id)).length;
  if (twice > 0 || both > 0 || lostNewest > 0 || claimed.size + superseded.length !== MESSAGES)
    throw new Error(
      `${NAMES[claims]}: ${claimed.size} of ${MESSAGES} rows claimed (${twice} twice), ${superseded.length} superseded ` +
        `(${both} of them claimed too), ${lostNewest} keys' newest version not claimed`,
    );
  return { rowsPerSecond: claimed.size / seconds, superseded: superseded.length, spread };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const given = process.env.EQUIPE_BENCH_POSTGRES;
const cluster: Cluster | undefined = given === undefined ? await startCluster() : undefined;
const server = given ?? cluster?.url ?? "";
const url = new URL(server);
url.pathname = `/${DATABASE}`;
const cipher = fieldCipher(randomBytes(32));
const replicas: Db[] = [];
try {
  await admin(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin(server, `CREATE DATABASE "${DATABASE}"`);
  await migrate(url.toString());
  for (let n = 0; n < REPLICAS; n += 1) replicas.push(await openDb(url.toString(), cipher));
  const [first] = replicas;
  if (first === undefined) throw new Error("no replica");
  const results: Record<Claims, Drain[]> = { auto: [], compareAndSet: [] };
  console.log(`${REPLICAS} replicas draining ${MESSAGES} messages, ${ROUNDS} rounds each way, alternated`);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const claims of ["compareAndSet", "auto"] as const) {
      await fill(first);
      const result = await drain(replicas, claims);
      results[claims].push(result);
      console.log(
        `  round ${round + 1} ${NAMES[claims].padEnd(16)} ${result.rowsPerSecond.toFixed(0).padStart(6)} rows/s, per owner ${result.spread.join(" / ")}, ${result.superseded} older versions superseded`,
      );
    }
  }
  const rate = (claims: Claims) => median(results[claims].map(({ rowsPerSecond }) => rowsPerSecond));
  /** The smallest owner's share of the rows, at its median over the rounds: a third when even. */
  const share = (claims: Claims) =>
    median(results[claims].map(({ spread }) => Math.min(...spread) / spread.reduce((a, b) => a + b, 0))) *
    100;
  for (const claims of ["auto", "compareAndSet"] as const)
    console.log(
      `${NAMES[claims].padEnd(16)} median ${rate(claims).toFixed(0)} rows claimed/s; smallest owner's share ${share(claims).toFixed(1)}% (even: 33.3%)`,
    );
  console.log(`SKIP LOCKED / compare-and-set: ${(rate("auto") / rate("compareAndSet")).toFixed(2)}x`);
} finally {
  for (const db of replicas) await db.$disconnect();
  if (given !== undefined) await admin(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  cluster?.stop();
}
