import type { RequestListener } from "node:http";
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
  listener: RequestListener;
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
