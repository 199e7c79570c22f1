import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { silentLog } from "../../src/infra/log.ts";
import { OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { purgeServed } from "../../src/infra/purge.ts";
import type { ChannelPort, Outgoing } from "../../src/ports/channel.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { FakeClock } from "../support/fakes.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const outgoing = (text: string, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: textMessage([{ type: "text", text }]),
  ...(key ? { key } : {}),
});

/** A queue row as a past run left it; its name is its body's text. */
async function row(
  name: string,
  fields: { status: string; createdAt: Date; key?: string; kind?: string; attempts?: number },
): Promise<void> {
  await testDb.db.queueItem.create({
    data: {
      kind: fields.kind ?? "message",
      ...(fields.kind ? { dedupeKey: name } : {}),
      messageKey: fields.key ?? null,
      payload: JSON.stringify(outgoing(name, fields.key)),
      status: fields.status,
      attempts: fields.attempts ?? 0,
      dueAt: fields.createdAt,
      createdAt: fields.createdAt,
    },
  });
}

async function names(): Promise<string[]> {
  const rows = await testDb.db.queueItem.findMany({ orderBy: { id: "asc" }, select: { payload: true } });
  return rows.map((r) =>
    r.payload.startsWith("{") ? plainMessage(JSON.parse(r.payload).message) : r.payload,
  );
}

describe("the purge", () => {
  it("removes what has served its purpose, and nothing still needed", async () => {
    await testDb.db.processedDelivery.createMany({
      data: [
        { key: "slack:event:old", createdAt: ago(2 * DAY) },
        { key: "slack:event:recent", createdAt: ago(60 * 60_000) },
      ],
    });
    await testDb.db.rateLimit.createMany({
      data: [
        { bucket: "slack:T1:chat.postMessage", until: ago(1_000) },
        { bucket: "slack:T1:chat.update", until: new Date(NOW.getTime() + 30_000) },
      ],
    });
    await row("delivered two hours ago", { status: "done", createdAt: ago(2 * HOUR) });
    await row("delivered just now", { status: "done", createdAt: ago(60_000) });
    await row("count v1", { status: "superseded", createdAt: ago(3 * HOUR), key: "k1" });
    await row("count v2", { status: "done", createdAt: ago(2 * HOUR), key: "k1" });
    // An older version still waiting (its channel was off): the newer, delivered one must stay,
    // or this one would go out after it and show an older state.
    await row("waiting v1", { status: "pending", createdAt: ago(10 * DAY), key: "k2", attempts: 1 });
    await row("waiting v2", { status: "done", createdAt: ago(9 * DAY), key: "k2" });
    // A newer version waiting does not need the older, delivered one.
    await row("older done", { status: "done", createdAt: ago(9 * DAY), key: "k3" });
    await row("newer held", { status: "held", createdAt: ago(9 * DAY), key: "k3" });
    await row("failed last week", { status: "failed", createdAt: ago(8 * DAY) });
    await row("failed long ago", { status: "failed", createdAt: ago(31 * DAY) });
    await row("held long ago", { status: "held", createdAt: ago(40 * DAY) });
    // Jobs (times are when each was due): finished a month ago, they go; still to run, never.
    await row("job long done", { status: "done", createdAt: ago(40 * DAY), kind: "poll.reminder" });
    await row("job cancelled long ago", {
      status: "cancelled",
      createdAt: ago(31 * DAY),
      kind: "poll.deadline",
    });
    await row("job failed long ago", {
      status: "failed",
      createdAt: ago(31 * DAY),
      kind: "meeting.reminder",
    });
    await row("job done last week", { status: "done", createdAt: ago(7 * DAY), kind: "poll.reminder" });
    await row("job cancelled last week", {
      status: "cancelled",
      createdAt: ago(29 * DAY),
      kind: "poll.deadline",
    });
    await row("job overdue, still to run", {
      status: "pending",
      createdAt: ago(40 * DAY),
      kind: "poll.reminder",
    });

    const counts = await purgeServed(testDb.db, NOW);

    expect(counts).toEqual({ deliveries: 1, messages: 5, jobs: 3, rateLimits: 1 });
    expect(await names()).toEqual([
      "delivered just now",
      "waiting v1",
      "waiting v2",
      "newer held",
      "failed last week",
      "held long ago",
      "job done last week",
      "job cancelled last week",
      "job overdue, still to run",
    ]);
    expect((await testDb.db.processedDelivery.findMany()).map((d) => d.key)).toEqual(["slack:event:recent"]);
    expect((await testDb.db.rateLimit.findMany()).map((r) => r.bucket)).toEqual(["slack:T1:chat.update"]);

    // The waiting older version meets its newer one and is dropped, never sent.
    const sent: string[] = [];
    const port: ChannelPort = {
      async send(message) {
        sent.push(plainMessage(message.message));
        return { channelId: "C1", messageId: "1" };
      },
      async update(_ref, message) {
        sent.push(plainMessage(message.message));
      },
    };
    const dispatcher = new OutboxDispatcher(testDb.db, { slack: port }, new FakeClock(NOW), silentLog);
    dispatcher.kick();
    await dispatcher.idle();
    dispatcher.stop();
    expect(sent).toEqual([]);
    expect(await testDb.db.queueItem.count({ where: { messageKey: "k2", status: "superseded" } })).toBe(1);
  });

  it("finished jobs go in slices, and a job whose key may have gone with them is never scheduled again", async () => {
    const store = new PrismaStore(testDb.db);
    // More than one slice of finished jobs.
    await testDb.db.queueItem.createMany({
      data: Array.from({ length: 1_201 }, (_, i) => ({
        kind: "poll.reminder",
        dedupeKey: `meeting:m${i}:poll-reminder`,
        payload: "{}",
        status: "done",
        dueAt: ago(45 * DAY),
        createdAt: ago(50 * DAY),
      })),
    });
    expect((await purgeServed(testDb.db, NOW)).jobs).toBe(1_201);
    expect(await testDb.db.queueItem.count()).toBe(0);

    // The same job scheduled again (a unit run again, a retry): its row is gone, and it does not
    // come back to run a second time, a month and a half late.
    const again = {
      kind: "poll.reminder",
      key: "meeting:m0:poll-reminder",
      dueAt: ago(45 * DAY),
      payload: {},
    };
    await store.transaction((repos) => repos.jobs.schedule(again, NOW));
    expect(await testDb.db.queueItem.count()).toBe(0);
    // Within the month, a late job is scheduled as before, once.
    const late = {
      kind: "poll.reminder",
      key: "meeting:m9:poll-reminder",
      dueAt: ago(29 * DAY),
      payload: {},
    };
    await store.transaction((repos) => repos.jobs.schedule(late, NOW));
    await store.transaction((repos) => repos.jobs.schedule(late, NOW));
    expect(await testDb.db.queueItem.count({ where: { dedupeKey: late.key, status: "pending" } })).toBe(1);
  });
});
