import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ServiceDeps } from "../core/deps.ts";
import { Gate, type Precedence } from "../core/turns.ts";
import { type FeedValidators, openFeed, renderEventFile } from "../features/meetings/calendar/queries.ts";
import { NOT_FOUND, pathOf } from "./answers.ts";

export const FEED_PATH = /^\/calendar\/([^/]+)\.ics$/;
export const EVENT_FILE_PATH = /^\/calendar\/event\/([^/]+)\.ics$/;
/** Whether a path names a feed or an event file (whether or not its token is any good). */
export const isCalendarFile = (path: string): boolean => FEED_PATH.test(path) || EVENT_FILE_PATH.test(path);
/** Calendar clients poll; an hour keeps them reasonably fresh without hammering us. */
const FEED_MAX_AGE_SECONDS = 3600;
/**
 * Feeds served at once; the others wait their turn, without costing the event loop anything.
 * Measured in `npm run bench:feeds`: with twenty clients polling without pause, Slack's
 * acknowledgements slow by about 1.6× when every poll is served at once, 1.3–1.4× through this.
 */
const FEEDS_AT_ONCE = 2;
/** Polls waiting their turn at most; past it, one is told to come back later (503). */
const FEEDS_WAITING_MAX = 512;
const RETRY_AFTER_SECONDS = 120;
/** How long a poll gives way, at most, to the chat platforms' requests under way. */
const POLL_PATIENCE_MS = 200;

/**
 * `If-None-Match` by weak comparison (RFC 9110 §8.8.3.2, §13.1.2): `W/"x"` matches `"x"` (proxies
 * that compress weaken tags), and `*` matches any current feed.
 */
export function noneMatch(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const ours = opaque(etag);
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === ours);
}

/** Whether the client takes gzip (`Accept-Encoding: gzip`, not refused with `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip" && coding.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * `GET|HEAD /calendar/<token>.ics` and `/calendar/event/<token>.ics`. The token is read from the
 * path as it came (not decoded), so every malformed one reaches the same 404 as an unknown one;
 * other paths under `/calendar/` are unknown paths.
 */
export function registerCalendarRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  precedence: Precedence,
): void {
  const feeds = new Gate(FEEDS_AT_ONCE, FEEDS_WAITING_MAX);
  app.route({
    method: ["GET", "HEAD"],
    url: "/calendar/*",
    async handler(request, reply) {
      const path = pathOf(request.url);
      const eventFile = EVENT_FILE_PATH.exec(path);
      if (eventFile) return serveEventFile(deps, eventFile[1] ?? "", request, reply);
      const feed = FEED_PATH.exec(path);
      if (feed) {
        const served = await feeds.through(async () => {
          await precedence.settled(POLL_PATIENCE_MS);
          // A client that went away while it waited is not served: its place goes to the next.
          if (request.raw.destroyed || request.raw.socket.destroyed) return reply;
          return serveFeed(deps, feed[1] ?? "", request, reply);
        });
        return served ?? comeBackLater(reply);
      }
      return reply.code(404).send(NOT_FOUND);
    },
  });
}

/**
 * A feed, with validators read from the data alone: a conditional request that matches is
 * answered 304 without rendering anything.
 */
async function serveFeed(deps: ServiceDeps, token: string, request: FastifyRequest, reply: FastifyReply) {
  const feed = await openFeed(deps, token);
  if (feed === undefined) return notFound(reply);
  const zipped = acceptsGzip(request.headers["accept-encoding"]);
  const ifNoneMatch = request.headers["if-none-match"];
  const ifModifiedSince = request.headers["if-modified-since"];
  const now = deps.clock.now();
  const asked = validatorHeaders(feed.validators, zipped, now);
  // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
  const notModified =
    ifNoneMatch !== undefined
      ? noneMatch(ifNoneMatch, feed.validators.etag) || noneMatch(ifNoneMatch, gzipTag(feed.validators.etag))
      : asked.settled &&
        ifModifiedSince !== undefined &&
        Date.parse(ifModifiedSince) >= feed.validators.lastModified.getTime();
  if (notModified) return reply.code(304).headers(asked.headers).send();
  const rendered = await feed.body();
  const body = zipped ? rendered.gzip : rendered.raw;
  return reply
    .code(200)
    .headers({
      ...asked.headers,
      "content-type": "text/calendar; charset=utf-8",
      "content-length": String(body.length),
      ...(zipped ? { "content-encoding": "gzip" } : {}),
    })
    .send(request.method === "HEAD" ? undefined : body);
}

/** Too many polls waiting: calendar clients retry later, as `Retry-After` says (RFC 9110 §10.2.3). */
function comeBackLater(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .headers({ "retry-after": String(RETRY_AFTER_SECONDS), "content-type": "text/plain; charset=utf-8" })
    .send("Busy: try again later\n");
}

/** Same answer for malformed, unknown and revoked tokens: nothing to learn by probing. */
export function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("Not found\n");
}

/** Gzipped bytes are other bytes: a strong tag of their own (RFC 9110 §8.8.3). */
const gzipTag = (etag: string) => `${etag.slice(0, -1)}-gz"`;

/**
 * The validator headers of a version. A Last-Modified in the second still under way could hide a
 * later change in that same second from a client that compares dates: it is given (and honoured)
 * only once that second is over.
 */
function validatorHeaders(
  validators: FeedValidators,
  zipped: boolean,
  now: Date,
): { headers: Record<string, string>; settled: boolean } {
  const settled = now.getTime() >= validators.lastModified.getTime() + 1000;
  return {
    settled,
    headers: {
      etag: zipped ? gzipTag(validators.etag) : validators.etag,
      vary: "accept-encoding",
      "cache-control": `private, max-age=${FEED_MAX_AGE_SECONDS}`,
      ...(settled ? { "last-modified": validators.lastModified.toUTCString() } : {}),
    },
  };
}

/** One meeting, as "add to calendar" links open it. */
async function serveEventFile(
  deps: ServiceDeps,
  token: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const file = await renderEventFile(deps, token);
  if (file === undefined) return notFound(reply);
  const body = Buffer.from(file.body, "utf8");
  return reply
    .code(200)
    .headers({
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "private, no-store",
      "content-length": String(body.length),
    })
    .send(request.method === "HEAD" ? undefined : body);
}
