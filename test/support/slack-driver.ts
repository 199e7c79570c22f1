import { randomUUID } from "node:crypto";
import { signedHeaders } from "./slack-signing.ts";

export const SIGNING_SECRET = "test-signing-secret-equipe";

/** Posts a signed slash command to our server, the way Slack does; returns the HTTP response. */
export async function postSlashCommand(
  baseUrl: string,
  input: { userId: string; text: string; channelId?: string; teamId?: string; triggerId?: string },
  options: { secret?: string; timestamp?: number } = {},
): Promise<Response> {
  const body = new URLSearchParams({
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
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(options.secret ?? SIGNING_SECRET, body, options.timestamp),
    },
    body,
  });
}
