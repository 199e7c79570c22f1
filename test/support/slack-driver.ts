import { randomUUID } from "node:crypto";
import { signedHeaders } from "./slack-signing.ts";

export const SIGNING_SECRET = "test-signing-secret-equipe";

export type SlashCommandInput = {
  userId: string;
  text: string;
  channelId?: string;
  teamId?: string;
  triggerId?: string;
};

/** A slash command's body, as Slack sends it (a form). */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: input.teamId ?? "T0EQUIPE",
    team_domain: "equipe-test",
    channel_id: input.channelId ?? "C0EQUIPE",
    channel_name: "fam-2025-014",
    user_id: input.userId,
    user_name: "someone",
    command: "/equipe",
    text: input.text,
    api_app_id: "A0EQUIPE",
    response_url: "http://127.0.0.1:9/commands/unused",
    trigger_id: input.triggerId ?? `${Date.now()}.${randomUUID()}`,
  }).toString();
}

/** Posts a signed slash command to our server, the way Slack does; returns the HTTP response. */
export async function postSlashCommand(
  baseUrl: string,
  input: SlashCommandInput,
  options: { secret?: string; timestamp?: number } = {},
): Promise<Response> {
  const body = slashCommandBody(input);
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(options.secret ?? SIGNING_SECRET, body, options.timestamp),
    },
    body,
  });
}

/** Posts a signed interactivity payload (modal submission, button click) the way Slack does. */
export async function postInteraction(baseUrl: string, payload: Record<string, unknown>): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...signedHeaders(SIGNING_SECRET, body) },
    body,
  });
}

let interaction = 0;
function nextTrigger(): string {
  interaction += 1;
  return `${Date.now()}.${interaction}.${randomUUID().slice(0, 8)}`;
}

/** Fields our forms show as selects (Slack sends their value as `selected_option`). */
const SELECT_FIELDS = new Set(["purpose", "duration", "kind", "answer", "side"]);
/** Fields shown as date-and-time pickers (`selected_date_time`, UNIX seconds; the neutral value an ISO instant). */
const DATETIME_FIELDS = new Set(["slot1", "slot2", "slot3"]);
/** Fields shown as multi-selects (`selected_options`; the neutral value joins them with commas). */
const MULTI_SELECT_FIELDS = new Set(["participants"]);

export function viewSubmission(
  userId: string,
  metadata: string,
  values: Record<string, string>,
  formId = "convene",
) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(values)) {
    state[name] = {
      value: SELECT_FIELDS.has(name)
        ? { type: "static_select", selected_option: value === "" ? null : { value } }
        : DATETIME_FIELDS.has(name)
          ? { type: "datetimepicker", selected_date_time: value === "" ? null : Date.parse(value) / 1000 }
          : MULTI_SELECT_FIELDS.has(name)
            ? {
                type: "multi_static_select",
                selected_options: value
                  .split(",")
                  .filter(Boolean)
                  .map((v) => ({ value: v })),
              }
            : { type: "plain_text_input", value },
    };
  }
  return {
    type: "view_submission",
    team: { id: "T0EQUIPE", domain: "equipe-test" },
    user: { id: userId, team_id: "T0EQUIPE" },
    api_app_id: "A0EQUIPE",
    token: "deprecated",
    trigger_id: nextTrigger(),
    view: {
      id: `V${interaction}`,
      team_id: "T0EQUIPE",
      type: "modal",
      callback_id: `form:${formId}`,
      private_metadata: metadata,
      hash: `h${interaction}`,
      state: { values: state },
    },
  };
}

export function buttonClick(userId: string, actionId: string, value: string, triggerId = nextTrigger()) {
  return {
    type: "block_actions",
    team: { id: "T0EQUIPE", domain: "equipe-test" },
    user: { id: userId, team_id: "T0EQUIPE" },
    api_app_id: "A0EQUIPE",
    token: "deprecated",
    trigger_id: triggerId,
    container: { type: "message", channel_id: `D${userId}`, message_ts: "1.1" },
    channel: { id: `D${userId}` },
    actions: [
      { type: "button", action_id: actionId, block_id: "b1", value, action_ts: `${Date.now() / 1000}` },
    ],
  };
}
