import { Agent, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { httpApp } from "../../src/http/app.ts";

/** A platform endpoint that answers at once; feeds with a malformed token (404 without the DB). */
let app: ReturnType<typeof httpApp>;
let port: number;
beforeAll(async () => {
  const deps = {
    log: () => {},
    clock: { now: () => new Date() },
    publicBaseUrl: "http://localhost/",
  } as unknown as ServiceDeps;
  app = httpApp({
    deps,
    health: async () => ({ ready: true }),
    platforms: [
      {
        url: "/slack/events",
        methods: "POST",
        bodyLimit: 1024,
        listener: (req, res) => {
          req.resume();
          req.on("end", () => res.writeHead(200).end("ok"));
        },
      },
      {
        url: "/slow",
        methods: "POST",
        bodyLimit: 1024,
        // Never answers until the client goes.
        listener: (req) => {
          req.resume();
        },
      },
    ],
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(() => app.close());

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function call(method: string, path: string, body?: string): Promise<number> {
  return new Promise((done, failed) => {
    const r = httpRequest({ host: "127.0.0.1", port, method, path, agent }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
    });
    r.on("error", failed);
    if (body !== undefined) r.end(body);
    else r.end();
  });
}
async function pollMs(): Promise<number> {
  const began = performance.now();
  expect(await call("GET", "/calendar/x.ics")).toBe(404);
  return performance.now() - began;
}

describe("calendar polls give way to platform requests, and only while they are under way", () => {
  it("after platform requests on a kept-alive connection, a poll does not wait", async () => {
    for (let i = 0; i < 5; i++) expect(await call("POST", "/slack/events", "{}")).toBe(200);
    expect(await pollMs()).toBeLessThan(150);
  });

  it("after a platform request whose client went away, a poll does not wait", async () => {
    await new Promise<void>((done) => {
      const socket = connect(port, "127.0.0.1");
      socket.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
      setTimeout(() => {
        socket.destroy();
        done();
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await pollMs()).toBeLessThan(150);
  });

  it("a client that sends headers and closes at once (body never sent) does not leave a mark", async () => {
    for (let i = 0; i < 3; i++)
      await new Promise<void>((done) => {
        const socket = connect(port, "127.0.0.1");
        socket.end("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        socket.on("close", () => done());
        socket.on("error", () => done());
        socket.resume();
      });
    await new Promise((r) => setTimeout(r, 50));
    expect(await pollMs()).toBeLessThan(150);
  });
});

describe("while a platform request is under way", () => {
  it("while a platform request is under way, a poll waits about 200 ms", async () => {
    const socket = connect(port, "127.0.0.1");
    socket.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    await new Promise((r) => setTimeout(r, 50));
    const ms = await pollMs();
    socket.destroy();
    expect(ms).toBeGreaterThan(180);
  });
});
