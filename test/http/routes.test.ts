import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { hashToken } from "../../src/core/links.ts";
import { clickNewest } from "../support/clicks.ts";
import { slackCtx, WORKSPACE } from "../support/fakes.ts";
import { announceAndStop, HttpHarness, statusOf } from "./harness.ts";

/**
 * The HTTP server's own behaviour, on the real server: what the feed and event-file routes answer
 * (validators, compression, HEAD), health, unknown paths, and what an internal error shows.
 */
const h = new HttpHarness();
const feedToken = randomBytes(32).toString("base64url");
const eventToken = randomBytes(32).toString("base64url");
const feedPath = `/calendar/${feedToken}.ics`;
const eventPath = `/calendar/event/${eventToken}.ics`;

beforeAll(async () => {
  await h.start();
  const core = h.running.core;
  const run = (text: string) => core.command(slackCtx("U0COORD"), text, parseSlackUserRef);
  await h.convenedPoll("FAM-2027-011");
  await run("conferma 1");
  await clickNewest(core, h.testDb, "U0COORD", "confirm-send");
  const db = h.testDb.db;
  await db.feedToken.create({
    data: {
      id: "http-feed",
      tokenHash: hashToken(feedToken),
      platform: "slack",
      workspaceId: WORKSPACE,
      platformUserId: "U0COORD",
    },
  });
  const meeting = await db.meeting.findFirstOrThrow({ where: { status: "confirmed" } });
  const member = await db.member.findFirstOrThrow({
    where: { equipeId: meeting.equipeId, platformUserId: "U0COORD" },
  });
  await db.eventToken.create({
    data: { id: "http-event", tokenHash: hashToken(eventToken), meetingId: meeting.id, memberId: member.id },
  });
  // The last change's second is over: the feed names its Last-Modified.
  h.clock.advance(60_000);
});
afterAll(() => h.stop());

type Asked = Omit<RequestInit, "headers"> & { headers?: Record<string, string> };
/** A request as a client that does not take gzip (fetch would ask for it, and decompress unseen). */
const get = (path: string, init: Asked = {}) =>
  fetch(`${h.running.url}${path}`, { ...init, headers: { "accept-encoding": "identity", ...init.headers } });
const headersOf = (response: Response) => Object.fromEntries(response.headers.entries());

