import {
  type Activity,
  ActivityTypes,
  type CloudAdapter,
  type ConversationReference,
  TurnContext,
} from "botbuilder";
import type { ChatUserRef } from "../../src/content/model.ts";
import {
  type ChannelPort,
  type DeliveredRef,
  DeliveryError,
  type ExtraCalls,
  type Outgoing,
} from "../../src/ports/channel.ts";
import type { ConversationBook } from "./conversations.ts";
import { toDeliveryError } from "./errors.ts";
import type { FileOffers } from "./files.ts";
import { renderMessage } from "./render.ts";
import { TEAMS_DELIVERY_DEADLINE_MS, withinDeadline } from "./retry.ts";

/**
 * Bot Framework limits a bot per conversation and per operation (send, update), and creating
 * conversations per tenant: a 429 closes that bucket alone.
 */
const bucket = (tenantId: string, scope: string, operation: string) =>
  `teams:${tenantId}:${scope}:${operation}`;
const creating = (tenantId: string) => bucket(tenantId, "tenant", "createConversation");

/** What a post into a conversation that is no longer there (or no longer ours) fails with. */
const GONE_CONVERSATION = /^teams_http_(403|404)$/;
const isGoneConversation = (error: unknown) =>
  error instanceof DeliveryError && GONE_CONVERSATION.test(error.message);

/** The audience of the Bot Connector's tokens (public cloud). */
const CONNECTOR_AUDIENCE = "https://api.botframework.com";

/**
 * Delivers the neutral message model to Teams through stored conversation references
 * (proactive messaging). Direct and ephemeral messages go to the person's one-to-one chat with
 * the bot, opened on first use; Teams has no ephemeral messages in channels. Files are offered
 * in the personal chat only (channels get the core's links instead).
 */
