import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { httpApp } from "../../src/http/app.ts";
import {
  committedMigrations,
  migrationsDir,
  READINESS_DEADLINE_MS,
  readiness,
} from "../../src/infra/readiness.ts";
import { slackCtx } from "../support/fakes.ts";
import { parsePrometheus } from "../support/prometheus.ts";
import { HttpHarness } from "./harness.ts";

/**
 * What operators read: the probes (`/livez`, `/readyz`, `/healthz`, alive and whether ready) and `/metrics`, which
 * answers only the bearer of METRICS_TOKEN, in Prometheus text that a strict reader accepts, with
 * the queue's state as the database holds it and no token of any path in it.
 */
const METRICS_TOKEN = randomBytes(32).toString("hex");
const h = new HttpHarness({ env: { METRICS_TOKEN } });
const url = (path: string) => `${h.running.url}${path}`;
const scrape = async () => {
  const response = await fetch(url("/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, metrics: parsePrometheus(text) };
};

beforeAll(() => h.start());
afterAll(() => h.stop());

/** A query parameter's place: `?` on SQLite, `$n` on PostgreSQL. */
const slot = (n: number) => (h.testDb.db.kind === "postgresql" ? `$${n}` : "?");

describe("probes", () => {
  it("/livez answers alive, /readyz ready, /healthz both", async () => {
    const live = await fetch(url("/livez"));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "alive" });
    const ready = await fetch(url("/readyz"));
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready" });
    const health = await fetch(url("/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "ok",
      alive: true,
      ready: true,
      platforms: { slack: true, teams: true },
    });
  });

  it("/readyz answers 503 with a short reason while a committed migration is not applied", async () => {
    const db = h.testDb.db;
    const last = committedMigrations(migrationsDir(h.testDb.db.kind)).at(-1) ?? "";
    const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT * FROM _prisma_migrations WHERE migration_name = ${slot(1)}`,
      last,
    );
    expect(row).toBeDefined();
    await db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = ${slot(1)}`, last);
    try {
      const response = await fetch(url("/readyz"));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "not_ready",
        reason: "migrations_pending",
        pending: 1,
      });
      // Alive all the same: a restart would not help, a migration would.
      expect((await fetch(url("/livez"))).status).toBe(200);
      // `/healthz`, which load balancers set up before `/readyz` existed probe, says the same.
      const health = await fetch(url("/healthz"));
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        status: "not_ready",
        alive: true,
        ready: false,
        reason: "migrations_pending",
        pending: 1,
        platforms: { slack: true, teams: true },
      });
    } finally {
      const columns = Object.keys(row ?? {});
      await db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (${columns.join(", ")}) VALUES (${columns.map((_, i) => slot(i + 1)).join(", ")})`,
        ...columns.map((column) => row?.[column]),
      );
    }
    expect((await fetch(url("/readyz"))).status).toBe(200);
    expect((await fetch(url("/healthz"))).status).toBe(200);
  });

  it("counts a migration folder of this release the database never recorded, and a rolled back one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    try {
      for (const name of [...committedMigrations(migrationsDir(h.testDb.db.kind)), "29990101000000_next"]) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, "migration.sql"), "");
      }
      mkdirSync(join(dir, "not_a_migration"));
      const committed = committedMigrations(dir);
      expect(committed).toHaveLength(committedMigrations(migrationsDir(h.testDb.db.kind)).length + 1);
      expect(await readiness(h.testDb.db, committed)).toEqual({
        ready: false,
        reason: "migrations_pending",
        pending: 1,
      });
      expect(await readiness(h.testDb.db, committedMigrations(migrationsDir(h.testDb.db.kind)))).toEqual({
        ready: true,
      });
      const first = committedMigrations(migrationsDir(h.testDb.db.kind))[0] ?? "";
      const update = `UPDATE _prisma_migrations SET rolled_back_at = ${slot(1)} WHERE migration_name = ${slot(2)}`;
      await h.testDb.db.$executeRawUnsafe(update, new Date(), first);
      try {
        expect(
          await readiness(h.testDb.db, committedMigrations(migrationsDir(h.testDb.db.kind))),
        ).toMatchObject({ pending: 1 });
      } finally {
        await h.testDb.db.$executeRawUnsafe(update, null, first);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a database that does not answer", () => {
  it("makes the server not ready, for that reason, with a 503 from /healthz and /readyz: never a 500, never silence", async () => {
    const refused = vi
      .spyOn(h.running.db, "$queryRawUnsafe")
      .mockRejectedValue(new Error("connection refused"));
    try {
      for (const path of ["/healthz", "/readyz"]) {
        const response = await fetch(url(path));
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ status: "not_ready", reason: "database_unreachable" });
      }
    } finally {
      refused.mockRestore();
    }
    // One that hangs: answered once the probe's deadline has gone by.
    const hung = vi.spyOn(h.running.db, "$queryRawUnsafe").mockReturnValue(new Promise(() => {}) as never);
    try {
      const started = performance.now();
      const response = await fetch(url("/healthz"));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        alive: true,
        ready: false,
        reason: "database_unreachable",
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(READINESS_DEADLINE_MS - 50);
    } finally {
      hung.mockRestore();
    }
    expect((await fetch(url("/healthz"))).status).toBe(200);
  });

  it("answers /healthz 503 when finding out fails in a way nobody foresaw", async () => {
    const app = httpApp({
      deps: h.running.deps,
      platforms: [],
      health: async () => {
        throw new TypeError("a bug");
      },
    });
    try {
      const response = await app.inject({ method: "GET", url: "/healthz" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: "not_ready", alive: true, ready: false });
    } finally {
      await app.close();
    }
  });
});

describe("the exposition reader of these tests", () => {
  it("refuses what the format does not allow", () => {
    const typeAfterSample = "# TYPE a counter\na_total 1\n# TYPE a_total counter\n";
    expect(() => parsePrometheus("# TYPE x gauge\nx 1\n")).not.toThrow();
    for (const bad of [
      "x 1\n", // no TYPE
      "# TYPE x gauge\nx 1", // no final line feed
      "# TYPE x gauge\nx{a=b} 1\n", // unquoted label value
      '# TYPE x gauge\nx{a="\\q"} 1\n', // bad escape
      "# TYPE x gauge\nx one\n", // not a number
      "# TYPE x gauge\nx 1\nx 2\n", // the same series twice
      "# TYPE 1x gauge\n", // bad name
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', // not cumulative
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', // +Inf ≠ count
      typeAfterSample,
    ])
      expect(() => parsePrometheus(bad), bad).toThrow();
  });
});

describe("/metrics", () => {
  it("answers 401 without the token, or with another one, and says nothing else", async () => {
    for (const authorization of [
      undefined,
      "Bearer nope",
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${METRICS_TOKEN}x`,
    ]) {
      const response = await fetch(url("/metrics"), authorization ? { headers: { authorization } } : {});
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.json()).toEqual({ error: "unauthorized" });
    }
  });

  it("shows the queue as the database holds it: messages by channel and state, their age, job lag", async () => {
    const db = h.testDb.db;
    const now = h.clock.now().getTime();
    const at = (seconds: number) => new Date(now + seconds * 1000);
    // Rows written in clear (keyId NULL) as an older release did: read the same way.
    const email = {
      target: { kind: "email", to: "anna@example.org", locale: "it" },
      message: { blocks: [] },
    };
    const slack = {
      target: { kind: "dm", platform: "slack", workspaceId: "T1", userId: "U1" },
      message: { blocks: [] },
    };
    await db.queueItem.createMany({
      data: [
        // Held ten minutes for e-mail, which is off here.
        {
          kind: "message",
          payload: JSON.stringify(email),
          status: "held",
          lastError: "email_off",
          dueAt: at(-600),
          createdAt: at(-600),
        },
        // A Slack message failed twice, its next try in an hour.
        {
          kind: "message",
          payload: JSON.stringify(slack),
          status: "pending",
          attempts: 2,
          dueAt: at(3600),
          createdAt: at(-120),
        },
        // A reminder due 90 s ago, leased by another replica that has not finished it.
        {
          kind: "test.job",
          payload: "{}",
          status: "pending",
          dueAt: at(-90),
          createdAt: at(-3600),
          leaseUntil: at(60),
          leaseOwner: "elsewhere",
        },
      ],
    });
    const { metrics, text } = await scrape();
    expect(metrics.value("equipe_outbox_messages", { channel: "email", state: "held" })).toBe(1);
    expect(metrics.value("equipe_outbox_messages", { channel: "slack", state: "retrying" })).toBe(1);
    expect(metrics.value("equipe_outbox_messages", { channel: "slack", state: "pending" })).toBe(0);
    expect(metrics.value("equipe_outbox_messages", { channel: "teams", state: "pending" })).toBe(0);
    expect(metrics.value("equipe_outbox_oldest_message_age_seconds", { channel: "email" })).toBe(600);
    expect(metrics.value("equipe_outbox_oldest_message_age_seconds", { channel: "slack" })).toBe(120);
    expect(metrics.value("equipe_outbox_oldest_message_age_seconds", { channel: "teams" })).toBe(0);
    expect(metrics.value("equipe_jobs_due")).toBe(1);
    expect(metrics.value("equipe_jobs_lag_seconds")).toBe(90);
    expect(metrics.types.get("equipe_outbox_messages")).toBe("gauge");
    // What is in the payloads never reaches a label.
    expect(text).not.toContain("anna@example.org");
    expect(text).not.toContain("U1");
    await db.queueItem.deleteMany({
      where: { OR: [{ kind: "test.job" }, { status: { in: ["held", "pending"] } }] },
    });
    const after = (await scrape()).metrics;
    expect(after.value("equipe_outbox_messages", { channel: "email", state: "held" })).toBe(0);
    expect(after.value("equipe_jobs_lag_seconds")).toBe(0);
  });

  it("counts deliveries by channel and result", async () => {
    const before = (await scrape()).metrics;
    const delivered = (m: typeof before) =>
      m.value("equipe_outbox_deliveries_total", { channel: "slack", result: "delivered" }) ?? 0;
    await h.running.core.command(slackCtx("U0COORD"), "setup FAM-2027-015", parseSlackUserRef);
    await h.running.idle();
    const after = (await scrape()).metrics;
    expect(delivered(after)).toBeGreaterThan(delivered(before));
    expect(after.types.get("equipe_outbox_deliveries_total")).toBe("counter");
    // What collisions between units of work cost (PostgreSQL), read beside the deliveries.
    expect(after.types.get("equipe_unit_collisions_total")).toBe("counter");
    expect(after.types.get("equipe_unit_collision_wait_seconds_total")).toBe("counter");
  });

  it("times requests by route template and status class, never by their path", async () => {
    const token = randomBytes(32).toString("base64url");
    for (const path of [`/calendar/${token}.ics`, `/p/${token}`, `/nowhere/${token}`, "/livez"])
      await (await fetch(url(path))).arrayBuffer();
    // A platform's webhook answers on Node's response itself (Bolt: unsigned, refused): timed all the same.
    await (await fetch(url("/slack/events"), { method: "POST", body: "{}" })).arrayBuffer();
    const { metrics, text } = await scrape();
    const count = (route: string, method: string, status_class: string) =>
      metrics.value("equipe_http_request_duration_seconds_count", { route, method, status_class });
    // A feed asked for while the server is busy is told to come back (503): any class counts here.
    const feeds = metrics.samples.filter(
      (s) => s.name === "equipe_http_request_duration_seconds_count" && s.labels.route === "/calendar/*",
    );
    expect(feeds.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThanOrEqual(1);
    expect(count("/p/:token", "GET", "4xx")).toBeGreaterThanOrEqual(1);
    expect(count("unmatched", "GET", "4xx")).toBeGreaterThanOrEqual(1);
    expect(count("/livez", "GET", "2xx")).toBeGreaterThanOrEqual(1);
    expect(count("/slack/events", "POST", "4xx")).toBeGreaterThanOrEqual(1);
    expect(metrics.types.get("equipe_http_request_duration_seconds")).toBe("histogram");
    expect(text).not.toContain(token);
    // The process's own (prom-client's defaults): memory, event loop.
    expect(metrics.types.get("process_resident_memory_bytes")).toBe("gauge");
  });
});
