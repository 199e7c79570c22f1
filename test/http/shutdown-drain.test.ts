import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { HttpHarness } from "./harness.ts";

/**
 * A stopping server drains: `/readyz` says 503 `shutting_down` from the moment the stop begins,
 * while the server keeps serving every other route for SHUTDOWN_DRAIN_MS, so that a load balancer
 * probing it stops sending traffic before the connections are refused. The drain here is longer
 * than the test: a second stop (a second signal) ends it, and the server closes.
 */
const h = new HttpHarness({ env: { SHUTDOWN_DRAIN_MS: "25000" } });
beforeAll(() => h.start());
afterAll(() => h.stop());

it("answers /readyz and /healthz 503 during the drain while the other routes still answer, then closes", async () => {
  const url = (path: string) => `${h.running.url}${path}`;
  expect((await fetch(url("/readyz"))).status).toBe(200);
  const stopped = h.running.close();
  const ready = await fetch(url("/readyz"));
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: "not_ready", reason: "shutting_down" });
  expect((await fetch(url("/livez"))).status).toBe(200);
  const health = await fetch(url("/healthz"));
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ alive: true, ready: false, reason: "shutting_down" });
  expect((await fetch(url("/slack/events"))).status).toBe(404);
  // A second stop ends the drain: the server closes, and refuses connections.
  await Promise.all([h.running.close(), stopped]);
  await expect(fetch(url("/livez"))).rejects.toThrow();
});

it("drains 5 s by default in production, not at all elsewhere, as SHUTDOWN_DRAIN_MS says otherwise", () => {
  const key = { EQUIPE_DATA_KEY: Buffer.alloc(32, 1).toString("base64") };
  expect(loadConfig({ ...key, NODE_ENV: "production" }).shutdownDrainMs).toBe(5000);
  expect(loadConfig({ ...key, NODE_ENV: "production", SHUTDOWN_DRAIN_MS: "0" }).shutdownDrainMs).toBe(0);
  expect(loadConfig({ ...key, NODE_ENV: "test" }).shutdownDrainMs).toBe(0);
  expect(loadConfig({ ...key, SHUTDOWN_DRAIN_MS: "1500" }).shutdownDrainMs).toBe(1500);
  expect(() => loadConfig({ ...key, SHUTDOWN_DRAIN_MS: "-1" })).toThrow(/SHUTDOWN_DRAIN_MS/);
});
