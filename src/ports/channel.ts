import { z } from "zod";
import { messageSchema, platformSchema } from "../content/model.ts";
import { LOCALES } from "../i18n/locale.ts";

/** A chat conversation (Slack channel or DM, Teams channel, group or personal chat). */
export interface ChannelRef {
  platform: z.infer<typeof platformSchema>;
  workspaceId: string;
  channelId: string;
}

/**
 * Where one outgoing message goes, once the core has decided how to reach the person
 * (src/core/reach.ts): a chat conversation, a message only one person sees in it, a person's
 * private chat with the bot, or an e-mail address.
 */
export const targetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("channel"),
    platform: platformSchema,
    workspaceId: z.string(),
    channelId: z.string(),
  }),
  z.object({
    kind: z.literal("ephemeral"),
    platform: platformSchema,
    workspaceId: z.string(),
    channelId: z.string(),
    userId: z.string(),
  }),
  z.object({
    kind: z.literal("direct"),
    platform: platformSchema,
    workspaceId: z.string(),
    userId: z.string(),
  }),
  /** People reached by e-mail: plain text, calendar files as iTIP parts. */
  z.object({ kind: z.literal("email"), to: z.string().max(254), locale: z.enum(LOCALES) }),
]);
export type Target = z.infer<typeof targetSchema>;

/** The channel that carries a target: one port each. */
export type ChannelName = z.infer<typeof platformSchema> | "email";
export const channelOf = (target: Target): ChannelName =>
  target.kind === "email" ? "email" : target.platform;

export const outgoingSchema = z.object({
  target: targetSchema,
  message: messageSchema,
  /** When set, a later message with the same key updates the first one in place. */
  key: z.string().max(200).optional(),
  /**
   * The member (or partner organisation, at its contact's address) this message is for, by ids,
   * when it is for one: if it can never be delivered, the coordinators of the équipe it was
   * sent from are told who was not reached.
   */
  recipient: z
    .union([
      z.object({ equipeId: z.string().max(64), memberId: z.string().max(64) }),
      z.object({ equipeId: z.string().max(64), organisationId: z.string().max(64) }),
    ])
    .optional(),
  /**
   * The moment after which the message is pointless (a reminder or an invitation for a meeting
   * that has begun, a question whose deadline passed): it is never delivered after it.
   */
  until: z.coerce.date().optional(),
  /**
   * Set by the dispatcher as it hands the message to a channel, never queued: one id for every
   * try of this queued message, so that a channel whose receivers recognise a repeat (e-mail's
   * Message-ID) can name a retry as the same message.
   */
  delivery: z.string().max(64).optional(),
});
export type Outgoing = z.infer<typeof outgoingSchema>;

/** Every channel a message can travel on. */
export const CHANNEL_NAMES = ["slack", "teams", "email"] as const satisfies readonly ChannelName[];

/**
 * Why a message to a person could never be delivered, in the terms the core words for
 * coordinators: the chat will not let us write to them (app not installed), the chat or the
 * mail server refused it for good (unknown user, address refused), or every retry failed.
 */
export type UndeliveredReason =
  | "chatNotInstalled"
  | "chatRefused"
  | "emailRefused"
  | "gaveUp"
  /** Kept for a day and more because its channel is still off (e-mail not set up): not lost, still waiting. */
  | "stillWaiting"
  /** Its moment passed while it waited for a channel that was off (e-mail not set up): dropped, never sent late. */
  | "expiredWaiting"
  /** Its moment passed while its delivery was being retried: dropped, never sent late. */
  | "expired";

/** A message that stays undelivered, as the dispatcher tells the core (ids and the notice's own line). */
export interface Undelivered {
  target: Target;
  recipient: Outgoing["recipient"];
  /** The message's subject or summary line: what the notice was about, nothing more. */
  about: string;
  reason: UndeliveredReason;
}

/** Where a delivered message lives, so that it can be updated later. */
export interface DeliveredRef {
  channelId: string;
  messageId: string;
}

/**
 * One channel's delivery side (Slack, Teams, e-mail): renders the neutral message its own way
 * and sends it. The queue worker is its only caller.
 */
export interface ChannelPort {
  /**
   * Posts a new message to the target. Throws `DeliveryError` on failure. A call it finds it
   * must make beyond those `limits` named asks `calls` first (see `ExtraCalls`).
   */
  send(outgoing: Outgoing, calls?: ExtraCalls): Promise<DeliveredRef | undefined>;
  /**
   * Replaces a message delivered earlier (same key). Throws `MessageGone` when the platform says
   * that post is no longer there, `DeliveryError` on any other failure.
   */
  update(ref: DeliveredRef, outgoing: Outgoing): Promise<void>;
  /**
   * The rate-limit buckets this delivery would call, named as the platform counts its limits
   * (one API method in one workspace, one conversation and operation): while a 429 closed one,
   * the message waits without a call. None: the channel has no such limits.
   */
  limits?(outgoing: Outgoing, updating: boolean): Promise<string[]>;
}

/**
 * How a port asks for a call that `limits` could not name beforehand (Slack: a remembered DM
 * channel turns out gone, and `conversations.open` must be called again): it waits as any call of
 * those buckets would, and throws `BucketClosed` while a 429 keeps one of them closed.
 */
export interface ExtraCalls {
  enter(buckets: readonly string[]): Promise<void>;
}

/** A call not made: a 429 closed its bucket until `until`. The message waits, no attempt counted. */
export class BucketClosed extends Error {
  constructor(readonly until: Date) {
    super("bucket_closed");
    this.name = "BucketClosed";
  }
}

/**
 * An update not made: the post it would change is no longer there (deleted on the platform, by
 * an administrator or a moderator). The version is posted anew, and the key follows the new post
 * from then on (src/infra/outbox-dispatcher.ts). Slack says so plainly (`message_not_found`);
 * Teams does not (see the README's _Delivery guarantees_), and its port never throws it.
 */
export class MessageGone extends Error {
  constructor() {
    super("message_gone");
    this.name = "MessageGone";
  }
}

/** A delivery failure mapped onto what the worker needs to decide. */
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
    /**
     * A 429's bucket (see `ChannelPort.limits`): no call in it goes out, from any message, before
     * Retry-After has passed.
     */
    readonly limit?: string,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
