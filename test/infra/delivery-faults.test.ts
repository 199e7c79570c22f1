import { describe, expect, it, vi } from "vitest";
import { toDeliveryError as teamsError } from "../../adapters/teams/errors.ts";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Db } from "../../src/infra/db.ts";
import { RATE_LIMITED } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import {
  type ChannelPort,
  type DeliveredRef,
  DeliveryError,
  type ExtraCalls,
  type Outgoing,
} from "../../src/ports/channel.ts";
import { dispatcherSetup, pass } from "../support/dispatcher-setup.ts";
import { slackPortSetup } from "../support/slack-port.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const KEY = "poll:m1:channel:C1";

const setup = dispatcherSetup(NOW);
const { clock, dispatcher } = setup;

const post = (text: string, workspaceId = "T1", channelId = "C1", key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId, channelId },
  message: textMessage([{ type: "text", text }]),
  ...(key ? { key } : {}),
});

async function enqueue(...messages: Outgoing[]): Promise<void> {
  await new PrismaStore(setup.testDb.db).transaction((repos) => repos.outbox.enqueue(messages, clock.now()));
}

/** Records what it delivered: `send:<text>` or `update:<text>`. */
/** The messages still pending, in order: their attempts, how long after NOW they are due, why. */
async function pendingRows(): Promise<[number, number, string | null][]> {
  const rows = await setup.testDb.db.queueItem.findMany({
    where: { status: "pending" },
    orderBy: { id: "asc" },
    select: { attempts: true, dueAt: true, lastError: true },
  });
  return rows.map((row) => [row.attempts, row.dueAt.getTime() - NOW.getTime(), row.lastError]);
}

class RecordingPort implements ChannelPort {
  readonly seen: string[] = [];
  constructor(private readonly onSend?: (text: string) => Promise<DeliveredRef | undefined>) {}
  async send(message: Outgoing): Promise<DeliveredRef | undefined> {
    const text = plainMessage(message.message);
    this.seen.push(`send:${text}`);
    return (await this.onSend?.(text)) ?? { channelId: "C1", messageId: String(this.seen.length) };
  }
  async update(_ref: DeliveredRef, message: Outgoing): Promise<void> {
    this.seen.push(`update:${plainMessage(message.message)}`);
  }
}

