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
 * Then a burst of poll answers on one poll, through the core, by one replica and then by three
 * (each running two units at a time, as its work queue does): on PostgreSQL the answers' units
 * are serializable and collide; a unit rolled back runs again alone in its process
 * (src/infra/collision-gate.ts). Prints answers/s, the collisions, and what they cost the
 * process's other units: how long they waited at the gate, per collision. Exits non-zero if an
 * answer is missing (work lost).
 * Run: npm run bench:replicas   (a throwaway cluster; EQUIPE_BENCH_POSTGRES=<superuser URL> to use
 * a server of yours; BENCH_REPLICA_MESSAGES, BENCH_REPLICA_ROUNDS to size it)
 */

import { randomBytes } from "node:crypto";
import { parseSlackUserRef } from "../adapters/slack/payloads.ts";
import { admin, type Cluster, startCluster } from "../scripts/postgres-cluster.ts";
import type { Core } from "../src/core/dispatch.ts";
import { createCore } from "../src/features/registry.ts";
import { type Db, openDb } from "../src/infra/db.ts";
import { fieldCipher } from "../src/infra/field-cipher.ts";
import { LeasedQueue, MESSAGE_KIND } from "../src/infra/leased-queue.ts";
import { collisionTotals } from "../src/infra/metrics.ts";
import { migrate } from "../src/infra/migrations.ts";
import { PrismaStore } from "../src/infra/prisma-store.ts";
import { FakeClock, makeDeps, slackCtx, TWO_TIMES_FORM } from "../test/support/fakes.ts";

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
/** Members answering the poll in the burst; each answers each of its two times this many times. */
const VOTERS = setting("BENCH_REPLICA_VOTERS", 24);
const ANSWERS_EACH = 3;
/** Units of work each replica runs at once (its work queue's width). */
const UNITS_AT_ONCE = 2;

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

/** Every voter answers each of the poll's times ANSWERS_EACH times, through these replicas' cores. */
async function answerBurst(cores: Core[], db: Db, meetingId: string, slotIds: string[]) {
  const clicks = Array.from({ length: VOTERS * slotIds.length * ANSWERS_EACH }, (_, n) => ({
    user: `U0V${String(n % VOTERS).padStart(2, "0")}`,
    value: `${meetingId}:${slotIds[Math.floor(n / VOTERS) % slotIds.length]}`,
    // Each of a voter's answers to a time differs from the one before.
    answer:
      ["poll:yes", "poll:if_needed", "poll:no"][Math.floor(n / (VOTERS * slotIds.length)) % 3] ?? "poll:yes",
  }));
  const before = await collisionTotals();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    cores.flatMap((core) =>
      Array.from({ length: UNITS_AT_ONCE }, async () => {
        for (let click = clicks[next++]; click !== undefined; click = clicks[next++])
          await core.action(
            { ...slackCtx(click.user), place: { kind: "private" } },
            click.answer,
            click.value,
          );
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await collisionTotals();
  const answers = await db.availability.count({ where: { slot: { meetingId } } });
  if (answers !== VOTERS * slotIds.length)
    throw new Error(`${answers} answers recorded, not ${VOTERS * slotIds.length}: work was lost`);
  return {
    perSecond: clicks.length / seconds,
    clicks: clicks.length,
    collisions: after.collisions - before.collisions,
    waitMs: (after.waitSeconds - before.waitSeconds) * 1000,
    unitMs: seconds * 1000 * cores.length * UNITS_AT_ONCE,
  };
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

  // For each burst an équipe of VOTERS members with an open poll of its own (its answers start
  // from none); each replica a core of its own on its connections.
  const clock = new FakeClock(new Date("2026-11-23T09:00:00Z"));
  const cores = replicas.map((db) => createCore(makeDeps(new PrismaStore(db), clock)));
  const [core] = cores;
  if (core === undefined) throw new Error("no replica");
  /** A new équipe in `channelId` and its poll: the poll's id and its times'. */
  const openPoll = async (channelId: string, caseCode: string) => {
    const ctx = () => slackCtx("U0COORD", { channelId });
    await core.command(ctx(), `setup ${caseCode}`, parseSlackUserRef);
    for (let n = 0; n < VOTERS; n += 1)
      await core.command(ctx(), `add <@U0V${String(n).padStart(2, "0")}> educatore`, parseSlackUserRef);
    await core.submitForm(ctx(), "convene", TWO_TIMES_FORM, channelId);
    const binding = await first.channelBinding.findFirstOrThrow({ where: { channelId } });
    const meeting = await first.meeting.findFirstOrThrow({
      where: { equipeId: binding.equipeId },
      include: { slots: true },
    });
    return { meetingId: meeting.id, slotIds: meeting.slots.map((slot) => slot.id) };
  };
  console.log(
    `\nA burst of answers on one poll (${VOTERS} members × 2 times × ${ANSWERS_EACH}), ${UNITS_AT_ONCE} units at a time per replica:`,
  );
  for (const count of [1, REPLICAS]) {
    const { meetingId, slotIds } = await openPoll(`C0BURST${count}`, `FAM-2026-77${count}`);
    const burst = await answerBurst(cores.slice(0, count), first, meetingId, slotIds);
    const perCollision = burst.collisions === 0 ? 0 : burst.waitMs / burst.collisions;
    console.log(
      `  ${count} replica${count === 1 ? " " : "s"}: ${burst.perSecond.toFixed(0)} answers/s; ${burst.collisions} units rolled back and run again alone; ` +
        `units waited ${burst.waitMs.toFixed(0)} ms in all at their process's gate, those run again included (${perCollision.toFixed(1)} ms per collision, ` +
        `${((burst.waitMs / burst.unitMs) * 100).toFixed(1)}% of the units' time); every answer recorded`,
    );
  }
} finally {
  for (const db of replicas) await db.$disconnect();
  if (given !== undefined) await admin(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  cluster?.stop();
}
