import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_BODY_LIMIT_BYTES } from "../../adapters/slack/slack-adapter.ts";
import { TEAMS_BODY_LIMIT_BYTES } from "../../adapters/teams/http.ts";
import { SIGNING_SECRET } from "../support/slack-driver.ts";
import { signedHeaders } from "../support/slack-signing.ts";
import { announceAndStop, HttpHarness, sendChunked, statusOf, streamUntilStopped } from "./harness.ts";

/**
 * Issue 15: unsigned connections holding large unfinished bodies took the process from 217 to
 * 685 MB, because Bolt buffers a body before it checks the signature. Each platform endpoint now
 * bounds its body before the SDK reads a byte of it.
 */
const h = new HttpHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const ENDPOINTS = [
  {
    platform: "Slack",
    path: "/slack/events",
    limit: SLACK_BODY_LIMIT_BYTES,
    contentType: "application/x-www-form-urlencoded",
  },
  {
    platform: "Teams",
    path: "/api/messages",
    limit: TEAMS_BODY_LIMIT_BYTES,
    contentType: "application/json",
  },
] as const;

/**
 * Slack's endpoint refuses a request without a timestamp and a signature before its body (see
 * slack-unsigned.test.ts): a body reaches the limit only with both, whose signature can only be
 * checked once the body is read. A fresh timestamp and a signature of some other body, here.
 */
const slackSigned = Object.entries(signedHeaders(SIGNING_SECRET, "another body")).map(
  ([name, value]) => `${name}: ${value}`,
);

describe.each(ENDPOINTS)("the $platform endpoint's body limit", ({ platform, path, limit, contentType }) => {
  const head = [
    `POST ${path} HTTP/1.1`,
    "host: localhost",
    `content-type: ${contentType}`,
    ...(platform === "Slack" ? slackSigned : []),
  ];

  it("answers a Content-Length above it 413 at once, without waiting for the body, and closes", async () => {
    // Only the body's first bytes are ever sent: a server that read it would wait for ever.
    const answer = await announceAndStop(h.port, [...head, `content-length: ${limit + 1}`], '{"payload":');
    expect(statusOf(answer.received)).toBe(413);
    expect(answer.received.toLowerCase()).toContain("connection: close");
    expect(answer.received.endsWith('{"error":"too_large"}')).toBe(true);
    expect(answer.closed).toBe(true);
  });

  it("cuts a chunked body off past it: the connection is closed, and nobody answered", async () => {
    const answer = await streamUntilStopped(h.port, [...head, "transfer-encoding: chunked"], 16 * limit);
    // An answer would mean the SDK read up to its own limit and answered (Bolt's 413 at 4 MB,
    // botbuilder's at the end of the body); sending on until the cap, that nobody stopped it.
    expect(answer.received).toBe("");
    expect(answer.closed).toBe(true);
    expect(answer.sent).toBeLessThan(16 * limit);
  });
});

describe("bodies within the limits reach the SDKs whole", () => {
  it("Slack: a signed slash command sent in chunks passes Bolt's signature check over the raw bytes", async () => {
    const body = new URLSearchParams({
      team_id: "T0EQUIPE",
      channel_id: "C0EQUIPE",
      user_id: "U0CHUNKED",
      command: "/equipe",
      text: "aiuto",
      api_app_id: "A0EQUIPE",
      response_url: "http://127.0.0.1:9/commands/unused",
      trigger_id: `${Date.now()}.${randomUUID()}`,
    }).toString();
    const signed = signedHeaders(SIGNING_SECRET, body);
    const received = await sendChunked(
      h.port,
      [
        "POST /slack/events HTTP/1.1",
        "host: localhost",
        "content-type: application/x-www-form-urlencoded",
        `x-slack-request-timestamp: ${signed["x-slack-request-timestamp"]}`,
        `x-slack-signature: ${signed["x-slack-signature"]}`,
      ],
      body,
      3,
    );
    expect(statusOf(received)).toBe(200);
    // The same bytes with one changed are refused by the signature check (the test can fail).
    const tampered = await sendChunked(
      h.port,
      [
        "POST /slack/events HTTP/1.1",
        "host: localhost",
        "content-type: application/x-www-form-urlencoded",
        `x-slack-request-timestamp: ${signed["x-slack-request-timestamp"]}`,
        `x-slack-signature: ${signed["x-slack-signature"]}`,
      ],
      body.replace("aiuto", "aiutO"),
      3,
    );
    expect(statusOf(tampered)).toBe(401);
  });

  /** An activity nobody needs to answer (a typing indicator), padded with spaces to `size` bytes (UTF-8). */
  const typing = (size: number): string => {
    const activity = JSON.stringify({
      type: "typing",
      id: randomUUID(),
      serviceUrl: "http://127.0.0.1:9/",
      channelId: "msteams",
      from: { id: "29:limits", name: "Limits" },
      recipient: { id: "28:bot", name: "Équipe" },
      conversation: { id: `a:${randomUUID()}`, conversationType: "personal" },
    });
    return activity + " ".repeat(size - Buffer.byteLength(activity));
  };

  it("Teams: an activity of exactly the limit, declared or chunked, is processed", async () => {
    const declared = await fetch(`${h.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typing(TEAMS_BODY_LIMIT_BYTES),
    });
    expect(declared.status).toBe(200);
    const chunked = await sendChunked(
      h.port,
      ["POST /api/messages HTTP/1.1", "host: localhost", "content-type: application/json"],
      typing(TEAMS_BODY_LIMIT_BYTES),
      5,
    );
    expect(statusOf(chunked)).toBe(200);
  });

  it("other methods: Slack's endpoint is not found, Teams' says 405 as botbuilder's listener always did", async () => {
    const slack = await fetch(`${h.running.url}/slack/events`);
    expect(slack.status).toBe(404);
    expect(await slack.json()).toEqual({ error: "not_found" });
    expect((await fetch(`${h.running.url}/api/messages`)).status).toBe(405);
  });
});
