import { z } from "zod";
import { MAX_COMMAND_TEXT_LENGTH } from "../../src/domain/command.ts";

/** The app's one slash command (manifest/slack). */
export const SLASH_COMMAND = "/equipe";

/** The fields of a slash-command payload we use; everything else Slack sends is ignored. */
export const slashCommandSchema = z.object({
  team_id: z.string().min(1),
  /** Enterprise Grid: the organisation the workspace belongs to. */
  enterprise_id: z.string().optional(),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  text: z.string(),
  trigger_id: z.string().min(1),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** `<@U0123ABC>` or `<@U0123ABC|maria>` as Slack escapes mentions (manifest: should_escape). */
const SLACK_MENTION = /^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$/;

export function parseSlackUserRef(token: string): string | undefined {
  return SLACK_MENTION.exec(token)?.[1];
}

/**
 * Whether the bot serves this workspace: the operator's list names its team id (or, on
 * Enterprise Grid, its organisation's id); no list serves every workspace (development).
 */
export function served(
  allowed: readonly string[] | undefined,
  teamId: string | undefined,
  enterpriseId?: string,
): boolean {
  if (allowed === undefined) return true;
  return (
    (teamId !== undefined && allowed.includes(teamId)) ||
    (enterpriseId !== undefined && allowed.includes(enterpriseId))
  );
}

/** A Slack DM with the bot (`D…`): a private place, not a conversation an équipe can bind. */
export const isDirectMessage = (channelId: string): boolean => channelId.startsWith("D");

/**
 * A message a person typed in their direct message with the bot (the app's Messages tab), as the
 * Events API delivers it (`message.im`). Edits, bot messages and other subtypes are not commands.
 */
export const directMessageEventSchema = z.object({
  team_id: z.string().min(1),
  enterprise_id: z.string().optional(),
  event_id: z.string().min(1),
  event: z.object({
    type: z.literal("message"),
    channel_type: z.literal("im"),
    channel: z.string().min(1),
    user: z.string().min(1),
    text: z.string().max(MAX_COMMAND_TEXT_LENGTH * 4),
    subtype: z.undefined().optional(),
    bot_id: z.undefined().optional(),
  }),
});

const SLACK_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/**
 * What a person typed in a direct message, as a command: Slack's `&amp;`, `&lt;`, `&gt;` read
 * back (mentions stay `<@U…>`), and a leading `/equipe` or `equipe` (copied from a help text) ignored.
 */
export function directMessageText(text: string): string {
  return text
    .replace(/&(amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity)
    .trim()
    .replace(/^\/?equipe\b\s*/iu, "")
    .trim();
}
