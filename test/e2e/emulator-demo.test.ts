import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_CASE, DemoRefused, fillDemo } from "../../scripts/demo.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { seenActivity } from "../contract/teams.ts";
import { freshDb, onPostgres, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { FakeClock } from "../support/fakes.ts";
import { RecordingConnector } from "../support/teams-connector.ts";

/** Who the Bot Framework Emulator says is talking, and to whom: ids it makes up, no tenant, no token. */
const USER = { id: randomUUID(), name: "User", role: "user" };
const BOT = { id: randomUUID(), name: "Bot", role: "bot" };
const CONVERSATION = `${randomUUID()}|livechat`;

/**
 * "Trying it takes minutes": with no MicrosoftAppId the server answers the Bot Framework
 * Emulator — activities without a token or tenant, replies to the Emulator's own serviceUrl —
 * and `npm run demo` fills a demo équipe bound to that conversation, which then answers `stato`.
 */
// The demo fills a local SQLite database only (it refuses any other): nothing to run on PostgreSQL.
describe.skipIf(onPostgres)("the Bot Framework Emulator and the demo équipe", () => {
  const clock = new FakeClock(new Date("2027-03-01T09:00:00Z"));
  const emulator = new RecordingConnector();
  let testDb: TestDb;
  let running: RunningServer;
  const env = () => ({
    PORT: "0",
    DATABASE_URL: testDb.url,
    EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
    TEAMS_ALLOW_UNAUTHENTICATED: "true",
  });

  beforeAll(async () => {
    await emulator.start();
    testDb = await freshDb();
    running = await startServer(loadConfig(env()), { skipMigrations: true, log: silentLog, clock });
  });
  afterAll(async () => {
    await running.close();
    await emulator.close();
    await testDb.dispose();
  });

  /** An activity as the Emulator posts it: channel `emulator`, no conversation type, no Authorization header. */
  async function post(fields: Record<string, unknown>): Promise<number> {
    const response = await fetch(`${running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        serviceUrl: emulator.url,
        channelId: "emulator",
        from: USER,
        recipient: BOT,
        conversation: { id: CONVERSATION },
        locale: "it-IT",
        channelData: { clientActivityID: randomUUID() },
        entities: [{ type: "ClientCapabilities", requiresBotState: true, supportsTts: true }],
        ...fields,
      }),
    });
    await settle();
    return response.status;
  }

  async function settle() {
    await running.idle();
    running.dispatcher.kick();
    await vi.waitFor(
      async () => {
        await running.idle();
        expect(
          await running.db.queueItem.count({
            where: { kind: "message", status: "pending", dueAt: { lte: clock.now() } },
          }),
        ).toBe(0);
      },
      { timeout: 10_000 },
    );
    await running.dispatcher.idle();
  }

  const seen = () => emulator.inConversation(CONVERSATION).map((p) => seenActivity(p).text);

  it("refuses to fill anything before the Emulator has talked to the bot", async () => {
    await expect(fillDemo(env(), { clock })).rejects.toThrow(/Emulator/);
    expect(await running.db.equipe.count()).toBe(0);
  });

  it("answers the Emulator without credentials, at the Emulator's own address", async () => {
    expect(await post({ type: "conversationUpdate", membersAdded: [USER, BOT] })).toBe(200);
    expect(seen().at(-1)).toContain("aiuto");
    expect(await post({ type: "message", text: "stato", textFormat: "plain" })).toBe(200);
    // Not bound yet: the bot says how to begin, in the Emulator's conversation.
    expect(seen().at(-1)).toMatch(/configura/);
    expect(emulator.authorizations.every((header) => header === "")).toBe(true);
  });

  it("never runs in production", async () => {
    await expect(
      fillDemo(
        {
          ...env(),
          NODE_ENV: "production",
          TEAMS_ALLOW_UNAUTHENTICATED: "false",
          EQUIPE_DATA_KEY: Buffer.alloc(32, 7).toString("base64"),
        },
        { clock },
      ),
    ).rejects.toBeInstanceOf(DemoRefused);
    await expect(
      fillDemo({ ...env(), DATABASE_URL: "postgresql://localhost/equipe" }, { clock }),
    ).rejects.toThrow();
    expect(await running.db.equipe.count()).toBe(0);
  });

  it("fills a demo équipe bound to the Emulator's conversation, and the bot answers `stato` for it", async () => {
    const report = await fillDemo(env(), { clock });
    expect(report).toEqual({
      caseCode: DEMO_CASE,
      conversationId: CONVERSATION,
      created: { equipe: true, poll: true, decision: true },
    });
    const members = await running.db.member.findMany({ where: { removedAt: null } });
    expect(members.filter((m) => m.isCoordinator)).toHaveLength(1);
    expect(members.some((m) => m.email === "anna.genitore@example.org")).toBe(true);
    expect(members.length).toBe(6);
    expect(members.some((m) => m.phone === "+39 333 1234567" && m.email === null)).toBe(true);
    await settle();
    expect(await post({ type: "message", text: "stato" })).toBe(200);
    const status = seen().at(-1) ?? "";
    expect(status).toContain(DEMO_CASE);
    expect(status).toMatch(/su 6/);
    expect(await post({ type: "message", text: "decisione" })).toBe(200);
    expect(seen().at(-1)).toContain("Proseguiamo con l'educativa domiciliare");
    expect(await post({ type: "message", text: "verbale" })).toBe(200);
    expect(seen().join("\n")).toContain("raccolto da Carla Demo (tu) (assistente sociale) per telefono");
    // A record of a decision still open says as of when, never "nobody else has answered yet".
    expect(seen().join("\n")).toContain("Raccolta dei punti di vista in corso: situazione al");
    expect(seen().join("\n")).not.toContain("Nessun altro ha ancora risposto");
  });

  it("changes nothing when run again", async () => {
    const counts = async () => ({
      equipes: await running.db.equipe.count(),
      members: await running.db.member.count(),
      meetings: await running.db.meeting.count(),
      decisions: await running.db.decision.count(),
      viewpoints: await running.db.viewpointRevision.count(),
    });
    const before = await counts();
    const report = await fillDemo(env(), { clock });
    expect(report.created).toEqual({ equipe: false, poll: false, decision: false });
    expect(await counts()).toEqual(before);
  });
});
