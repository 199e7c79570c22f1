import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type PageContext, type PageUrls, type Problem, STYLESHEET } from "../../adapters/web/layout.ts";
import {
  closedPageHtml,
  donePageHtml,
  forbiddenPageHtml,
  notSavedPageHtml,
  personalPageHtml,
  pollPageHtml,
} from "../../adapters/web/pages.ts";
import type { Message } from "../content/model.ts";
import type { ServiceDeps } from "../core/deps.ts";
import type { Core } from "../core/dispatch.ts";
import type { Request } from "../core/request.ts";
import { type Answer, answerSchema } from "../domain/meeting.ts";
import {
  type PageVisitor,
  type PollPage,
  pageEventFile,
  personalPage,
  pollPage,
  pageVisitor as readVisitor,
  recordOpening,
} from "../features/pages/queries.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Outgoing } from "../ports/channel.ts";
import type { Repositories } from "../ports/store.ts";
import { pathOf } from "./answers.ts";
import { BadTokens } from "./bad-tokens.ts";
import { registerDecisionPages } from "./decision-pages.ts";
import { formToken, isFormToken } from "./page-forms.ts";
import {
  byToken,
  framePages,
  NO_STORE,
  PAGE_SECURITY_HEADERS,
  pageProblem,
  querySchema,
  urlOpener,
} from "./page-frame.ts";
import { registerSummaryReading } from "./summary-pages.ts";

export { PAGE_SECURITY_HEADERS } from "./page-frame.ts";

/**
 * A poll has at most ten times (MAX_SLOTS): its form is a few hundred bytes. A viewpoint's reason
 * is at most 1000 characters (MAX_REASON_LENGTH), percent-encoded at most 9 bytes each: 16 KB holds it.
 */
export const PAGE_FORM_BODY_LIMIT = 16 * 1024;
const FORM_TYPE = "application/x-www-form-urlencoded";

/** What the pages need from the server: the core, its dependencies, the form key, and how sealed links open. */
export interface PageRoutes {
  deps: ServiceDeps;
  core: Core;
  /** The key the pages' forms are signed with (`formKeyFrom`). */
  formKey: Uint8Array;
  /** Makes the sealed links of a message into URLs, as each channel does when it sends. */
  open(outgoing: Outgoing): Outgoing;
  /** The count of bad links per address (tests bring their own). */
  badTokens?: BadTokens;
}

const answerField = /^slot-([0-9a-f-]{36})$/;

/**
 * The web channel's pages for members who arrive by their personal link (`/p/<token>`): the
 * personal page, a meeting's time poll (answered by POST with a CSRF token), the confirmation,
 * a meeting's calendar file, and the one stylesheet. Reading a page changes nothing but the
 * audit trail's record of the opening. Unknown, revoked and malformed links read the same 404;
 * an address that tries too many of them is refused for a while (429).
 */
