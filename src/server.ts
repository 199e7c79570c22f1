import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import cron from "node-cron";
import {
  createSlackAdapter,
  SLACK_BODY_LIMIT_BYTES,
  SLACK_EVENTS_PATH,
  type SlackAdapter,
} from "../adapters/slack/slack-adapter.ts";
import { TEAMS_BODY_LIMIT_BYTES } from "../adapters/teams/http.ts";
import {
  createTeamsAdapter,
  TEAMS_MESSAGES_PATH,
  type TeamsAdapter,
} from "../adapters/teams/teams-adapter.ts";
import type { Config } from "./config.ts";
import type { ServiceDeps } from "./core/deps.ts";
import type { Core } from "./core/dispatch.ts";
import { capabilityLinks, linkKeyFrom } from "./core/links.ts";
import { AckPriority } from "./core/turns.ts";
import { reportUndelivered } from "./core/unreachable.ts";
import { WORK_AT_ONCE, WORK_WAITING_MAX, WorkQueue } from "./core/work-queue.ts";
import { createCore } from "./features/registry.ts";
import { httpApp, type PlatformEndpoint, SERVER_TIMEOUTS } from "./http/app.ts";
import { BadTokens } from "./http/bad-tokens.ts";
import { registerCaseExport } from "./http/case-export.ts";
import { raiseFront } from "./http/front-precedence.ts";
import { type Front, privateSocketPath, startFront } from "./http/front-thread.ts";
import { recordRequest } from "./http/operations.ts";
import { formKeyFrom } from "./http/page-forms.ts";
import { formFields, registerPages } from "./http/pages.ts";
import { PLATFORM_BODY_TIMEOUT_MS } from "./http/platform-endpoint.ts";
import { registerQrPage } from "./http/qr-page.ts";
import { registerSummaryEditor } from "./http/summary-pages.ts";
import { dataCipherFor, dataKeyFor } from "./infra/data-key.ts";
import { claimSqlite, type Db, databaseKind, openDb } from "./infra/db.ts";
import { EmailChannel } from "./infra/email-channel.ts";
import { IcalCalendar } from "./infra/ical-calendar.ts";
import { JobRunner } from "./infra/job-runner.ts";
import { jsonLog } from "./infra/log.ts";
import { METRICS_CONTENT_TYPE, metricsText, QueueMetrics } from "./infra/metrics.ts";
import { migrate } from "./infra/migrations.ts";
import { OutboxDispatcher } from "./infra/outbox-dispatcher.ts";
import { PrismaStore } from "./infra/prisma-store.ts";
import { purgeServed } from "./infra/purge.ts";
import {
  committedMigrations,
  migrationsDir,
  type Readiness,
  readiness,
  readinessWithin,
} from "./infra/readiness.ts";
import { sealLegacyRows } from "./infra/sealed-rows.ts";
import type { ChannelName, ChannelPort } from "./ports/channel.ts";
import type { Clock } from "./ports/clock.ts";
import { systemClock } from "./ports/clock.ts";

/** The ticker that picks up due outbox rows (retries) and jobs; due work itself lives in the database. */
const TICK_SCHEDULE = "* * * * *";
/** What has served its purpose goes once an hour (src/infra/purge.ts); replicas may overlap: deletes are safe. */
const PURGE_SCHEDULE = "17 * * * *";

export interface RunningServer {
  /**
   * The main thread's HTTP server, on a private socket behind the front thread (src/http/front.ts),
   * which owns the public one: every request but the clicks it acknowledges itself comes here.
   */
  server: Server;
  /** Where the front thread listens: the public address. */
  address: AddressInfo;
  url: string;
  db: Db;
  dispatcher: OutboxDispatcher;
  jobs: JobRunner;
  deps: ServiceDeps;
  /** The one entry point of every channel (tests drive use cases through it too). */
  core: Core;
  /** Acknowledgements before work (src/core/turns.ts): what every statement of work gives way to. */
  priority: AckPriority;
  /** Resolves when no request handler is still working and no delivery pass is running. */
  idle(): Promise<void>;
  /**
   * Stops: `/readyz` says 503 at once, the server keeps serving for the configured drain
   * (SHUTDOWN_DRAIN_MS), then closes. Called again meanwhile (a second signal), the drain ends at
   * once; every call resolves when the server is closed.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: ServiceDeps["log"];
  /** Skip `prisma migrate deploy` (tests hand in an already migrated copy). */
  skipMigrations?: boolean;
  /** Extra Bot Framework authentication settings (tests: local OpenID metadata and token endpoints). */
  teamsAuthOverrides?: Record<string, string>;
}

