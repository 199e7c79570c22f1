import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Problem, STYLESHEET } from "../../adapters/web/layout.ts";
import { QR_STYLESHEET, qrPageHtml } from "../../adapters/web/qr.ts";
import type { ServiceDeps } from "../core/deps.ts";
import { qrPage, recordQrOpening } from "../features/pages/qr/queries.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Outgoing } from "../ports/channel.ts";
import { pathOf } from "./answers.ts";
import { BadTokens } from "./bad-tokens.ts";
import {
  byToken,
  framePages,
  NO_STORE,
  PAGE_SECURITY_HEADERS,
  pageProblem,
  querySchema,
  urlOpener,
} from "./page-frame.ts";

/** Where the QR pages live: beside the personal pages, never under their `/p/<token>/…`. */
const QR_PREFIX = "/q";

/** Paths whose links are capabilities a person opens in a browser: the personal pages, the QR pages, the summary editor. */
export const isPagePath = (path: string): boolean => /^\/[pqsx](\/|$)/.test(path);

/** The path under the public URL (a proxy's prefix) at which the server's root is reached. */
const basePath = (publicBaseUrl: string): string => new URL(publicBaseUrl).pathname.replace(/\/$/, "");

/** The pages' stylesheet, as a page served behind this public URL links it. */
export const pageStylesheet = (publicBaseUrl: string): string =>
  `${basePath(publicBaseUrl)}/p/assets/${STYLESHEET.name}`;

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

  const urlOf = urlOpener(routes.open);
  const pageOf = (request: FastifyRequest, reply: FastifyReply) =>
    byToken(deps, badTokens, problem, request, reply, (token, now) =>
      deps.store.snapshot((repos) => qrPage(repos, deps.links, token, now)),
    );

  void app.register(
    async (scope) => {
      framePages(scope, {
        problem,
        failed: (error) => deps.log("qrPage.failed", { error }),
        stylesheet: QR_STYLESHEET,
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
