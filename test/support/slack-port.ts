import { webApi } from "@slack/bolt";
import { afterEach, beforeEach } from "vitest";
import { SlackChatPort } from "../../adapters/slack/chat-port.ts";
import { RecordingSlackApi } from "./slack-api.ts";

/** What a file delivering through the real Slack port shares: the stand-in API and the port on it. */
export interface SlackPortSetup {
  readonly api: RecordingSlackApi;
  readonly port: SlackChatPort;
}

/**
 * Registers the hooks of a describe block that delivers through the Slack port: each test gets
 * a new stand-in Web API on loopback and a port (with a new memory of DM channels) on it; the
 * client retries nothing itself (`clientOptions` adds to that, e.g. rejecting 429s at once).
 */
export function slackPortSetup(clientOptions: webApi.WebClientOptions = {}): SlackPortSetup {
  let current: SlackPortSetup | undefined;
  beforeEach(async () => {
    const api = new RecordingSlackApi();
    const url = await api.start();
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: url,
      retryConfig: { retries: 0 },
      ...clientOptions,
    });
    current = { api, port: new SlackChatPort(client) };
  });
  afterEach(async () => {
    await current?.api.close();
    current = undefined;
  });
  const now = (): SlackPortSetup => {
    if (current === undefined) throw new Error("the Slack port exists only while a test runs");
    return current;
  };
  return {
    get api() {
      return now().api;
    },
    get port() {
      return now().port;
    },
  };
}
