import { createServer } from "node:http";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { ServiceDeps } from "../core/deps.ts";
import { Precedence } from "../core/turns.ts";
import { BAD_REQUEST, INTERNAL, NOT_FOUND, pathOf } from "./answers.ts";
import { isCalendarFile, notFound, registerCalendarRoutes } from "./calendar-feed.ts";
import { mountPlatform, type PlatformEndpoint } from "./platform-endpoint.ts";

export type { PlatformEndpoint } from "./platform-endpoint.ts";

/** A path that cannot be decoded (`%zz`) names nothing we serve: the 404 its path would get. */
function undecodable(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code !== "FST_ERR_BAD_URL") reply.code(400).send(BAD_REQUEST);
  else if (isCalendarFile(pathOf(request.url))) notFound(reply);
  else reply.code(404).send(NOT_FOUND);
}

export interface HttpRoutes {
  deps: ServiceDeps;
  /** `GET /healthz`: the JSON a load balancer reads; throws when the process cannot serve. */
  health(): Promise<Record<string, unknown>>;
  /** The chat platforms that are on (Slack over HTTP, Teams). */
  platforms: readonly PlatformEndpoint[];
}

/**
 * The one HTTP application: health, calendar feeds and files, the chat platforms' webhooks. Routes
 * are added at this level; a body is parsed only in a scope that says how (none does yet).
 */
export function httpApp(routes: HttpRoutes): FastifyInstance {
  const log = routes.deps.log;
  const app = Fastify({
    // Our log (src/infra/log.ts) writes ids and codes only; Fastify's would write URLs, with tokens.
    logger: false,
    // HEAD only where a route says so (feeds and event files), as GET's twin.
    exposeHeadRoutes: false,
    // Node's own server, with Node's own timeouts: Fastify's defaults would turn off the 300 s
    // limit on receiving a whole request (slow bodies would hold their memory for ever).
    serverFactory: (handler) => createServer(handler),
    frameworkErrors: undecodable,
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

  app.get("/healthz", () => routes.health());
  // The platforms' requests have a deadline; calendar polls give way to them.
  const precedence = new Precedence();
  registerCalendarRoutes(app, routes.deps, precedence);
  for (const endpoint of routes.platforms) mountPlatform(app, endpoint, log, precedence);
  return app;
}
