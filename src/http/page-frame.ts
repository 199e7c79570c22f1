import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type Problem, problemHtml } from "../../adapters/web/layout.ts";
import type { ServiceDeps } from "../core/deps.ts";
import { LOCALES, type Locale } from "../i18n/locale.ts";
import type { Outgoing } from "../ports/channel.ts";
import { NOT_FOUND, pathOf } from "./answers.ts";
import type { BadTokens } from "./bad-tokens.ts";

/**
 * What every page a person opens by a link shares (the personal pages under `/p`, the QR pages
 * under `/q`): the security frame, the 404/500 pages, the stylesheet, the token's lookup counted
 * against the address, and sealed links made into URLs.
 */

/**
 * Every answer of the pages, errors included. No script at all, styles from our own stylesheets,
 * images from us, forms only to us, never inside another site's frame, no `<base>`.
 */
export const PAGE_SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  // What frame-ancestors says, for browsers too old to read it.
  "x-frame-options": "DENY",
} as const;

/** A page is personal: neither the browser nor anything between may keep it. */
export const NO_STORE = "no-store";
/** A stylesheet's name changes with its content: it may be kept for good. */
const ASSET_CACHE = "public, max-age=31536000, immutable";

/** `?lang=it|en`: a language the reader chose by its link (no script, no cookie). */
export const querySchema = z.object({ lang: z.enum(LOCALES).optional().catch(undefined) }).catch({});

/** A page for a reader who cannot be known (a link that does not work): the pages' frame, never stored. */
export function pageProblem(
  reply: FastifyReply,
  status: number,
  what: Problem,
  stylesheet: string,
  params: Record<string, string | number> = {},
): FastifyReply {
  return reply
    .code(status)
    .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": NO_STORE })
    .type("text/html; charset=utf-8")
    .send(problemHtml(what, stylesheet, params));
}

type ProblemPage = (
  reply: FastifyReply,
  status: number,
  what: Problem,
  params?: Record<string, string | number>,
) => FastifyReply;

/**
 * The frame of a scope of pages: the security headers on every answer (Fastify's own included),
 * the 404 page for a GET of a path no page answers (any other method: the server's own 404), a
 * client's error said plainly, an internal one as a polite page with only its name logged, and
 * the scope's stylesheet under `assets/`.
 */
export function framePages(
  scope: FastifyInstance,
  options: {
    problem: ProblemPage;
    /** Logs a failure: ids and codes only, never the error's message nor the request. */
    failed(errorName: string): void;
    stylesheet: { name: string; body: string | Buffer };
  },
): void {
  const { problem } = options;
  scope.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(PAGE_SECURITY_HEADERS);
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", NO_STORE);
    return payload;
  });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    request.method === "GET" ? problem(reply, 404, "notFound") : reply.code(404).send(NOT_FOUND);
  scope.setNotFoundHandler(notFound);
  scope.setErrorHandler((error, request, reply) => {
    // A body refused on its way to no page at all (its type unknown): the path is what is wrong.
    if (request.is404) return notFound(request, reply);
    const status = (error as { statusCode?: unknown }).statusCode;
    // A request we cannot read (too large, not a form): the client's, said plainly.
    if (typeof status === "number" && status >= 400 && status < 500)
      return problem(reply, status, status === 404 ? "notFound" : "badRequest");
    options.failed(error instanceof Error ? error.name : "unknown");
    return problem(reply, 500, "failure");
  });
  scope.get("/assets/:file", (request, reply) => {
    const { file } = request.params as { file: string };
    if (file !== options.stylesheet.name) return problem(reply, 404, "notFound");
    return reply
      .code(200)
      .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": ASSET_CACHE })
      .type("text/css; charset=utf-8")
      .send(options.stylesheet.body);
  });
}

/**
 * What the path's token opens, or the answer already sent: 429 for an address refused, 404
 * (counted against the address) for a link that does not work. The token is read as it came in
 * the path, not decoded: `%41` is not a character of a token.
 */
export async function byToken<T>(
  deps: Pick<ServiceDeps, "clock">,
  badTokens: BadTokens,
  problem: ProblemPage,
  request: FastifyRequest,
  reply: FastifyReply,
  lookup: (token: string, now: Date) => Promise<T | undefined>,
): Promise<T | undefined> {
  const now = deps.clock.now();
  const wait = badTokens.refused(request.ip, now);
  if (wait !== undefined) {
    reply.header("retry-after", String(wait));
    await problem(reply, 429, "tooMany", { minutes: Math.ceil(wait / 60) });
    return undefined;
  }
  const token = pathOf(request.url).split("/")[2] ?? "";
  const found = await lookup(token, now);
  if (found === undefined) {
    badTokens.record(request.ip, now);
    await problem(reply, 404, "notFound");
  }
  return found;
}

/** A sealed link as its URL, through the one function that opens them (the page is its channel). */
export function urlOpener(
  open: (outgoing: Outgoing) => Outgoing,
): (sealed: string, locale: Locale) => string {
  return (sealed, locale) => {
    const opened = open({
      // `open` reads only the message; the target names who reads it.
      target: { kind: "email", to: "", locale },
      message: { blocks: [{ type: "link", url: sealed, label: "" }], attachments: [] },
    });
    const [block] = opened.message.blocks;
    return block?.type === "link" ? block.url : sealed;
  };
}
