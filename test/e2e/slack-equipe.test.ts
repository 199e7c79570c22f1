import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { slackView } from "../support/display.ts";
import { RecordingSlackApi } from "../support/slack-api.ts";
import { postSlashCommand, SIGNING_SECRET } from "../support/slack-driver.ts";

/** Slack gives an app three seconds to acknowledge; our ack must come well inside that. */
const SLACK_ACK_LIMIT_MS = 3_000;

let api: RecordingSlackApi;
let testDb: TestDb;
let running: RunningServer;

beforeAll(async () => {
  api = new RecordingSlackApi();
  const apiUrl = await api.start();
  testDb = await freshDb();
  await testDb.db.$disconnect();
  const config = loadConfig({
    PORT: "0",
    DATABASE_URL: testDb.url,
    EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: apiUrl,
    TEAMS_ALLOW_UNAUTHENTICATED: "true",
  });
  running = await startServer(config, { skipMigrations: true, log: silentLog });
});

afterAll(async () => {
  await running.close();
  await api.close();
  await testDb.dispose();
});

async function command(userId: string, text: string, extra: { triggerId?: string; channelId?: string } = {}) {
  const started = Date.now();
  const response = await postSlashCommand(running.url, { userId, text, ...extra });
  expect(response.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(SLACK_ACK_LIMIT_MS);
  return response;
}

async function nextEphemeral(count: number) {
  await vi.waitFor(() => expect(api.callsTo("chat.postEphemeral").length).toBeGreaterThanOrEqual(count), {
    timeout: 10_000,
  });
  return api.callsTo("chat.postEphemeral")[count - 1]?.args;
}

describe("Slack end to end: équipe set-up", () => {
  it("refuses unsigned, wrongly signed and stale requests", async () => {
    const wrong = await postSlashCommand(
      running.url,
      { userId: "U0COORD", text: "help" },
      { secret: "not-the-secret" },
    );
    expect(wrong.status).toBe(401);
    const stale = await postSlashCommand(
      running.url,
      { userId: "U0COORD", text: "help" },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${running.url}/slack/events`, {
      method: "POST",
      body: "command=%2Fequipe",
    });
    expect(unsigned.status).toBe(401);
    expect(api.callsTo("chat.postEphemeral")).toHaveLength(0);
  });

  it("sets up the équipe, adds members and answers each in the caller's language", async () => {
    await command("U0COORD", "configura FAM-2025-014");
    const setup = await nextEphemeral(1);
    expect(setup).toMatchObject({ channel: "C0EQUIPE", user: "U0COORD" });
    expect(String(setup?.text)).toContain("FAM-2025-014");

    // Read once per person (users.info is cached), when the coordinator adds them.
    api.locales.set("U0EDU", "en-GB");
    await command("U0COORD", "aggiungi <@U0EDU|edu> educatore");
    await vi.waitFor(() => expect(api.callsTo("chat.postMessage")).toHaveLength(1));
    const added = api.callsTo("chat.postMessage")[0]?.args;
    expect(added).toMatchObject({ channel: "C0EQUIPE" });
    // One line of text, mentioning the new member (the notification names them without pinging).
    expect(added?.blocks).toHaveLength(1);
    expect(slackView(added ?? {})).toMatchObject({
      text: "@U0EDU è ora nell'équipe come educatore/educatrice.",
      mentions: ["U0EDU"],
    });

    await command("U0EDU", "aggiungi <@U0X> insegnante");
    expect(String((await nextEphemeral(2))?.text)).toBe(
      "Only the équipe's coordinators can do this. Ask one of them if needed.",
    );
  });

  it("answers malformed and oversized commands with an example, never a 500", async () => {
    await command("U0COORD", "configura ROSSI-MARIO");
    expect(String((await nextEphemeral(3))?.text)).toContain("FAM-2025-014");
    await command("U0COORD", `aggiungi ${"x".repeat(10_240)}`);
    expect(String((await nextEphemeral(4))?.text)).toContain("troppo lungo");
    await command("U0COORD", "boh");
    expect(String((await nextEphemeral(5))?.text)).toContain("/equipe aiuto");
    expect(await testDb.db.member.count()).toBe(2);
  });

  it("does the work once when Slack retries the same delivery", async () => {
    const triggerId = "123.456.retried";
    await command("U0COORD", "aggiungi-esterno mamma@example.org genitore Anna B.", { triggerId });
    await command("U0COORD", "aggiungi-esterno mamma@example.org genitore Anna B.", { triggerId });
    await nextEphemeral(6);
    await running.dispatcher.idle();
    expect(await testDb.db.member.count({ where: { kind: "external" } })).toBe(1);
    expect(api.callsTo("chat.postEphemeral")).toHaveLength(6);
  });

  it("retries a rate-limited delivery after Retry-After instead of losing it", async () => {
    api.failNext("chat.postEphemeral", () => ({
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    }));
    await command("U0COORD", "membri");
    await vi.waitFor(async () => {
      const row = await testDb.db.queueItem.findFirst({
        where: { kind: "message", attempts: 1 },
        select: { status: true, dueAt: true },
      });
      expect(row?.status).toBe("pending");
    });
    const row = await testDb.db.queueItem.findFirstOrThrow({
      where: { kind: "message", attempts: 1 },
      select: { dueAt: true, createdAt: true },
    });
    expect(row.dueAt.getTime() - row.createdAt.getTime()).toBeGreaterThanOrEqual(1_000);
    await new Promise((wait) => setTimeout(wait, 2_100));
    running.dispatcher.kick();
    const list = await nextEphemeral(7);
    expect(String(list?.text)).toContain("3 membri");
  });

  it("serves health", async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      alive: true,
      ready: true,
      platforms: { slack: true, teams: true },
    });
  });
});
