import { z } from "zod";

/**
 * The platform-neutral message model. Services build it (already in the reader's language);
 * each chat adapter renders it (Block Kit, Adaptive Cards) and nothing else.
 */
export const platformSchema = z.enum(["slack", "teams"]);
export type Platform = z.infer<typeof platformSchema>;

export const buttonSchema = z.object({
  /** Routed back to the core when clicked: `<action>` with `value` carrying ids only. */
  actionId: z.string().max(64),
  value: z.string().max(256),
  label: z.string().max(75),
  style: z.enum(["primary", "danger", "default"]).default("default"),
  selected: z.boolean().default(false),
});
export type Button = z.infer<typeof buttonSchema>;

export const blockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("context"), text: z.string() }),
  z.object({ type: z.literal("divider") }),
  z.object({ type: z.literal("actions"), buttons: z.array(buttonSchema).max(5) }),
  /** A link the reader opens in their browser or calendar (a capability URL: ids never in it). */
  z.object({ type: z.literal("link"), label: z.string().max(75), url: z.url() }),
]);
export type Block = z.infer<typeof blockSchema>;

export const attachmentSchema = z.object({
  filename: z.string(),
  mimeType: z.string(),
  content: z.string(),
  /**
   * The message also carries a link to this same file: a platform that can only hand over a
   * file by asking the person first (Teams) leaves it out rather than ask for nothing new.
   */
  linked: z.boolean().optional(),
});
export type FileAttachment = z.infer<typeof attachmentSchema>;

export const messageModelSchema = z.object({
  /** Plain-text summary: notifications, screen readers, clients without blocks. */
  text: z.string(),
  blocks: z.array(blockSchema).default([]),
  attachments: z.array(attachmentSchema).default([]),
});
export type MessageModel = z.infer<typeof messageModelSchema>;

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
  /** People without a chat account: plain-text e-mail, calendar files as iTIP parts. */
  z.object({ kind: z.literal("email"), to: z.string(), subject: z.string().max(200) }),
]);
export type Target = z.infer<typeof targetSchema>;

export const outgoingSchema = z.object({
  target: targetSchema,
  message: messageModelSchema,
  /** When set, a later message with the same key updates the first one in place. */
  key: z.string().max(200).optional(),
});
export type Outgoing = z.infer<typeof outgoingSchema>;

export function textMessage(text: string): MessageModel {
  return { text, blocks: [{ type: "text", text }], attachments: [] };
}

/** A row with one primary button (the next step a person is asked to take). */
export function primaryButton(actionId: string, value: string, label: string): Block {
  return { type: "actions", buttons: [{ actionId, value, label, style: "primary", selected: false }] };
}
