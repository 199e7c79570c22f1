import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Db } from "../../src/infra/db.ts";
import { JobRunner, MAX_JOB_ATTEMPTS } from "../../src/infra/job-runner.ts";
import { LeasedQueue } from "../../src/infra/leased-queue.ts";
import { silentLog } from "../../src/infra/log.ts";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import {
  type ChannelPort,
  type DeliveredRef,
  DeliveryError,
  type Outgoing,
} from "../../src/ports/channel.ts";
import { dispatcherSetup, pass } from "../support/dispatcher-setup.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const KEY = "poll:m1:channel:C1";

/** Runs test/support/replica.ts in its own process and returns what it handled. */
function replica(mode: "jobs" | "outbox"): Promise<string[]> {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsx, "test/support/replica.ts", mode, setup.testDb.url], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}
const setup = dispatcherSetup(NOW);
const { clock, dispatcher } = setup;

const outgoing = (text: string, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: textMessage([{ type: "text", text }]),
  ...(key ? { key } : {}),
});

async function addMessages(count: number, from = 0) {
  for (let n = from; n < from + count; n += 1) {
    await setup.testDb.db.queueItem.create({
      data: {
        kind: "message",
        payload: JSON.stringify(outgoing(`m${n}`)),
        status: "pending",
        dueAt: NOW,
        createdAt: NOW,
      },
    });
  }
}

async function addJob(key: string, fields: { dueAt?: Date; leaseUntil?: Date } = {}): Promise<string> {
  const row = await setup.testDb.db.queueItem.create({
    data: {
      kind: "test",
      dedupeKey: key,
      payload: "{}",
      status: "pending",
      dueAt: NOW,
      createdAt: NOW,
      ...fields,
    },
    select: { id: true },
  });
  return String(row.id);
}

/** Records what it delivered, in order: `send:<text>` or `update:<text>`. */
class RecordingPort implements ChannelPort {
  readonly seen: string[] = [];
  readonly received: Outgoing[] = [];
  constructor(private readonly fail?: (outgoing: Outgoing) => Promise<DeliveryError | undefined>) {}
  async send(message: Outgoing): Promise<DeliveredRef> {
    await this.deliver("send", message);
    return { channelId: "C1", messageId: String(this.seen.length) };
  }
  async update(_ref: DeliveredRef, message: Outgoing): Promise<void> {
    await this.deliver("update", message);
  }
  private async deliver(how: string, message: Outgoing) {
    await new Promise((wait) => setImmediate(wait));
    const error = await this.fail?.(message);
    if (error) throw error;
    this.received.push(message);
    this.seen.push(`${how}:${plainMessage(message.message)}`);
  }
}

const texts = (port: RecordingPort) => port.seen.map((seen) => seen.replace(/^\w+:/, ""));

describe("job leases", () => {
  it("two replicas ticking at once run every due job exactly once, and leave messages alone", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 25; n += 1) ids.push(await addJob(`k${n}`));
    await addMessages(1);
    const runs = (await Promise.all([replica("jobs"), replica("jobs")])).flat();
    expect(runs.sort()).toEqual(ids.sort());
    expect(await setup.testDb.db.queueItem.count({ where: { kind: "test", status: "done" } })).toBe(25);
    expect(await setup.testDb.db.queueItem.count({ where: { kind: "message", status: "pending" } })).toBe(1);
  });

  it("a job claimed by a process that died runs again once its lease has expired; a future job waits", async () => {
    const crashed = await addJob("c", { leaseUntil: new Date(NOW.getTime() + 60_000) });
    await addJob("l", { dueAt: new Date(NOW.getTime() + 3_600_000) });
    const runs: string[] = [];
    const runner = new JobRunner(
      setup.testDb.db,
      { test: async (id) => void runs.push(id) },
      clock,
      silentLog,
    );
    await runner.tick();
    expect(runs).toEqual([]);
    clock.advance(10 * 60_000);
    await runner.tick();
    expect(runs).toEqual([crashed]);
  });

  it("hands the handler the payload as scheduled, and runs a job scheduled twice once", async () => {
    const store = new PrismaStore(setup.testDb.db);
    const job = {
      kind: "test",
      key: "meeting:m1:reminder",
      dueAt: NOW,
      payload: { meetingId: "m1", sequence: 2 },
    };
    await store.transaction((repos) => repos.jobs.schedule(job, NOW));
    await store.transaction((repos) => repos.jobs.schedule({ ...job, payload: { meetingId: "other" } }, NOW));
    const payloads: unknown[] = [];
    const runner = new JobRunner(
      setup.testDb.db,
      { test: async (_id, p) => void payloads.push(p) },
      clock,
      silentLog,
    );
    await runner.tick();
    expect(payloads).toEqual([{ meetingId: "m1", sequence: 2 }]);
  });

  it("retries a failing job with back-off and parks it when attempts run out", async () => {
    const id = Number(await addJob("b"));
    const runner = new JobRunner(
      setup.testDb.db,
      { test: async () => Promise.reject(new Error("boom")) },
      clock,
      silentLog,
    );
    await runner.tick();
    const row = await setup.testDb.db.queueItem.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "Error" });
    expect(row.dueAt.getTime() - NOW.getTime()).toBe(30_000);
    for (let attempt = 1; attempt < MAX_JOB_ATTEMPTS; attempt += 1) {
      clock.advance(60 * 60_000);
      await runner.tick();
    }
    expect(await setup.testDb.db.queueItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      attempts: MAX_JOB_ATTEMPTS,
    });
  });
});

