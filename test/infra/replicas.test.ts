import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { type Db, openDb } from "../../src/infra/db.ts";
import { JobRunner } from "../../src/infra/job-runner.ts";
import { LeasedQueue } from "../../src/infra/leased-queue.ts";
import { silentLog } from "../../src/infra/log.ts";
import { OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import type { ChannelPort, DeliveredRef, Outgoing } from "../../src/ports/channel.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { PEOPLE, teamsCommand } from "../contract/teams.ts";
import { freshDb, onPostgres, TEST_DATA_KEY, type TestDb, testCipher } from "../support/db.ts";
import { FakeClock } from "../support/fakes.ts";
import { RecordingSlackApi } from "../support/slack-api.ts";
import { SIGNING_SECRET } from "../support/slack-driver.ts";
import { signedHeaders } from "../support/slack-signing.ts";
import { RecordingConnector } from "../support/teams-connector.ts";

/**
 * Issue #15: three replicas on one database. Each replica here has its own database client (its
 * own connections, as a process has), its own outbox dispatcher and job runner: on SQLite they
 * share one file in one process (a second server process is refused there), on PostgreSQL they
 * are what three processes would be to the database.
 */

const NOW = new Date("2026-11-23T09:00:00Z");
const REPLICAS = 3;
const KEYS = 40;
const VERSIONS = 3;
const JOBS = 150;

let testDb: TestDb;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await testDb.dispose();
});

/** What the replicas delivered, in the order the calls were made (one process: one order). */
interface Delivered {
  replica: number;
  how: "send" | "update";
  text: string;
}

/** A channel that records each call and yields between calls, so that the replicas interleave. */
function recordingPort(replica: number, log: Delivered[]): ChannelPort {
  const record = async (how: Delivered["how"], message: Outgoing) => {
    await new Promise((wait) => setImmediate(wait));
    log.push({ replica, how, text: plainMessage(message.message) });
  };
  return {
    async send(message): Promise<DeliveredRef> {
      await record("send", message);
      return { channelId: "C1", messageId: plainMessage(message.message) };
    },
    async update(_ref, message) {
      await record("update", message);
    },
  };
}

interface Replica {
  db: Db;
  dispatcher: OutboxDispatcher;
  runner: JobRunner;
}

async function replicas(delivered: Delivered[], ran: { replica: number; id: string }[]): Promise<Replica[]> {
  const clock = new FakeClock(NOW);
  const made: Replica[] = [];
  for (let replica = 0; replica < REPLICAS; replica += 1) {
    const db = await openDb(testDb.url, testCipher);
    const dispatcher = new OutboxDispatcher(
      db,
      { slack: recordingPort(replica, delivered) },
      clock,
      silentLog,
    );
    const runner = new JobRunner(
      db,
      {
        test: async (id) => {
          await new Promise((wait) => setImmediate(wait));
          ran.push({ replica, id });
        },
      },
      clock,
      silentLog,
    );
    cleanups.push(async () => {
      dispatcher.stop();
      await dispatcher.idle();
      await db.$disconnect();
    });
    made.push({ db, dispatcher, runner });
  }
  return made;
}

const outgoing = (text: string, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: textMessage([{ type: "text", text }]),
  ...(key ? { key } : {}),
});

/**
 * The queue as the replicas find it: due jobs, then one version of every keyed message after
 * another, with an unkeyed message after each keyed one. Between two versions `between` runs (the
 * replicas start claiming): a newer version arrives while older ones are pending or in flight, as
 * clicks queue them while the dispatchers deliver. The messages' texts and the jobs' ids.
 */
