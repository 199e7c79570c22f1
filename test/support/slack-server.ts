import { expect, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import type { Clock } from "../../src/ports/clock.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "./db.ts";
import { slackView } from "./display.ts";
import { RecordingSlackApi } from "./slack-api.ts";
import { postInteraction, postSlashCommand, SIGNING_SECRET } from "./slack-driver.ts";

/** Slack gives an app three seconds to acknowledge; our ack must come well inside that. */
export const SLACK_ACK_LIMIT_MS = 3_000;

/** Our real server, its own database copy, and a recording Slack Web API on loopback. */
export class SlackHarness {
  api = new RecordingSlackApi();
  testDb!: TestDb;
  running!: RunningServer;

  private startedWith: { clock?: Clock; env?: Record<string, string> } = {};
  private apiUrl = "";

  async start(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<void> {
    this.apiUrl = await this.api.start();
    this.testDb = await freshDb();
    this.startedWith = options;
    await this.boot(options);
  }

  /** A new server on the same database and recording API, with these settings added. */
  async restart(env: Record<string, string>): Promise<void> {
    await this.running.close();
    this.startedWith = { ...this.startedWith, env: { ...this.startedWith.env, ...env } };
    await this.boot(this.startedWith);
  }

  private async boot(options: { clock?: Clock; env?: Record<string, string> }): Promise<void> {
    const apiUrl = this.apiUrl;
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: this.testDb.url,
      EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_API_URL: apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
      ...options.env,
    });
    this.running = await startServer(config, {
      skipMigrations: true,
      log: silentLog,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.running.close();
    await this.api.close();
    await this.testDb.dispose();
  }

  get db() {
    return this.testDb.db;
  }

  async command(userId: string, text: string, extra: { triggerId?: string; channelId?: string } = {}) {
    const started = Date.now();
    const response = await postSlashCommand(this.running.url, { userId, text, ...extra });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_LIMIT_MS);
    // As a person types the next command after this one's answer: its work is done first (on
    // PostgreSQL, two requests' work runs side by side, in no set order).
    await this.running.idle();
    return response;
  }

  async interact(payload: Record<string, unknown>) {
    const started = Date.now();
    const response = await postInteraction(this.running.url, payload);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_LIMIT_MS);
    await this.running.idle();
    return response;
  }

  /** Waits until the outbox has nothing left to send now. */
  async settle(): Promise<void> {
    await this.running.idle();
    await vi.waitFor(
      async () => {
        await this.running.idle();
        const pending = await this.db.queueItem.count({
          where: { kind: "message", status: "pending", dueAt: { lte: this.running.deps.clock.now() } },
        });
        expect(pending).toBe(0);
      },
      { timeout: 10_000 },
    );
    await this.running.dispatcher.idle();
  }

  /** The last ephemeral message shown to a user, as they read it. */
  lastEphemeral(userId: string): string {
    const calls = this.api.callsTo("chat.postEphemeral").filter((c) => c.args.user === userId);
    const last = calls.at(-1);
    return last ? slackView(last.args).text : "";
  }
}