describe("outbox delivery", () => {
  it("two dispatchers deliver every message exactly once, and leave jobs alone", async () => {
    await addMessages(30);
    await addJob("k");
    const sent = (await Promise.all([replica("outbox"), replica("outbox")])).flat();
    expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, n) => `m${n}`).sort());
    expect(await setup.testDb.db.queueItem.count({ where: { kind: "message", status: "done" } })).toBe(30);
    expect(await setup.testDb.db.queueItem.count({ where: { kind: "test", status: "pending" } })).toBe(1);
  });

  it("honours Retry-After on a rate limit, gives up on a permanent error, parks after the last attempt", async () => {
    await addMessages(1);
    await pass(
      dispatcher({ slack: new RecordingPort(async () => new DeliveryError("slack_rate_limited", true, 30)) }),
    );
    const row = await setup.testDb.db.queueItem.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "slack_rate_limited" });
    expect(row.dueAt.getTime() - NOW.getTime()).toBe(30_000);

    // Not due yet: nothing is sent before Retry-After has passed.
    const ok = new RecordingPort();
    const later = dispatcher({ slack: ok });
    await pass(later);
    expect(ok.seen).toEqual([]);
    clock.advance(30_000);
    await pass(later);
    expect(ok.seen).toEqual(["send:m0"]);

    await addMessages(1, 1);
    await pass(
      dispatcher({
        slack: new RecordingPort(async () => new DeliveryError("slack_channel_not_found", false)),
      }),
    );
    expect(await setup.testDb.db.queueItem.count({ where: { status: "failed" } })).toBe(1);

    await addMessages(1, 2);
    const flaky = dispatcher({
      slack: new RecordingPort(async () => new DeliveryError("slack_request_error", true)),
    });
    for (let attempt = 0; attempt < MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      await pass(flaky);
      clock.advance(60 * 60_000);
    }
    const parked = await setup.testDb.db.queueItem.findMany({
      where: { status: "failed" },
      orderBy: { id: "asc" },
    });
    expect(parked.map((p) => [p.lastError, p.attempts])).toEqual([
      ["slack_channel_not_found", 1],
      ["slack_request_error", MAX_DELIVERY_ATTEMPTS],
    ]);
  });

  it("holds a message for a channel that is off (kept, not failed), and parks one that no model reads", async () => {
    await setup.testDb.db.queueItem.createMany({
      data: [
        {
          kind: "message",
          payload: JSON.stringify({
            ...outgoing("x"),
            target: { kind: "email", to: "a@example.org", locale: "it" },
          }),
          status: "pending",
          dueAt: NOW,
          createdAt: NOW,
        },
        { kind: "message", payload: '{"target":{}}', status: "pending", dueAt: NOW, createdAt: NOW },
      ],
    });
    await pass(dispatcher({ slack: new RecordingPort() }));
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["held", "email_off"],
      ["failed", "unreadable_payload"],
    ]);
  });

  it("delivers a retry when it is due, without waiting for a tick", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await addMessages(1);
    let failures = 1;
    const port = new RecordingPort(async () =>
      failures-- > 0 ? new DeliveryError("slack_rate_limited", true, 5) : undefined,
    );
    const d = dispatcher({ slack: port });
    await pass(d);
    expect(port.seen).toEqual([]);
    clock.advance(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await d.idle();
    expect(port.seen).toEqual(["send:m0"]);
  });
});

