import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type Problem, problemHtml, STYLESHEET } from "../../adapters/web/layout.ts";
import { QR_STYLESHEET, qrPageHtml } from "../../adapters/web/qr.ts";
import type { ServiceDeps } from "../core/deps.ts";
import { type QrPage, qrPage, recordQrOpening } from "../features/pages/qr/queries.ts";
import { LOCALES, type Locale } from "../i18n/locale.ts";
import type { Outgoing } from "../ports/channel.ts";
import { NOT_FOUND, pathOf } from "./answers.ts";
import { BadTokens } from "./bad-tokens.ts";
import { PAGE_SECURITY_HEADERS } from "./pages.ts";

/** Personal: neither the browser nor anything between may keep it. */
const NO_STORE = "no-store";
/** The stylesheet's name changes with its content: it may be kept for good. */
const ASSET_CACHE = "public, max-age=31536000, immutable";

/** Where the QR pages live: beside the personal pages, never under their `/p/<token>/…`. */
const QR_PREFIX = "/q";

/** Paths whose links are capabilities a person opens in a browser: the personal pages and the QR pages. */
export const isPagePath = (path: string): boolean => /^\/[pq](\/|$)/.test(path);

/** The path under the public URL (a proxy's prefix) at which the server's root is reached. */
const basePath = (publicBaseUrl: string): string => new URL(publicBaseUrl).pathname.replace(/\/$/, "");

/** The pages' stylesheet, as a page served behind this public URL links it. */
export const pageStylesheet = (publicBaseUrl: string): string =>
  `${basePath(publicBaseUrl)}/p/assets/${STYLESHEET.name}`;

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

/** `?lang=it|en`: a language the reader chose by its link (no script, no cookie). */
const querySchema = z.object({ lang: z.enum(LOCALES).optional().catch(undefined) }).catch({});

export interface QrPageRoutes {
  deps: ServiceDeps;
  /** Makes the sealed links of a message into URLs, as each channel does when it sends. */
  open(outgoing: Outgoing): Outgoing;
  /** The count of bad links per address, shared with the personal pages (tests bring their own). */
  badTokens?: BadTokens;
}

/**
 * `GET /q/<token>`: the short-lived, printable page that shows a member's personal page link as a
 * QR code (`/equipe link … qr`, issue 13), and its stylesheet. Reading it changes nothing but the
 * trail's access record. Unknown, expired and dead links read the pages' one 404, counted against
 * the address as the personal pages count theirs; an address that tries too many is refused (429).
 */
export function registerQrPage(app: FastifyInstance, routes: QrPageRoutes): void {
  const { deps } = routes;
  const badTokens = routes.badTokens ?? new BadTokens();
  const base = basePath(deps.publicBaseUrl);
  const stylesheets = [
    pageStylesheet(deps.publicBaseUrl),
    `${base}${QR_PREFIX}/assets/${QR_STYLESHEET.name}`,
  ];
  const problem = (reply: FastifyReply, status: number, what: Problem, params = {}) =>
    pageProblem(reply, status, what, stylesheets[0] ?? "", params);

  /** A sealed link as its URL, through the one function that opens them (the page is its channel). */
  const urlOf = (sealed: string, locale: Locale): string => {
    const opened = routes.open({
      target: { kind: "email", to: "", locale },
      message: { blocks: [{ type: "link", url: sealed, label: "" }], attachments: [] },
    });
    const [block] = opened.message.blocks;
    return block?.type === "link" ? block.url : sealed;
  };

  /** The page behind the path's token, or the answer already sent (429, or a counted 404). */
  async function pageOf(request: FastifyRequest, reply: FastifyReply): Promise<QrPage | undefined> {
    const now = deps.clock.now();
    const wait = badTokens.refused(request.ip, now);
    if (wait !== undefined) {
      reply.header("retry-after", String(wait));
      await problem(reply, 429, "tooMany", { minutes: Math.ceil(wait / 60) });
      return undefined;
    }
    // The token as it came in the path, not decoded: `%41` is not a character of a token.
    const token = pathOf(request.url).split("/")[2] ?? "";
    const found = await deps.store.snapshot((repos) => qrPage(repos, deps.links, token, now));
    if (found === undefined) {
      badTokens.record(request.ip, now);
      await problem(reply, 404, "notFound");
    }
    return found;
  }

  void app.register(
    async (scope) => {
      // The frame on every answer of this scope, Fastify's own included.
      scope.addHook("onSend", async (_request, reply, payload) => {
        reply.headers(PAGE_SECURITY_HEADERS);
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", NO_STORE);
        return payload;
      });
      const notFound = (request: FastifyRequest, reply: FastifyReply) =>
        request.method === "GET" ? problem(reply, 404, "notFound") : reply.code(404).send(NOT_FOUND);
      scope.setNotFoundHandler(notFound);
      scope.setErrorHandler((error, request, reply) => {
        if (request.is404) return notFound(request, reply);
        deps.log("qrPage.failed", { error: error instanceof Error ? error.name : "unknown" });
        return problem(reply, 500, "failure");
      });

      scope.get("/assets/:file", (request, reply) => {
        const { file } = request.params as { file: string };
        if (file !== QR_STYLESHEET.name) return problem(reply, 404, "notFound");
        return reply
          .code(200)
          .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": ASSET_CACHE })
          .type("text/css; charset=utf-8")
          .send(QR_STYLESHEET.body);
      });

      scope.get("/:token", async (request, reply) => {
        const found = await pageOf(request, reply);
        if (found === undefined) return reply;
        const chosen = querySchema.parse(request.query).lang;
        // The sheet is the member's to read: their language, unless the reader chose by the link.
        const locale: Locale = chosen ?? found.locale ?? deps.defaults.locale;
        const html = qrPageHtml({
          locale,
          name: found.name,
          link: urlOf(found.pageLink, locale),
          stylesheets,
          otherLanguage: `${base}${pathOf(request.url)}?lang=${locale === "it" ? "en" : "it"}`,
        });
        // The one write of this GET: an access record in the trail, nothing anyone sees move.
        await deps.store.transaction((repos) => recordQrOpening(repos, found, deps.clock.now()));
        return reply
          .code(200)
          .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": NO_STORE })
          .type("text/html; charset=utf-8")
          .send(html);
      });
    },
    { prefix: QR_PREFIX },
  );
}