describe("calendar feeds", () => {
  it("answers 200 with its validators, cache rules and length", async () => {
    const response = await get(feedPath);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(headersOf(response)).toMatchObject({
      "content-type": "text/calendar; charset=utf-8",
      "content-length": String(body.length),
      vary: "accept-encoding",
      "cache-control": "private, max-age=3600",
    });
    expect(response.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(Date.parse(response.headers.get("last-modified") ?? "")).not.toBeNaN();
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(body.toString()).toContain("BEGIN:VEVENT");
  });

  it("gzips for a client that takes it, under a tag of its own, with the compressed length", async () => {
    const plain = await get(feedPath);
    const raw = await plain.text();
    // Through a raw connection, to see the bytes sent as they are.
    const answer = await announceAndStop(
      h.port,
      [`GET ${feedPath} HTTP/1.1`, "host: localhost", "accept-encoding: gzip", "connection: close"],
      "",
    );
    const [head = "", ...rest] = answer.received.split("\r\n\r\n");
    const zipped = Buffer.from(rest.join("\r\n\r\n"), "latin1");
    expect(statusOf(head)).toBe(200);
    expect(head).toMatch(/content-encoding: gzip/i);
    expect(head).toMatch(new RegExp(`content-length: ${zipped.length}\\r?$`, "im"));
    const tag = /etag: (.+)/i.exec(head)?.[1]?.trim();
    expect(tag).toBe(`${plain.headers.get("etag")?.slice(0, -1)}-gz"`);
    expect(gunzipSync(zipped).toString()).toBe(raw);
  });

  it("answers HEAD with GET's headers and no body", async () => {
    const full = await get(feedPath);
    const head = await get(feedPath, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const name of ["content-type", "content-length", "etag", "last-modified", "vary", "cache-control"])
      expect(head.headers.get(name), name).toBe(full.headers.get(name));
  });

  it("answers 304 to its own tag (weak or strong, plain or gzip), to *, and to its date", async () => {
    const full = await get(feedPath);
    const etag = full.headers.get("etag") ?? "";
    const lastModified = full.headers.get("last-modified") ?? "";
    const conditions: Record<string, string>[] = [
      { "if-none-match": etag },
      { "if-none-match": `W/${etag}` },
      { "if-none-match": `"other", ${etag.slice(0, -1)}-gz"` },
      { "if-none-match": "*" },
      { "if-modified-since": lastModified },
    ];
    for (const headers of conditions) {
      const response = await get(feedPath, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(304);
      expect(await response.text()).toBe("");
      expect(response.headers.get("content-length")).toBeNull();
      expect(headersOf(response)).toMatchObject({ etag, vary: "accept-encoding" });
    }
    // Another tag, or an earlier date: the feed itself.
    expect((await get(feedPath, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(feedPath, { headers: { "if-modified-since": earlier } })).status).toBe(200);
  });

  it("answers every unknown, malformed or undecodable token with the same 404", async () => {
    const known = await get(`/calendar/${randomBytes(32).toString("base64url")}.ics`);
    const knownBody = await known.text();
    expect(known.status).toBe(404);
    expect(knownBody).toBe("Not found\n");
    for (const path of [
      "/calendar/not-a-token.ics",
      `/calendar/${"A".repeat(300)}.ics`,
      "/calendar/%zz.ics",
      `/calendar/${feedToken.slice(0, 20)}%2F${feedToken.slice(20)}.ics`,
      `/calendar/event/${feedToken}.ics`,
      "/calendar/event/%zz.ics",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe(knownBody);
      expect(response.headers.get("etag"), path).toBeNull();
    }
  });
});

describe("calendar polls beside the chat platforms", () => {
  // Teams's requests come to the main thread as they arrive (the front thread passes them on as a
  // stream); Slack's come whole, read by the front thread first (src/http/front.ts).
  it("a poll gives way to a platform's request under way, and is answered once that is", async () => {
    // An activity whose body is still coming: the platform's request is under way until it is answered.
    const body = JSON.stringify({ type: "message", text: "aiuto", channelId: "msteams" });
    const socket = connect(h.port, "127.0.0.1");
    let platformAnsweredAt = 0;
    const platformAnswered = new Promise<string>((resolve) => {
      let received = "";
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
        if (platformAnsweredAt === 0) platformAnsweredAt = performance.now();
      });
      socket.on("close", () => resolve(received));
      socket.on("error", () => resolve(received));
    });
    const head = [
      "POST /api/messages HTTP/1.1",
      "Host: localhost",
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
    ];
    const half = Math.floor(body.length / 2);
    socket.write(`${head.join("\r\n")}\r\n\r\n${body.slice(0, half)}`);
    await new Promise((resolve) => setTimeout(resolve, 30));

    let polledAt = 0;
    const poll = get(feedPath).then(async (response) => {
      polledAt = performance.now();
      await response.arrayBuffer();
      return response.status;
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    // Still waiting: the platform's request goes first.
    const waited = polledAt === 0;
    socket.write(body.slice(half));
    if (!waited) socket.destroy();
    expect(waited).toBe(true);
    expect(await poll).toBe(200);
    expect(statusOf(await platformAnswered)).toBeLessThan(500);
    expect(platformAnsweredAt).toBeGreaterThan(0);
    expect(polledAt).toBeGreaterThanOrEqual(platformAnsweredAt);
  });

  it("a poll is answered anyway when a platform request lasts past its patience", async () => {
    // A body that never ends: the request stays under way until the socket is closed.
    const socket = connect(h.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write(
      "POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const response = await get(feedPath);
    expect(response.status).toBe(200);
    expect((await response.text()).startsWith("BEGIN:VCALENDAR")).toBe(true);
    socket.destroy();
  });
});

describe("event files", () => {
  it("answer 200 as an attachment never stored, and HEAD with the same headers", async () => {
    const response = await get(eventPath);
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(headersOf(response)).toMatchObject({
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, no-store",
      "content-length": String(Buffer.byteLength(body)),
    });
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.ics"$/);
    expect(body).toContain("BEGIN:VEVENT");
    const head = await get(eventPath, { method: "HEAD" });
    expect(await head.text()).toBe("");
    expect(head.headers.get("content-length")).toBe(response.headers.get("content-length"));
    expect(head.headers.get("content-disposition")).toBe(response.headers.get("content-disposition"));
  });
});

describe("health, unknown paths and errors", () => {
  it("answers GET /healthz 200, alive and ready, with the platforms that are on", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ok",
      alive: true,
      ready: true,
      platforms: { slack: true, teams: true },
    });
  });

  it("answers unknown paths 404 JSON, whatever the method, the body or the encoding", async () => {
    const asked: [string, Asked][] = [
      ["/", {}],
      // Not served without METRICS_TOKEN, whoever asks.
      ["/metrics", {}],
      ["/metrics", { headers: { authorization: "Bearer " } }],
      ["/healthz/", {}],
      ["/HEALTHZ", {}],
      ["/healthz", { method: "POST" }],
      ["/calendar", {}],
      ["/calendar/feed", {}],
      ["/calendar/a/b.ics", {}],
      ["/calendar/x.ics", { method: "POST" }],
      ["/p/abc", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }],
      ["/p/abc", { method: "POST", headers: { "content-type": "no/such type" }, body: "x" }],
      ["/%zz", {}],
    ];
    for (const [path, init] of asked) {
      const response = await get(path, init);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toBe("application/json; charset=utf-8");
      expect(await response.json(), path).toEqual({ error: "not_found" });
    }
  });

  it("answers an internal error 500 with one word, and logs only the error's name", async () => {
    const lines = h.lines.length;
    h.clock.broken = new TypeError("secret detail of a failure");
    let response: Response;
    try {
      response = await get(feedPath);
    } finally {
      h.clock.broken = undefined;
    }
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.text()).toBe('{"error":"internal"}');
    const logged = h.lines.slice(lines).filter((line) => line.event === "http.error");
    expect(logged).toEqual([{ event: "http.error", fields: { error: "TypeError" } }]);
    expect(JSON.stringify(h.lines)).not.toContain("secret detail");
  });

  it("never says which framework answers", async () => {
    for (const path of ["/healthz", feedPath, "/nowhere", "/api/messages", "/slack/events"])
      expect((await get(path)).headers.get("x-powered-by"), path).toBeNull();
  });
});
