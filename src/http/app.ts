import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { TrustProxy } from "../config.ts";
import type { ServiceDeps } from "../core/deps.ts";
import { Precedence } from "../core/turns.ts";
import { BAD_REQUEST, INTERNAL, NOT_FOUND, pathOf } from "./answers.ts";
import { BadTokens } from "./bad-tokens.ts";
import { isCalendarFile, notFound, registerCalendarRoutes } from "./calendar-feed.ts";
import { CONNECTION_HEADER, PEER_HEADER } from "./front.ts";
import { type Operations, observeRequests, registerOperations } from "./operations.ts";
import { pageProblem } from "./page-frame.ts";
import { mountPlatform, type PlatformEndpoint } from "./platform-endpoint.ts";
import { isPagePath, pageStylesheet } from "./qr-page.ts";

export type { PlatformEndpoint } from "./platform-endpoint.ts";

/**
 * A path that cannot be decoded (`%zz`) names nothing we serve: the 404 its path would get. Under
 * the pages' paths it is a link that does not work like any other: counted against the address
 * (429 once it has tried too many), and to a browser's GET the pages' own 404 page in their frame.
 */
function undecodable(deps: ServiceDeps, badTokens: BadTokens, clientOf: (raw: IncomingMessage) => string) {
  const stylesheet = pageStylesheet(deps.publicBaseUrl);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = pathOf(request.url);
    if (error.code !== "FST_ERR_BAD_URL") reply.code(400).send(BAD_REQUEST);
    else if (isCalendarFile(path)) notFound(reply);
    else if (isPagePath(path)) {
      const now = deps.clock.now();
      // Fastify builds this request without its trustProxy: the client is worked out here alike.
      const client = clientOf(request.raw);
      const wait = badTokens.refused(client, now);
      if (wait === undefined) badTokens.record(client, now);
      if (request.method !== "GET") reply.code(404).send(NOT_FOUND);
      else if (wait === undefined) void pageProblem(reply, 404, "notFound", stylesheet);
      else
        void pageProblem(reply.header("retry-after", String(wait)), 429, "tooMany", stylesheet, {
          minutes: Math.ceil(wait / 60),
        });
    } else reply.code(404).send(NOT_FOUND);
  };
}

/**
 * How long a client has to send a request's headers, and the whole request, before Node drops the
 * connection (its defaults: 60 s and 300 s), checked every few seconds. A minute for a whole
 * request is room for the largest page form (the summary editor) on a slow mobile line; the chat
 * platforms' webhooks have a much shorter limit of their own (platform-endpoint.ts).
 */
export const SERVER_TIMEOUTS = {
  headersTimeout: 15_000,
  requestTimeout: 60_000,
  connectionsCheckingInterval: 5_000,
} as const;

export interface HttpRoutes {
  deps: ServiceDeps;
  /**
   * `GET /healthz`: the JSON a load balancer reads, alive and whether ready (as `/readyz` says);
   * answered 503 when not ready.
   */
  health(): Promise<{ ready: boolean } & Record<string, unknown>>;
  /** The chat platforms that are on (Slack over HTTP, Teams). */
  platforms: readonly PlatformEndpoint[];
  /** Whose `X-Forwarded-For` names the client (TRUST_PROXY); nobody's when absent. */
  trustProxy?: TrustProxy;
  /** The count of bad links per client address, shared with the pages' routes (one limit for all). */
  badTokens?: BadTokens;
  /** The probes and the metrics (`/livez`, `/readyz`, `/metrics`); none: `/healthz` alone. */
  operations?: Operations;
  /**
   * Served behind the front thread (src/http/front.ts), on a socket only it reaches: the client's
   * address is the one the front thread names, and the proxies TRUST_PROXY names are counted from it.
   */
  behindFront?: boolean;
}

/**
 * The one HTTP application: health, calendar feeds and files, the chat platforms' webhooks. Routes
 * are added at this level; a body is parsed only in a scope that says how (none does yet).
 */
