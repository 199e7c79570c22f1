import type { Outgoing } from "../domain/message.ts";

/** Where a delivered message lives, so that it can be updated later. */
export interface DeliveredRef {
  channelId: string;
  messageId: string;
}

/**
 * One chat platform's delivery side. Implemented by each adapter; the outbox dispatcher is
 * its only caller.
 */
export interface ChatPort {
  /** Posts a new message to the target. Throws `DeliveryError` on failure. */
  send(outgoing: Outgoing): Promise<DeliveredRef | undefined>;
  /** Replaces a message delivered earlier (same key). Throws `DeliveryError` on failure. */
  update(ref: DeliveredRef, outgoing: Outgoing): Promise<void>;
}

/** A delivery failure mapped onto what the dispatcher needs to decide. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** Retry later (network, 5xx, rate limit) or give up (bad request, unknown channel). */
    readonly retryable: boolean,
    /** Seconds the platform asked us to wait (429 Retry-After). */
    readonly retryAfterSeconds?: number,
    /**
     * The person cannot be written to privately yet (Teams: the app is not installed for them).
     * Retrying will not help; their coordinators are told what to do.
     */
    readonly unreachable = false,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