export function registerPages(app: FastifyInstance, routes: PageRoutes): void {
  const { deps, core, formKey } = routes;
  const badTokens = routes.badTokens ?? new BadTokens();
  // The server answers at its root; people reach it under the public URL's path (a proxy's prefix).
  const base = new URL(deps.publicBaseUrl).pathname.replace(/\/$/, "");
  const stylesheet = `${base}/p/assets/${STYLESHEET.name}`;

  const problem = (
    reply: FastifyReply,
    status: number,
    what: Problem,
    params: Record<string, string | number> = {},
  ) => pageProblem(reply, status, what, stylesheet, params);

  const page = (reply: FastifyReply, status: number, html: string) =>
    reply
      .code(status)
      .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": NO_STORE })
      .type("text/html; charset=utf-8")
      .send(html);

  /** The visitor behind the path's token, or the answer already sent (429, or a counted 404). */
  const visitorOf = (request: FastifyRequest, reply: FastifyReply): Promise<PageVisitor | undefined> =>
    byToken(deps, badTokens, problem, request, reply, (token) =>
      deps.store.snapshot((repos) => readVisitor(repos, token)),
    );

  /** The reader's language, the links of their pages (keeping a language chosen by link), for one path. */
  function contextOf(request: FastifyRequest, visitor: PageVisitor, token: string): PageContext {
    const chosen = querySchema.parse(request.query).lang;
    const locale: Locale = chosen ?? visitor.member.locale ?? deps.defaults.locale;
    const keep = chosen ? `?lang=${chosen}` : "";
    const personal = `${base}/p/${token}`;
    const urls: PageUrls = {
      stylesheet,
      personal: `${personal}${keep}`,
      otherLanguage: `${base}${pathOf(request.url)}?lang=${locale === "it" ? "en" : "it"}`,
      poll: (meetingId) => `${personal}/incontro/${meetingId}${keep}`,
      done: (meetingId) => `${personal}/incontro/${meetingId}/fatto${keep}`,
      eventFile: (meetingId) => `${personal}/incontro/${meetingId}/calendario.ics`,
      decision: (decisionId) => `${personal}/decisione/${decisionId}${keep}`,
      decisionDone: (decisionId) => `${personal}/decisione/${decisionId}/fatto${keep}`,
      decided: `${personal}/decisioni${keep}`,
      summary: (versionId, full) =>
        `${personal}/sintesi/${versionId}${full ? `?tutto=1${chosen ? `&lang=${chosen}` : ""}` : keep}`,
    };
    return { locale, urls };
  }

  const urlOf = urlOpener(routes.open);

  /** Records the opening (the one write of a GET: an access record) and reads the page's content. */
  async function opened<T>(
    visitor: PageVisitor,
    subjectId: string | undefined,
    read: (repos: Repositories, now: Date) => Promise<T>,
  ): Promise<T> {
    const now = deps.clock.now();
    const content = await deps.store.snapshot((repos) => read(repos, now));
    // Only for what exists: a page that answers 404 was not opened.
    if (content !== undefined)
      await deps.store.transaction((repos) => recordOpening(repos, visitor, now, subjectId));
    return content;
  }

  /**
   * The visitor, their page's context and the poll a route names, its opening recorded; undefined
   * once the answer is given (a link that does not work, a poll that is not theirs).
   */
  async function pollRoute(request: FastifyRequest, reply: FastifyReply) {
    const visitor = await visitorOf(request, reply);
    if (visitor === undefined) return undefined;
    const { token, meetingId } = request.params as { token: string; meetingId: string };
    const ctx = contextOf(request, visitor, token);
    const poll = await opened(visitor, meetingId, (repos, now) =>
      pollPage(repos, visitor, meetingId, now, ctx.locale),
    );
    if (poll === undefined) {
      await problem(reply, 404, "notFound");
      return undefined;
    }
    return { visitor, ctx, meetingId, poll };
  }

  /** The poll's form, with what is ticked and what is missing, signed for this link and meeting. */
  const answerPage = (
    reply: FastifyReply,
    status: number,
    {
      visitor,
      ctx,
      meetingId,
      poll,
    }: { visitor: PageVisitor; ctx: PageContext; meetingId: string; poll: PollPage },
    ticked: ReadonlyMap<string, Answer>,
    missing: ReadonlySet<string>,
  ) =>
    page(
      reply,
      status,
      pollPageHtml(ctx, poll, {
        csrf: formToken(formKey, visitor.linkHash, pollForm(meetingId)),
        ticked,
        missing,
      }),
    );

  void app.register(
    async (scope) => {
      // Forms arrive URL-encoded, small; nothing else is read here (anything else: 415).
      scope.addContentTypeParser(
        FORM_TYPE,
        { parseAs: "string", bodyLimit: PAGE_FORM_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );
      framePages(scope, {
        problem,
        failed: (error) => deps.log("page.failed", { error }),
        stylesheet: STYLESHEET,
      });

      registerDecisionPages(scope, {
        deps,
        core,
        formKey,
        bodyLimit: PAGE_FORM_BODY_LIMIT,
        visitorOf,
        contextOf,
        opened,
        page,
        problem: (reply, status, what) => problem(reply, status, what),
        formFields,
      });
      registerSummaryReading(scope, {
        deps,
        core,
        formKey,
        bodyLimit: PAGE_FORM_BODY_LIMIT,
        visitorOf,
        contextOf,
        opened,
        page,
        problem: (reply, status, what) => problem(reply, status, what),
        formFields,
      });

      scope.get("/:token", async (request, reply) => {
        const visitor = await visitorOf(request, reply);
        if (visitor === undefined) return reply;
        const ctx = contextOf(request, visitor, (request.params as { token: string }).token);
        const content = await opened(visitor, undefined, (repos, now) =>
          personalPage(repos, deps.links, visitor, now, ctx.locale),
        );
        const feed = content.feed === undefined ? undefined : urlOf(content.feed, ctx.locale);
        return page(reply, 200, personalPageHtml(ctx, { ...content, feed }));
      });

      scope.get("/:token/incontro/:meetingId", async (request, reply) => {
        const found = await pollRoute(request, reply);
        if (found === undefined) return reply;
        const { visitor, ctx, meetingId, poll } = found;
        if (poll.state !== "open") return page(reply, 200, closedPageHtml(ctx, poll));
        const ticked = new Map(poll.slots.flatMap((s) => (s.answer ? [[s.id, s.answer] as const] : [])));
        return answerPage(reply, 200, { visitor, ctx, meetingId, poll }, ticked, new Set());
      });

      scope.post(
        "/:token/incontro/:meetingId",
        { bodyLimit: PAGE_FORM_BODY_LIMIT },
        async (request, reply) => {
          const visitor = await visitorOf(request, reply);
          if (visitor === undefined) return reply;
          const { token, meetingId } = request.params as { token: string; meetingId: string };
          const ctx = contextOf(request, visitor, token);
          const fields = formFields(request.body);
          // Before anything is read for the form, let alone written: the token must be this form's.
          if (
            fields === undefined ||
            !isFormToken(formKey, visitor.linkHash, pollForm(meetingId), fields.csrf)
          )
            return page(reply, 403, forbiddenPageHtml(ctx, meetingId));
          const now = deps.clock.now();
          const poll = await deps.store.snapshot((repos) =>
            pollPage(repos, visitor, meetingId, now, ctx.locale),
          );
          if (poll === undefined) return problem(reply, 404, "notFound");
          if (poll.state !== "open") return page(reply, 409, closedPageHtml(ctx, poll));
          const ticked = new Map<string, Answer>();
          for (const [name, value] of fields.values) {
            const slotId = answerField.exec(name)?.[1];
            const answer = answerSchema.safeParse(value);
            if (slotId && answer.success && poll.slots.some((s) => s.id === slotId))
              ticked.set(slotId, answer.data);
          }
          const missing = new Set(poll.slots.filter((s) => !ticked.has(s.id)).map((s) => s.id));
          if (missing.size > 0)
            return answerPage(reply, 400, { visitor, ctx, meetingId, poll }, ticked, missing);
          // Each answer through the core, as the member's own: the same use case as a click in
          // chat, so the coordinator's poll, counts, reminders and ranking take it alike. Only
          // changed answers: sending the same form twice changes nothing.
          const said: Message[] = [];
          const req: Request = {
            actor: { kind: "link", memberId: visitor.member.id, locale: ctx.locale },
            place: { kind: "private" },
            inline: { answer: (message) => void said.push(message) },
          };
          for (const slot of poll.slots) {
            const answer = ticked.get(slot.id);
            if (answer !== undefined && answer !== slot.answer)
              await core.action(req, `poll:${answer}`, `${poll.meetingId}:${slot.id}`);
          }
          const after = await deps.store.snapshot((repos) =>
            pollPage(repos, visitor, meetingId, deps.clock.now(), ctx.locale),
          );
          const saved = after?.slots.every((s) => s.answer === ticked.get(s.id)) ?? false;
          if (!saved) return page(reply, 409, notSavedPageHtml(ctx, meetingId, said));
          return reply.code(303).header("location", ctx.urls.done(meetingId)).send();
        },
      );

      scope.get("/:token/incontro/:meetingId/fatto", async (request, reply) => {
        const found = await pollRoute(request, reply);
        if (found === undefined) return reply;
        return page(reply, 200, donePageHtml(found.ctx, found.poll));
      });

      scope.get("/:token/incontro/:meetingId/calendario.ics", async (request, reply) => {
        const visitor = await visitorOf(request, reply);
        if (visitor === undefined) return reply;
        const { meetingId } = request.params as { meetingId: string };
        const file = await opened(visitor, meetingId, (repos, now) =>
          pageEventFile(repos, deps, visitor, meetingId, now),
        );
        if (file === undefined) return problem(reply, 404, "notFound");
        const body = Buffer.from(file.body, "utf8");
        return reply
          .code(200)
          .headers({
            ...PAGE_SECURITY_HEADERS,
            "content-type": "text/calendar; charset=utf-8",
            "content-disposition": `attachment; filename="${file.filename}"`,
            "cache-control": NO_STORE,
            "content-length": String(body.length),
          })
          .send(body);
      });
    },
    { prefix: "/p" },
  );
}

/** The name a poll's form is signed under: its token is good for that meeting's form only. */
const pollForm = (meetingId: string) => `poll:${meetingId}`;

/**
 * A URL-encoded body as its fields: the CSRF token and every other field, each name once (a
 * name given twice is not a form of ours). Undefined for anything else.
 */
export function formFields(
  body: unknown,
): { csrf: string | undefined; values: Map<string, string> } | undefined {
  if (typeof body !== "string") return undefined;
  const values = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (values.has(name)) return undefined;
    values.set(name, value);
  }
  return { csrf: values.get("csrf"), values };
}
