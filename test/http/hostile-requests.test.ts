import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_BODY_LIMIT_BYTES } from "../../adapters/slack/slack-adapter.ts";
import { TEAMS_BODY_LIMIT_BYTES } from "../../adapters/teams/http.ts";
import { Precedence } from "../../src/core/turns.ts";
import { SERVER_TIMEOUTS } from "../../src/http/app.ts";
import { mountPlatform } from "../../src/http/platform-endpoint.ts";
import { PEOPLE, TeamsDriver, teamsActivity } from "../contract/teams.ts";
import { BotAuthority } from "../support/bot-auth.ts";
import { FakeClock } from "../support/fakes.ts";
import { buttonClick, SIGNING_SECRET, viewSubmission } from "../support/slack-driver.ts";
import { signedHeaders } from "../support/slack-signing.ts";
import { announceAndStop, HttpHarness, statusOf, streamUntilStopped } from "./harness.ts";

/**
 * Issue 15, "Faults": what a request contains never stops the process, never reaches a 500, and
 * is refused in the right order — who is asking (a fresh Slack signature, a Bot Framework token)
 * before what they sent.
 */
const h = new HttpHarness();
/** Every rejection nobody handled while these tests ran: a request must never leave one behind. */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
/**
 * The main thread's latest request (behind the front thread, src/http/front.ts), its connection's
 * bytes read when it began: a kept-alive connection has served others before.
 */
let latest: { socket: Socket; before: number } | undefined;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  await h.start();
  h.running.server.on("request", (req: IncomingMessage) => {
    latest = { socket: req.socket, before: req.socket.bytesRead };
  });
});
afterAll(async () => {
  await h.stop();
  process.off("unhandledRejection", onUnhandled);
});

/** Posts a Slack-signed body (signed at `timestamp`, seconds) as `contentType`. */
function postSlack(body: string, contentType: string, timestamp?: number): Promise<Response> {
  return fetch(`${h.running.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": contentType, ...signedHeaders(SIGNING_SECRET, body, timestamp) },
    body,
  });
}
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
const asForm = (payload: string) => new URLSearchParams({ payload }).toString();

/** The server still serves: a signed `aiuto` is acknowledged. */
async function stillServes(): Promise<void> {
  const body = new URLSearchParams({
    team_id: "T0EQUIPE",
    channel_id: "C0EQUIPE",
    user_id: "U0ALIVE",
    command: "/equipe",
    text: "aiuto",
    api_app_id: "A0EQUIPE",
    trigger_id: `${Date.now()}.${randomUUID()}`,
  }).toString();
  expect((await postSlack(body, FORM_TYPE)).status).toBe(200);
  expect((await fetch(`${h.running.url}/healthz`)).status).toBe(200);
}

/** Values that are not the object a part of a payload should be. */
const NOT_OBJECTS: unknown[] = [null, [], [1], 0, 7, "text", "", true, false];

describe("Slack: a signed body that is not an object", () => {
  it.each(["null", "[]", "[null]", "42", '"text"', "true", "false"])(
    "`%s` as JSON, or as an interaction's payload, is refused 400 and the process goes on",
    async (value) => {
      expect((await postSlack(value, JSON_TYPE)).status).toBe(400);
      expect((await postSlack(asForm(value), FORM_TYPE)).status).toBe(400);
      await stillServes();
      expect(unhandled).toEqual([]);
    },
  );

  it("a body that is not JSON, or a payload that is not, is refused 400", async () => {
    expect((await postSlack("{", JSON_TYPE)).status).toBe(400);
    expect((await postSlack(asForm("{"), FORM_TYPE)).status).toBe(400);
    expect((await postSlack("", JSON_TYPE)).status).toBe(400);
    await stillServes();
  });

  /** Payloads as Slack sends them, each part of which is then replaced by what it should not be. */
  const payloads: Record<string, Record<string, unknown>> = {
    click: buttonClick("U0HOSTILE", "meeting:answer", "x"),
    submission: viewSubmission("U0HOSTILE", "", { purpose: "t1" }),
    options: {
      type: "block_suggestion",
      team: { id: "T0EQUIPE" },
      user: { id: "U0HOSTILE" },
      channel: { id: "C0EQUIPE" },
      action_id: "x",
      value: "a",
    },
    event: {
      type: "event_callback",
      team_id: "T0EQUIPE",
      event_id: "Ev0HOSTILE",
      authorizations: [{ team_id: "T0EQUIPE", is_enterprise_install: false }],
      event: { type: "message", channel: "D0HOSTILE", channel_type: "im", user: "U0HOSTILE", text: "aiuto" },
    },
  };

  it.each(Object.keys(payloads))(
    "a %s with any part of it null, an array, a number or text is answered 200 or 400, never 500",
    async (kind) => {
      const payload = payloads[kind] as Record<string, unknown>;
      const parts = Object.keys(payload).map((key) => [key]);
      const inner = payload.event as Record<string, unknown> | undefined;
      if (inner) parts.push(...Object.keys(inner).map((key) => ["event", key]), ["event", "item"]);
      for (const path of parts)
        for (const bad of NOT_OBJECTS) {
          const broken = structuredClone(payload);
          const [first = "", second] = path;
          if (second === undefined) broken[first] = bad;
          else (broken[first] as Record<string, unknown>)[second] = bad;
          const body = kind === "event" ? JSON.stringify(broken) : asForm(JSON.stringify(broken));
          const response = await postSlack(body, kind === "event" ? JSON_TYPE : FORM_TYPE);
          expect([200, 400], `${kind}.${path.join(".")} = ${JSON.stringify(bad)}`).toContain(response.status);
        }
      await h.running.idle();
      await stillServes();
      expect(unhandled).toEqual([]);
      expect(h.lines.filter((line) => line.event === "http.error")).toEqual([]);
    },
  );
});

describe("Slack: the request's timestamp, checked before anything else", () => {
  const body = () =>
    new URLSearchParams({
      team_id: "T0EQUIPE",
      channel_id: "C0EQUIPE",
      user_id: "U0TIME",
      command: "/equipe",
      text: "aiuto",
      trigger_id: `${Date.now()}.${randomUUID()}`,
    }).toString();
  const now = () => Math.floor(Date.now() / 1000);

  it("more than five minutes in the future or in the past is refused 401; within them, served", async () => {
    expect((await postSlack(body(), FORM_TYPE, now() + 6 * 60)).status).toBe(401);
    expect((await postSlack(body(), FORM_TYPE, now() + 60 * 60 * 24 * 365)).status).toBe(401);
    expect((await postSlack(body(), FORM_TYPE, now() - 6 * 60)).status).toBe(401);
    expect((await postSlack(body(), FORM_TYPE, now() + 4 * 60)).status).toBe(200);
    expect((await postSlack(body(), FORM_TYPE, now() - 4 * 60)).status).toBe(200);
  });

  it("a stale timestamp is refused with the body unread, and the connection closed", async () => {
    const answer = await announceAndStop(
      h.port,
      [
        "POST /slack/events HTTP/1.1",
        "host: localhost",
        `content-type: ${FORM_TYPE}`,
        `content-length: ${SLACK_BODY_LIMIT_BYTES}`,
        `x-slack-request-timestamp: ${now() + 3600}`,
        "x-slack-signature: v0=00",
      ],
      "team_id=",
    );
    expect(statusOf(answer.received)).toBe(401);
    expect(answer.closed).toBe(true);
  });

  it("a wrong signature, or none, is refused 401", async () => {
    const text = body();
    const signed = signedHeaders("not-the-secret", text);
    const forged = await fetch(`${h.running.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": FORM_TYPE, ...signed },
      body: text,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${h.running.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": FORM_TYPE },
      body: text,
    });
    expect(unsigned.status).toBe(401);
  });
});

