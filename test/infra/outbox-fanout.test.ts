import { afterAll, describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { AckPriority } from "../../src/core/turns.ts";
import type { Db } from "../../src/infra/db.ts";
import { DELIVERY_CONCURRENCY } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { ChannelPort, DeliveredRef, Outgoing } from "../../src/ports/channel.ts";
import { DirectChats } from "../../src/ports/direct-chats.ts";
import { dispatcherSetup, pass } from "../support/dispatcher-setup.ts";
import { captureStatements } from "../support/query-plans.ts";
import { slackPortSetup } from "../support/slack-port.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

const setup = dispatcherSetup(NOW);
const { clock, dispatcher } = setup;

const post = (text: string, channelId: string, key?: string): Outgoing => ({
  target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId },
  message: textMessage([{ type: "text", text }]),
  ...(key ? { key } : {}),
});
const direct = (text: string, userId: string): Outgoing => ({
  target: { kind: "direct", platform: "slack", workspaceId: "T1", userId },
  message: textMessage([{ type: "text", text }]),
});

async function enqueue(...messages: Outgoing[]): Promise<void> {
  await new PrismaStore(setup.testDb.db).transaction((repos) => repos.outbox.enqueue(messages, clock.now()));
}

const turns = (n: number) =>
  Array.from({ length: n }).reduce<Promise<void>>(
    (before) => before.then(() => new Promise((next) => setImmediate(next))),
    Promise.resolve(),
  );

/** Records each call's start and end; the first message of a conversation takes longer. */
class OverlapPort implements ChannelPort {
  readonly events: string[] = [];
  private running = 0;
  most = 0;
  async send(message: Outgoing): Promise<DeliveredRef> {
    const text = plainMessage(message.message);
    this.running += 1;
    this.most = Math.max(this.most, this.running);
    this.events.push(`start:${text}`);
    await turns(text.endsWith("1") ? 20 : 2);
    this.events.push(`end:${text}`);
    this.running -= 1;
    return { channelId: "C", messageId: text };
  }
  async update(): Promise<void> {}
}

/** Whether a raw statement marks queue rows done (a batch's finish is one). */
function finishes(args: unknown): boolean {
  const { strings } = args as { strings?: readonly string[] };
  return (strings ?? []).join("?").replace(/\s+/g, " ").includes(`SET status = 'done'`);
}

/** A client extended for a test, still the test database's kind and cipher (the queue reads both). */
function sameDb(extended: object): Db {
  const { kind, cipher } = setup.testDb.db;
  return Object.assign(extended, { kind, cipher }) as unknown as Db;
}

