import type { FastifyInstance, FastifyReply } from "fastify";
import { type Problem, STYLESHEET } from "../../adapters/web/layout.ts";
import type { ServiceDeps } from "../core/deps.ts";
import { hashToken } from "../core/links.ts";
import { DomainError } from "../domain/errors.ts";
import { caseFile } from "../features/cases/actions.ts";
import { BadTokens } from "./bad-tokens.ts";
import { byToken, framePages, NO_STORE, PAGE_SECURITY_HEADERS, pageProblem } from "./page-frame.ts";
import { pageStylesheet } from "./qr-page.ts";

const PREFIX = "/x";

/**
 * `GET /x/<token>`: a whole case as one Markdown file, for the coordinator who asked for it
 * (`/equipe esporta-caso`, confirmed with a click). The link is short-lived and stored hashed;
 * opening it reads and changes nothing. Unknown and expired links read the pages' one 404,
 * counted against the address as the other pages count theirs.
 */
export function registerCaseExport(
  app: FastifyInstance,
  routes: { deps: ServiceDeps; badTokens?: BadTokens },
): void {
  const { deps } = routes;
  const badTokens = routes.badTokens ?? new BadTokens();
  const stylesheet = pageStylesheet(deps.publicBaseUrl);
  const problem = (reply: FastifyReply, status: number, what: Problem, params = {}) =>
    pageProblem(reply, status, what, stylesheet, params);

  void app.register(
    async (scope) => {
      framePages(scope, {
        problem,
        failed: (error) => deps.log("caseExport.failed", { error }),
        stylesheet: STYLESHEET,
      });
      scope.get("/:token", async (request, reply) => {
        const link = await byToken(deps, badTokens, problem, request, reply, (token, now) =>
          /^[A-Za-z0-9_-]{43}$/.test(token)
            ? deps.store.snapshot((repos) => repos.cases.findExportLink(hashToken(token), now))
            : Promise.resolve(undefined),
        );
        if (link === undefined) return reply;
        let file: { markdown: string; filename: string };
        try {
          file = await caseFile(deps, link.memberId, link.equipeId);
        } catch (error) {
          // No longer a coordinator, or the case is gone: like a link that does not exist.
          if (error instanceof DomainError) return problem(reply, 404, "notFound");
          throw error;
        }
        return reply
          .code(200)
          .headers({
            ...PAGE_SECURITY_HEADERS,
            "cache-control": NO_STORE,
            "content-disposition": `attachment; filename="${file.filename}"`,
          })
          .type("text/markdown; charset=utf-8")
          .send(file.markdown);
      });
    },
    { prefix: PREFIX },
  );
}
