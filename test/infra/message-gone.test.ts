import { describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { LeasedQueue } from "../../src/infra/leased-queue.ts";
import { type OutboxDispatcher, RATE_LIMITED } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { ChannelPort, Outgoing } from "../../src/ports/channel.ts";
import { dispatcherSetup, pass } from "../support/dispatcher-setup.ts";
import { slackPortSetup } from "../support/slack-port.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const KEY = "poll:m1:channel:C1";

const setup = dispatcherSetup(NOW);
const slack = slackPortSetup();

const version = (text: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
  message: textMessage([{ type: "text", text }]),
  key: KEY,
});

async function enqueue(message: Outgoing): Promise<void> {
  await new PrismaStore(setup.testDb.db).transaction((repos) =>
    repos.outbox.enqueue([message], setup.clock.now()),
  );
}

/** chat.update's next answer: the message it names was deleted. */
const deletedNext = () =>
  slack.api.failNext("chat.update", () => ({ body: { ok: false, error: "message_not_found" } }));

/** Every post and update, as `post:<text>` or `update:<ts>:<text>`. */
const calls = () =>
  slack.api.calls
    .filter((call) => call.method === "chat.postMessage" || call.method === "chat.update")
    .map((call) =>
      call.method === "chat.postMessage"
        ? `post:${String(call.args.text)}`
        : `update:${String(call.args.ts)}:${String(call.args.text)}`,
    );

const postedTs = (n: number) =>
  String((slack.api.callsTo("chat.postMessage")[n]?.response as { ts?: unknown } | undefined)?.ts);

/** The first version, posted by `dispatcher`: its post's ts. */
async function postFirst(dispatcher: OutboxDispatcher): Promise<string> {
  await enqueue(version("1 su 3"));
  await pass(dispatcher);
  return postedTs(0);
}

/** An administrator deletes the post; the next version, `text`, goes through `dispatcher`. */
async function nextAfterDeletion(text: string, dispatcher: OutboxDispatcher): Promise<void> {
  deletedNext();
  await enqueue(version(text));
  await pass(dispatcher);
}

const ref = () => setup.testDb.db.messageRef.findUniqueOrThrow({ where: { key: KEY } });
const unfinished = () =>
  setup.testDb.db.queueItem.count({ where: { status: { notIn: ["done", "superseded"] } } });

