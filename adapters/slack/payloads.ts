import { z } from "zod";

/** The fields of a slash-command payload we use; everything else Slack sends is ignored. */
export const slashCommandSchema = z.object({
  team_id: z.string().min(1),
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