async function fillQueue(between: () => Promise<void>): Promise<{ texts: string[]; jobs: string[] }> {
  await testDb.db.queueItem.createMany({
    data: Array.from({ length: JOBS }, (_, n) => ({
      kind: "test",
      dedupeKey: `job${n}`,
      payload: "{}",
      status: "pending",
      dueAt: new Date(NOW.getTime() - n * 1000),
      createdAt: NOW,
    })),
  });
  const texts: string[] = [];
  let written = 0;
  for (let version = 0; version < VERSIONS; version += 1) {
    const messages: { kind: string; payload: string; messageKey: string | null }[] = [];
    for (let key = 0; key < KEYS; key += 1) {
      const text = `k${key}.v${version}`;
      messages.push({
        kind: "message",
        payload: JSON.stringify(outgoing(text, `k${key}`)),
        messageKey: `k${key}`,
      });
      const plain = `u${written + messages.length}`;
      messages.push({ kind: "message", payload: JSON.stringify(outgoing(plain)), messageKey: null });
      texts.push(plain);
    }
    written += messages.length;
    await testDb.db.queueItem.createMany({
      data: messages.map((message) => ({ ...message, status: "pending", dueAt: NOW, createdAt: NOW })),
    });
    await between();
  }
  const jobs = await testDb.db.queueItem.findMany({ where: { kind: "test" }, select: { id: true } });
  return { texts, jobs: jobs.map(({ id }) => String(id)) };
}

/** Every replica starts a pass, and a few turns go by: some rows are claimed, some in flight. */
async function startClaiming(all: Replica[]): Promise<void> {
  for (const { dispatcher, runner } of all) {
    dispatcher.kick();
    // A tick that fails is run again by drainAll: on SQLite three clients of one file in one
    // process may wait on each other's locks past the busy timeout.
    void runner.tick().catch(() => undefined);
  }
  for (let turn = 0; turn < 20; turn += 1) await new Promise((wait) => setImmediate(wait));
}

/** Every replica's dispatcher and job runner at once, again until nothing due is left. */
async function drainAll(all: Replica[]): Promise<void> {
  await vi.waitFor(
    async () => {
      await Promise.all(
        all.map(async ({ dispatcher, runner }) => {
          dispatcher.kick();
          await Promise.all([dispatcher.idle(), runner.tick()]);
        }),
      );
      expect(await testDb.db.queueItem.count({ where: { status: "pending" } })).toBe(0);
    },
    { timeout: 120_000, interval: 10 },
  );
}

