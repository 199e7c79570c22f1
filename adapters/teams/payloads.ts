import { z } from "zod";
import { MAX_COMMAND_TEXT_LENGTH } from "../../src/domain/command.ts";
import type { ChannelRef } from "../../src/ports/channel.ts";
import { BOT_NAME, SUBMIT_MARK } from "./render.ts";

/** Bot Framework ids are short; anything longer is not a real activity. */
const ID_MAX = 512;
/** Room for HTML markup and mention tags around the longest command we accept. */
const RAW_TEXT_MAX = MAX_COMMAND_TEXT_LENGTH * 4;
/** Used as the workspace when no tenant is given (Bot Framework Emulator, local use). */
export const LOCAL_TENANT = "local";

const accountSchema = z.object({
  id: z.string().min(1).max(ID_MAX),
  name: z.string().max(ID_MAX).optional(),
  aadObjectId: z.string().max(ID_MAX).optional(),
});

/** The parts of an incoming activity we use; everything else is ignored. */
export const activitySchema = z.object({
  type: z.string().max(64),
  /** Invoke activities: what is invoked (`fileConsent/invoke`). */
  name: z.string().max(128).optional(),
  id: z.string().min(1).max(ID_MAX),
  serviceUrl: z.url().max(ID_MAX),
  channelId: z.string().max(64),
  from: accountSchema,
  recipient: accountSchema,
  conversation: z.object({
    id: z.string().min(1).max(ID_MAX),
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(ID_MAX).optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(ID_MAX) }).optional(),
      channel: z.object({ id: z.string().max(ID_MAX) }).optional(),
      team: z.object({ id: z.string().max(ID_MAX) }).optional(),
    })
    .optional(),
  text: z.string().max(RAW_TEXT_MAX).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().max(ID_MAX).optional(),
  locale: z.string().max(32).optional(),
  entities: z.array(z.unknown()).max(50).optional(),
  membersAdded: z.array(accountSchema).max(1000).optional(),
});
export type IncomingActivity = z.infer<typeof activitySchema>;

const mentionEntitySchema = z.object({
  type: z.literal("mention"),
  text: z.string().max(ID_MAX).optional(),
  mentioned: accountSchema,
});

/** Our own Action.Submit data (see render.ts), merged by Teams with the card's inputs. */
export const submitSchema = z.discriminatedUnion(SUBMIT_MARK, [
  z.object({
    [SUBMIT_MARK]: z.literal("action"),
    actionId: z.string().max(64),
    value: z.string().max(256),
  }),
  z.object({
    [SUBMIT_MARK]: z.literal("form"),
    form: z.string().min(1).max(64),
    metadata: z.string().min(1).max(ID_MAX),
  }),
]);

/**
 * What Teams sends with a dialog's invoke: `task/fetch` carries the clicked button's data (our
 * action, with `msteams`), `task/submit` the dialog's submit data merged with its inputs.
 */
export const taskRequestSchema = z.object({
  data: z.record(z.string(), z.unknown()),
});

export function tenantOf(activity: IncomingActivity): string {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? LOCAL_TENANT;
}

/**
 * The conversation an équipe binds to: the team channel itself (not the thread the message is
 * in), or the group or personal chat.
 */
export function channelOf(activity: IncomingActivity): ChannelRef {
  const { conversation } = activity;
  const channelId =
    conversation.conversationType === "channel"
      ? (activity.channelData?.channel?.id ?? conversation.id.split(";")[0] ?? conversation.id)
      : conversation.id;
  return { platform: "teams", workspaceId: tenantOf(activity), channelId };
}

export const isPersonal = (activity: IncomingActivity) =>
  activity.conversation.conversationType === "personal" ||
  (activity.conversation.conversationType === undefined && activity.conversation.isGroup !== true);

const ENTITIES: Record<string, string> = {
  "&nbsp;": " ",
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/**
 * A message's text as a command: the bot's own @mention removed, other mentions turned into
 * `<@id>` tokens, HTML markup dropped, and an optional leading `/equipe` or `equipe` (as people
 * copy it from help texts) ignored.
 */
export function commandText(activity: IncomingActivity): string {
  let text = activity.text ?? "";
  for (const raw of activity.entities ?? []) {
    const entity = mentionEntitySchema.safeParse(raw);
    if (!entity.success || entity.data.text === undefined) continue;
    const replacement =
      entity.data.mentioned.id === activity.recipient.id ? " " : ` <@${entity.data.mentioned.id}> `;
    text = text.split(entity.data.text).join(replacement);
  }
  text = text
    .replace(/<[^>@][^>]*>/g, " ")
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, " ")
    .trim();
  const lead = new RegExp(`^(?:/?equipe|@?${BOT_NAME})\\b\\s*`, "iu");
  return text.replace(lead, "").trim();
}

/** `<@29:1abc…>` as `commandText` writes a Teams mention. */
export function parseTeamsUserRef(token: string): string | undefined {
  return /^<@([^<>|\s]{1,512})>$/.exec(token)?.[1];
}
