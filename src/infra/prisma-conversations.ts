import { randomUUID } from "node:crypto";
import type { Platform } from "../domain/message.ts";
import type { ChatUserRef, ConversationRepository } from "../ports/store.ts";
import type { Tx } from "./prisma-tx.ts";

export class PrismaConversationRepository implements ConversationRepository {
  constructor(private readonly db: Tx) {}

  async save(entry: Parameters<ConversationRepository["save"]>[0]): Promise<void> {
    const { platform, workspaceId, conversationId, userId, reference } = entry;
    await this.db.chatConversation.upsert({
      where: { platform_conversationId: { platform, conversationId } },
      create: { id: randomUUID(), platform, workspaceId, conversationId, userId: userId ?? null, reference },
      // A personal conversation stays personal even when a later activity does not say whose it is.
      update: { workspaceId, reference, ...(userId ? { userId } : {}) },
      select: { id: true },
    });
  }

  async find(platform: Platform, conversationId: string): Promise<string | undefined> {
    const row = await this.db.chatConversation.findUnique({
      where: { platform_conversationId: { platform, conversationId } },
      select: { reference: true },
    });
    return row?.reference;
  }

  async findPersonal(user: ChatUserRef) {
    const row = await this.db.chatConversation.findFirst({
      where: { platform: user.platform, workspaceId: user.workspaceId, userId: user.userId },
      select: { conversationId: true, reference: true },
      orderBy: { updatedAt: "desc" },
    });
    return row ?? undefined;
  }

  async findAnyInWorkspace(platform: Platform, workspaceId: string): Promise<string | undefined> {
    const row = await this.db.chatConversation.findFirst({
      where: { platform, workspaceId },
      select: { reference: true },
      orderBy: { updatedAt: "desc" },
    });
    return row?.reference;
  }
}
