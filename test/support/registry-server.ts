import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, vi } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../adapters/slack/slack-adapter.ts";
import { createTeamsAdapter, type TeamsAdapter } from "../../adapters/teams/teams-adapter.ts";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { Core, Registry } from "../../src/core/dispatch.ts";
import type { Feature } from "../../src/core/feature.ts";
import { capabilityLinks } from "../../src/core/links.ts";
import { reportUndelivered } from "../../src/core/unreachable.ts";
import { type Db, openDb } from "../../src/infra/db.ts";
import { OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { ChannelPort } from "../../src/ports/channel.ts";
import type { Clock } from "../../src/ports/clock.ts";
import { freshDb, type TestDb } from "./db.ts";
import { type LogLine, makeDeps } from "./fakes.ts";
import { SIGNING_SECRET } from "./slack-driver.ts";

/**
 * The real Slack and Teams adapters around a core of the test's own features (a test Registry),
 * on loopback, with the outbox delivering through them: what startServer does for the product's
 * registry, for features that exist only in tests.
 */
export class RegistryServer {
  readonly lines: LogLine[] = [];
  url = "";
  db!: Db;
  deps!: ServiceDeps;
  core!: Core;
  private testDb!: TestDb;
  private reader!: Db;
  private server!: Server;
  private slack: SlackAdapter | undefined;
  private teams: TeamsAdapter | undefined;
  private dispatcher!: OutboxDispatcher;

  async start(
    features: readonly Feature[],
    clock: Clock,
    platforms: { slackApiUrl?: string; teams?: boolean },
  ): Promise<void> {
    this.testDb = await freshDb();
    this.db = this.testDb.db;
    this.reader = await openDb(this.testDb.url, this.db.cipher);
    const store = new PrismaStore(this.db, this.reader);
    // Queued messages carry capability links sealed; each channel gets the URL only as it sends.
    const links = capabilityLinks(Buffer.alloc(32, 7), "https://equipe.example.org");
    this.deps = { ...makeDeps(store, clock, this.lines), links };
    this.core = new Core(this.deps, new Registry(features));
    this.slack = platforms.slackApiUrl
      ? createSlackAdapter(
          { signingSecret: SIGNING_SECRET, botToken: "xoxb-test-token", apiUrl: platforms.slackApiUrl },
          this.core,
        )
      : undefined;
    this.teams = platforms.teams
      ? createTeamsAdapter(
          { appId: "", appPassword: undefined, appType: "MultiTenant", tenantId: undefined },
          this.core,
        )
      : undefined;
    const opened = (port: ChannelPort): ChannelPort => ({
      send: (outgoing, calls) => port.send(links.open(outgoing), calls),
      update: (ref, outgoing) => port.update(ref, links.open(outgoing)),
    });
    this.dispatcher = new OutboxDispatcher(
      this.db,
      {
        ...(this.slack ? { slack: opened(this.slack.chatPort) } : {}),
        ...(this.teams ? { teams: opened(this.teams.chatPort) } : {}),
      },
      clock,
      this.deps.log,
      (failure) => reportUndelivered(this.deps, failure),
    );
    store.on("outbox", () => this.dispatcher.kick());
    const slackListener = this.slack?.requestListener;
    const teamsListener = this.teams?.requestListener;
    this.server = createServer((req, res) => {
      if (req.url?.startsWith("/slack/") && slackListener) slackListener(req, res);
      else if (req.url === "/api/messages" && teamsListener) teamsListener(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((ready) => this.server.listen(0, "127.0.0.1", ready));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Posts a Bot Framework activity as Teams does (unauthenticated mode). */
  postActivity(activity: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
  }

  /** Waits until no handler is working and the outbox has nothing left to send now. */
  async settle(): Promise<void> {
    const idle = async () => {
      await this.slack?.idle();
      await this.teams?.idle();
      await this.dispatcher.idle();
    };
    await idle();
    await vi.waitFor(
      async () => {
        await idle();
        const pending = await this.db.queueItem.count({
          where: { kind: "message", status: "pending", dueAt: { lte: this.deps.clock.now() } },
        });
        expect(pending).toBe(0);
      },
      { timeout: 10_000 },
    );
    await this.dispatcher.idle();
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeAllConnections();
    await this.slack?.idle();
    await this.teams?.idle();
    this.dispatcher.stop();
    await this.dispatcher.idle();
    await this.reader.$disconnect();
    await this.testDb.dispose();
  }
}
