/**
 * Signed Slack round trips through our server beside a bare Bolt app with no-op handlers, in
 * the same run on the same machine, so that the ratio means something on a noisy shared box.
 * Run: npm run bench   (env BENCH_REQUESTS, BENCH_CONCURRENCY to change the load)
 */
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { loadConfig } from "../src/config.ts";
import { migrate } from "../src/infra/db.ts";
import { silentLog } from "../src/infra/log.ts";
import { startServer } from "../src/server.ts";
import { RecordingSlackApi } from "../test/support/slack-api.ts";
import {
  buttonClick,
  postInteraction,
  postSlashCommand,
  SIGNING_SECRET,
  viewSubmission,
} from "../test/support/slack-driver.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 100;

interface Result {
  name: string;
  throughput: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Fires `count` requests, `CONCURRENCY` at a time; every response must be 200. */
async function load(name: string, count: number, request: (i: number) => Promise<Response>): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const response = await request(i);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    throughput: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function bareBolt(): Promise<{ url: string; close: () => Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: "/slack/events",
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: "xoxb-bench",
    botId: "B0",
    botUserId: "U0BOT",
    receiver,
    logLevel: LogLevel.ERROR,
  });
  app.command("/equipe", async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = createServer(receiver.requestListener);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

const dir = resolve(".tmp/bench");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const databaseUrl = `file:${resolve(dir, "bench.db")}`;
await migrate(databaseUrl);

const api = new RecordingSlackApi();
const apiUrl = await api.start();
const ours = await startServer(
  loadConfig({
    PORT: "0",
    DATABASE_URL: databaseUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_API_URL: apiUrl,
  }),
  { skipMigrations: true, log: silentLog },
);
const bare = await bareBolt();

// An équipe with members and an open poll, so that clicks do real work.
await postSlashCommand(ours.url, { userId: "U0COORD", text: "setup FAM-2026-900" });
await ours.idle();
for (const user of ["U0A", "U0B", "U0C", "U0D"])
  await postSlashCommand(ours.url, { userId: "U0COORD", text: `add <@${user}> educator` });
await ours.idle();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
await postInteraction(
  ours.url,
  viewSubmission("U0COORD", "C0EQUIPE", {
    purpose: "t1",
    duration: "60",
    slots: `${day(10)} 10:00\n${day(11)} 10:00`,
    deadline: `${day(5)} 18:00`,
    location: "",
  }),
);
await ours.idle();
const meeting = await ours.db.meeting.findFirstOrThrow({ include: { slots: true } });
const slotValue = (i: number) => `${meeting.id}:${meeting.slots[i % 2]?.id}`;
const answers = ["poll:yes", "poll:if_needed", "poll:no"];
const users = ["U0A", "U0B", "U0C", "U0D"];
const click = (base: string) => (i: number) =>
  postInteraction(
    base,
    buttonClick(users[i % users.length] ?? "U0A", answers[i % 3] ?? "poll:yes", slotValue(i)),
  );
const command = (base: string) => (i: number) =>
  postSlashCommand(base, { userId: users[i % users.length] ?? "U0A", text: "stato" });

await load("warm-up", WARMUP, command(ours.url));
await load("warm-up", WARMUP, command(bare.url));
await ours.idle();

const results: Result[] = [];
for (const [kind, make] of [
  ["slash command", command],
  ["button click", click],
] as const) {
  const bareResult = await load(`bare Bolt, ${kind}`, REQUESTS, make(bare.url));
  const started = performance.now();
  const ourResult = await load(`Équipe, ${kind}`, REQUESTS, make(ours.url));
  await ours.idle();
  const completed = REQUESTS / ((performance.now() - started) / 1000);
  results.push(bareResult, ourResult);
  console.log(
    `${kind}: Équipe acks ${ourResult.throughput.toFixed(0)} req/s (p50 ${ourResult.p50.toFixed(2)} ms, p99 ${ourResult.p99.toFixed(2)} ms), ` +
      `all work incl. delivery done at ${completed.toFixed(0)} req/s; bare Bolt ${bareResult.throughput.toFixed(0)} req/s ` +
      `(p50 ${bareResult.p50.toFixed(2)} ms, p99 ${bareResult.p99.toFixed(2)} ms); ` +
      `throughput ratio Équipe/bare ${(ourResult.throughput / bareResult.throughput).toFixed(2)}, p99 ratio ${(ourResult.p99 / bareResult.p99).toFixed(2)}`,
  );
}
console.table(
  results.map((r) => ({
    run: r.name,
    "req/s": r.throughput.toFixed(0),
    "p50 ms": r.p50.toFixed(2),
    "p99 ms": r.p99.toFixed(2),
  })),
);
console.log(`${REQUESTS} requests per run, ${CONCURRENCY} concurrent, loopback, Node ${process.version}`);

await ours.close();
await bare.close();
await api.close();
rmSync(dir, { recursive: true, force: true });
