import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { ChatUserRef, Store } from "../../src/ports/store.ts";
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

/**
 * Stored conversation references (proactive messaging). Every incoming activity refreshes the
 * one for its conversation; a small cache skips the write when nothing changed.
 */
export class ConversationBook {
  private readonly seen = new Map<string, string>();

  constructor(private readonly store: Store) {}

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
    await this.store.repos.conversations.save({
      platform: "teams",
      workspaceId: channel.workspaceId,
      conversationId: channel.channelId,
      userId: personal ? activity.from.id : undefined,
      reference,
    });
    this.seen.set(cacheKey, reference);
  }

  async conversation(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const json = await this.store.repos.conversations.find("teams", conversationId);
    return json === undefined ? undefined : parseReference(json);
  }

  async personal(user: ChatUserRef) {
    const found = await this.store.repos.conversations.findPersonal(user);
    const reference = found ? parseReference(found.reference) : undefined;
    return found && reference ? { conversationId: found.conversationId, reference } : undefined;
  }

  async anyInTenant(tenantId: string): Promise<Partial<ConversationReference> | undefined> {
    const json = await this.store.repos.conversations.findAnyInWorkspace("teams", tenantId);
    return json === undefined ? undefined : parseReference(json);
  }

  async rememberPersonal(user: ChatUserRef, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (conversationId === undefined) return;
    await this.store.repos.conversations.save({
      platform: "teams",
      workspaceId: user.workspaceId,
      conversationId,
      userId: user.userId,
      reference: JSON.stringify({
        serviceUrl: reference.serviceUrl,
        channelId: reference.channelId,
        conversation: { ...reference.conversation, conversationType: "personal" },
        bot: reference.bot,
      }),
    });
  }
}
