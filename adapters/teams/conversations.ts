import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { ChatUserRef } from "../../src/content/model.ts";
import type { AdapterState } from "../../src/ports/adapter-state.ts";
import { type Clock, systemClock } from "../../src/ports/clock.ts";
import { DirectChats } from "../../src/ports/direct-chats.ts";
import type { Store } from "../../src/ports/store.ts";
import type { IncomingActivity } from "./payloads.ts";
import { channelOf, isPersonal, tenantOf } from "./payloads.ts";

/** What we keep of a conversation to write to it later: ids and the service URL, no content. */
const referenceSchema = z.object({
  serviceUrl: z.url(),
  channelId: z.string(),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
});

export function parseReference(json: string): Partial<ConversationReference> | undefined {
  try {
    const parsed = referenceSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as Partial<ConversationReference>) : undefined;
  } catch {
    return undefined;
  }
}

/** Everything this adapter keeps lives in its own namespace of the core's AdapterState. */
export const TEAMS_STATE = "teams";
/** The reference of a conversation (JSON, see referenceSchema). */
const conversationKey = (conversationId: string) => `conversation:${conversationId}`;
/** The keys of the people of a tenant who have a one-to-one conversation with the bot. */
export const personalKeyPrefix = (tenantId: string) => `personal:${tenantId}:`;
/** The id of a person's one-to-one conversation with the bot. */
const personalKey = (user: ChatUserRef) => `${personalKeyPrefix(user.workspaceId)}${user.userId}`;
/** The id of the tenant's latest conversation: its service URL and bot open new personal chats. */
export const tenantKey = (tenantId: string) => `tenant:${tenantId}`;
/** The stored reference of a conversation. */
export { conversationKey };

/**
 * Stored conversation references (proactive messaging). Every incoming activity refreshes the
 * one for its conversation; a small cache skips the writes when nothing changed.
 */
export class ConversationBook {
  private readonly seen = new Map<string, string>();
  private readonly state: AdapterState;
  /**
   * Each person's one-to-one conversation id as this process last read or wrote it: a fan-out
   * to people written to before reads only their references. Kept up to date by every activity
   * this process sees; forgotten when a post there fails as gone (`forgetPersonal`).
   */
  private readonly personalIds = new DirectChats();

  constructor(
    store: Store,
    /** References never expire, so the clock only matters to tests that pass their own. */
    private readonly clock: Clock = systemClock,
  ) {
    this.state = store.adapterState;
  }

  async remember(activity: IncomingActivity): Promise<void> {
    const channel = channelOf(activity);
    const personal = isPersonal(activity);
    const reference = JSON.stringify({
      serviceUrl: activity.serviceUrl,
      channelId: activity.channelId,
      conversation: {
        id: channel.channelId,
        conversationType: activity.conversation.conversationType,
        tenantId: tenantOf(activity),
        isGroup: activity.conversation.isGroup,
      },
      bot: { id: activity.recipient.id, name: activity.recipient.name },
    });
    const cacheKey = `${channel.channelId}\u0000${personal ? activity.from.id : ""}`;
    if (this.seen.get(cacheKey) === reference) return;
    const user = personal
      ? { platform: "teams" as const, workspaceId: channel.workspaceId, userId: activity.from.id }
      : undefined;
    await this.save(channel.workspaceId, channel.channelId, reference, user);
    this.seen.set(cacheKey, reference);
  }

  async conversation(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const json = await this.state.get(TEAMS_STATE, conversationKey(conversationId), this.clock.now());
    return json === undefined ? undefined : parseReference(json);
  }

  /**
   * The person's one-to-one conversation, if known; `remembered`: its id came from this process's
   * memory (another replica may have seen it change since), not from the database.
   */
  async personal(
    user: ChatUserRef,
  ): Promise<
    { conversationId: string; reference: Partial<ConversationReference>; remembered: boolean } | undefined
  > {
    const known = this.personalId(user);
    const conversationId = known ?? (await this.state.get(TEAMS_STATE, personalKey(user), this.clock.now()));
    if (conversationId === undefined) return undefined;
    const reference = await this.conversation(conversationId);
    if (reference === undefined) return undefined;
    this.personalIds.set(user.workspaceId, user.userId, conversationId);
    return { conversationId, reference, remembered: known !== undefined };
  }

  /** The person's one-to-one conversation id if this process remembers it (no query). */
  personalId(user: ChatUserRef): string | undefined {
    return this.personalIds.get(user.workspaceId, user.userId);
  }

  /** Forgets the remembered conversation of this person (a post there failed as gone). */
  forgetPersonal(user: ChatUserRef): void {
    this.personalIds.forget(user.workspaceId, user.userId);
  }

  async anyInTenant(tenantId: string): Promise<Partial<ConversationReference> | undefined> {
    const conversationId = await this.state.get(TEAMS_STATE, tenantKey(tenantId), this.clock.now());
    return conversationId === undefined ? undefined : this.conversation(conversationId);
  }

  async rememberPersonal(user: ChatUserRef, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (conversationId === undefined) return;
    const json = JSON.stringify({
      serviceUrl: reference.serviceUrl,
      channelId: reference.channelId,
      conversation: { ...reference.conversation, conversationType: "personal" },
      bot: reference.bot,
    });
    await this.save(user.workspaceId, conversationId, json, user);
  }

  /**
   * The reference first: the personal and tenant entries point at it. A personal conversation
   * stays the person's even when a later activity in it does not say whose it is.
   */
  private async save(
    tenantId: string,
    conversationId: string,
    reference: string,
    user: ChatUserRef | undefined,
  ): Promise<void> {
    await this.state.put(TEAMS_STATE, conversationKey(conversationId), reference);
    if (user) {
      await this.state.put(TEAMS_STATE, personalKey(user), conversationId);
      this.personalIds.set(user.workspaceId, user.userId, conversationId);
    }
    await this.state.put(TEAMS_STATE, tenantKey(tenantId), conversationId);
  }
}
