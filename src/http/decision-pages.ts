import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  decidedPageHtml,
  decisionClosedPageHtml,
  VIEWPOINT_FIELDS,
  type ViewpointField,
  viewpointDonePageHtml,
  viewpointForbiddenPageHtml,
  viewpointNotSavedPageHtml,
  viewpointPageHtml,
  viewpointValues,
} from "../../adapters/web/decision-pages.ts";
import type { PageContext, Problem } from "../../adapters/web/layout.ts";
import type { Message, Rich } from "../content/model.ts";
import type { ServiceDeps } from "../core/deps.ts";
import type { Core } from "../core/dispatch.ts";
import type { Request } from "../core/request.ts";
import type { DecisionId } from "../domain/ids.ts";
import { VIEWPOINT_FORM } from "../features/decisions/viewpoints/forms.ts";
import { type DecisionPage, decidedPage, decisionPage, type PageVisitor } from "../features/pages/queries.ts";
import type { Repositories } from "../ports/store.ts";
import { formToken, isFormToken } from "./page-forms.ts";

/** What the decision pages share with the other pages: the prelude every page route runs. */
export interface PageKit {
  deps: ServiceDeps;
  core: Core;
  formKey: Uint8Array;
  bodyLimit: number;
  /** The visitor behind the path's token, or undefined once the answer (404, 429) is sent. */
  visitorOf(request: FastifyRequest, reply: FastifyReply): Promise<PageVisitor | undefined>;
  contextOf(request: FastifyRequest, visitor: PageVisitor, token: string): PageContext;
  /** Reads a page's content and, for content that exists, records the opening. */
  opened<T>(
    visitor: PageVisitor,
    subjectId: string | undefined,
    read: (repos: Repositories, now: Date) => Promise<T>,
  ): Promise<T>;
  page(reply: FastifyReply, status: number, html: string): FastifyReply | Promise<FastifyReply>;
  problem(reply: FastifyReply, status: number, what: Problem): FastifyReply | Promise<FastifyReply>;
  /** A URL-encoded body's fields, or undefined for anything that is not a form of ours. */
  formFields(body: unknown): { csrf: string | undefined; values: Map<string, string> } | undefined;
}

/** The name a viewpoint form is signed under: its token is good for that decision's form only. */
const viewpointForm = (decisionId: string) => `viewpoint:${decisionId}`;

/**
 * The decision pages of a member's link: give or change a viewpoint on a decision that asks them
 * (`/decisione/<id>`, through the core's own viewpoint form, as the member's own), the
 * confirmation that now shows the others' viewpoints as chat would (`/fatto`), and what was
 * decided with the member's actions (`/decisioni`). A decision that does not ask the member reads
 * like one that does not exist.
 */
