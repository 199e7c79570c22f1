/** How many people's private chats a process remembers: about 100 bytes each, a megabyte in all. */
export const DIRECT_CHATS_MAX = 10_000;

/** Values by key, at most `max` of them: the least recently used goes first. */
export class Recent<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value of this key, if remembered (now the most recently used). */
  get(key: string): V | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    this.values.delete(key);
    this.values.set(key, value);
    return value;
  }

  /** Remembers this value, the least recently used making room. */
  set(key: string, value: V): void {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size <= this.max) return;
    const oldest = this.values.keys().next().value;
    if (oldest !== undefined) this.values.delete(oldest);
  }

  forget(key: string): void {
    this.values.delete(key);
  }

  get size(): number {
    return this.values.size;
  }
}

/**
 * The id of each person's private chat with the bot, per workspace and user, as a channel port
 * last opened or read it: a fan-out to people written to before opens none again. Bounded (the
 * least recently used goes first); a port forgets an entry when the platform says the chat is
 * gone, and opens it again, so that a stale entry never loses a message. Ids only, no content.
 */
export class DirectChats {
  private readonly ids: Recent<string>;

  constructor(max = DIRECT_CHATS_MAX) {
    this.ids = new Recent(max);
  }

  /** The chat remembered for this person, if any. */
  get(workspaceId: string, userId: string): string | undefined {
    return this.ids.get(keyOf(workspaceId, userId));
  }

  /** Remembers this person's chat. */
  set(workspaceId: string, userId: string, chatId: string): void {
    this.ids.set(keyOf(workspaceId, userId), chatId);
  }

  /** Forgets this person's chat (the platform said it is gone). */
  forget(workspaceId: string, userId: string): void {
    this.ids.forget(keyOf(workspaceId, userId));
  }

  /** How many people are remembered. */
  get size(): number {
    return this.ids.size;
  }
}

const keyOf = (workspaceId: string, userId: string) => `${workspaceId}\u0000${userId}`;