export function httpApp(routes: HttpRoutes): FastifyInstance {
  const log = routes.deps.log;
  const own = trustProxyOption(routes.trustProxy ?? false);
  const trust = routes.behindFront ? frontTrust(trustFunction(own)) : own;
  const app = Fastify({
    // Our log (src/infra/log.ts) writes ids and codes only; Fastify's would write URLs, with tokens.
    logger: false,
    // HEAD only where a route says so (feeds and event files), as GET's twin.
    exposeHeadRoutes: false,
    // Node's own server, with its timeouts tightened (Fastify's defaults would turn off the limit
    // on receiving a whole request, and slow bodies would hold their memory for ever).
    serverFactory: (handler) =>
      createServer(
        SERVER_TIMEOUTS,
        routes.behindFront
          ? (req, res) => {
              fromFront(req, trustFunction(own));
              closesTheClients(res);
              handler(req, res);
            }
          : handler,
      ),
    frameworkErrors: undecodable(routes.deps, routes.badTokens ?? new BadTokens(), (raw) =>
      proxyAddr(raw, trustFunction(trust)),
    ),
    // `request.ip` is the socket's address unless the operator names the proxies to believe.
    trustProxy: trust,
  });
  app.removeAllContentTypeParsers();
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(NOT_FOUND));
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: unknown }).statusCode;
    // Fastify's own refusals (a malformed Content-Type, say) are the client's: their status, one word.
    if (typeof status === "number" && status >= 400 && status < 500)
      return request.is404 ? reply.code(404).send(NOT_FOUND) : reply.code(status).send(BAD_REQUEST);
    log("http.error", { error: error instanceof Error ? error.name : "unknown" });
    return reply.code(500).send(INTERNAL);
  });

  observeRequests(app, log);
  app.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    const health = await routes.health().catch(() => undefined);
    // Whatever went wrong, the answer is "not ready", never a 500.
    if (health === undefined) return reply.code(503).send({ status: "not_ready", alive: true, ready: false });
    return health.ready ? reply.send(health) : reply.code(503).send(health);
  });
  if (routes.operations) registerOperations(app, routes.operations);
  // The platforms' requests have a deadline; calendar polls give way to them.
  const precedence = new Precedence();
  registerCalendarRoutes(app, routes.deps, precedence);
  for (const endpoint of routes.platforms) mountPlatform(app, endpoint, log, precedence);
  return app;
}

/**
 * TRUST_PROXY as Fastify takes it: a list of its own; a hop count as the function proxy-addr
 * makes of one (the first `hops` addresses from the socket inwards are proxies), which Fastify's
 * types do not list although it accepts it.
 */
function trustProxyOption(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return typeof trust === "object" ? [...trust] : trust;
}

/**
 * Behind the front thread, the socket's own address (hop 0) is the front thread: believed. The
 * client the front thread names is then hop 1, the operator's proxies counted from there.
 */
function frontTrust(own: (address: string, hop: number) => boolean) {
  return (address: string, hop: number) => hop === 0 || own(address, hop - 1);
}

/**
 * A request as the front thread passes it on: the client it names appended to `X-Forwarded-For`
 * (where `frontTrust` finds it), its header removed. Forwarded host and protocol headers stay only
 * if the client itself is a proxy the operator believes.
 */
function fromFront(req: IncomingMessage, own: (address: string, hop: number) => boolean): void {
  const named = req.headers[PEER_HEADER];
  delete req.headers[PEER_HEADER];
  const peer = typeof named === "string" ? named : "";
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  if (!own(peer, 0)) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
}

/**
 * Behind the front thread, an answer's `Connection` header is the client's connection's: it goes
 * to the front thread as `CONNECTION_HEADER`, which turns it back (src/http/front.ts). This
 * thread's own connection to the front thread stays open, and Node discards the rest of a body it
 * did not read, as it does after any answer: were it closed here instead, a refusal sent before the
 * body was read (401, 413) could be lost on the way while the front thread was still passing that
 * body on, and the client would see its connection dropped with no answer.
 */
function closesTheClients(res: ServerResponse): void {
  const renamed = (name: string) => (name.toLowerCase() === "connection" ? CONNECTION_HEADER : name);
  const setHeader = res.setHeader;
  res.setHeader = function (this: ServerResponse, name: string, value: number | string | readonly string[]) {
    return setHeader.call(this, renamed(name), value);
  };
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const headers = args.at(-1);
    if (Array.isArray(headers))
      args[args.length - 1] = headers.map((item: unknown, i: number) =>
        Array.isArray(item)
          ? [renamed(String(item[0])), ...item.slice(1)]
          : i % 2 === 0
            ? renamed(String(item))
            : item,
      );
    else if (typeof headers === "object" && headers !== null)
      args[args.length - 1] = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [renamed(name), value]),
      );
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}

/** The same trust as a function of an address and its hop, as proxy-addr takes it. */
function trustFunction(
  trust: boolean | string[] | ((address: string, hop: number) => boolean),
): (address: string, hop: number) => boolean {
  if (typeof trust === "function") return trust;
  if (typeof trust === "boolean") return () => trust;
  return proxyAddr.compile(trust);
}