/**
 * What every use case is given, from the configuration: the one place that builds it, for the
 * server and for scripts that run use cases (the demo). The capability links come with it, to
 * open the sealed links of queued messages as they are delivered.
 */
export function serviceDeps(
  config: Config,
  store: ServiceDeps["store"],
  clock: Clock,
  log: ServiceDeps["log"],
): { deps: ServiceDeps; links: ReturnType<typeof capabilityLinks> } {
  const calendar = new IcalCalendar(
    { name: config.mail.fromName, email: config.mail.fromAddress },
    config.defaults.timezone,
  );
  const dataKey = dataKeyFor(config);
  if (dataKey.createdAt) log("dataKey.created", { file: dataKey.createdAt });
  const links = capabilityLinks(linkKeyFrom(dataKey.key), config.publicBaseUrl);
  // The channels that work now: a report of sending says who waits for one that does not.
  const channels = new Set<ChannelName>([
    ...(config.slack ? (["slack"] as const) : []),
    ...(config.teams ? (["teams"] as const) : []),
    ...(config.mail.smtpUrl ? (["email"] as const) : []),
  ]);
  const deps: ServiceDeps = {
    store,
    clock,
    calendar,
    channels,
    publicBaseUrl: config.publicBaseUrl,
    links,
    defaults: config.defaults,
    reminders: config.reminders,
    log,
  };
  return { deps, links };
}

/**
 * Where this machine reaches the server: the address it listens on, or loopback when it listens
 * on every interface (`0.0.0.0`, `::`).
 */