describe("three replicas on one database", () => {
  it("drain hundreds of messages and jobs: each delivered or run once, keyed versions never backwards", async () => {
    const delivered: Delivered[] = [];
    const ran: { replica: number; id: string }[] = [];
    const all = await replicas(delivered, ran);
    const { texts, jobs } = await fillQueue(() => startClaiming(all));
    expect(texts.length).toBe(KEYS * VERSIONS);
    await drainAll(all);

    // Every unkeyed message once, every job once.
    const plain = delivered.filter(({ text }) => text.startsWith("u")).map(({ text }) => text);
    expect(plain.sort()).toEqual([...texts].sort());
    expect(ran.map(({ id }) => id).sort()).toEqual([...jobs].sort());
    // Each key's versions went in order, whichever replica took each: first posted, then updated;
    // a version that a newer one found still waiting was superseded, never sent after it.
    for (let key = 0; key < KEYS; key += 1) {
      const versions = delivered.filter(({ text }) => text.startsWith(`k${key}.`));
      const numbers = versions.map(({ text }) => Number(text.split(".v")[1]));
      expect(numbers.at(-1)).toBe(VERSIONS - 1);
      expect(numbers).toEqual([...new Set(numbers)].sort((a, b) => a - b));
      expect(versions.map(({ how }) => how)).toEqual(numbers.map((_, n) => (n === 0 ? "send" : "update")));
    }
    const left = await testDb.db.queueItem.groupBy({
      by: ["status", "messageKey"],
      where: { status: { not: "done" } },
      _count: { _all: true },
    });
    expect(left.every(({ status, messageKey }) => status === "superseded" && messageKey !== null)).toBe(true);
    if (onPostgres) {
      // The claims are spread: every replica took messages and jobs (none waited for the others).
      const owners = await testDb.db.queueItem.groupBy({ by: ["leaseOwner"], _count: { _all: true } });
      expect(owners.filter(({ leaseOwner }) => leaseOwner !== null)).toHaveLength(REPLICAS * 2);
      for (let replica = 0; replica < REPLICAS; replica += 1) {
        expect(delivered.some((call) => call.replica === replica)).toBe(true);
        expect(ran.some((run) => run.replica === replica)).toBe(true);
      }
    }
  }, 180_000);

  it.skipIf(!onPostgres)(
    "a claim skips the rows another replica is claiming, without waiting for them, and holds back their newer versions",
    async () => {
      // Messages 1–10: first versions of k0…k9; 11–20: unkeyed; 21–30: second versions. Jobs after.
      const message = (text: string, key?: string) => ({
        kind: "message",
        payload: JSON.stringify(outgoing(text, key)),
        messageKey: key ?? null,
      });
      const rows = [
        ...Array.from({ length: 10 }, (_, n) => message(`k${n}.v0`, `k${n}`)),
        ...Array.from({ length: 10 }, (_, n) => message(`u${n}`)),
        ...Array.from({ length: 10 }, (_, n) => message(`k${n}.v1`, `k${n}`)),
        ...Array.from({ length: 30 }, (_, n) => ({
          kind: "test",
          payload: "{}",
          messageKey: null,
          dedupeKey: `j${n}`,
        })),
      ];
      await testDb.db.queueItem.createMany({
        data: rows.map((row) => ({ ...row, status: "pending", dueAt: NOW, createdAt: NOW })),
      });
      const ids = (kind: string) =>
        testDb.db.queueItem
          .findMany({ where: { kind }, orderBy: { id: "asc" }, select: { id: true } })
          .then((found) => found.map(({ id }) => id));
      const messages = await ids("message");
      const jobs = await ids("test");

      const db = await openDb(testDb.url, testCipher);
      cleanups.push(() => db.$disconnect());
      // Another replica, mid-claim: the first versions and the first ten jobs locked, not yet leased.
      const other = new pg.Client({ connectionString: testDb.url });
      await other.connect();
      // Ended first (cleanups run last in, first out): a claim waiting on its locks ends with it.
      cleanups.push(() => other.end());
      await other.query("BEGIN");
      await other.query(`SELECT id FROM "QueueItem" WHERE id = ANY($1) FOR UPDATE`, [
        [...messages.slice(0, 10), ...jobs.slice(0, 10)],
      ]);

      const claimed = async (lane: "messages" | "jobs") =>
        (await withoutWaiting(other, new LeasedQueue(db, lane, 60_000).claim(NOW))).map(({ id }) => id);
      // The unkeyed messages only: the second versions wait for the first, which the other holds.
      expect(await claimed("messages")).toEqual(messages.slice(10, 20));
      expect(await claimed("jobs")).toEqual(jobs.slice(10, 30));
      await other.query("ROLLBACK");
    },
  );

  it.skipIf(!onPostgres)(
    "a Slack retry that lands on another replica is answered as a duplicate: the work is done once",
    async () => {
      const api = new RecordingSlackApi();
      const apiUrl = await api.start();
      cleanups.push(() => api.close());
      const config = loadConfig({
        PORT: "0",
        DATABASE_URL: testDb.url,
        EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_API_URL: apiUrl,
      });
      const servers: RunningServer[] = [];
      for (let replica = 0; replica < REPLICAS; replica += 1) {
        const running = await startServer(config, { skipMigrations: true, log: silentLog });
        cleanups.push(() => running.close());
        servers.push(running);
      }
      const body = slashCommand("U0COORD", "configura FAM-2025-014");
      // The first delivery and Slack's retries of it, each on another replica, at the same time;
      // then one more retry, after the work is done.
      const responses = await Promise.all(servers.map((running, retry) => postSlack(running, body, retry)));
      for (const running of servers) await running.idle();
      responses.push(await postSlack(servers[1] as RunningServer, body, REPLICAS));
      expect(responses.map(({ status }) => status)).toEqual(Array(REPLICAS + 1).fill(200));
      await vi.waitFor(
        async () => {
          for (const running of servers) await running.idle();
          expect(await testDb.db.queueItem.count({ where: { kind: "message", status: "pending" } })).toBe(0);
        },
        { timeout: 20_000 },
      );
      // One équipe, one answer: the retries found the delivery recorded, whichever replica had it.
      expect(await testDb.db.equipe.count()).toBe(1);
      expect(api.callsTo("chat.postEphemeral").filter(({ args }) => args.user === "U0COORD")).toHaveLength(1);
    },
  );

  it.skipIf(!onPostgres)(
    "a Teams activity delivered again to another replica is done once, whichever replica has it",
    async () => {
      const connector = new RecordingConnector();
      const serviceUrl = await connector.start();
      cleanups.push(() => connector.close());
      for (const person of Object.values(PEOPLE)) connector.roster.set(person.id, person);
      const config = loadConfig({
        PORT: "0",
        DATABASE_URL: testDb.url,
        EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
        TEAMS_ALLOW_UNAUTHENTICATED: "true",
      });
      const servers: RunningServer[] = [];
      for (let replica = 0; replica < REPLICAS; replica += 1) {
        const running = await startServer(config, { skipMigrations: true, log: silentLog });
        cleanups.push(() => running.close());
        servers.push(running);
      }
      const postTeams = (running: RunningServer, activity: unknown) =>
        fetch(`${running.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(activity),
        });
      const configure = teamsCommand(serviceUrl, PEOPLE.coord, "configura FAM-2025-015");
      expect((await postTeams(servers[0] as RunningServer, configure)).status).toBe(200);
      // The same activity (one id) on every replica at once, then once more after the work is done.
      const add = teamsCommand(serviceUrl, PEOPLE.coord, `aggiungi <at>${PEOPLE.edu.name}</at> educatore`);
      const responses = await Promise.all(servers.map((running) => postTeams(running, add)));
      for (const running of servers) await running.idle();
      responses.push(await postTeams(servers[2] as RunningServer, add));
      expect(responses.map(({ status }) => status)).toEqual(Array(REPLICAS + 1).fill(200));
      for (const running of servers) await running.idle();
      expect(await testDb.db.member.count({ where: { platformUserId: PEOPLE.edu.id } })).toBe(1);
      expect(await testDb.db.auditEntry.count({ where: { action: "member.added" } })).toBe(1);
      // The coordinator's answer, once.
      const answers = connector.posted.filter(({ activity }) =>
        String(activity.text ?? "").includes(PEOPLE.edu.name),
      );
      expect(answers).toHaveLength(1);
    },
  );
});

/**
 * `claim` as it runs while `other` holds its row locks: a claim that waits on one of them (it
 * would wait until the other replica commits) fails the test instead of hanging it.
 */
async function withoutWaiting<T>(other: pg.Client, claim: Promise<T>): Promise<T> {
  let done = false;
  const result = claim.finally(() => {
    done = true;
  });
  const waits = async (): Promise<never> => {
    for (;;) {
      const { rows } = await other.query<{ waiting: string }>(
        `SELECT count(*)::text AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (done) return new Promise<never>(() => {});
      if (rows[0]?.waiting !== "0") throw new Error("the claim waited on rows another replica is claiming");
      await new Promise((wait) => setTimeout(wait, 5));
    }
  };
  return Promise.race([result, waits()]);
}

/** A slash command as Slack posts it (one trigger: its retries carry the same one). */
function slashCommand(userId: string, text: string): string {
  return new URLSearchParams({
    team_id: "T0EQUIPE",
    channel_id: "C0EQUIPE",
    user_id: userId,
    command: "/equipe",
    text,
    api_app_id: "A0EQUIPE",
    response_url: "http://127.0.0.1:9/commands/unused",
    trigger_id: `${Date.now()}.${randomUUID()}`,
  }).toString();
}

/** Posts it to one replica, signed; `retry` > 0: Slack's retry of it (`X-Slack-Retry-Num`). */
function postSlack(running: RunningServer, body: string, retry: number): Promise<Response> {
  return fetch(`${running.url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(SIGNING_SECRET, body),
      ...(retry > 0 ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {}),
    },
    body,
  });
}
