import type { CloudAdapter, ConversationReference } from "botbuilder";
import { describe, expect, it } from "vitest";
import { TeamsChatPort } from "../../../adapters/teams/chat-port.ts";
import type { ConversationBook } from "../../../adapters/teams/conversations.ts";
import type { FileOffers } from "../../../adapters/teams/files.ts";
import type { ChatUserRef } from "../../../src/content/model.ts";
import { textMessage } from "../../../src/content/model.ts";
import { BucketClosed, type ExtraCalls, type Outgoing } from "../../../src/ports/channel.ts";

const TENANT = "tenant-1";
const USER: ChatUserRef = { platform: "teams", workspaceId: TENANT, userId: "29:u1" };
const reference = (conversationId: string): Partial<ConversationReference> => ({
  serviceUrl: "https://smba.example/",
  channelId: "msteams",
  conversation: { id: conversationId, isGroup: false, conversationType: "personal", name: "" },
  bot: { id: "28:bot", name: "Équipe" },
});
const message: Outgoing = {
  target: { kind: "direct", platform: "teams", workspaceId: TENANT, userId: USER.userId },
  message: textMessage([{ type: "text", text: "ciao" }]),
};

/**
 * A person whose one-to-one chat this process remembers as `c-old`, which the connector says is
 * gone (404). The database then names `stored` (another replica saw the chat change), or none,
 * and opening it again creates `c-new`.
 */
function setup(stored?: string) {
  const calls: string[] = [];
  let remembered: string | undefined = "c-old";
  let inDatabase = stored;
  const book = {
    personalId: () => remembered,
    async personal() {
      if (remembered !== undefined)
        return { conversationId: remembered, reference: reference(remembered), remembered: true };
      return inDatabase === undefined
        ? undefined
        : { conversationId: inDatabase, reference: reference(inDatabase), remembered: false };
    },
    forgetPersonal() {
      remembered = undefined;
    },
    anyInTenant: async () => reference("c-any"),
    async rememberPersonal(_user: ChatUserRef, ref: Partial<ConversationReference>) {
      inDatabase = ref.conversation?.id;
    },
    conversation: async (id: string) => reference(id),
  } as unknown as ConversationBook;
  const adapter = {
    async continueConversationAsync(
      _appId: string,
      ref: Partial<ConversationReference>,
      logic: (context: unknown) => Promise<void>,
    ) {
      const id = ref.conversation?.id ?? "";
      calls.push(`post:${id}`);
      if (id === "c-old") throw Object.assign(new Error("gone"), { statusCode: 404 });
      await logic({ activity: {}, sendActivity: async () => ({ id: "act-1" }) });
    },
    async createConversationAsync(...args: unknown[]) {
      calls.push("create");
      const logic = args.at(-1) as (context: unknown) => Promise<void>;
      await logic({
        activity: {
          channelId: "msteams",
          serviceUrl: "https://smba.example/",
          conversation: { id: "c-new" },
          recipient: { id: "28:bot" },
        },
      });
    },
  } as unknown as CloudAdapter;
  const port = new TeamsChatPort(adapter, "app-id", book, {} as FileOffers, 60_000);
  return { port, calls };
}

describe("Teams: a remembered one-to-one chat found gone", () => {
  it("is opened again, and posted in, only after asking for each call the delivery's limits did not name", async () => {
    const { port, calls } = setup();
    const asked: string[] = [];
    const gate: ExtraCalls = {
      async enter(buckets) {
        asked.push(...buckets);
        calls.push("asked");
      },
    };
    expect(await port.send(message, gate)).toEqual({ channelId: "c-new", messageId: "act-1" });
    // The remembered chat's own bucket is asked for too: the dispatcher lets one it holds through.
    expect(asked).toEqual([
      `teams:${TENANT}:c-old:send`,
      `teams:${TENANT}:tenant:createConversation`,
      `teams:${TENANT}:c-new:send`,
    ]);
    expect(calls).toEqual(["asked", "post:c-old", "asked", "create", "asked", "post:c-new"]);
  });

  it("posts in the chat the database names now, once its bucket allows it, creating none", async () => {
    const open = setup("c-other");
    const asked: string[] = [];
    const gate: ExtraCalls = {
      async enter(buckets) {
        asked.push(...buckets);
      },
    };
    expect(await open.port.send(message, gate)).toEqual({ channelId: "c-other", messageId: "act-1" });
    expect(asked).toEqual([`teams:${TENANT}:c-old:send`, `teams:${TENANT}:c-other:send`]);
    expect(open.calls).toEqual(["post:c-old", "post:c-other"]);

    // The same, with a 429 keeping that chat's bucket closed: no post there.
    const closed = setup("c-other");
    const shut: ExtraCalls = {
      async enter(buckets) {
        if (buckets.includes(`teams:${TENANT}:c-other:send`)) throw new BucketClosed(new Date());
      },
    };
    await expect(closed.port.send(message, shut)).rejects.toBeInstanceOf(BucketClosed);
    expect(closed.calls).toEqual(["post:c-old"]);
  });

  it("creates nothing while a 429 keeps the tenant's conversation creation closed", async () => {
    const { port, calls } = setup();
    const until = new Date("2026-12-03T10:00:30Z");
    const closed: ExtraCalls = {
      async enter(buckets) {
        if (buckets.includes(`teams:${TENANT}:tenant:createConversation`)) throw new BucketClosed(until);
      },
    };
    await expect(port.send(message, closed)).rejects.toBeInstanceOf(BucketClosed);
    expect(calls).toEqual(["post:c-old"]);
  });
});