describe("a fan-out", () => {
  it("goes a few at a time, never two of one conversation at once, each conversation in its order", async () => {
    const channels = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"];
    // Interleaved, as a convening queues them: the first of each conversation, then the second…
    await enqueue(...[1, 2, 3].flatMap((n) => channels.map((c) => post(`${c}.${n}`, c))));
    const port = new OverlapPort();
    await pass(dispatcher({ slack: port }));

    expect(port.most).toBeGreaterThan(1);
    expect(port.most).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    for (const channel of channels) {
      const own = port.events.filter((event) => event.includes(`${channel}.`));
      expect(own).toEqual([1, 2, 3].flatMap((n) => [`start:${channel}.${n}`, `end:${channel}.${n}`]));
    }
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(24);
  });

  it("gives way before each delivery (acknowledgements first), not only between batches", async () => {
    await enqueue(...["C1", "C2", "C3"].flatMap((c) => [post(`${c}.1`, c), post(`${c}.2`, c)]));
    const events: string[] = [];
    const port: ChannelPort = {
      send: async (message) => {
        events.push(plainMessage(message.message));
        return { channelId: "C", messageId: plainMessage(message.message) };
      },
      update: async () => {},
    };
    const priority = {
      statement: async () => {
        events.push("way");
      },
      apart: <T>(run: () => T) => run(),
    };
    await pass(dispatcher({ slack: port }, { priority }));
    // Six deliveries (lanes side by side), none before a turn of its own was given away.
    expect(events.filter((event) => event === "way")).toHaveLength(6);
    const ahead = events.map((_, i) => {
      const before = events.slice(0, i + 1);
      return before.filter((e) => e === "way").length - before.filter((e) => e !== "way").length;
    });
    expect(
      ahead.every((n) => n >= 0),
      events.join(" "),
    ).toBe(true);
  });

  it("runs a pass as work even when an acknowledgement kicked it (a reply it wrote): it gives way", async () => {
    await enqueue(post("reply", "C1"));
    const priority = new AckPriority(60_000);
    const events: string[] = [];
    const port: ChannelPort = {
      send: async (message) => {
        events.push(plainMessage(message.message));
        return { channelId: "C", messageId: "m" };
      },
      update: async () => {},
    };
    const mine = dispatcher({ slack: port }, { priority });
    const acknowledged = priority.urgent();
    priority.within(() => mine.kick());
    await turns(20);
    events.push("acknowledged");
    acknowledged();
    await mine.idle();
    expect(events).toEqual(["acknowledged", "reply"]);
  });

  it("finishes its delivered rows together, each only while this process still holds its lease", async () => {
    await enqueue(post("a", "C1", "k:a"), post("b", "C2", "k:b"), post("c", "C3"), post("d", "C4"));
    const first = await setup.testDb.db.queueItem.findFirstOrThrow({ orderBy: { id: "asc" } });
    // While the last message is on its way, another process takes over the row of the first
    // (its lease ended here, say): that row is theirs to finish, not ours.
    const statements: string[] = [];
    const counting = setup.testDb.db.$extends({
      query: {
        async $executeRaw({ args, query }) {
          if (finishes(args)) statements.push("done");
          return query(args);
        },
        messageRef: {
          async createMany({ args, query }) {
            statements.push("refs");
            return query(args);
          },
          async create({ args, query }) {
            statements.push("ref");
            return query(args);
          },
        },
      },
    });
    const port: ChannelPort = {
      send: async (message) => {
        const text = plainMessage(message.message);
        if (text === "d")
          await setup.testDb.db.queueItem.updateMany({
            where: { id: first.id },
            data: { leaseOwner: "another:1" },
          });
        return { channelId: "C", messageId: text };
      },
      update: async () => {},
    };
    await pass(dispatcher({ slack: port }, { db: sameDb(counting) }));

    expect(statements).toEqual(["refs", "done"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["pending", "done", "done", "done"]);
    const refs = await setup.testDb.db.messageRef.findMany({ orderBy: { key: "asc" } });
    expect(refs.map(({ key, messageId }) => `${key}=${messageId}`)).toEqual(["k:a=a", "k:b=b"]);
  });
});

describe("a batch's claim and finish", () => {
  const capture = captureStatements();
  afterAll(() => capture.uninstall());

  it("are one statement each, with no transaction around either", async () => {
    const port = new OverlapPort();
    const mine = dispatcher({ slack: port });
    // Its first pass puts back the messages held at the last stop (once per process): not measured.
    await pass(mine);
    await enqueue(...["C1", "C2", "C3", "C4", "C5"].map((c) => post(c, c)));
    capture.clear();
    capture.start();
    try {
      await pass(mine);
    } finally {
      capture.stop();
    }
    const shapes = [...capture.runs()].flatMap(([sql, n]) =>
      Array.from({ length: n }, () => sql.replace(/\s+/g, " ").replace(/["`]/g, "").trim()),
    );
    const listed = shapes.join("\n");
    // Prisma's `updateMany` runs in a transaction of its own: a BEGIN and a COMMIT around each.
    expect(
      shapes.filter((sql) => /^(BEGIN|COMMIT|SAVEPOINT)\b/i.test(sql)),
      listed,
    ).toEqual([]);
    // The batch's claim; on PostgreSQL also the claim that finds nothing and ends the pass
    // (SQLite's reads no row to take and writes nothing).
    const claims = setup.testDb.db.kind === "postgresql" ? 2 : 1;
    expect(
      shapes.filter((sql) => /^(WITH|UPDATE)\b.* SET (q\.)?leaseUntil = /i.test(sql)),
      listed,
    ).toHaveLength(claims);
    expect(
      shapes.filter((sql) => /^UPDATE .* SET status = 'done'/i.test(sql)),
      listed,
    ).toHaveLength(1);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(5);
  });
});

describe("finishing a batch", () => {
  it("writes again when its write fails, instead of leaving delivered rows to be sent again", async () => {
    await enqueue(post("a", "C1"), post("b", "C2"));
    let failures = 0;
    const flaky = setup.testDb.db.$extends({
      query: {
        async $executeRaw({ args, query }) {
          if (finishes(args) && failures === 0) {
            failures += 1;
            throw new Error("connection lost");
          }
          return query(args);
        },
      },
    });
    const sent: string[] = [];
    const port: ChannelPort = {
      send: async (message) => {
        sent.push(plainMessage(message.message));
        return { channelId: "C", messageId: plainMessage(message.message) };
      },
      update: async () => {},
    };
    await pass(dispatcher({ slack: port }, { db: sameDb(flaky) }));
    expect(failures).toBe(1);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["done", "done"]);
    expect(sent.sort()).toEqual(["a", "b"]);
  });
});

describe("a keyed message", () => {
  it("has its reference read once by a process: its later versions update the post without a read", async () => {
    const reads: string[] = [];
    const counting = setup.testDb.db.$extends({
      query: {
        messageRef: {
          async findMany({ args, query }) {
            reads.push("refs");
            return query(args);
          },
        },
      },
    });
    const seen: string[] = [];
    const port: ChannelPort = {
      send: async (message) => {
        seen.push(`send:${plainMessage(message.message)}`);
        return { channelId: "C1", messageId: "1" };
      },
      update: async (ref, message) =>
        void seen.push(`update:${ref.messageId}:${plainMessage(message.message)}`),
    };
    const d = dispatcher({ slack: port }, { db: counting as unknown as Db });
    for (const text of ["1 su 3", "2 su 3", "3 su 3"]) {
      await enqueue(post(text, "C1", "poll:m1"));
      await pass(d);
    }
    expect(seen).toEqual(["send:1 su 3", "update:1:2 su 3", "update:1:3 su 3"]);
    expect(reads).toEqual(["refs"]);
  });
});

describe("private messages on Slack", () => {
  const slack = slackPortSetup();

  const opened = () => slack.api.callsTo("conversations.open").map((call) => String(call.args.users));
  const posted = () =>
    slack.api
      .callsTo("chat.postMessage")
      .map((call) => `${String(call.args.channel)}:${String(call.args.text)}`);

  it("open each person's DM channel once, across messages and passes", async () => {
    await enqueue(direct("one", "U1"), direct("two", "U2"), direct("three", "U1"));
    const d = dispatcher({ slack: slack.port });
    await pass(d);
    await enqueue(direct("four", "U2"), direct("five", "U1"));
    await pass(d);
    expect(opened().sort()).toEqual(["U1", "U2"]);
    expect(posted().filter((call) => call.startsWith("DU1:"))).toEqual(["DU1:one", "DU1:three", "DU1:five"]);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(5);
  });

  it("open a remembered DM channel again when Slack says it is gone, and deliver the message there", async () => {
    await enqueue(direct("one", "U1"));
    const d = dispatcher({ slack: slack.port });
    await pass(d);
    slack.api.failNext("chat.postMessage", () => ({ body: { ok: false, error: "channel_not_found" } }));
    slack.api.failNext("conversations.open", () => ({ body: { ok: true, channel: { id: "DNEW" } } }));
    await enqueue(direct("two", "U1"), direct("three", "U1"));
    await pass(d);
    expect(posted()).toEqual(["DU1:one", "DU1:two", "DNEW:two", "DNEW:three"]);
    expect(slack.api.callsTo("conversations.open")).toHaveLength(2);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(3);
  });

  it("remember a bounded number of people, the least recently used going first", () => {
    const chats = new DirectChats(2);
    chats.set("T1", "U1", "D1");
    chats.set("T1", "U2", "D2");
    expect(chats.get("T1", "U1")).toBe("D1");
    chats.set("T1", "U3", "D3");
    expect([chats.get("T1", "U1"), chats.get("T1", "U2"), chats.get("T1", "U3"), chats.size]).toEqual([
      "D1",
      undefined,
      "D3",
      2,
    ]);
    // Per workspace: the same user id elsewhere is another person.
    expect(chats.get("T2", "U1")).toBeUndefined();
  });
});
