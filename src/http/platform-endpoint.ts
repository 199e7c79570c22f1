import type { IncomingMessage, RequestListener } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ServiceDeps } from "../core/deps.ts";
import type { Precedence } from "../core/turns.ts";
import { INTERNAL, TOO_LARGE } from "./answers.ts";
import { cutOffPast, declaredBody } from "./body-limit.ts";

/**
 * A chat platform's webhook, served by its SDK's own Node listener (Bolt's receiver, botbuilder's
 * CloudAdapter), which reads the body itself: Bolt checks Slack's signature over the raw bytes.
 */
export interface PlatformEndpoint {
  url: string;
  /** `all`: the SDK answers every method itself (botbuilder's listener says 405 but to POST). */
  methods: "POST" | "all";
  /** The largest body the platform sends here, in bytes: anything larger is refused unread. */
  bodyLimit: number;
  /**
   * How long the body may take to arrive, in milliseconds, counted from the request's headers: a
   * platform sends a small body at once, so a body still coming after this is dropped (the
   * connection closed) rather than kept in memory. Default: PLATFORM_BODY_TIMEOUT_MS.
   */
  bodyTimeoutMs?: number;
  listener: RequestListener;
}

/**
 * Slack wants its acknowledgement within 3 s and Teams within 15 s: a body that has not arrived
 * whole in 10 s is not one of theirs worth waiting for.
 */
export const PLATFORM_BODY_TIMEOUT_MS = 10_000;

/** Destroys the request (and its connection) unless its body has arrived whole within `ms`. */
export function dropUnlessCompleteWithin(req: IncomingMessage, ms: number): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.destroy(), ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.once("end", done);
  req.once("close", done);
}

/**
 * Hands the request to the SDK as Node's own req/res, its body unread, once the body is bounded:
 * a declared length above the limit is answered 413 at once (and the connection closed, so the
 * rest is never read); a chunked body is cut off at the first byte past it.
 */
export function mountPlatform(
  app: FastifyInstance,
  endpoint: PlatformEndpoint,
  log: ServiceDeps["log"],
  precedence: Precedence,
): void {
  const handler = (request: FastifyRequest, reply: FastifyReply): void => {
    // Under way until the answer is sent or the connection is gone, whichever comes first.
    reply.raw.once("close", precedence.urgent());
    const body = declaredBody(request.raw, endpoint.bodyLimit);
    if (body === "too_large") {
      reply.code(413).header("connection", "close").send(TOO_LARGE);
      return;
    }
    if (body === "counted") cutOffPast(request.raw, endpoint.bodyLimit);
    dropUnlessCompleteWithin(request.raw, endpoint.bodyTimeoutMs ?? PLATFORM_BODY_TIMEOUT_MS);
    reply.hijack();
    try {
      endpoint.listener(request.raw, reply.raw);
    } catch (error) {
      // Fastify no longer answers for a hijacked reply: this one does, as for any other route.
      log("http.error", { error: error instanceof Error ? error.name : "unknown" });
      if (!reply.raw.headersSent)
        reply.raw
          .writeHead(500, { "content-type": "application/json; charset=utf-8" })
          .end(JSON.stringify(INTERNAL));
    }
  };
  void app.register(async (scope) => {
    // In this scope every content type passes through unparsed: the body is the SDK's to read.
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    if (endpoint.methods === "all") scope.all(endpoint.url, handler);
    else scope.post(endpoint.url, handler);
  });
}
