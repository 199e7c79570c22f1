import { z } from "zod";

/**
 * Message content as data, never as markup. Services build it from catalogue templates; every
 * renderer (Slack Block Kit, Teams, plain text for e-mail, Markdown for the case file, HTML for
 * the web pages) turns each run into its own syntax and escapes the text of a run by
 * construction. Text that a person typed is only ever the `text` of a run: no renderer parses it.
 */
export const platformSchema = z.enum(["slack", "teams"]);
export type Platform = z.infer<typeof platformSchema>;

/** A person as a chat platform knows them. */
export const chatUserSchema = z.object({
  platform: platformSchema,
  workspaceId: z.string().max(512),
  userId: z.string().max(512),
});
export type ChatUserRef = z.infer<typeof chatUserSchema>;

/**
 * Longest run (or preformatted text) a message may hold: far beyond any field a person can fill
 * (2000 characters at most), so that a message our own code built is never refused at delivery.
 */
const RUN_MAX = 200_000;
/** Labels of links and names of members are short on every platform (Slack caps buttons at 75). */
export const LABEL_MAX = 200;

export const inlineSchema = z.discriminatedUnion("type", [
  /** Literal text; `strong` when the catalogue asks for emphasis. */
  z.object({ type: z.literal("text"), text: z.string().max(RUN_MAX), strong: z.boolean().optional() }),
  /** A short literal in a fixed-width font (an example value from the catalogue). */
  z.object({ type: z.literal("code"), text: z.string().max(LABEL_MAX) }),
  /**
   * A command example, without the prefix: `aiuto` reads `/equipe aiuto` on Slack, `@Équipe aiuto`
   * on Teams. Always from the catalogue, never typed by a person.
   */
  z.object({ type: z.literal("command"), text: z.string().max(LABEL_MAX) }),
  /**
   * A member. `user` is their chat account, where they have one: a chat renderer of the same
   * platform may turn it into a real mention; every other renderer shows `name`.
   */
  z.object({
    type: z.literal("mention"),
    name: z.string().max(LABEL_MAX),
    user: chatUserSchema.optional(),
    strong: z.boolean().optional(),
  }),
  /** A link the reader opens (a capability URL of ours, or a page of ours): never typed by a person. */
  z.object({ type: z.literal("link"), url: z.url().max(2048), label: z.string().max(LABEL_MAX) }),
  z.object({ type: z.literal("break") }),
]);
export type Inline = z.infer<typeof inlineSchema>;
/** A run of inline content: what a catalogue template produces. */
export type Rich = Inline[];

export const buttonSchema = z.object({
  /** Routed back to the core when clicked; `value` carries ids only. */
  action: z.string().max(64),
  value: z.string().max(256),
  label: z.string().max(75),
  style: z.enum(["primary", "danger", "default"]).default("default"),
  selected: z.boolean().default(false),
  /**
   * Clicking this opens a form: where a platform shows forms in a window of their own that is
   * not kept in the conversation (a Teams dialog), the click asks for that window.
   */
  dialog: z.boolean().optional(),
});
export type Button = z.infer<typeof buttonSchema>;

export const blockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), content: z.array(inlineSchema) }),
  /** Secondary text (small, muted where the platform can). */
  z.object({ type: z.literal("note"), content: z.array(inlineSchema) }),
  z.object({ type: z.literal("divider") }),
  z.object({ type: z.literal("actions"), buttons: z.array(buttonSchema).max(5) }),
  /** A call to action that opens a URL (a capability URL: ids never in it). */
  z.object({ type: z.literal("link"), label: z.string().max(LABEL_MAX), url: z.url().max(2048) }),
  /** A file's text shown as it is (a record in Markdown, for instance): monospace, never interpreted. */
  z.object({ type: z.literal("preformatted"), text: z.string().max(RUN_MAX) }),
]);
export type Block = z.infer<typeof blockSchema>;

export const attachmentSchema = z.object({
  filename: z.string().max(LABEL_MAX),
  mimeType: z.string().max(LABEL_MAX),
  content: z.string(),
  /**
   * The message also carries a link to this same file: a platform that can only hand over a
   * file by asking the person first (Teams) leaves it out rather than ask for nothing new.
   */
  linked: z.boolean().optional(),
});
export type FileAttachment = z.infer<typeof attachmentSchema>;

export const messageSchema = z.object({
  /**
   * One line that stands for the whole message: notifications, screen readers, card summaries.
   * Defaults to the first text block.
   */
  summary: z.array(inlineSchema).optional(),
  /** A title, where a channel shows one (an e-mail's subject). Defaults to the summary. */
  subject: z.array(inlineSchema).optional(),
  blocks: z.array(blockSchema),
  attachments: z.array(attachmentSchema).default([]),
});
export type Message = z.infer<typeof messageSchema>;

// ————— builders —————

export const text = (value: string | number): Inline => ({ type: "text", text: String(value) });
export const strong = (value: string | number): Inline => ({
  type: "text",
  text: String(value),
  strong: true,
});
export const code = (value: string): Inline => ({ type: "code", text: value });
export const command = (value: string): Inline => ({ type: "command", text: value });
export const link = (url: string, label: string): Inline => ({ type: "link", url, label });
export const lineBreak: Inline = { type: "break" };

/**
 * In a command example or a code run of the catalogue, `@@` stands for a person named the way
 * the reader's platform writes a mention: each renderer puts in its own example (Slack
 * `@maria.rossi`, Teams `@Maria Rossi`), so that no platform shows another one's handle.
 */
export const PERSON_EXAMPLE = "@@";
/** The person of an example where no chat writes the mention (e-mail, case file, web pages). */
export const NEUTRAL_PERSON_EXAMPLE = "@Maria Rossi";

/** A catalogue example with its person written as this channel writes a mention. */
export function withPersonExample(example: string, person: string): string {
  return example.split(PERSON_EXAMPLE).join(person);
}

/** Content lines joined with line breaks. */
export function lines(parts: readonly Rich[]): Rich {
  return parts.flatMap((part, index) => (index === 0 ? part : [lineBreak, ...part]));
}

/** Items joined with a separator (", " by default), as in a list of names. */
export function joined(parts: readonly Rich[], separator = ", "): Rich {
  return parts.flatMap((part, index) => (index === 0 ? part : [text(separator), ...part]));
}

/** A message of one text block. */
export function textMessage(content: Rich): Message {
  return { blocks: [{ type: "text", content }], attachments: [] };
}

/** A row with one primary button (the next step a person is asked to take). */
export function primaryButton(action: string, value: string, label: string): Block {
  return { type: "actions", buttons: [{ action, value, label, style: "primary", selected: false }] };
}

/** The one line that stands for the message (its summary, else its first text). */
export function summaryOf(message: Message): Rich {
  if (message.summary !== undefined) return message.summary;
  for (const block of message.blocks)
    if (block.type === "text" || block.type === "note") return block.content;
  return [];
}

/** Whether the message asks the reader to click something. */
export const hasButtons = (message: Message): boolean => message.blocks.some((b) => b.type === "actions");