describe("keyed messages", () => {
  it("never deliver an older version after a newer one: the newer waits while the older is leased, the older is dropped once its lease ran out", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([outgoing("v1", KEY)], NOW));
    // Another replica holds v1 (and then dies): v2, queued meanwhile, does not supersede it.
    await setup.testDb.db.queueItem.updateMany({
      data: { leaseUntil: new Date(NOW.getTime() + 60_000), leaseOwner: "other" },
    });
    await store.transaction((repos) => repos.outbox.enqueue([outgoing("v2", KEY)], NOW));
    const port = new RecordingPort();
    const d = dispatcher({ slack: port });
    await pass(d);
    expect(port.seen).toEqual([]);
    clock.advance(2 * 60_000);
    await pass(d);
    // The dead holder's call may land yet: v1 is not sent again after it, v2 carries the state.
    expect(port.seen).toEqual(["send:v2"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["superseded", "done"]);
  });

  it("supersede a version that fails while a newer one was queued, instead of retrying it", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([outgoing("v1", KEY)], NOW));
    const port = new RecordingPort(async (message) => {
      if (plainMessage(message.message) !== "v1") return undefined;
      await store.transaction((repos) => repos.outbox.enqueue([outgoing("v2", KEY)], NOW));
      return new DeliveryError("slack_request_error", true);
    });
    await pass(dispatcher({ slack: port }));
    expect(texts(port)).toEqual(["v2"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["superseded", 1],
      ["done", 0],
    ]);
  });
});

describe("keyed messages, across processes", () => {
  it("never deliver a retried older version after a newer one went out meanwhile", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([outgoing("v1", KEY)], NOW));
    // v1 fails; right after the dispatcher found no newer version, and while it still holds v1
    // (so v1 is not superseded), a click queues v2 — which then goes out before v1's retry.
    let queued = false;
    const racing = setup.testDb.db.$extends({
      query: {
        queueItem: {
          async findFirst({ args, query }) {
            const found = await query(args);
            if (!queued && args.where?.messageKey === KEY) {
              queued = true;
              await store.transaction((repos) => repos.outbox.enqueue([outgoing("v2", KEY)], NOW));
            }
            return found;
          },
        },
      },
    });
    let failures = 0;
    const port = new RecordingPort(async (message) => {
      if (plainMessage(message.message) !== "v1" || failures > 0) return undefined;
      failures += 1;
      return new DeliveryError("slack_request_error", true);
    });
    const d = dispatcher({ slack: port }, { db: racing as unknown as Db });
    await pass(d);
    await pass(d);
    expect(queued).toBe(true);
    expect(texts(port)).toEqual(["v2"]);
    clock.advance(60_000);
    await pass(d);
    expect(texts(port)).toEqual(["v2"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["superseded", "done"]);
  });

  it("read on past a window of messages another process holds", async () => {
    // A crashed process held the first batch; what was queued after it still goes out.
    await addMessages(25);
    await setup.testDb.db.queueItem.updateMany({
      where: { id: { lte: 20 } },
      data: { leaseUntil: new Date(NOW.getTime() + 60_000), leaseOwner: "crashed" },
    });
    const port = new RecordingPort();
    await pass(dispatcher({ slack: port }));
    expect(texts(port)).toEqual(["m20", "m21", "m22", "m23", "m24"]);
  });

  it("are not taken by one process after another put them back for a later try", async () => {
    await addMessages(1);
    // Between this process's read and its claim, another one tries the message and puts it back
    // for a later try (free again, but not due).
    let raced = false;
    const racing = setup.testDb.db.$extends({
      query: {
        queueItem: {
          async updateMany({ args, query }) {
            if (!raced) {
              raced = true;
              await setup.testDb.db.queueItem.updateMany({
                data: { dueAt: new Date(NOW.getTime() + 30_000) },
              });
            }
            return query(args);
          },
        },
      },
    });
    const port = new RecordingPort();
    const d = dispatcher({ slack: port }, { db: racing as unknown as Db });
    await pass(d);
    expect(raced).toBe(true);
    expect(port.seen).toEqual([]);
  });
});

