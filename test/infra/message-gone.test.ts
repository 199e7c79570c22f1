import { describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { Outgoing } from "../../src/ports/channel.ts";
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

const ref = () => setup.testDb.db.messageRef.findUniqueOrThrow({ where: { key: KEY } });
const unfinished = () =>
  setup.testDb.db.queueItem.count({ where: { status: { notIn: ["done", "superseded"] } } });

describe("a keyed message whose post was deleted on the platform", () => {
  it("is posted anew by its next version, which its later versions then update", async () => {
    const dispatcher = setup.dispatcher({ slack: slack.port });
    await enqueue(version("1 su 3"));
    await pass(dispatcher);
    const first = postedTs(0);

    // An administrator deletes the post: the next version cannot update it.
    deletedNext();
    await enqueue(version("2 su 3"));
    await pass(dispatcher);
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

  it("is not posted twice when another replica posted it anew already", async () => {
    const one = setup.dispatcher({ slack: slack.port });
    const other = setup.dispatcher({ slack: slack.port });
    await enqueue(version("1 su 3"));
    await pass(one);
    const first = postedTs(0);
    // `one` remembers the first post; `other` finds it deleted and posts anew.
    deletedNext();
    await enqueue(version("2 su 3"));
    await pass(other);
    const second = postedTs(1);

    // `one`, still remembering the deleted post, reads where the key lives now and updates that.
    deletedNext();
    await enqueue(version("3 su 3"));
    await pass(one);
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