describe("rate limits", () => {
  const slack = slackPortSetup({ rejectRateLimitedCalls: true });

  const posted = () =>
    slack.api
      .callsTo("chat.postMessage")
      .map((call) => `${String(call.args.channel)}:${String(call.args.text)}`);

  it("after a 429, no call of that method for that workspace until Retry-After has passed, in any replica; other methods and workspaces go on", async () => {
    let refused = 0;
    slack.api.failNext("chat.postMessage", () => {
      refused += 1;
      return { status: 429, headers: { "retry-after": "30" }, body: { ok: false, error: "ratelimited" } };
    });
    // A keyed message already delivered once: its next version is a chat.update, another method.
    await setup.testDb.db.messageRef.create({
      data: { key: KEY, platform: "slack", channelId: "C1", messageId: "1.1" },
    });
    await enqueue(
      post("first", "T1", "C1"),
      post("second", "T1", "C2"),
      post("third", "T1", "C3"),
      post("elsewhere", "T2", "C9"),
      post("2 su 3", "T1", "C1", KEY),
    );
    await pass(dispatcher({ slack: slack.port }));
    expect(refused).toBe(1);
    expect(posted()).toEqual(["C9:elsewhere"]);
    expect(slack.api.callsTo("chat.update").map((call) => call.args.text)).toEqual(["2 su 3"]);
    // The others wait the window out, without a call and without an attempt counted.
    expect(await pendingRows()).toEqual([
      [1, 30_000, "slack_rate_limited"],
      [0, 30_000, RATE_LIMITED],
      [0, 30_000, RATE_LIMITED],
    ]);

    // Another replica, within the window: a new message for the same workspace waits too.
    clock.advance(10_000);
    await enqueue(post("fourth", "T1", "C4"));
    await pass(dispatcher({ slack: slack.port }));
    expect(posted()).toEqual(["C9:elsewhere"]);

    clock.advance(20_000);
    await pass(dispatcher({ slack: slack.port }));
    // Four conversations: delivered side by side, in no set order between them.
    expect(posted().slice(1).sort()).toEqual(["C1:first", "C2:second", "C3:third", "C4:fourth"]);
  });

  it("a remembered DM channel found gone is opened again only when conversations.open's window has passed", async () => {
    const direct = (text: string, userId: string): Outgoing => ({
      target: { kind: "direct", platform: "slack", workspaceId: "T1", userId },
      message: textMessage([{ type: "text", text }]),
    });
    const opened = () => slack.api.callsTo("conversations.open").map((call) => String(call.args.users));
    const d = dispatcher({ slack: slack.port });
    // U1's DM channel is remembered; then conversations.open is answered 429 for U2's first message.
    await enqueue(direct("one", "U1"));
    await pass(d);
    let refused = 0;
    slack.api.failNext("conversations.open", () => {
      refused += 1;
      return { status: 429, headers: { "retry-after": "30" }, body: { ok: false, error: "ratelimited" } };
    });
    await enqueue(direct("hello", "U2"));
    await pass(d);
    expect([opened(), refused]).toEqual([["U1"], 1]);
    // U1's channel is gone now: opening it again is a call in the closed bucket, so none is made.
    slack.api.failNext("chat.postMessage", () => ({ body: { ok: false, error: "channel_not_found" } }));
    clock.advance(10_000);
    await enqueue(direct("two", "U1"));
    await pass(d);
    expect([opened(), refused]).toEqual([["U1"], 1]);
    expect(await pendingRows()).toEqual([
      [1, 30_000, "slack_rate_limited"],
      [0, 30_000, RATE_LIMITED],
    ]);
    clock.advance(20_000);
    await pass(d);
    expect(opened().sort()).toEqual(["U1", "U1", "U2"]);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(3);
  });

  it("a call a port asks for once its delivery is over holds no bucket: the next call of it goes", async () => {
    // A port that gave up at its deadline (Teams) may still be at work, and ask for a call later.
    let lateCalls: ExtraCalls | undefined;
    let lateAnswer: unknown;
    const sent: string[] = [];
    const port: ChannelPort = {
      async limits(outgoing) {
        if (plainMessage(outgoing.message) === "second") {
          // The first message's delivery is over by now: its late call is refused.
          lateAnswer = await lateCalls?.enter(["slow"]).then(
            () => "entered",
            (error: unknown) => (error instanceof Error ? error.message : "refused"),
          );
          return ["slow"];
        }
        return ["own"];
      },
      async send(outgoing, calls) {
        const text = plainMessage(outgoing.message);
        if (text === "first") {
          lateCalls = calls;
          // Its own bucket again: already held, let through at once rather than waited for.
          await calls?.enter(["own"]);
          throw new DeliveryError("teams_deadline", true);
        }
        sent.push(text);
        return { channelId: "C1", messageId: text };
      },
      async update() {},
    };
    await enqueue(post("first"), post("second"));
    await pass(dispatcher({ slack: port }));
    expect(lateAnswer).toBe("delivery_over");
    expect(sent).toEqual(["second"]);
  });

  it("name the bucket a Teams 429 applies to, with its Retry-After", () => {
    const error = teamsError(
      { statusCode: 429, response: { headers: { get: () => "7" } } },
      false,
      "teams:tenant:conv:send",
    );
    expect([error.retryable, error.retryAfterSeconds, error.limit]).toEqual([
      true,
      7,
      "teams:tenant:conv:send",
    ]);
    // Another failure closes no bucket.
    expect(teamsError({ statusCode: 502 }, false, "teams:tenant:conv:send").limit).toBeUndefined();
  });
});