describe("bodies too large are refused without being read", () => {
  // Slack's body is read only with a timestamp and a signature (unsigned: 401, the body unread).
  const slackSigned = Object.entries(signedHeaders(SIGNING_SECRET, "another body")).map(
    ([name, value]) => `${name}: ${value}`,
  );
  it.each([
    { path: "/slack/events", limit: SLACK_BODY_LIMIT_BYTES, type: FORM_TYPE, signed: slackSigned },
    { path: "/api/messages", limit: TEAMS_BODY_LIMIT_BYTES, type: JSON_TYPE, signed: [] },
  ])(
    "$path: a streamed body past the limit is cut off, the server having read little more than it",
    async ({ path, limit, signed }) => {
      const answer = await streamUntilStopped(
        h.port,
        [
          `POST ${path} HTTP/1.1`,
          "host: localhost",
          `content-type: ${JSON_TYPE}`,
          "transfer-encoding: chunked",
          ...signed,
        ],
        64 * limit,
      );
      expect(answer.closed).toBe(true);
      // What reached the main thread: up to the limit (where the front thread cut the client off),
      // at most a few chunks in flight past it.
      const read = (latest?.socket.bytesRead ?? 0) - (latest?.before ?? 0);
      expect(read).toBeGreaterThan(limit / 2);
      expect(read).toBeLessThan(limit + 256 * 1024);
    },
  );

  it("the server drops slow requests: Node's header and request timeouts are tightened", () => {
    expect(h.running.server.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(h.running.server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
    expect(SERVER_TIMEOUTS.requestTimeout).toBeLessThan(300_000);
  });
});

describe("a platform's body that is slow to come", () => {
  it("is dropped once its time is up: the connection closed, nothing answered", async () => {
    // As httpApp makes it: no parser of Fastify's own reads a body before the endpoint's scope does.
    const app = Fastify();
    app.removeAllContentTypeParsers();
    let answered = 0;
    mountPlatform(
      app,
      {
        url: "/hook",
        methods: "POST",
        bodyLimit: 1024,
        bodyTimeoutMs: 200,
        listener: (req, res) => {
          req.resume();
          req.on("end", () => {
            answered += 1;
            res.end("read");
          });
        },
      },
      () => {},
      new Precedence(),
    );
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const port = (app.server.address() as AddressInfo).port;
      const head = [
        "POST /hook HTTP/1.1",
        "host: localhost",
        "content-type: text/plain",
        "content-length: 100",
      ];
      // Ten bytes of the hundred announced, and then nothing: never read whole, never answered.
      const slow = await announceAndStop(port, head, "0123456789");
      expect(slow).toMatchObject({ received: "", closed: true });
      expect(answered).toBe(0);
      // The same request sent whole is read and answered (the test can fail).
      const whole = await announceAndStop(port, [...head, "connection: close"], "x".repeat(100));
      expect(statusOf(whole.received)).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("Teams, unauthenticated (local use): an activity must be an object with a type", () => {
  const post = (body: string) =>
    fetch(`${h.running.url}/api/messages`, { method: "POST", headers: { "content-type": JSON_TYPE }, body });

  it.each(["{}", "null", "[]", "42", '"text"', "{", "", '{"type":7}'])(
    "`%s` is refused 400",
    async (body) => {
      expect((await post(body)).status).toBe(400);
    },
  );

  it("a message with any part of it null, an array, a number or text is answered 200 or 400, never 500", async () => {
    const activity = teamsActivity(
      "http://127.0.0.1:9/",
      { id: "29:hostile", name: "H" },
      { text: "aiuto", value: { equipe: "action", actionId: "x", value: "y" }, entities: [] },
      "personal",
    );
    for (const key of Object.keys(activity))
      for (const bad of NOT_OBJECTS) {
        if (key === "type") continue;
        const response = await post(JSON.stringify({ ...activity, [key]: bad }));
        expect([200, 400], `${key} = ${JSON.stringify(bad)}`).toContain(response.status);
      }
    for (const type of ["invoke", "conversationUpdate", "messageReaction", "installationUpdate"])
      for (const bad of NOT_OBJECTS) {
        const response = await post(JSON.stringify({ ...activity, type, value: bad, name: "task/fetch" }));
        expect([200, 400], `${type}.value = ${JSON.stringify(bad)}`).toContain(response.status);
      }
    await h.running.idle();
    expect(unhandled).toEqual([]);
  });
});

describe("Teams with MicrosoftAppId: who is asking before what they sent", () => {
  const d = new TeamsDriver();
  const authority = new BotAuthority();
  const appId = "00000000-0000-0000-0000-0000000ba5e1";
  const post = (body: string, authorization?: string) =>
    fetch(`${d.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": JSON_TYPE, ...(authorization ? { authorization } : {}) },
      body,
    });

  beforeAll(async () => {
    const { env, overrides } = await authority.startFor(appId);
    await d.start(new FakeClock(new Date("2027-01-10T09:00:00Z")), env, overrides);
  });
  afterAll(async () => {
    await d.stop();
    await authority.close();
  });

  it("without a token, or with a bad one, anything is 401 — `{}`, null, garbage — never 400 or 500", async () => {
    const forged = authority.token({ appId, serviceUrl: d.connector.url }, { key: "other" });
    for (const body of ["{}", "null", "[]", "{", ""]) {
      expect((await post(body)).status, body).toBe(401);
      expect((await post(body, "Bearer")).status, body).toBe(401);
      expect((await post(body, `Bearer ${forged}`)).status, body).toBe(401);
    }
  });

  it("without a token, the body is not read: answered at once, the connection closed", async () => {
    const answer = await announceAndStop(
      Number(new URL(d.running.url).port),
      [
        "POST /api/messages HTTP/1.1",
        "host: localhost",
        `content-type: ${JSON_TYPE}`,
        `content-length: ${TEAMS_BODY_LIMIT_BYTES}`,
      ],
      '{"type":',
    );
    expect(statusOf(answer.received)).toBe(401);
    expect(answer.closed).toBe(true);
  });

  it("with a good token, a body that is no activity is 400, and an activity is served", async () => {
    const token = `Bearer ${authority.token({ appId, serviceUrl: d.connector.url })}`;
    // A token is good for the channel its key endorses: a body that names none cannot be authenticated.
    for (const body of ["{}", "null", "[]", "42", "{"])
      expect((await post(body, token)).status, body).toBe(401);
    const envelope = { channelId: "msteams", serviceUrl: d.connector.url };
    for (const body of [
      envelope,
      { ...envelope, type: 7 },
      { ...envelope, type: "message", conversation: null },
    ])
      expect((await post(JSON.stringify(body), token)).status, JSON.stringify(body)).toBe(400);
    const update = d.activity("coord", {
      type: "conversationUpdate",
      membersAdded: [{ id: PEOPLE.coord.id }],
    });
    expect((await post(JSON.stringify(update), token)).status).toBe(200);
    expect(unhandled).toEqual([]);
  });
});

describe("where the server listens", () => {
  it("on loopback by default", () => {
    expect(h.running.address.address).toBe("127.0.0.1");
  });
});
