import type { FastifyInstance } from "fastify";
import type { ServiceDeps } from "../core/deps.ts";
import { hashToken } from "../core/links.ts";
import { observeRequest, UNMATCHED_ROUTE } from "../infra/metrics.ts";
import { sameHash } from "../infra/prisma-pages.ts";
import type { Readiness } from "../infra/readiness.ts";

/** What the operators' routes read from the running server. */
export interface Operations {
  /** `GET /readyz`: whether this server can take traffic now (database, migrations, shutdown). */
  readiness(): Promise<Readiness>;
  /** `GET /metrics`, served only with a token (METRICS_TOKEN); undefined: not served at all. */
  metrics?: { token: string; contentType: string; text(): Promise<string> };
}

const NO_STORE = "no-store";
const UNAUTHORIZED = { error: "unauthorized" } as const;
const NANOS_PER_SECOND = 1e9;

/** `Authorization: Bearer <token>` naming the token of this hash, compared as every link is. */
function bears(header: string | undefined, tokenHash: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? "");
  return match !== null && sameHash(tokenHash, hashToken(match[1] ?? ""));
}

/**
 * The probes and the metrics: `/livez` (the process answers; no I/O), `/readyz` (503 with a short
 * reason when it should not get traffic), `/metrics` (Prometheus text, to a bearer of the token).
 */
export function registerOperations(app: FastifyInstance, operations: Operations): void {
  app.get("/livez", (_request, reply) => reply.header("cache-control", NO_STORE).send({ status: "alive" }));
  app.get("/readyz", async (_request, reply) => {
    const { ready, reason, pending } = await operations.readiness();
    reply.header("cache-control", NO_STORE);
    if (ready) return reply.send({ status: "ready" });
    return reply
      .code(503)
      .send({ status: "not_ready", reason, ...(pending === undefined ? {} : { pending }) });
  });
  const metrics = operations.metrics;
  if (metrics === undefined) return;
  const tokenHash = hashToken(metrics.token);
  app.get("/metrics", async (request, reply) => {
    reply.header("cache-control", NO_STORE);
    if (!bears(request.headers.authorization, tokenHash))
      return reply.code(401).header("www-authenticate", 'Bearer realm="metrics"').send(UNAUTHORIZED);
    const text = await metrics.text();
    return reply.header("content-type", metrics.contentType).send(text);
  });
}

/**
 * Every answered request's duration in the latency histogram, by its route's template (never the
 * path: it carries capability tokens), and one debug log line of the same. Timed from the request's
 * arrival to its last byte, on Node's response, so the platforms' webhooks (which answer on it
 * themselves) are counted like every other route; a request whose client left unanswered is not.
 */
export function observeRequests(app: FastifyInstance, log: ServiceDeps["log"]): void {
  app.addHook("onRequest", (request, reply, done) => {
    const started = process.hrtime.bigint();
    reply.raw.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / NANOS_PER_SECOND;
      recordRequest(
        log,
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        request.method,
        reply.raw.statusCode,
        seconds,
      );
    });
    done();
  });
}

/** One request answered: its metrics and its log line (also for those the front thread answers). */
export function recordRequest(
  log: ServiceDeps["log"],
  route: string,
  method: string,
  status: number,
  seconds: number,
): void {
  observeRequest(route, method, status, seconds);
  log("http.request", { route, method, status, ms: Math.round(seconds * 1000) });
}