function localUrl(address: string, family: string, port: number): string {
  if (address === "0.0.0.0" || address === "::") return `http://127.0.0.1:${port}`;
  return family === "IPv6" ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

/** The one HTTP server: Slack events, Teams activities, calendar feeds and files, health. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? jsonLog(config.logLevel);
  const clock = options.clock ?? systemClock;
  // SQLite serves one process: a second start on the same file is refused before anything else.
  const claim = databaseKind(config.databaseUrl) === "sqlite" ? claimSqlite(config.databaseUrl) : undefined;
  try {
    if (!options.skipMigrations) await migrate(config.databaseUrl);
  } catch (error) {
    claim?.release();
    throw error;
  }
  // Case content is sealed at rest with the data key (made now on a first local start, and said).
  const { cipher, createdAt } = dataCipherFor(config);
  if (createdAt) log("dataKey.created", { file: createdAt });
  // Acknowledgements before work, down to each database statement (src/core/turns.ts).
  const priority = new AckPriority();
  const db = await openDb(config.databaseUrl, cipher, priority);
  // What an older release stored in clear is sealed before anything is served.
  const sealed = await sealLegacyRows(db, cipher);
  if (sealed > 0) log("dataAtRest.sealed", { rows: sealed });
  // A second connection for snapshots (calendar feeds): WAL readers see only what is committed
  // and never wait for the writers' lock, so polling calendars do not hold up a Slack command.
  const reader = await openDb(config.databaseUrl, cipher, priority);
  const store = new PrismaStore(db, reader);
  const { deps, links } = serviceDeps(config, store, clock, log);

  const core = createCore(deps);

  // One queue for the work after every platform's acknowledgement: a few units at once, the rest
  // in line, none lost (src/core/work-queue.ts).
  const work = new WorkQueue(WORK_AT_ONCE, WORK_WAITING_MAX, priority);
  const slack: SlackAdapter | undefined = config.slack
    ? createSlackAdapter(config.slack, core, work)
    : undefined;
  const teams: TeamsAdapter | undefined = config.teams
    ? createTeamsAdapter({ ...config.teams, authOverrides: options.teamsAuthOverrides }, core, work)
    : undefined;
  const email = config.mail.smtpUrl ? new EmailChannel(config.mail.smtpUrl, config.mail.from) : undefined;
  // Queued messages carry capability links sealed; each channel gets the URL only as it sends.
  const opened = (port: ChannelPort): ChannelPort => ({
    send: (outgoing, calls) => port.send(links.open(outgoing), calls),
    update: (ref, outgoing) => port.update(ref, links.open(outgoing)),
    // Which rate limits a call counts against needs no link opened.
    ...(port.limits ? { limits: port.limits.bind(port) } : {}),
  });
  const ports: Partial<Record<ChannelName, ChannelPort>> = {
    ...(slack ? { slack: opened(slack.chatPort) } : {}),
    ...(teams ? { teams: opened(teams.chatPort) } : {}),
    ...(email ? { email: opened(email) } : {}),
  };
  const dispatcher = new OutboxDispatcher(
    db,
    ports,
    clock,
    log,
    (failure) => reportUndelivered(deps, failure),
    priority,
  );
  store.on("outbox", () => dispatcher.kick());
  const jobs = new JobRunner(db, core.jobHandlers(), clock, log);

  // Each platform's webhook, bounded by the largest body it sends (see the limits' sources).
  const platforms: PlatformEndpoint[] = [];
  if (slack?.requestListener)
    platforms.push({
      url: SLACK_EVENTS_PATH,
      methods: "POST",
      bodyLimit: SLACK_BODY_LIMIT_BYTES,
      listener: slack.requestListener,
    });
  if (teams)
    platforms.push({
      url: TEAMS_MESSAGES_PATH,
      methods: "all",
      bodyLimit: TEAMS_BODY_LIMIT_BYTES,
      listener: teams.requestListener,
    });
  // One count of bad links per client for every page path: personal pages, QR pages, undecodable paths.
  const badTokens = new BadTokens();
  // The migrations this release carries: the database must have recorded every one to be ready.
  const migrations = committedMigrations(migrationsDir(db.kind));
  const queueMetrics = new QueueMetrics(reader);
  let closing = false;
  /** Whether this server takes traffic now: `/readyz`, and `/healthz` beside it. */
  const readyNow = async (): Promise<Readiness> =>
    closing ? { ready: false, reason: "shutting_down" } : readinessWithin(readiness(db, migrations));
  /** The stop under way, and how to end its drain early. */
  let closed: Promise<void> | undefined;
  let endDrain = () => {};
  const app = httpApp({
    deps,
    platforms,
    behindFront: true,
    trustProxy: config.trustProxy,
    badTokens,
    async health() {
      const { ready, reason, pending } = await readyNow();
      const on = { slack: slack !== undefined, teams: teams !== undefined };
      return ready
        ? { status: "ok", alive: true, ready, platforms: on }
        : {
            status: "not_ready",
            alive: true,
            ready,
            reason,
            ...(pending === undefined ? {} : { pending }),
            platforms: on,
          };
    },
    operations: {
      readiness: readyNow,
      ...(config.metricsToken === undefined
        ? {}
        : {
            metrics: {
              token: config.metricsToken,
              contentType: METRICS_CONTENT_TYPE,
              text: () => metricsText(queueMetrics, clock.now()),
            },
          }),
    },
  });
  // The web channel: members' personal pages, their forms signed under a key of their own.
  registerPages(app, {
    deps,
    core,
    formKey: formKeyFrom(dataKeyFor(config).key),
    open: links.open,
    badTokens,
  });
  registerQrPage(app, { deps, open: links.open, badTokens });
  // The coordinator's summary editor (`/s/<token>`), its form signed under the pages' key.
  registerSummaryEditor(app, {
    deps,
    core,
    formKey: formKeyFrom(dataKeyFor(config).key),
    formFields,
    badTokens,
  });
  // A whole case's export (`/x/<token>`), for the coordinator who asked for it.
  registerCaseExport(app, { deps, badTokens });
  await app.ready();
  const server = app.server;
  // The main thread's server, on a socket of its own that only the front thread reaches.
  const socket = privateSocketPath();
  try {
    await new Promise<void>((ready, failed) => {
      server.once("error", failed);
      server.listen(socket.path, () => {
        server.off("error", failed);
        ready();
      });
    });
  } catch (error) {
    socket.remove();
    throw error;
  }
  // The front thread listens on HOST (loopback unless the operator names another address:
  // `0.0.0.0`, `::` for every interface) and PORT, and acknowledges Slack's commands, clicks and
  // events itself.
  const slackListener = slack?.requestListener;
  /** The running server's close, once there is one. */
  let stoppedEarly = false;
  let stop = async () => {
    stoppedEarly = true;
  };
  let front: Front;
  try {
    front = await startFront(
      {
        port: config.port,
        host: config.host,
        upstream: socket.path,
        timeouts: SERVER_TIMEOUTS,
        platforms: platforms.map(({ url, methods, bodyLimit, bodyTimeoutMs }) => ({
          path: url,
          methods,
          bodyLimit,
          bodyTimeoutMs: bodyTimeoutMs ?? PLATFORM_BODY_TIMEOUT_MS,
        })),
        ...(config.slack && slackListener
          ? {
              slack: {
                path: SLACK_EVENTS_PATH,
                signingSecret: config.slack.signingSecret,
                allowedTeams: config.slack.allowedTeams,
              },
            }
          : {}),
      },
      {
        handed: (request) => slack?.acknowledged(request),
        answered: (route, method, status, seconds) => recordRequest(log, route, method, status, seconds),
        log,
        failed(error) {
          // Without its front the process serves nobody: it stops at once, without the drain (nobody
          // can reach it to be drained), for its supervisor to start it again.
          log("front.failed", { error: error.name });
          process.exitCode = 1;
          void stop();
        },
      },
    );
  } catch (error) {
    await new Promise<void>((done) => server.close(() => done()));
    socket.remove();
    throw error;
  }
  // The front thread first on the CPU, as far as the system allows (src/http/front-precedence.ts).
  if (config.frontThreadPrecedence > 0) {
    const thread = front.thread;
    const raised = thread === undefined ? undefined : raiseFront(thread, config.frontThreadPrecedence);
    if (thread === undefined || raised === undefined)
      log("front.precedenceUnavailable", {
        platform: process.platform,
        // No thread id: not Linux, or a /proc not this process's; else the thread could not be told.
        reason: thread === undefined ? "threadUnnamed" : "threadGone",
      });
    else log("front.precedence", { front: thread, ...raised });
  }
  work.watchRoom((room) => front.setRoom(room));
  front.setRoom(work.hasRoom);
  await slack?.start();
  // Shutdown waits for a purge under way.
  let purging: Promise<void> = Promise.resolve();
  const tick = () => {
    dispatcher.kick();
    jobs
      .tick()
      .catch((error: unknown) =>
        log("job.tickFailed", { error: error instanceof Error ? error.name : "unknown" }),
      );
  };
  const purge = () => {
    purging = purgeServed(db, clock.now())
      .then((counts) => log("purge.done", { ...counts }))
      .catch((error: unknown) =>
        log("purge.failed", { error: error instanceof Error ? error.name : "unknown" }),
      );
  };
  const task = cron.schedule(TICK_SCHEDULE, tick);
  const purgeTask = cron.schedule(PURGE_SCHEDULE, purge);
  tick();

  const { port, address, family } = front.address;
  const running: RunningServer = {
    server,
    address: front.address,
    url: localUrl(address, family, port),
    db,
    dispatcher,
    jobs,
    deps,
    core,
    priority,
    async idle() {
      await front.handedOver();
      await slack?.idle();
      await teams?.idle();
      await work.idle();
      await dispatcher.idle();
    },
    close() {
      if (closed === undefined) {
        // A load balancer probing `/readyz` sees the 503 during the drain and stops sending new
        // requests; those it still sends meanwhile, and those under way, are served.
        closing = true;
        const drained = new Promise<void>((done) => {
          const timer = setTimeout(done, config.shutdownDrainMs);
          endDrain = () => {
            clearTimeout(timer);
            done();
          };
        });
        closed = drained.then(shutDown);
      } else endDrain();
      return closed;
    },
  };
  stop = running.close;
  // The front thread ended while the rest was still starting: the start fails, once all is stopped.
  if (stoppedEarly) {
    void running.close();
    await running.close();
    throw new Error("the front thread ended while the server was starting (see front.failed)");
  }
  return running;

  /** Everything stopped, in order, once the drain is over. */
  async function shutDown(): Promise<void> {
    await task.stop();
    await purgeTask.stop();
    await slack?.stop();
    // The public socket first (the requests under way there finish through this thread's server).
    await front.close();
    await front.handedOver();
    await new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections();
    socket.remove();
    // Fastify's own shutdown (its onClose hooks); the server above is already closed.
    await app.close();
    await slack?.idle();
    await teams?.idle();
    await work.idle();
    await jobs.tick();
    await purging;
    dispatcher.stop();
    await dispatcher.idle();
    email?.close();
    await reader.$disconnect();
    await db.$disconnect();
    claim?.release();
  }
}