describe("retries when due", () => {
  it("a message a dead process held goes out when its lease ends, not at the next tick", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await enqueue(post("held"));
    await setup.testDb.db.queueItem.updateMany({
      data: { leaseUntil: new Date(NOW.getTime() + 60_000), leaseOwner: "crashed" },
    });
    const port = new RecordingPort();
    const d = dispatcher({ slack: port });
    await pass(d);
    expect(port.seen).toEqual([]);
    clock.advance(60_001);
    await vi.advanceTimersByTimeAsync(60_001);
    await d.idle();
    expect(port.seen).toEqual(["send:held"]);
  });

  it("a pass the database failed is tried again soon, not at the next tick", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await enqueue(post("after the fault"));
    let failing = true;
    const flaky = setup.testDb.db.$extends({
      query: {
        queueItem: {
          async findMany({ args, query }) {
            if (failing) {
              failing = false;
              throw new Error("database is locked");
            }
            return query(args);
          },
        },
      },
    });
    const port = new RecordingPort();
    const d = dispatcher({ slack: port }, { db: flaky as unknown as Db });
    await pass(d);
    expect(port.seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    await d.idle();
    expect(port.seen).toEqual(["send:after the fault"]);
  });
});

describe("idempotency", () => {
  it("every try of one queued message carries the same delivery id, another message another", async () => {
    await enqueue(post("once"), post("other"));
    const ids: (string | undefined)[] = [];
    let failures = 1;
    const port: ChannelPort = {
      async send(outgoing) {
        ids.push(outgoing.delivery);
        if (failures-- > 0) throw new DeliveryError("smtp_451", true);
        return undefined;
      },
      async update() {},
    };
    const d = dispatcher({ slack: port });
    await pass(d);
    clock.advance(60_000);
    await pass(d);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[1]).not.toBe(ids[0]);
  });
});

describe("leases", () => {
  it("a row whose lease ran out while its batch waited behind slow calls is left to the process that took it over", async () => {
    await enqueue(post("first"), post("second"));
    const port = new RecordingPort(async (text) => {
      if (text !== "first") return undefined;
      // A slow call: the batch's lease runs out, and another process takes the second row.
      clock.advance(70_000);
      const second = await setup.testDb.db.queueItem.findFirstOrThrow({ orderBy: { id: "desc" } });
      await setup.testDb.db.queueItem.updateMany({
        where: { id: second.id },
        data: { leaseOwner: "other", leaseUntil: new Date(clock.now().getTime() + 60_000) },
      });
      return undefined;
    });
    await pass(dispatcher({ slack: port }));
    expect(port.seen).toEqual(["send:first"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.leaseOwner])).toEqual([
      ["done", expect.any(String)],
      ["pending", "other"],
    ]);
  });
});

describe("keyed messages", () => {
  it("keep the first reference: a stale holder's older post never replaces the newer one's", async () => {
    await enqueue(post("1 su 3", "T1", "C1", KEY));
    const port = new RecordingPort(async () => {
      // While this call was slow, another process took the message over and posted version 2.
      await setup.testDb.db.messageRef.create({
        data: { key: KEY, platform: "slack", channelId: "C1", messageId: "newer" },
      });
      return { channelId: "C1", messageId: "older" };
    });
    await pass(dispatcher({ slack: port }));
    const ref = await setup.testDb.db.messageRef.findUniqueOrThrow({ where: { key: KEY } });
    expect(ref.messageId).toBe("newer");
  });

  it("a 429 on a version superseded meanwhile still closes its bucket", async () => {
    const port: ChannelPort = {
      async limits(outgoing) {
        return outgoing.target.kind === "email" ? [] : [`test:${outgoing.target.workspaceId}:post`];
      },
      async send(outgoing) {
        if (plainMessage(outgoing.message) === "v1") {
          await enqueue(post("v2", "T1", "C1", KEY));
          throw new DeliveryError("limited", true, 5, false, "test:T1:post");
        }
        return { channelId: "C1", messageId: "1" };
      },
      async update() {},
    };
    await enqueue(post("v1", "T1", "C1", KEY));
    await pass(dispatcher({ slack: port }));
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.dueAt.getTime() - NOW.getTime()])).toEqual([
      ["superseded", 0],
      ["pending", 5_000],
    ]);
  });
});
