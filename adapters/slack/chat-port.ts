import type { webApi } from "@slack/bolt";
import type { ChannelPort, DeliveredRef, ExtraCalls, Outgoing } from "../../src/ports/channel.ts";
import { BucketClosed, DeliveryError, MessageGone } from "../../src/ports/channel.ts";
import { DirectChats } from "../../src/ports/direct-chats.ts";
import { platformErrorOf, toDeliveryError } from "./errors.ts";
import { renderBlocks, renderFallback } from "./render.ts";

/**
 * Slack's rate limits apply per API method per workspace (chat.postMessage also per channel,
 * within a workspace-wide limit): a 429 closes the method's bucket for the workspace alone.
 * `files.uploadV2` is the SDK's three-call upload, counted as one bucket.
 */
const bucket = (workspaceId: string, method: string) => `slack:${workspaceId}:${method}`;

/**
 * What chat.postMessage answers when the conversation remembered for a person is no longer
 * theirs to write to (deleted, archived, the bot taken out of it): opened again, not given up.
 */
const GONE_CHANNEL_ERRORS = new Set(["channel_not_found", "is_archived", "not_in_channel"]);

/** Whether a Web API failure says the conversation written to is gone. */
function isGoneChannel(error: unknown): boolean {
  const code = platformErrorOf(error);
  return code !== undefined && GONE_CHANNEL_ERRORS.has(code);
}

/** Delivers the neutral message model through the Slack Web API. */
export class SlackChatPort implements ChannelPort {
  constructor(
    private readonly client: webApi.WebClient,
    /** Each person's DM channel as conversations.open last gave it: opened once, not per message. */
    private readonly dms = new DirectChats(),
  ) {}

  async limits(outgoing: Outgoing, updating: boolean): Promise<string[]> {
    const { target, message } = outgoing;
    if (target.kind === "email") return [];
    const methods = updating
      ? ["chat.update"]
      : target.kind === "ephemeral"
        ? ["chat.postEphemeral"]
        : target.kind === "channel"
          ? ["chat.postMessage"]
          : [
              // A DM channel already known needs no conversations.open (unless it turns out gone).
              ...(this.dms.get(target.workspaceId, target.userId) === undefined
                ? ["conversations.open"]
                : []),
              "chat.postMessage",
              ...(message.attachments.length > 0 ? ["files.uploadV2"] : []),
            ];
    return methods.map((method) => bucket(target.workspaceId, method));
  }

  async send(outgoing: Outgoing, calls?: ExtraCalls): Promise<DeliveredRef | undefined> {
    // The method being called: a 429 names its bucket.
    let method = "chat.postMessage";
    try {
      const { target, message } = outgoing;
      const blocks = renderBlocks(message);
      const text = renderFallback(message);
      switch (target.kind) {
        case "email":
          // Another channel's target: delivering it here would lose it behind a "done".
          throw new DeliveryError("slack_wrong_channel", false);
        case "ephemeral":
          // Ephemeral messages cannot be updated later through the API: no ref.
          method = "chat.postEphemeral";
          await this.client.chat.postEphemeral({
            channel: target.channelId,
            user: target.userId,
            text,
            blocks,
          });
          return undefined;
        case "channel": {
          const posted = await this.client.chat.postMessage({
            channel: target.channelId,
            text,
            blocks,
          });
          return posted.ts && posted.channel
            ? { channelId: posted.channel, messageId: posted.ts }
            : undefined;
        }
        case "direct": {
          const { workspaceId, userId } = target;
          const known = this.dms.get(workspaceId, userId);
          method = "conversations.open";
          let channel = known ?? (await this.openDm(workspaceId, userId));
          method = "chat.postMessage";
          let posted: webApi.ChatPostMessageResponse;
          try {
            posted = await this.client.chat.postMessage({ channel, text, blocks });
          } catch (error) {
            // A remembered channel Slack no longer knows: forgotten, opened again and posted to
            // once more, so a stale entry costs a call, never the message.
            if (known === undefined || !isGoneChannel(error)) throw error;
            this.dms.forget(workspaceId, userId);
            method = "conversations.open";
            // A call `limits` did not name: asked for as its bucket's calls are (a 429 may close it).
            await calls?.enter([bucket(workspaceId, method)]);
            channel = await this.openDm(workspaceId, userId);
            method = "chat.postMessage";
            posted = await this.client.chat.postMessage({ channel, text, blocks });
          }
          method = "files.uploadV2";
          for (const file of message.attachments) {
            await this.client.files.uploadV2({
              channel_id: channel,
              filename: file.filename,
              file: Buffer.from(file.content, "utf8"),
              title: file.filename,
            });
          }
          return posted.ts ? { channelId: channel, messageId: posted.ts } : undefined;
        }
      }
    } catch (error) {
      if (error instanceof BucketClosed) throw error;
      throw toDeliveryError(
        error,
        "workspaceId" in outgoing.target ? bucket(outgoing.target.workspaceId, method) : undefined,
      );
    }
  }

  /** Opens (or finds) the person's DM channel with conversations.open, and remembers it. */
  private async openDm(workspaceId: string, userId: string): Promise<string> {
    const opened = await this.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (channel === undefined)
      throw Object.assign(new Error("no_dm_channel"), {
        code: "slack_webapi_platform_error",
        data: { error: "channel_not_found" },
      });
    this.dms.set(workspaceId, userId, channel);
    return channel;
  }

  async update(ref: DeliveredRef, outgoing: Outgoing): Promise<void> {
    try {
      await this.client.chat.update({
        channel: ref.channelId,
        ts: ref.messageId,
        text: renderFallback(outgoing.message),
        blocks: renderBlocks(outgoing.message),
      });
    } catch (error) {
      // The post was deleted (chat.update answers `message_not_found`): the next version is posted anew.
      if (platformErrorOf(error) === "message_not_found") throw new MessageGone();
      throw toDeliveryError(
        error,
        "workspaceId" in outgoing.target ? bucket(outgoing.target.workspaceId, "chat.update") : undefined,
      );
    }
  }
}