export class TeamsChatPort implements ChannelPort {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly book: ConversationBook,
    private readonly files: FileOffers,
    /** How long one delivery (send or update) may take in all: TEAMS_DELIVERY_DEADLINE_MS. */
    private readonly deadlineMs = TEAMS_DELIVERY_DEADLINE_MS,
  ) {}

  async limits(outgoing: Outgoing, updating: boolean): Promise<string[]> {
    const { target } = outgoing;
    if (target.kind === "email") return [];
    if (target.kind === "channel")
      return [bucket(target.workspaceId, target.channelId, updating ? "update" : "send")];
    const user = { platform: target.platform, workspaceId: target.workspaceId, userId: target.userId };
    // A conversation this process remembers costs no query; otherwise the book is read.
    const conversationId = this.book.personalId(user) ?? (await this.book.personal(user))?.conversationId;
    return conversationId
      ? [bucket(target.workspaceId, conversationId, "send")]
      : [creating(target.workspaceId)];
  }

  send(outgoing: Outgoing, calls?: ExtraCalls): Promise<DeliveredRef | undefined> {
    return withinDeadline(this.deadlineMs, () => this.deliver(outgoing, calls));
  }

  private async deliver(outgoing: Outgoing, calls?: ExtraCalls): Promise<DeliveredRef | undefined> {
    const { target, message } = outgoing;
    const activity: Partial<Activity> = { type: ActivityTypes.Message, ...renderMessage(message) };
    switch (target.kind) {
      case "email":
        // Another channel's target: delivering it here would lose it behind a "done".
        throw new DeliveryError("teams_wrong_channel", false);
      case "channel": {
        const reference = await this.book.conversation(target.channelId);
        if (reference === undefined) throw new DeliveryError("teams_unknown_conversation", false);
        const messageId = await this.post(
          reference,
          activity,
          bucket(target.workspaceId, target.channelId, "send"),
        );
        return { channelId: target.channelId, messageId };
      }
      case "ephemeral":
      case "direct": {
        const user = { platform: target.platform, workspaceId: target.workspaceId, userId: target.userId };
        const { conversationId, reference, messageId } = await this.postPersonal(user, activity, calls);
        const limit = bucket(target.workspaceId, conversationId, "send");
        // Files come after the message, each offered for the person to save in their OneDrive
        // (unless the message links to it already, as with calendar files).
        for (const file of message.attachments.filter((a) => !a.linked)) {
          const consent = await this.files.offer(user, file, outgoing.recipient?.equipeId);
          await this.post(reference, { type: ActivityTypes.Message, attachments: [consent] }, limit);
        }
        return { channelId: conversationId, messageId };
      }
    }
  }

  update(ref: DeliveredRef, outgoing: Outgoing): Promise<void> {
    return withinDeadline(this.deadlineMs, () => this.change(ref, outgoing));
  }

  private async change(ref: DeliveredRef, outgoing: Outgoing): Promise<void> {
    const reference = await this.book.conversation(ref.channelId);
    if (reference === undefined) throw new DeliveryError("teams_unknown_conversation", false);
    const activity = { type: ActivityTypes.Message, id: ref.messageId, ...renderMessage(outgoing.message) };
    const limit =
      "workspaceId" in outgoing.target
        ? bucket(outgoing.target.workspaceId, ref.channelId, "update")
        : undefined;
    await this.inTurn(
      reference,
      async (context) => {
        await context.updateActivity(activity);
      },
      limit,
    );
  }

  /**
   * Runs a proactive turn. Errors inside a turn go to the adapter's turn-error handler, not to
   * the caller, so they are caught here and rethrown for the dispatcher to retry.
   */
  private async inTurn(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
    /** The rate-limit bucket of the call, named in a 429's error. */
    limit?: string,
  ): Promise<void> {
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          await logic(context);
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) throw toDeliveryError(failure, false, limit);
  }

  /** Sends one activity into a known conversation; the new message's id. */
  async post(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    limit?: string,
  ): Promise<string> {
    let id = "";
    await this.inTurn(
      reference,
      async (context) => {
        // The continuation activity gets a made-up id, which would turn our post into a reply
        // to a message that does not exist: a new message is not a reply.
        context.activity.id = undefined as unknown as string;
        id = (await context.sendActivity(activity))?.id ?? "";
      },
      limit,
    );
    return id;
  }

  /**
   * Posts into the person's one-to-one chat. A conversation remembered by this process that the
   * connector says is gone (403/404) is forgotten and the book read again: when it names another
   * conversation now (the person's chat changed, seen by another replica), the post goes there,
   * so a stale memory never loses the message. Those calls (creating the chat, posting in
   * another) are not the ones the delivery's `limits` named: each asks `calls` first, so that a
   * bucket a 429 closed stays closed to them too.
   */
  private async postPersonal(
    user: ChatUserRef,
    activity: Partial<Activity>,
    calls?: ExtraCalls,
  ): Promise<{ conversationId: string; reference: Partial<ConversationReference>; messageId: string }> {
    const chat = await this.personal(user);
    const limit = bucket(user.workspaceId, chat.conversationId, "send");
    // The chat may have been created just now (`limits` named only its creation): its own bucket
    // is asked for too (one `limits` named is held already).
    await calls?.enter([limit]);
    try {
      return { ...chat, messageId: await this.post(chat.reference, activity, limit) };
    } catch (error) {
      if (!chat.remembered || !isGoneConversation(error)) throw error;
      this.book.forgetPersonal(user);
      const stored = await this.book.personal(user);
      if (stored === undefined) await calls?.enter([creating(user.workspaceId)]);
      const fresh = stored ?? (await this.personal(user));
      if (fresh.conversationId === chat.conversationId) throw error;
      const again = bucket(user.workspaceId, fresh.conversationId, "send");
      await calls?.enter([again]);
      return { ...fresh, messageId: await this.post(fresh.reference, activity, again) };
    }
  }

  /** The person's one-to-one chat with the bot: stored, or opened now (the app must be installed for them). */
  async personal(
    user: ChatUserRef,
  ): Promise<{ conversationId: string; reference: Partial<ConversationReference>; remembered: boolean }> {
    const known = await this.book.personal(user);
    if (known) return known;
    const base = await this.book.anyInTenant(user.workspaceId);
    if (base?.serviceUrl === undefined || base.bot === undefined)
      throw new DeliveryError("teams_no_conversation_in_tenant", false, undefined, true);
    let created: Partial<ConversationReference> | undefined;
    let failure: unknown;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        base.channelId ?? "msteams",
        base.serviceUrl,
        CONNECTOR_AUDIENCE,
        {
          isGroup: false,
          bot: base.bot,
          members: [{ id: user.userId, name: "" }],
          tenantId: user.workspaceId,
          channelData: { tenant: { id: user.workspaceId } },
        },
        async (context) => {
          created = TurnContext.getConversationReference(context.activity);
        },
      );
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) throw toDeliveryError(failure, true, creating(user.workspaceId));
    const conversationId = created?.conversation?.id;
    if (created === undefined || conversationId === undefined)
      throw new DeliveryError("teams_conversation_not_created", true);
    await this.book.rememberPersonal(user, created);
    return { conversationId, reference: created, remembered: false };
  }
}
