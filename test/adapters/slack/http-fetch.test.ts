import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webApiFetch } from "../../../adapters/slack/http-fetch.ts";

/**
 * The Web API client's `fetch` (adapters/slack/http-fetch.ts): Node's `http` for the client's
 * form-encoded POSTs, the global `fetch` for anything else. Against a local server.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server | undefined;
const sockets = new Set<Socket>();

async function serve(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const one = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(one);
      handler(req, res, one);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((ready) => server?.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

const form = (body: string, extra: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...extra },
  body,
  redirect: "error" as const,
});

describe("the Slack Web API client's fetch", () => {
  it("posts the body and headers as given and answers status, headers and body", async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-oauth-scopes": "chat:write" });
      res.end(JSON.stringify({ ok: true, ts: "1.2" }));
    });
    const answer = await webApiFetch()(
      `${url}/api/chat.postMessage`,
      form("channel=C1&text=%C3%A8", { "X-Extra": "1", "Content-LENGTH": "3", Connection: "close" }),
    );
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/api/chat.postMessage",
      body: "channel=C1&text=%C3%A8",
    });
    expect(seen[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[0]?.headers["x-extra"]).toBe("1");
    expect(seen[0]?.headers["content-length"]).toBe(String(Buffer.byteLength("channel=C1&text=%C3%A8")));
    expect(seen[0]?.headers.connection).not.toBe("close");
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(`${url}/api/chat.postMessage`);
    expect(answer.headers.get("x-oauth-scopes")).toBe("chat:write");
    expect(await answer.json()).toEqual({ ok: true, ts: "1.2" });
  });

  it("keeps one connection open for the calls that follow one another", async () => {
    const { url, seen } = await serve((_req, res) => res.end("{}"));
    const fetch = webApiFetch();
    let connections = 0;
    server?.on("connection", () => {
      connections += 1;
    });
    for (let i = 0; i < 5; i += 1) await (await fetch(`${url}/api/x`, form(`n=${i}`))).text();
    expect(seen.map((s) => s.body)).toEqual(["n=0", "n=1", "n=2", "n=3", "n=4"]);
    expect(connections).toBe(1);
  });

  it("opens an answer that came compressed, and refuses one it cannot open", async () => {
    const { url } = await serve((req, res) => {
      const encoding = req.url === "/api/gzip" ? "gzip" : "zstd-or-worse";
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
      res.end(gzipSync('{"ok":true,"text":"è"}'));
    });
    const fetch = webApiFetch();
    expect(await (await fetch(`${url}/api/gzip`, form("a=1"))).json()).toEqual({ ok: true, text: "è" });
    const failure = await fetch(`${url}/api/other`, form("a=1")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
  });

  it("refuses a redirect, as fetch does when told redirect: error, and goes nowhere else", async () => {
    let elsewhere = 0;
    const { url } = await serve((req, res) => {
      if (req.url === "/elsewhere") elsewhere += 1;
      else res.writeHead(302, { location: "/elsewhere" }).end();
    });
    const failure = await webApiFetch()(`${url}/api/x`, form("token=xoxb-secret")).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ message: "unexpected redirect" });
    expect(elsewhere).toBe(0);
  });

  it("rejects a call whose answer is cut off", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write('{"ok":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const failure = await webApiFetch()(`${url}/api/x`, form("a=1")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
  });

  it("closes a connection left unused", async () => {
    const { url } = await serve((_req, res) => res.end("{}"));
    let closed = false;
    server?.on("connection", (socket: Socket) =>
      socket.on("close", () => {
        closed = true;
      }),
    );
    await (await webApiFetch(globalThis.fetch, 100)(`${url}/api/x`, form("a=1"))).text();
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("waits for a slow answer past the idle time (the call's own signal bounds it)", async () => {
    const { url } = await serve((_req, res) => {
      setTimeout(() => res.end('{"ok":true}'), 300);
    });
    const answer = await webApiFetch(globalThis.fetch, 50)(`${url}/api/x`, form("a=1"));
    expect(await answer.json()).toEqual({ ok: true });
  });

  it("gives the client what a 429 says, through the Web API client", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(429, { "retry-after": "7" }).end();
    });
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: `${url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: webApiFetch(),
    });
    await expect(client.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 7,
    });
  });

  it("gives up a call whose signal aborts, and drops its connection", async () => {
    let closed = false;
    const { url } = await serve((req) => {
      req.socket.on("close", () => {
        closed = true;
      });
    });
    const call = webApiFetch()(`${url}/api/x`, { ...form("a=1"), signal: AbortSignal.timeout(100) });
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("rejects a call whose signal has already aborted, without sending it", async () => {
    const { url } = await serve((_req, res) => res.end("{}"));
    let connections = 0;
    server?.on("connection", () => {
      connections += 1;
    });
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(
      webApiFetch()(`${url}/api/x`, { ...form("a=1"), signal: controller.signal }),
    ).rejects.toThrow("gone");
    await new Promise((later) => setTimeout(later, 50));
    expect(connections).toBe(0);
  });

  it("rejects as fetch does when nobody answers at the address", async () => {
    const { url } = await serve((_req, res) => res.end("{}"));
    await new Promise<void>((done) => server?.close(() => done()));
    for (const socket of sockets) socket.destroy();
    server = undefined;
    const failure = await webApiFetch()(`${url}/api/x`, form("a=1")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("hands anything but a form POST to the fallback, as it was given", async () => {
    const fallback = vi.fn(async () => new Response("fallback"));
    const fetch = webApiFetch(fallback as unknown as typeof globalThis.fetch);
    const multipart = new FormData();
    multipart.append("file", new Blob(["x"]), "x.txt");
    const calls: [string | URL, RequestInit][] = [
      ["http://127.0.0.1:1/upload", { method: "POST", body: multipart, redirect: "error" }],
      ["http://127.0.0.1:1/x", { method: "GET" }],
      [new URL("http://127.0.0.1:1/x"), form("a=1")],
      ["http://127.0.0.1:1/x", { ...form("a=1"), redirect: "follow" }],
      ["http://127.0.0.1:1/x", { ...form("a=1"), headers: new Headers({ a: "1" }) }],
      ["ftp://127.0.0.1:1/x", form("a=1")],
    ];
    for (const [input, init] of calls) expect(await (await fetch(input, init)).text()).toBe("fallback");
    expect(fallback.mock.calls).toEqual(calls);
  });
});