export function registerDecisionPages(scope: FastifyInstance, kit: PageKit): void {
  const { deps, core, formKey } = kit;

  /** The visitor, their page's context and the decision a route names, its opening recorded. */
  async function decisionRoute(request: FastifyRequest, reply: FastifyReply) {
    const visitor = await kit.visitorOf(request, reply);
    if (visitor === undefined) return undefined;
    const { token, decisionId } = request.params as { token: string; decisionId: string };
    const ctx = kit.contextOf(request, visitor, token);
    const found = await kit.opened(visitor, decisionId, (repos, now) =>
      decisionPage(repos, visitor, decisionId, now, ctx.locale),
    );
    if (found === undefined) {
      await kit.problem(reply, 404, "notFound");
      return undefined;
    }
    return { visitor, ctx, decision: found };
  }

  /** The form, filled with these values and marked with these errors, signed for this link and decision. */
  const formPage = (
    reply: FastifyReply,
    status: number,
    visitor: PageVisitor,
    ctx: PageContext,
    decision: DecisionPage,
    values: Record<ViewpointField, string>,
    errors: Partial<Record<ViewpointField, Rich>>,
  ) =>
    kit.page(
      reply,
      status,
      viewpointPageHtml(ctx, decision, {
        csrf: formToken(formKey, visitor.linkHash, viewpointForm(decision.decisionId)),
        values,
        errors,
      }),
    );

  scope.get("/:token/decisione/:decisionId", async (request, reply) => {
    const found = await decisionRoute(request, reply);
    if (found === undefined) return reply;
    const { visitor, ctx, decision } = found;
    if (decision.state !== "open") return kit.page(reply, 200, decisionClosedPageHtml(ctx, decision));
    return formPage(reply, 200, visitor, ctx, decision, viewpointValues(decision.mine), {});
  });

  scope.post("/:token/decisione/:decisionId", { bodyLimit: kit.bodyLimit }, async (request, reply) => {
    const visitor = await kit.visitorOf(request, reply);
    if (visitor === undefined) return reply;
    const { token, decisionId } = request.params as { token: string; decisionId: string };
    const ctx = kit.contextOf(request, visitor, token);
    const fields = kit.formFields(request.body);
    // Before anything is read for the form, let alone written: the token must be this form's.
    if (
      fields === undefined ||
      !isFormToken(formKey, visitor.linkHash, viewpointForm(decisionId), fields.csrf)
    )
      return kit.page(reply, 403, viewpointForbiddenPageHtml(ctx, decisionId));
    const read = () =>
      deps.store.snapshot(async (repos) => {
        const decision = await decisionPage(repos, visitor, decisionId, deps.clock.now(), ctx.locale);
        const given = decision
          ? (await repos.decisions.viewpointHistory(decision.decisionId)).filter(
              (v) => v.memberId === visitor.member.id,
            ).length
          : 0;
        return { decision, given };
      });
    const before = await read();
    const { decision } = before;
    if (decision === undefined) return kit.problem(reply, 404, "notFound");
    if (decision.state !== "open") return kit.page(reply, 409, decisionClosedPageHtml(ctx, decision));
    const values = {
      answer: fields.values.get("answer") ?? "",
      reason: fields.values.get("reason") ?? "",
      side: fields.values.get("side") ?? "",
    };
    // The core's own viewpoint form, as the member's own: the same rules, counts, closing and
    // messages as a viewpoint given in chat. What it says to the member is shown in the page.
    const said: Message[] = [];
    const req: Request = {
      actor: { kind: "link", memberId: visitor.member.id, locale: ctx.locale },
      place: { kind: "private" },
      inline: { answer: (message) => void said.push(message) },
    };
    const check = await core.checkForm(req, VIEWPOINT_FORM, values, decisionId);
    if (check.kind === "invalid") {
      const errors: Partial<Record<ViewpointField, Rich>> = {};
      for (const field of VIEWPOINT_FIELDS) if (check.errors[field]) errors[field] = check.errors[field];
      return formPage(reply, 400, visitor, ctx, decision, values, errors);
    }
    if (check.kind === "ok") await core.submitForm(req, VIEWPOINT_FORM, values, decisionId);
    // Saved when the member's history has one stance more; anything else, the core said why.
    const after = await read();
    if (check.kind !== "ok" || after.given <= before.given)
      return kit.page(reply, 409, viewpointNotSavedPageHtml(ctx, decisionId, said));
    return reply
      .code(303)
      .header("location", ctx.urls.decisionDone(decisionId as DecisionId))
      .send();
  });

  scope.get("/:token/decisione/:decisionId/fatto", async (request, reply) => {
    const found = await decisionRoute(request, reply);
    if (found === undefined) return reply;
    const { ctx, decision } = found;
    // Closed without the member's viewpoint, or decided or withdrawn since: what it is now. Closed
    // by theirs (the last one it waited for): theirs is saved, and the page says so first.
    if (decision.state !== "open" && (decision.state !== "closed" || decision.mine === undefined))
      return kit.page(reply, 200, decisionClosedPageHtml(ctx, decision));
    // Nothing given yet: nothing to confirm; the question is where to go.
    if (decision.mine === undefined)
      return reply.code(303).header("location", ctx.urls.decision(decision.decisionId)).send();
    return kit.page(reply, 200, viewpointDonePageHtml(ctx, decision));
  });

  scope.get("/:token/decisioni", async (request, reply) => {
    const visitor = await kit.visitorOf(request, reply);
    if (visitor === undefined) return reply;
    const ctx = kit.contextOf(request, visitor, (request.params as { token: string }).token);
    const decided = await kit.opened(visitor, undefined, (repos, now) =>
      decidedPage(repos, visitor, now, ctx.locale),
    );
    return kit.page(reply, 200, decidedPageHtml(ctx, decided));
  });
}