describe("a keyed message whose post was deleted on the platform", () => {
  it("is posted anew by its next version, which its later versions then update", async () => {
    const dispatcher = setup.dispatcher({ slack: slack.port });
    const first = await postFirst(dispatcher);

    // An administrator deletes the post: the next version cannot update it.
    await nextAfterDeletion("2 su 3", dispatcher);
    const second = postedTs(1);
    expect(second).not.toBe(first);
    expect(await ref()).toMatchObject({ channelId: "C1", messageId: second });
    expect(await unfinished()).toBe(0);

    await enqueue(version("3 su 3"));
    await pass(dispatcher);
    expect(calls()).toEqual([
      "post:1 su 3",
      `update:${first}:2 su 3`,
      "post:2 su 3",
      `update:${second}:3 su 3`,
    ]);
    expect(await unfinished()).toBe(0);
  });

  it("replaces the post another replica made anew when that one was deleted too, with no attempt lost", async () => {
    const dispatcher = setup.dispatcher({ slack: slack.port });
    const first = await postFirst(dispatcher);
    // Another replica moved the key to a post of its own, deleted since as well.
    await setup.testDb.db.messageRef.update({
      where: { key: KEY },
      data: { messageId: "1700000999.000001" },
    });
    deletedNext();
    await nextAfterDeletion("2 su 3", dispatcher);
    expect(calls()).toEqual([
      "post:1 su 3",
      `update:${first}:2 su 3`,
      "update:1700000999.000001:2 su 3",
      "post:2 su 3",
    ]);
    expect(await ref()).toMatchObject({ messageId: postedTs(1) });
    expect(await setup.testDb.db.queueItem.findMany({ select: { status: true, attempts: true } })).toEqual([
      { status: "done", attempts: 0 },
      { status: "done", attempts: 0 },
    ]);
  });

  it("leaves the key where another replica moved it while this one posted", async () => {
    // Between this post and its record, another replica points the key at a post of its own.
    const racing: ChannelPort = {
      send: async (outgoing, extra) => {
        const posted = await slack.port.send(outgoing, extra);
        await setup.testDb.db.messageRef.updateMany({ where: { key: KEY }, data: { messageId: "theirs" } });
        return posted;
      },
      update: (to, outgoing) => slack.port.update(to, outgoing),
      limits: (outgoing, updating) => slack.port.limits(outgoing, updating),
    };
    await postFirst(setup.dispatcher({ slack: slack.port }));
    await nextAfterDeletion("2 su 3", setup.dispatcher({ slack: racing }));
    expect(await ref()).toMatchObject({ messageId: "theirs" });
  });

  it("waits, with no attempt counted, while a 429 keeps posting closed", async () => {
    const dispatcher = setup.dispatcher({ slack: slack.port });
    await postFirst(dispatcher);
    await setup.testDb.db.rateLimit.create({
      data: { bucket: "slack:T1:chat.postMessage", until: new Date(NOW.getTime() + 30_000) },
    });
    await nextAfterDeletion("2 su 3", dispatcher);
    expect(slack.api.callsTo("chat.postMessage")).toHaveLength(1);
    const waiting = await setup.testDb.db.queueItem.findFirstOrThrow({ where: { status: "pending" } });
    expect(waiting).toMatchObject({ attempts: 0, lastError: RATE_LIMITED });
    expect(waiting.dueAt.getTime() - NOW.getTime()).toBe(30_000);
    setup.clock.advance(30_000);
    deletedNext();
    await pass(dispatcher);
    expect(calls().at(-1)).toBe("post:2 su 3");
    expect(await unfinished()).toBe(0);
  });

  it("is not posted by a replica whose lease ran out while it found the post gone", async () => {
    // This replica's update is answered so late that its lease runs out, and another replica
    // takes the row over meanwhile: that one will post it, this one must not.
    let takenOver = 0;
    const slow: ChannelPort = {
      send: (outgoing, extra) => slack.port.send(outgoing, extra),
      update: async (to, outgoing) => {
        const answered = slack.port.update(to, outgoing);
        // Its answer (the post is gone) is read once the other replica has the row.
        answered.catch(() => undefined);
        setup.clock.advance(61_000);
        takenOver = (await new LeasedQueue(setup.testDb.db, "messages", 60_000).claim(setup.clock.now()))
          .length;
        return answered;
      },
      limits: (outgoing, updating) => slack.port.limits(outgoing, updating),
    };
    await postFirst(setup.dispatcher({ slack: slack.port }));
    deletedNext();
    await enqueue(version("2 su 3"));
    const said: string[] = [];
    await pass(setup.dispatcher({ slack: slow }, { log: (event) => void said.push(event) }));
    expect(takenOver).toBe(1);
    // Nothing of the row is this replica's any more: no failure, no retry, only the lease lost.
    expect(said.filter((event) => event !== "outbox.delivered" && !event.startsWith("outbox.pass"))).toEqual([
      "outbox.leaseLost",
    ]);
    expect(slack.api.callsTo("chat.postMessage").map((call) => call.args.text)).toEqual(["1 su 3"]);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "pending" } })).toBe(1);
  });

  it("is not posted twice when another replica posted it anew already", async () => {
    const one = setup.dispatcher({ slack: slack.port });
    const other = setup.dispatcher({ slack: slack.port });
    const first = await postFirst(one);
    // `one` remembers the first post; `other` finds it deleted and posts anew.
    await nextAfterDeletion("2 su 3", other);
    const second = postedTs(1);

    // `one`, still remembering the deleted post, reads where the key lives now and updates that.
    await nextAfterDeletion("3 su 3", one);
    expect(calls()).toEqual([
      "post:1 su 3",
      `update:${first}:2 su 3`,
      "post:2 su 3",
      `update:${first}:3 su 3`,
      `update:${second}:3 su 3`,
    ]);
    expect(await ref()).toMatchObject({ messageId: second });
    expect(await unfinished()).toBe(0);
  });
});
