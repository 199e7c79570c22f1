/** How many people's private chats a process remembers: about 100 bytes each, a megabyte in all. */
export const DIRECT_CHATS_MAX = 10_000;

/**
 * The id of each person's private chat with the bot, per workspace and user, as a channel port
 * last opened or read it: a fan-out to people written to before opens none again. Bounded (the
 * least recently used goes first); a port forgets an entry when the platform says the chat is
 * gone, and opens it again, so that a stale entry never loses a message. Ids only, no content.
 */
export class DirectChats {
  private readonly ids = new Map<string, string>();

  constructor(private readonly max = DIRECT_CHATS_MAX) {}

  /** The chat remembered for this person, if any (now the most recently used). */
  get(workspaceId: string, userId: string): string | undefined {
    const key = keyOf(workspaceId, userId);
    const id = this.ids.get(key);
    if (id === undefined) return undefined;
    this.ids.delete(key);
    this.ids.set(key, id);
    return id;
  }

  /** Remembers this person's chat, the least recently used entry making room. */
  set(workspaceId: string, userId: string, chatId: string): void {
    const key = keyOf(workspaceId, userId);
    this.ids.delete(key);
    this.ids.set(key, chatId);
    if (this.ids.size <= this.max) return;
    const oldest = this.ids.keys().next().value;
    if (oldest !== undefined) this.ids.delete(oldest);
  }

  /** Forgets this person's chat (the platform said it is gone). */
  forget(workspaceId: string, userId: string): void {
    this.ids.delete(keyOf(workspaceId, userId));
  }

  /** How many people are remembered. */
  get size(): number {
    return this.ids.size;
  }
}

const keyOf = (workspaceId: string, userId: string) => `${workspaceId}\u0000${userId}`;
