import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outgoing } from "../../src/domain/message.ts";
import { JobRunner } from "../../src/infra/job-runner.ts";
import { silentLog } from "../../src/infra/log.ts";
import { MAX_DELIVERY_ATTEMPTS, OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import { type ChatPort, DeliveryError } from "../../src/ports/chat.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { FakeClock } from "../support/fakes.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

/** Runs test/support/replica.ts in its own process and returns what it handled. */
function replica(mode: "jobs" | "outbox"): Promise<string[]> {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsx, "test/support/replica.ts", mode, testDb.url], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}
let testDb: TestDb;
let clock: FakeClock;

beforeEach(async () => {
  testDb = await freshDb();
  clock = new FakeClock(NOW);
});
afterEach(() => testDb.dispose());

const outgoing = (n: number): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: `C${n}` },
  message: { text: `m${n}`, blocks: [], attachments: [] },
});

async function addOutbox(count: number) {
  for (let n = 0; n < count; n += 1) {
    await testDb.db.outboxMessage.create({
      data: { payload: JSON.stringify(outgoing(n)), status: "pending", nextAttemptAt: NOW, createdAt: NOW },
    });
  }
}

class CountingPort implements ChatPort {
  sent: string[] = [];
  constructor(private readonly fail?: () => DeliveryError | undefined) {}
  async send(message: Outgoing) {
    await new Promise((wait) => setTimeout(wait, 2));
    const error = this.fail?.();
    if (error) throw error;
    this.sent.push(message.message.text);
    return { channelId: "C", messageId: String(this.sent.length) };
  }
  async update() {}
}

describe("job leases", () => {
  it("two replicas ticking at once run every due job exactly once", async () => {
    for (let n = 0; n < 25; n += 1) {
      await testDb.db.job.create({
        data: {
          id: `job-${n}`,
          kind: "test",
          idempotencyKey: `k${n}`,
          payload: "{}",
          dueAt: NOW,
          status: "pending",
        },
      });
    }
    const runs = (await Promise.all([replica("jobs"), replica("jobs")])).flat();
    expect(runs.sort()).toEqual(Array.from({ length: 25 }, (_, n) => `job-${n}`).sort());
    expect(await testDb.db.job.count({ where: { status: "done" } })).toBe(25);
  });

  it("a job claimed by a process that died runs again once its lease has expired; a future job waits", async () => {
    await testDb.db.job.create({
      data: {
        id: "crashed",
        kind: "test",
        idempotencyKey: "c",
        payload: "{}",
        dueAt: NOW,
        status: "pending",
        leaseUntil: new Date(NOW.getTime() + 60_000),
      },
    });
    await testDb.db.job.create({
      data: {
        id: "later",
        kind: "test",
        idempotencyKey: "l",
        payload: "{}",
        dueAt: new Date(NOW.getTime() + 3_600_000),
        status: "pending",
      },
    });
    const runs: string[] = [];
    const runner = new JobRunner(testDb.db, { test: async (id) => void runs.push(id) }, clock, silentLog);
    await runner.tick();
    expect(runs).toEqual([]);
    clock.advance(10 * 60_000);
    await runner.tick();
    expect(runs).toEqual(["crashed"]);
  });

  it("retries a failing job with back-off and keeps it when attempts run out", async () => {
    await testDb.db.job.create({
      data: { id: "bad", kind: "test", idempotencyKey: "b", payload: "{}", dueAt: NOW, status: "pending" },
    });
    const runner = new JobRunner(
      testDb.db,
      { test: async () => Promise.reject(new Error("boom")) },
      clock,
      silentLog,
    );
    await runner.tick();
    const row = await testDb.db.job.findUniqueOrThrow({ where: { id: "bad" } });
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.dueAt.getTime()).toBeGreaterThan(NOW.getTime());
  });
});

describe("outbox delivery", () => {
  it("two dispatchers deliver every message exactly once", async () => {
    await addOutbox(30);
    const sent = (await Promise.all([replica("outbox"), replica("outbox")])).flat();
    expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, n) => `m${n}`).sort());
    expect(await testDb.db.outboxMessage.count({ where: { status: "delivered" } })).toBe(30);
  });

  it("honours Retry-After on a rate limit, gives up on a permanent error, parks after the last attempt", async () => {
    await addOutbox(1);
    const limited = new OutboxDispatcher(
      testDb.db,
      { slack: new CountingPort(() => new DeliveryError("slack_rate_limited", true, 30)) },
      clock,
      silentLog,
    );
    limited.kick();
    await limited.idle();
    const row = await testDb.db.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.nextAttemptAt.getTime() - NOW.getTime()).toBe(30_000);

    // Not due yet: nothing is sent before Retry-After has passed.
    const ok = new CountingPort();
    const later = new OutboxDispatcher(testDb.db, { slack: ok }, clock, silentLog);
    later.kick();
    await later.idle();
    expect(ok.sent).toEqual([]);
    clock.advance(30_000);
    later.kick();
    await later.idle();
    expect(ok.sent).toEqual(["m0"]);

    await addOutbox(1);
    const permanent = new OutboxDispatcher(
      testDb.db,
      { slack: new CountingPort(() => new DeliveryError("slack_channel_not_found", false)) },
      clock,
      silentLog,
    );
    permanent.kick();
    await permanent.idle();
    expect(await testDb.db.outboxMessage.count({ where: { status: "failed" } })).toBe(1);

    await addOutbox(1);
    const flaky = new OutboxDispatcher(
      testDb.db,
      { slack: new CountingPort(() => new DeliveryError("slack_request_error", true)) },
      clock,
      silentLog,
    );
    for (let attempt = 0; attempt < MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      flaky.kick();
      await flaky.idle();
      clock.advance(60 * 60_000);
    }
    expect(await testDb.db.outboxMessage.count({ where: { status: "failed" } })).toBe(2);
  });
});
