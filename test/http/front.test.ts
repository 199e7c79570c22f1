import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import { Worker } from "node:worker_threads";
import { HTTPModuleFunctions } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseSlackBody } from "../../adapters/slack/envelope.ts";
import { SLACK_BODY_LIMIT_BYTES, SLACK_EVENTS_PATH } from "../../adapters/slack/slack-adapter.ts";
import { SERVER_TIMEOUTS } from "../../src/http/app.ts";
import { CONNECTION_HEADER, PEER_HEADER } from "../../src/http/front.ts";
import {
  type ArrivedRequest,
  type Front,
  privateSocketPath,
  startFront,
} from "../../src/http/front-thread.ts";
import { CHANNEL } from "../support/fakes.ts";
import { buttonClick, SIGNING_SECRET, slashCommandBody, viewSubmission } from "../support/slack-driver.ts";
import { signedHeaders } from "../support/slack-signing.ts";
import { HttpHarness, statusOf, streamUntilStopped } from "./harness.ts";

/**
 * The front thread (src/http/front.ts) owns the public socket: it acknowledges Slack's commands,
 * clicks and events itself, so that an acknowledgement never waits for the main thread, and passes every other
 * request on to the main thread's server.
 */

const FORM = "application/x-www-form-urlencoded";

/** Writes a request's head as given (no body) and resolves with all that came back until the close. */
function rawExchange(port: number, head: string[]): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => done(received));
    socket.on("error", () => {});
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
  });
}
/** A front thread on loopback before the main thread's socket at `upstream`, with Slack's webhook. */
function slackFront(upstream: string) {
  return {
    port: 0,
    host: "127.0.0.1",
    upstream,
    timeouts: SERVER_TIMEOUTS,
    platforms: [
      {
        path: SLACK_EVENTS_PATH,
        methods: "POST" as const,
        bodyLimit: SLACK_BODY_LIMIT_BYTES,
        bodyTimeoutMs: 1_000,
      },
    ],
    slack: { path: SLACK_EVENTS_PATH, signingSecret: SIGNING_SECRET },
  };
}
/** The workspaces the front thread below serves: a team, and an Enterprise Grid organisation. */
const SERVED = ["T0EQUIPE", "E0GRID"];
const asForm = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe("the front thread, before a stand-in for the main thread's server", () => {
  const socket = privateSocketPath();
  /** What the main thread's server was asked. */
  const seen: {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    rawHeaders: string[];
    body: string;
  }[] = [];
  /** What the front thread acknowledged and handed over. */
  const handed: ArrivedRequest[] = [];
  const answered: number[] = [];
  const logged: string[] = [];
  let upstream: Server;
  let front: Front;
  let url: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      if (req.url === "/close-me") {
        res.writeHead(401, { [CONNECTION_HEADER]: "close" }).end();
        return;
      }
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body,
        });
        res.writeHead(202, { "x-from": "main", "content-type": "text/plain" }).end("main");
      });
    });
    upstream.listen(socket.path);
    await once(upstream, "listening");
    front = await startFront(
      {
        ...slackFront(socket.path),
        platforms: [
          ...slackFront(socket.path).platforms,
          { path: "/api/messages", methods: "all", bodyLimit: 1024, bodyTimeoutMs: 1_000 },
        ],
        slack: { path: SLACK_EVENTS_PATH, signingSecret: SIGNING_SECRET, allowedTeams: SERVED },
      },
      {
        handed: (request) => void handed.push(request),
        answered: (_route, _method, status) => void answered.push(status),
        log: (event) => void logged.push(event),
        failed: (error) => {
          throw error;
        },
      },
    );
    url = `http://127.0.0.1:${front.address.port}`;
  });
  afterAll(async () => {
    await front.close();
    await new Promise((done) => upstream.close(done));
    socket.remove();
  });

  const postSlack = (body: string, headers: Record<string, string> = signedHeaders(SIGNING_SECRET, body)) =>
    fetch(`${url}${SLACK_EVENTS_PATH}`, {
      method: "POST",
      headers: { "content-type": FORM, ...headers },
      body,
    });
  const reset = () => {
    seen.length = 0;
    handed.length = 0;
    answered.length = 0;
    logged.length = 0;
  };

  it("acknowledges a signed click itself and hands it over whole; the main thread's server never sees it", async () => {
    reset();
    const body = asForm(buttonClick("U0A", "poll:yes", "m1:s1"));
    const response = await postSlack(body, {
      ...signedHeaders(SIGNING_SECRET, body),
      "x-slack-retry-num": "1",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await front.handedOver();
    expect(handed).toHaveLength(1);
    expect(handed[0]?.body.toString()).toBe(body);
    expect(handed[0]).toMatchObject({ contentType: FORM, retryNum: "1" });
    expect(seen).toEqual([]);
    expect(answered).toEqual([200]);
  });

  it("passes every other request on as it came, naming the client, and answers what the main thread answers", async () => {
    reset();
    const response = await fetch(`${url}/p/abc?x=1`, {
      method: "POST",
      headers: { [PEER_HEADER]: "198.51.100.9", "x-other": "kept", "content-type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-from")).toBe("main");
    expect(await response.text()).toBe("main");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/p/abc?x=1", body: "hello" });
    // The client's own claim is dropped: the front thread names the socket's address.
    expect(seen[0]?.headers[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen[0]?.headers["x-other"]).toBe("kept");
  });

  it("passes on a header named like an object's own parts as a header, repeated headers repeated", async () => {
    reset();
    const answer = await rawExchange(front.address.port, [
      "GET /p/abc HTTP/1.1",
      "host: localhost",
      "__proto__: one",
      "constructor: two",
      "x-twice: a",
      "x-twice: b",
      "connection: close",
    ]);
    expect(statusOf(answer)).toBe(202);
    const raw = seen[0]?.rawHeaders ?? [];
    const named = (name: string) => raw.filter((_value, i) => i % 2 === 1 && raw[i - 1] === name);
    expect(named("__proto__")).toEqual(["one"]);
    expect(named("constructor")).toEqual(["two"]);
    expect(named("x-twice")).toEqual(["a", "b"]);
  });

  it("keeps a body's framing: a chunked GET's body never reaches the main thread as a request of its own", async () => {
    reset();
    const smuggled = `GET /smuggled HTTP/1.1\r\nhost: localhost\r\n${PEER_HEADER}: 10.9.9.9\r\n\r\n`;
    const answer = await rawExchange(front.address.port, [
      "GET /first HTTP/1.1",
      "host: localhost",
      "transfer-encoding: chunked",
      "connection: close",
      "",
      `${Buffer.byteLength(smuggled).toString(16)}\r\n${smuggled}\r\n0`,
    ]);
    expect(statusOf(answer)).toBe(202);
    // Let a second request, were there one, arrive.
    await new Promise((later) => setTimeout(later, 50));
    expect(seen.map((request) => [request.url, request.body])).toEqual([["/first", smuggled]]);
    // A coding Node cannot frame is refused.
    const gzip = await rawExchange(front.address.port, [
      "POST /first HTTP/1.1",
      "host: localhost",
      "transfer-encoding: gzip, chunked",
      "",
      "0",
    ]);
    expect(statusOf(gzip)).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it("cuts a chunked webhook body off at its limit, and ends the client's connection unanswered", async () => {
    reset();
    const answer = await streamUntilStopped(
      front.address.port,
      [
        "POST /api/messages HTTP/1.1",
        "host: localhost",
        "content-type: application/json",
        "transfer-encoding: chunked",
      ],
      64 * 1024,
    );
    expect(answer).toMatchObject({ received: "", closed: true });
    expect(seen).toEqual([]);
  });

  it("turns the main thread's Connection header back into the client's", async () => {
    reset();
    const answer = await rawExchange(front.address.port, ["GET /close-me HTTP/1.1", "host: localhost"]);
    expect(statusOf(answer)).toBe(401);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer.toLowerCase()).not.toContain(CONNECTION_HEADER);
  });

  it("acknowledges a signed slash command itself and hands it over, even while the work queue has no room", async () => {
    reset();
    const body = slashCommandBody({ userId: "U0A", text: "stato" });
    const grid = slashCommandBody({ userId: "U0A", text: "aiuto", teamId: "T0ELSEWHERE" }).concat(
      "&enterprise_id=E0GRID",
    );
    expect((await postSlack(body)).status).toBe(200);
    front.setRoom(false);
    try {
      // A person waits for it at their screen: it goes ahead of the line, as the main thread lets it.
      const response = await postSlack(grid);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
    } finally {
      front.setRoom(true);
    }
    await front.handedOver();
    expect(handed.map((request) => request.body.toString())).toEqual([body, grid]);
    expect(seen).toEqual([]);
    expect(answered).toEqual([200, 200]);
  });

  it("acknowledges an Events API delivery itself, room or not (as Bolt does); passes on Slack's URL verification", async () => {
    reset();
    const event = JSON.stringify({
      type: "event_callback",
      team_id: "T0EQUIPE",
      event_id: "Ev1",
      event: { type: "message", channel_type: "im", channel: "D0A", user: "U0A", text: "aiuto" },
    });
    const verification = JSON.stringify({ type: "url_verification", challenge: "c" });
    const postJson = (body: string) =>
      postSlack(body, { ...signedHeaders(SIGNING_SECRET, body), "content-type": "application/json" });
    expect((await postJson(event)).status).toBe(200);
    expect((await postJson(verification)).status).toBe(202);
    front.setRoom(false);
    try {
      // Bolt acknowledges an event before any middleware of ours, the wait for room among them.
      expect((await postJson(event)).status).toBe(200);
    } finally {
      front.setRoom(true);
    }
    await front.handedOver();
    expect(handed.map((request) => request.body.toString())).toEqual([event, event]);
    expect(handed[0]?.contentType).toBe("application/json");
    expect(seen.map((request) => request.body)).toEqual([verification]);
  });

  it("passes on a form submitted, a command it cannot read, not ours or from a workspace not served, a click with a bad signature or another shape", async () => {
    reset();
    const click = asForm(buttonClick("U0A", "poll:yes", "m1:s1"));
    const others = [
      asForm(viewSubmission("U0A", "C0EQUIPE", { purpose: "x" })),
      // Its answer is the refusal, which the main thread gives in the acknowledgement itself.
      slashCommandBody({ userId: "U0A", text: "aiuto", teamId: "T0ELSEWHERE" }),
      new URLSearchParams({ command: "/equipe", text: "aiuto", team_id: "T0EQUIPE" }).toString(),
      // A command with no listener: Bolt lets it time out, and Slack tells the person.
      slashCommandBody({ userId: "U0A", text: "aiuto" }).replace("%2Fequipe", "%2Faltro"),
      asForm({ ...buttonClick("U0A", "poll:yes", "m1:s1"), actions: [] }),
      asForm({ ...buttonClick("U0A", "poll:yes", "m1:s1"), user: null }),
    ];
    for (const body of others) expect((await postSlack(body)).status).toBe(202);
    const badlySigned = await postSlack(click, signedHeaders("not-the-secret", click));
    expect(badlySigned.status).toBe(202);
    expect(seen.map((request) => request.body)).toEqual([...others, click]);
    expect(handed).toEqual([]);
  });

  it("passes a click on while the work queue has no room (the main thread makes Slack wait for it)", async () => {
    reset();
    front.setRoom(false);
    try {
      const body = asForm(buttonClick("U0A", "poll:yes", "m1:s1"));
      expect((await postSlack(body)).status).toBe(202);
      expect(seen.map((request) => request.body)).toEqual([body]);
      expect(handed).toEqual([]);
    } finally {
      front.setRoom(true);
    }
  });

  it("refuses an unsigned or stale request itself, 401, its body unread, the connection closed", async () => {
    reset();
    // Larger than Slack's unsigned SSL check can be (which the main thread's gate reads and answers).
    const body = asForm({ ...buttonClick("U0A", "poll:yes", "m1:s1"), padding: "x".repeat(2_000) });
    const unsigned = await postSlack(body, {});
    const stale = await postSlack(
      body,
      signedHeaders(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 600),
    );
    for (const response of [unsigned, stale]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("connection")).toBe("close");
    }
    expect(seen).toEqual([]);
    expect(handed).toEqual([]);
    expect(logged).toEqual(["slack.request.unsigned", "slack.request.stale"]);
    // The count of an answer comes by message, after the answer itself.
    await vi.waitFor(() => expect(answered).toEqual([401, 401]));
  });

  it("reports a thread that died once, and closes at once after it", async () => {
    const failures: Error[] = [];
    const doomed = await startFront(
      { port: 0, host: "127.0.0.1", upstream: socket.path, timeouts: SERVER_TIMEOUTS, platforms: [] },
      {
        handed: () => {},
        answered: () => {},
        log: () => {},
        failed: (error) => void failures.push(error),
      },
    );
    await doomed.terminate();
    await new Promise((later) => setTimeout(later, 50));
    expect(failures).toHaveLength(1);
    await doomed.close();
    await doomed.handedOver();
  });

  it("reads a body as Bolt does, line for line", () => {
    const bodies: [string | undefined, string][] = [
      [FORM, asForm({ type: "block_actions", n: [1] })],
      [FORM, "command=%2Fequipe&text=a%20b&text=c"],
      [FORM, "ssl_check=1&token=x"],
      ["application/json", '{"type":"event_callback","event":{"type":"message"}}'],
      [undefined, "[1,2]"],
      ["application/x-www-form-urlencoded; charset=utf-8", '{"a":1}'],
    ];
    for (const [contentType, body] of bodies) {
      const bolt = HTTPModuleFunctions.parseHTTPRequestBody({
        rawBody: Buffer.from(body),
        headers: { "content-type": contentType },
      } as unknown as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
      expect(parseSlackBody(contentType, Buffer.from(body)), body).toEqual(bolt);
    }
    expect(() => parseSlackBody(FORM, Buffer.from(asForm("{")).subarray(0, 12))).toThrow();
  });
});

describe("the whole server, its main thread busy", () => {
  const h = new HttpHarness();
  let slot: string;
  beforeAll(async () => {
    await h.start();
    await h.convenedPoll("FAM-2027-031");
    await h.running.idle();
    const meeting = await h.testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    slot = `${meeting.id}:${meeting.slots[0]?.id}`;
  });
  afterAll(() => h.stop());

  it("acknowledges a click and a command while the main thread cannot answer anything, and their work is done after", async () => {
    const command = slashCommandBody({ userId: "U0COORD", text: "stato", channelId: CHANNEL });
    const body = asForm({
      ...buttonClick("U0COORD", "poll:yes", slot),
      channel: { id: CHANNEL },
      container: { type: "message", channel_id: CHANNEL, message_ts: "1.1" },
    });
    // The client in a thread of its own: this one is about to be busy.
    const client = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
      const timed = (request) => request.then(async (response) => {
        await response.arrayBuffer();
        return { status: response.status, at: Date.now() };
      });
      parentPort.once("message", async () => {
        const [click, command, health] = await Promise.all([
          timed(fetch(workerData.url + "/slack/events", { method: "POST", headers: workerData.headers, body: workerData.body })),
          timed(fetch(workerData.url + "/slack/events", { method: "POST", headers: workerData.commandHeaders, body: workerData.command })),
          timed(fetch(workerData.url + "/healthz")),
        ]);
        parentPort.postMessage({ click, command, health });
      });`,
      {
        eval: true,
        workerData: {
          url: h.running.url,
          body,
          headers: { "content-type": FORM, ...signedHeaders(SIGNING_SECRET, body) },
          command,
          commandHeaders: { "content-type": FORM, ...signedHeaders(SIGNING_SECRET, command) },
        },
      },
    );
    const answers = once(client, "message") as Promise<[{ click: Timed; command: Timed; health: Timed }]>;
    const answeredBefore = h.api.calls.length;
    client.postMessage("go");
    // The main thread does nothing else for a second and a half.
    const busyUntil = Date.now() + 1_500;
    while (Date.now() < busyUntil) {
      // busy
    }
    const freed = Date.now();
    const [{ click, command: typed, health }] = await answers;
    await client.terminate();
    for (const acknowledged of [click, typed]) {
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.at).toBeLessThan(freed);
    }
    // What the main thread answers waited for it: the test tells the two apart.
    expect(health.status).toBe(200);
    expect(health.at).toBeGreaterThanOrEqual(freed);
    await h.running.idle();
    expect(await h.testDb.db.availability.count({ where: { answer: "yes" } })).toBe(1);
    // The command's answer, to the person who typed it.
    expect(h.api.calls.slice(answeredBefore).map((call) => [call.method, call.args.user])).toContainEqual([
      "chat.postEphemeral",
      "U0COORD",
    ]);
  });
});

interface Timed {
  status: number;
  at: number;
}

describe("the front thread, its main thread not taking up what it hands over", () => {
  it("hands over at most `pendingMax` on their way; the next goes to the main thread as it came", async () => {
    const socket = privateSocketPath();
    const seen: string[] = [];
    const upstream = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push(body);
        res.writeHead(202).end();
      });
    });
    upstream.listen(socket.path);
    await once(upstream, "listening");
    const handed: ArrivedRequest[] = [];
    const front = await startFront(
      { ...slackFront(socket.path), pendingMax: 1 },
      {
        handed: (request) => void handed.push(request),
        answered: () => {},
        log: () => {},
        failed: (error) => {
          throw error;
        },
      },
    );
    try {
      const commands = [
        slashCommandBody({ userId: "U0A", text: "stato" }),
        slashCommandBody({ userId: "U0B", text: "stato" }),
      ];
      // The client in a thread of its own: this one, the main thread, is about to be busy.
      const client = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
        parentPort.once("message", async () => {
          const answers = [];
          for (const { body, headers } of workerData.commands) {
            const response = await fetch(workerData.url, { method: "POST", headers, body });
            await response.arrayBuffer();
            answers.push({ status: response.status, at: Date.now() });
          }
          parentPort.postMessage(answers);
        });`,
        {
          eval: true,
          workerData: {
            url: `http://127.0.0.1:${front.address.port}${SLACK_EVENTS_PATH}`,
            commands: commands.map((body) => ({
              body,
              headers: { "content-type": FORM, ...signedHeaders(SIGNING_SECRET, body) },
            })),
          },
        },
      );
      const answers = once(client, "message") as Promise<[Timed[]]>;
      client.postMessage("go");
      const busyUntil = Date.now() + 1_000;
      while (Date.now() < busyUntil) {
        // busy: the first command's message waits for this thread
      }
      const freed = Date.now();
      const [[first, second]] = await answers;
      await client.terminate();
      expect(first).toMatchObject({ status: 200 });
      expect(first?.at).toBeLessThan(freed);
      // Answered by the main thread's server once it was free.
      expect(second).toMatchObject({ status: 202 });
      expect(second?.at).toBeGreaterThanOrEqual(freed);
      await front.handedOver();
      expect(handed.map((request) => request.body.toString())).toEqual([commands[0]]);
      expect(seen).toEqual([commands[1]]);
    } finally {
      await front.close();
      await new Promise((done) => upstream.close(done));
      socket.remove();
    }
  });
});