describe("messages queued by the previous release", () => {
  it("are read in the old model and delivered", async () => {
    const legacy = (payload: unknown) => ({
      kind: "message",
      payload: JSON.stringify(payload),
      status: "pending",
      dueAt: NOW,
      createdAt: NOW,
    });
    await setup.testDb.db.queueItem.createMany({
      data: [
        legacy({
          target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
          message: {
            text: "Nuova riunione",
            blocks: [
              { type: "text", text: "*FAM-2026-014*: <@U1|Maria Rossi> e <@U2> <risposta> 2*3" },
              { type: "context", text: "Scadenza domani" },
              {
                type: "actions",
                buttons: [
                  { actionId: "poll.answer", value: "m1:1", label: "Sì", style: "primary", selected: true },
                ],
              },
              { type: "link", label: "Apri", url: "https://equipe.example.org/p/abc" },
              { type: "divider" },
            ],
            attachments: [],
          },
          key: KEY,
        }),
        legacy({
          target: { kind: "email", to: "elena@comune.example", subject: "Invito: équipe FAM-2026-014" },
          message: {
            text: "Sei invitata.",
            blocks: [],
            attachments: [
              { filename: "invito.ics", mimeType: "text/calendar; method=REQUEST", content: "BEGIN" },
            ],
          },
        }),
      ],
    });
    const slack = new RecordingPort();
    const email = new RecordingPort();
    await pass(dispatcher({ slack, email }));
    expect(slack.received).toEqual([
      {
        target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
        key: KEY,
        delivery: expect.stringMatching(/^\d+\.\d+$/),
        message: {
          attachments: [],
          blocks: [
            {
              type: "text",
              content: [
                { type: "text", text: "FAM-2026-014", strong: true },
                { type: "text", text: ": " },
                {
                  type: "mention",
                  name: "Maria Rossi",
                  user: { platform: "slack", workspaceId: "T1", userId: "U1" },
                },
                { type: "text", text: " e " },
                { type: "mention", name: "U2", user: { platform: "slack", workspaceId: "T1", userId: "U2" } },
                { type: "text", text: " <risposta> 2*3" },
              ],
            },
            { type: "note", content: [{ type: "text", text: "Scadenza domani" }] },
            {
              type: "actions",
              buttons: [
                { action: "poll.answer", value: "m1:1", label: "Sì", style: "primary", selected: true },
              ],
            },
            { type: "link", label: "Apri", url: "https://equipe.example.org/p/abc" },
            { type: "divider" },
          ],
        },
      },
    ]);
    expect(email.received).toEqual([
      {
        target: { kind: "email", to: "elena@comune.example", locale: "it" },
        delivery: expect.stringMatching(/^\d+\.\d+$/),
        message: {
          summary: [{ type: "text", text: "Invito: équipe FAM-2026-014" }],
          blocks: [{ type: "text", content: [{ type: "text", text: "Sei invitata." }] }],
          attachments: [
            { filename: "invito.ics", mimeType: "text/calendar; method=REQUEST", content: "BEGIN" },
          ],
        },
      },
    ]);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(2);
  });
});

describe("a lease renewed", () => {
  it("is extended only while still this process's, as it was claimed", async () => {
    await addMessages(2);
    const queue = new LeasedQueue(setup.testDb.db, "messages", 60_000);
    const [first, second] = await queue.claim(NOW);
    if (first === undefined || second === undefined) throw new Error("two rows claimed");
    const later = new Date(NOW.getTime() + 45_000);
    expect(await queue.renew(first, later)).toBe(true);
    expect(first.leaseUntil.toISOString()).toBe("2026-11-23T09:01:45.000Z");
    const row = await setup.testDb.db.queueItem.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.leaseUntil?.toISOString()).toBe("2026-11-23T09:01:45.000Z");
    // Renewed again from the lease it now holds: the lease it read is the one in the row.
    expect(await queue.renew(first, new Date(later.getTime() + 1_000))).toBe(true);
    // Another process took the second over meanwhile (its lease had ended, say): not ours to extend.
    await setup.testDb.db.queueItem.update({
      where: { id: second.id },
      data: { leaseOwner: "another:1", leaseUntil: new Date(NOW.getTime() + 90_000) },
    });
    expect(await queue.renew(second, later)).toBe(false);
    const taken = await setup.testDb.db.queueItem.findUniqueOrThrow({ where: { id: second.id } });
    expect(taken.leaseOwner).toBe("another:1");
    expect(taken.leaseUntil?.toISOString()).toBe("2026-11-23T09:01:30.000Z");
  });
});
