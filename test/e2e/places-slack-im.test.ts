import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackView } from "../support/display.ts";
import { SIGNING_SECRET } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";
import { signedHeaders } from "../support/slack-signing.ts";

const CASE = "FAM-2027-700";
const COORD = "U0COORD";

/**
 * In Slack's Messages tab people type without `/equipe`: each message in the direct message with
 * the bot (`message.im`) is a command made privately, answered in that direct message, once.
 */
describe("commands typed in the Slack Messages tab", () => {
  const h = new SlackHarness();
  let sequence = 0;

  beforeAll(async () => {
    await h.start();
    await h.command(COORD, `configura ${CASE}`, { channelId: "C0EQUIPE" });
    await h.settle();
  });
  afterAll(() => h.stop());

  async function event(fields: Record<string, unknown>, eventId = `Ev${++sequence}`, retry?: number) {
    const body = JSON.stringify({
      token: "deprecated",
      team_id: "T0EQUIPE",
      api_app_id: "A0EQUIPE",
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: "message",
        channel: `D${COORD}`,
        channel_type: "im",
        user: COORD,
        ts: `${Date.now() / 1000}`,
        ...fields,
      },
    });
    const response = await fetch(`${h.running.url}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signedHeaders(SIGNING_SECRET, body),
        ...(retry ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {}),
      },
      body,
    });
    expect(response.status).toBe(200);
    await h.settle();
  }

  const dm = () =>
    h.api
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === `D${COORD}`)
      .map((c) => slackView(c.args).text);

  it("answers a personal command there, once even when Slack retries the event", async () => {
    const before = dm().length;
    await event({ text: "stato" }, "EvRetried");
    await event({ text: "stato" }, "EvRetried", 1);
    const answers = dm().slice(before);
    expect(answers).toHaveLength(1);
    // No poll is open: the answer is about this équipe, not a question of which.
    expect(answers[0]).not.toContain("Fai parte di più équipe");
    expect(answers[0]).not.toContain("Non fai parte");
  });

  it("reads `/equipe aiuto` as people copy it from a help text", async () => {
    const before = dm().length;
    await event({ text: "/equipe aiuto" });
    expect(dm().slice(before).join("\n")).toContain("Ruoli:");
  });

  it("points an équipe command to the équipe's conversation", async () => {
    const before = dm().length;
    await event({ text: "convoca" });
    expect(dm().slice(before).join("\n")).toContain(
      `si usa nella conversazione dell'équipe del caso ${CASE}`,
    );
    expect(h.api.callsTo("views.open")).toEqual([]);
  });

  it("ignores edits, bot messages and messages outside the direct message", async () => {
    const before = h.api.calls.filter((c) => c.method !== "auth.test").length;
    await event({ text: "aiuto", subtype: "message_changed" });
    await event({ text: "aiuto", bot_id: "B0BOT" });
    await event({ text: "aiuto", channel_type: "channel", channel: "C0EQUIPE" });
    expect(h.api.calls.filter((c) => c.method !== "auth.test")).toHaveLength(before);
  });
});
