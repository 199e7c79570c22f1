import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, readTrustProxy } from "../../src/config.ts";
import type { MemberId } from "../../src/domain/ids.ts";
import { BAD_TOKEN_WINDOW_MS, BAD_TOKENS_PER_WINDOW } from "../../src/http/bad-tokens.ts";
import { PEER_HEADER } from "../../src/http/front.ts";
import { PagesHarness, webEquipe } from "../support/web-pages.ts";

/**
 * TRUST_PROXY: behind a reverse proxy, the bad-link limit counts each client the proxy names in
 * `X-Forwarded-For`, not the proxy; without it, the header is ignored, so that a client cannot
 * pick a new address for every guess.
 */
class ProxiedHarness extends PagesHarness {
  constructor(env: Record<string, string>) {
    super({ env });
  }
}

const bad = () => `/p/${randomBytes(32).toString("base64url")}`;
const from = (h: PagesHarness, path: string, client: string) =>
  fetch(`${h.url}${path}`, { headers: { "x-forwarded-for": client } });

describe("TRUST_PROXY as written in the environment", () => {
  it("is off by default and reads true, a hop count, or addresses and networks", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(readTrustProxy(undefined)).toBe(false);
    expect(readTrustProxy("false")).toBe(false);
    expect(readTrustProxy("0")).toBe(false);
    expect(readTrustProxy("true")).toBe(true);
    expect(readTrustProxy("TRUE")).toBe(true);
    expect(readTrustProxy("2")).toBe(2);
    expect(readTrustProxy("10.0.0.1, 192.168.0.0/16,::1 , fd00::/8")).toEqual([
      "10.0.0.1",
      "192.168.0.0/16",
      "::1",
      "fd00::/8",
    ]);
    expect(loadConfig({ TRUST_PROXY: " 127.0.0.1 " }).trustProxy).toEqual(["127.0.0.1"]);
  });

  it("refuses anything else at start, saying what it takes", () => {
    for (const value of [
      "yes",
      "11",
      "-1",
      "1.5",
      "10.0.0.300",
      "10.0.0.0/33",
      "::1/129",
      "proxy.local",
      ",",
      "10.0.0.1/8/2",
    ])
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "yes" })).toThrow(
      /^TRUST_PROXY is malformed: it must be `true`, a number/,
    );
  });
});

/** Good links for the test: the mother's personal page. */
async function goodLink(h: PagesHarness): Promise<string> {
  await webEquipe(h);
  return `/p/${await h.linkFor((await h.memberId("mamma@example.org")) as MemberId)}`;
}

for (const [name, value] of [
  ["the proxy's address", "127.0.0.1"],
  ["one hop", "1"],
] as const)
  describe(`behind a proxy named by TRUST_PROXY (${name})`, () => {
    const h = new ProxiedHarness({ TRUST_PROXY: value });
    let good: string;
    beforeAll(async () => {
      await h.start();
      good = await goodLink(h);
    });
    afterAll(() => h.stop());

    it("counts two clients behind it apart", async () => {
      for (let i = 0; i < BAD_TOKENS_PER_WINDOW; i += 1)
        expect((await from(h, bad(), "203.0.113.7")).status).toBe(404);
      expect((await from(h, good, "203.0.113.7")).status).toBe(429);
      // Another client behind the same proxy is not refused for the first one's guesses.
      expect((await from(h, good, "203.0.113.8")).status).toBe(200);
      expect((await from(h, bad(), "203.0.113.8")).status).toBe(404);
      // The client is the one the proxy adds last: what the client itself wrote before it is not believed.
      expect((await from(h, good, "203.0.113.8, 203.0.113.7")).status).toBe(429);
      h.clock.advance(BAD_TOKEN_WINDOW_MS);
    });

    it("counts links that cannot even be decoded per client too, not per proxy", async () => {
      for (let i = 0; i < BAD_TOKENS_PER_WINDOW; i += 1)
        expect((await from(h, `/p/abc%zz${i}`, "203.0.113.20")).status).toBe(404);
      expect((await from(h, "/p/abc%zz", "203.0.113.20")).status).toBe(429);
      expect((await from(h, good, "203.0.113.20")).status).toBe(429);
      // Someone else behind the same proxy: their own first mistyped link is a 404, their page opens.
      expect((await from(h, "/p/abc%zz", "203.0.113.21")).status).toBe(404);
      expect((await from(h, good, "203.0.113.21")).status).toBe(200);
      h.clock.advance(BAD_TOKEN_WINDOW_MS);
    });
  });

describe("with TRUST_PROXY off", () => {
  const h = new ProxiedHarness({});
  let good: string;
  beforeAll(async () => {
    await h.start();
    good = await goodLink(h);
  });
  afterAll(() => h.stop());

  it("ignores X-Forwarded-For: a client cannot dodge the limit by changing it", async () => {
    for (let i = 0; i < BAD_TOKENS_PER_WINDOW; i += 1)
      expect((await from(h, bad(), `198.51.100.${i}`)).status).toBe(404);
    expect((await from(h, good, "198.51.100.200")).status).toBe(429);
    expect((await fetch(`${h.url}${good}`)).status).toBe(429);
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
    expect((await from(h, good, "198.51.100.200")).status).toBe(200);
  });

  it("ignores the header the front thread names the client in, when a client sends it", async () => {
    const naming = (path: string, client: string) =>
      fetch(`${h.url}${path}`, { headers: { [PEER_HEADER]: client, "x-forwarded-for": client } });
    for (let i = 0; i < BAD_TOKENS_PER_WINDOW; i += 1)
      expect((await naming(bad(), `198.51.100.${i}`)).status).toBe(404);
    expect((await naming(good, "198.51.100.201")).status).toBe(429);
    expect((await fetch(`${h.url}${good}`)).status).toBe(429);
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
  });
});
