import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Problem, STYLESHEET } from "../../adapters/web/layout.ts";
import {
  type EditorContext,
  type EditorForm,
  type EditorMinutes,
  type EditorPage,
  editorValues,
  minutesUnavailableHtml,
  type ReadForm,
  SUMMARY_STYLESHEET,
  summaryEditorHtml,
  summaryForbiddenHtml,
  summaryReadHtml,
  summaryVersionHtml,
} from "../../adapters/web/summary-pages.ts";
import type { Message } from "../content/model.ts";
import type { ServiceDeps } from "../core/deps.ts";
import type { Core } from "../core/dispatch.ts";
import { hashToken } from "../core/links.ts";
import { personLabel, roleWord } from "../core/people.ts";
import type { Request } from "../core/request.ts";
import type { EquipeRecord, MemberRecord } from "../domain/equipe.ts";
import { DomainError } from "../domain/errors.ts";
import type { FieldErrors } from "../domain/forms.ts";
import {
  type DocumentRef,
  type SummaryVersionId,
  type SummaryVersionRecord,
  sectionKeysOf,
} from "../domain/summary.ts";
import { formatLongDateTime, utcToZoned } from "../domain/time.ts";
import type { PageVisitor } from "../features/pages/queries.ts";
import { openSummary } from "../features/summaries/actions.ts";
import {
  dayText,
  meetingDay,
  summaryDocument,
  summaryFileName,
  summaryMarkdown,
} from "../features/summaries/export/queries.ts";
import { editChoices, editMetadata, minutesMeeting } from "../features/summaries/forms.ts";
import { type MinutesFacts, SUMMARY_FORMS } from "../features/summaries/messages.ts";
import { editorState, minutesFacts, type ReaderView, readerView } from "../features/summaries/queries.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Repositories } from "../ports/store.ts";
import { pathOf } from "./answers.ts";
import { BadTokens } from "./bad-tokens.ts";
import type { PageKit } from "./decision-pages.ts";
import { formToken, isFormToken } from "./page-forms.ts";
import {
  byToken,
  framePages,
  NO_STORE,
  PAGE_SECURITY_HEADERS,
  pageProblem,
  querySchema,
} from "./page-frame.ts";

/** Where the coordinator's editor lives: beside the personal pages, never under their `/p/<token>/…`. */
const EDITOR_PREFIX = "/s";

/**
 * The editor's form: six sections of at most 20 000 characters (MAX_SECTION_LENGTH), each
 * percent-encoded at most 9 bytes a character, with the note and the readers: 1.25 MB holds it.
 */
export const SUMMARY_FORM_BODY_LIMIT = 1_250_000;
/** A reader's form: a request of at most 2000 characters (MAX_COMMENT_LENGTH), encoded: 32 KB holds it. */
export const SUMMARY_READ_BODY_LIMIT = 32 * 1024;
const FORM_TYPE = "application/x-www-form-urlencoded";

/** Edit link tokens are derived as page tokens are: 43 base64url characters; nothing else is looked up. */
const EDIT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A version's id as ids are written; anything else names nothing. */
const VERSION_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
/** `/versione/<n>` (the printable page) or `/versione/<n>.md` (the Markdown file). */
const VERSION_FILE = /^([1-9][0-9]{0,8})(\.md)?$/;

/** Whoever opened the editor by their link: a coordinator of the équipe the link was issued for. */
interface EditorVisitor {
  equipe: EquipeRecord;
  member: MemberRecord;
  /** What the link edits: the case summary, or one meeting's minutes. */
  doc: DocumentRef;
  /** The stored form of the link: the editor's form is bound to it. */
  linkHash: string;
}

/**
 * The coordinator behind a live edit link, or undefined for a malformed, unknown, expired or
 * revoked one, or one whose member has left or no longer coordinates: all read alike.
 */
async function editorVisitor(
  repos: Repositories,
  token: string,
  now: Date,
): Promise<EditorVisitor | undefined> {
  if (!EDIT_TOKEN_PATTERN.test(token)) return undefined;
  const linkHash = hashToken(token);
  const link = await repos.summaries.findEditLink(linkHash, now);
  if (link === undefined) return undefined;
  const member = await repos.members.findById(link.memberId);
  const equipe = await repos.equipes.findById(link.equipeId);
  if (member === undefined || equipe === undefined || member.equipeId !== equipe.id || !member.isCoordinator)
    return undefined;
  return { equipe, member, doc: link.document, linkHash };
}

/** The name the editor's form is signed under: one équipe's editor of one document. */
const editForm = (visitor: EditorVisitor) => `summary-edit:${editMetadata(visitor.equipe.id, visitor.doc)}`;
/** The name a reader's forms are signed under: one version's page. */
const readForm = (versionId: string) => `summary-read:${versionId}`;

/** A day as `<input type=date>` shows it (YYYY-MM-DD), in the équipe's zone. */
function dateInput(instant: Date | undefined, timeZone: string): string {
  if (instant === undefined) return "";
  const day = utcToZoned(instant, timeZone);
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}

/** A key for one submission of a form: the same body twice on the same state is one delivery. */
const deliveryKey = (...parts: string[]) =>
  `web:${createHash("sha256").update(parts.join("\n")).digest("base64url")}`;

/** A URL-encoded body as its fields, each name once; undefined for anything else. */
type FormFields = (body: unknown) => { csrf: string | undefined; values: Map<string, string> } | undefined;

export interface SummaryEditorRoutes {
  deps: ServiceDeps;
  core: Core;
  /** The key the pages' forms are signed with (`formKeyFrom`). */
  formKey: Uint8Array;
  formFields: FormFields;
  /** The count of bad links per address, shared with the personal pages (tests bring their own). */
  badTokens?: BadTokens;
}

/**
 * `/s/<token>`: the coordinator's summary editor, opened by the short-lived link `/equipe sintesi`
 * gives them. GET shows the draft (else the latest version); POST saves the draft or circulates a
 * new version through the core's own `summary-edit` form, as the coordinator's own request, and
 * shows what the core said. `/versione/<n>` is a version to print, `/versione/<n>.md` its
 * Markdown file. A link that does not work reads as the pages' one 404, counted against the
 * address.
 */
export function registerSummaryEditor(app: FastifyInstance, routes: SummaryEditorRoutes): void {
  const { deps, core, formKey } = routes;
  const badTokens = routes.badTokens ?? new BadTokens();
  const base = new URL(deps.publicBaseUrl).pathname.replace(/\/$/, "");
  const stylesheet = `${base}/p/assets/${STYLESHEET.name}`;
  const summaryStylesheet = `${base}${EDITOR_PREFIX}/assets/${SUMMARY_STYLESHEET.name}`;
  const problem = (reply: FastifyReply, status: number, what: Problem, params = {}) =>
    pageProblem(reply, status, what, stylesheet, params);
  const page = (reply: FastifyReply, status: number, html: string) =>
    reply
      .code(status)
      .headers({ ...PAGE_SECURITY_HEADERS, "cache-control": NO_STORE })
      .type("text/html; charset=utf-8")
      .send(html);

  const visitorOf = (request: FastifyRequest, reply: FastifyReply) =>
    byToken(deps, badTokens, problem, request, reply, (token, now) =>
      deps.store.snapshot((repos) => editorVisitor(repos, token, now)),
    );

  function contextOf(request: FastifyRequest, visitor: EditorVisitor): EditorContext {
    const chosen = querySchema.parse(request.query).lang;
    const locale: Locale = chosen ?? visitor.member.locale ?? visitor.equipe.locale ?? deps.defaults.locale;
    const keep = chosen ? `?lang=${chosen}` : "";
    const token = pathOf(request.url).split("/")[2] ?? "";
    const editor = `${base}${EDITOR_PREFIX}/${token}`;
    return {
      locale,
      urls: {
        stylesheet,
        summaryStylesheet,
        otherLanguage: `${base}${pathOf(request.url)}?lang=${locale === "it" ? "en" : "it"}`,
        editor: `${editor}${keep}`,
        version: (number) => `${editor}/versione/${number}${keep}`,
        markdown: (number) => `${editor}/versione/${number}.md${keep}`,
      },
    };
  }

  /**
   * The editor's state as the page shows it, read in one snapshot; for minutes, the meeting is
   * checked as the core checks it (of this équipe, confirmed, begun), else its refusal.
   */
  async function editorPage(
    visitor: EditorVisitor,
    locale: Locale,
  ): Promise<
    | { refused: DomainError }
    | { refused?: undefined; page: EditorPage; values: Record<string, string>; stamp: string }
  > {
    const { equipe, doc } = visitor;
    const when = (instant: Date) => formatLongDateTime(instant, equipe.timezone, locale);
    const now = deps.clock.now();
    return deps.store.snapshot(async (repos) => {
      let minutes: EditorMinutes | undefined;
      if (doc.kind === "minutes") {
        let meeting: Awaited<ReturnType<typeof minutesMeeting>>;
        try {
          meeting = await minutesMeeting(repos, equipe, doc, now);
        } catch (error) {
          if (error instanceof DomainError) return { refused: error };
          throw error;
        }
        const choices = await editChoices(repos, equipe, doc);
        minutes = {
          date: meetingDay(meeting?.startsAt, equipe.timezone, locale),
          members: choices.members.map((m) => ({
            id: m.id,
            label: `${personLabel(m)} (${roleWord(locale, m)})`,
          })),
          decisions: choices.decisions,
        };
      }
      const state = await editorState(repos, equipe, doc);
      const history = await repos.summaries.history(equipe.id, doc);
      const page: EditorPage = {
        document: doc,
        caseCode: equipe.caseCode,
        minutes,
        latest: state.latest
          ? { number: state.latest.number, date: when(state.latest.circulatedAt) }
          : undefined,
        draftSavedAt: state.draftSavedAt ? when(state.draftSavedAt) : undefined,
        history: history.map((v) => ({ number: v.number, date: when(v.circulatedAt), note: v.note })),
      };
      const values: Record<string, string> = {
        note: state.note,
        acknowledgeBy: dateInput(state.acknowledgeBy, equipe.timezone),
      };
      for (const key of sectionKeysOf(doc)) {
        const section = state.sections[key];
        values[`text_${key}`] = section.text;
        values[`audience_${key}`] =
          section.audience.kind === "everyone" ? "everyone" : section.audience.roles.join(",");
      }
      if (doc.kind === "minutes") {
        values.attendees = state.attendees.join(",");
        values.decisions = state.decisionIds.join(",");
      }
      const stamp = `${state.latest?.number ?? 0}:${state.draftSavedAt?.getTime() ?? 0}`;
      return { page, values, stamp };
    });
  }

  const csrfOf = (visitor: EditorVisitor) => formToken(formKey, visitor.linkHash, editForm(visitor));

  /** The coordinator's own request through their link: what the core says is collected in `said`. */
  const requestOf = (visitor: EditorVisitor, locale: Locale, said: Message[], key?: string): Request => ({
    actor: { kind: "link", memberId: visitor.member.id, locale },
    place: { kind: "private" },
    deliveryKey: key,
    inline: { answer: (message) => void said.push(message) },
  });

  /** Minutes whose meeting cannot have them: the core's refusal, in the coordinator's words. */
  async function unavailable(
    reply: FastifyReply,
    ctx: EditorContext,
    visitor: EditorVisitor,
    error: DomainError,
    said: Message[] = [],
  ) {
    if (said.length === 0) await core.reply(requestOf(visitor, ctx.locale, said), error);
    return page(reply, 409, minutesUnavailableHtml(ctx, said));
  }

  void app.register(
    async (scope) => {
      scope.addContentTypeParser(
        FORM_TYPE,
        { parseAs: "string", bodyLimit: SUMMARY_FORM_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );
      framePages(scope, {
        problem,
        failed: (error) => deps.log("summaryEditor.failed", { error }),
        stylesheet: SUMMARY_STYLESHEET,
      });

      scope.get("/:token", async (request, reply) => {
        const visitor = await visitorOf(request, reply);
        if (visitor === undefined) return reply;
        const ctx = contextOf(request, visitor);
        const shown = await editorPage(visitor, ctx.locale);
        if (shown.refused) return unavailable(reply, ctx, visitor, shown.refused);
        const form: EditorForm = {
          csrf: csrfOf(visitor),
          values: shown.values,
          errors: {},
          said: [],
          failed: false,
        };
        return page(reply, 200, summaryEditorHtml(ctx, shown.page, form));
      });

      scope.post("/:token", { bodyLimit: SUMMARY_FORM_BODY_LIMIT }, async (request, reply) => {
        const visitor = await visitorOf(request, reply);
        if (visitor === undefined) return reply;
        const ctx = contextOf(request, visitor);
        const fields = routes.formFields(request.body);
        // Before anything is read for the form, let alone written: the token must be this form's.
        if (fields === undefined || !isFormToken(formKey, visitor.linkHash, editForm(visitor), fields.csrf))
          return page(reply, 403, summaryForbiddenHtml(ctx, ctx.urls.editor, "summaryForbidden.editor"));
        const values = editorValues(fields.values, visitor.doc);
        const metadata = editMetadata(visitor.equipe.id, visitor.doc);
        const before = await editorPage(visitor, ctx.locale);
        if (before.refused) return unavailable(reply, ctx, visitor, before.refused);
        const said: Message[] = [];
        const key = deliveryKey("summary-edit", visitor.linkHash, String(request.body), before.stamp);
        const req = requestOf(visitor, ctx.locale, said, key);
        const check = await core.checkForm(req, SUMMARY_FORMS.edit, values, metadata);
        if (check.kind === "invalid") {
          const form: EditorForm = {
            csrf: csrfOf(visitor),
            values,
            errors: check.errors,
            said: [],
            failed: false,
          };
          return page(reply, 400, summaryEditorHtml(ctx, before.page, form));
        }
        if (check.kind === "ok") await core.submitForm(req, SUMMARY_FORMS.edit, values, metadata);
        const after = await editorPage(visitor, ctx.locale);
        // The meeting stopped being one with minutes meanwhile (cancelled): what the core said.
        if (after.refused) return unavailable(reply, ctx, visitor, after.refused, said);
        // Done when the state moved (a draft saved, a version circulated); else the core said why.
        const done = check.kind === "ok" && after.stamp !== before.stamp;
        const form: EditorForm = {
          csrf: csrfOf(visitor),
          values: done ? after.values : values,
          errors: {},
          said,
          failed: !done,
        };
        return page(reply, done ? 200 : 409, summaryEditorHtml(ctx, after.page, form));
      });

      scope.get("/:token/versione/:file", async (request, reply) => {
        const visitor = await visitorOf(request, reply);
        if (visitor === undefined) return reply;
        const ctx = contextOf(request, visitor);
        const match = VERSION_FILE.exec((request.params as { file: string }).file);
        if (match === null) return problem(reply, 404, "notFound");
        const now = deps.clock.now();
        const found = await deps.store.snapshot(async (repos) => {
          const version = await repos.summaries.versionNumbered(
            visitor.equipe.id,
            Number(match[1]),
            visitor.doc,
          );
          if (version === undefined) return undefined;
          const circulatedBy = await repos.members.findById(version.circulatedBy);
          if (visitor.doc.kind !== "minutes") return { version, circulatedBy, minutes: undefined };
          // The case file is the coordinators': every decision taken there, as a coordinator sees them.
          const meeting = await repos.meetings.findById(visitor.doc.meetingId);
          const facts: MinutesFacts = (await minutesFacts(repos, version, visitor.member)) ?? {
            attendees: [],
            decisions: [],
          };
          return { version, circulatedBy, minutes: { meetingAt: meeting?.startsAt, facts } };
        });
        if (found === undefined) return problem(reply, 404, "notFound");
        const exportCtx = {
          equipe: visitor.equipe,
          locale: ctx.locale,
          circulatedBy: found.circulatedBy,
          now,
          minutes: found.minutes,
        };
        // An access record, as every opening of a version is: who exported which version, when.
        await deps.store.transaction((repos) =>
          repos.audit.record({
            equipeId: visitor.equipe.id,
            actorId: visitor.member.id,
            action: "summary.exported",
            subjectId: found.version.id,
            at: now,
          }),
        );
        if (match[2] === undefined)
          return page(
            reply,
            200,
            summaryVersionHtml(ctx, summaryDocument(found.version, exportCtx), visitor.doc.kind),
          );
        const body = Buffer.from(summaryMarkdown(found.version, exportCtx), "utf8");
        return reply
          .code(200)
          .headers({
            ...PAGE_SECURITY_HEADERS,
            "content-type": "text/markdown; charset=utf-8",
            "content-disposition": `attachment; filename="${summaryFileName(found.version, visitor.equipe, "md", found.minutes?.meetingAt)}"`,
            "cache-control": NO_STORE,
            "content-length": String(body.length),
          })
          .send(body);
      });
    },
    { prefix: EDITOR_PREFIX },
  );
}

/** The reading page's dates, in the reader's words and the équipe's zone; minutes with their meeting's day. */
function readPage(
  equipe: EquipeRecord,
  locale: Locale,
  view: ReaderView,
  full: boolean,
  minutes?: { meetingAt: Date | undefined; facts: MinutesFacts | undefined },
) {
  const { version } = view;
  return {
    view,
    full,
    minutes:
      minutes?.facts === undefined
        ? undefined
        : { date: meetingDay(minutes.meetingAt, equipe.timezone, locale), facts: minutes.facts },
    circulatedAt: formatLongDateTime(version.circulatedAt, equipe.timezone, locale),
    acknowledgeBy: version.acknowledgeBy
      ? dayText(version.acknowledgeBy, equipe.timezone, locale)
      : undefined,
    acknowledgedAt: view.acknowledgedAt
      ? formatLongDateTime(view.acknowledgedAt, equipe.timezone, locale)
      : undefined,
    requestDates: view.requests.map((request) => formatLongDateTime(request.at, equipe.timezone, locale)),
  };
}

const EMPTY_READ: ReadForm["values"] = { ack: "", section: "", kind: "add", comment: "" };

/**
 * `/p/<token>/sintesi/<versionId>`: a version of the case summary as the member reads it (only
 * their sections; what changed since what they acknowledged; `?tutto=1` every section whole).
 * GET records the reading in the audit trail (through the core's `openSummary`) and changes
 * nothing else; POST gives "presa visione" or sends a request on a section, through the core's
 * own `summary-read` form. A version of another équipe reads like one that does not exist.
 */
export function registerSummaryReading(scope: FastifyInstance, kit: PageKit): void {
  const { deps, core, formKey } = kit;

  const reqOf = (visitor: PageVisitor, locale: Locale, said: Message[], key?: string): Request => ({
    actor: { kind: "link", memberId: visitor.member.id, locale },
    place: { kind: "private" },
    deliveryKey: key,
    inline: { answer: (message) => void said.push(message) },
  });

  /** The version a POST names, read without recording an opening; undefined when it is not of their équipe. */
  const versionOf = (visitor: PageVisitor, versionId: string) =>
    deps.store.snapshot(async (repos) => {
      if (!VERSION_ID_PATTERN.test(versionId)) return undefined;
      const version = await repos.summaries.version(versionId as SummaryVersionId);
      return version?.equipeId === visitor.equipe.id ? version : undefined;
    });

  /** When the meeting of a version's minutes began (undefined for the summary). */
  const meetingAtOf = (version: SummaryVersionRecord) =>
    version.document.kind === "minutes"
      ? deps.store.snapshot(async (repos) =>
          version.document.kind === "minutes"
            ? (await repos.meetings.findById(version.document.meetingId))?.startsAt
            : undefined,
        )
      : Promise.resolve(undefined);

  /** What a POST changes: their acknowledgement of this version and their requests. */
  const stateOf = (visitor: PageVisitor, version: SummaryVersionRecord) =>
    deps.store.snapshot(async (repos) => {
      const acks = await repos.summaries.acknowledgementsOf(version.id);
      const comments = await repos.summaries.comments(visitor.equipe.id, { memberId: visitor.member.id });
      const view = await readerView(repos, visitor.equipe, visitor.member, version, { full: false });
      const facts = await minutesFacts(repos, version, visitor.member);
      return { acknowledged: acks.has(visitor.member.id), comments: comments.length, view, facts };
    });

  scope.get("/:token/sintesi/:versionId", async (request, reply) => {
    const visitor = await kit.visitorOf(request, reply);
    if (visitor === undefined) return reply;
    const { token, versionId } = request.params as { token: string; versionId: string };
    const ctx = kit.contextOf(request, visitor, token);
    const full = (request.query as Record<string, unknown> | undefined)?.tutto === "1";
    if (!VERSION_ID_PATTERN.test(versionId)) return kit.problem(reply, 404, "notFound");
    let opened: Awaited<ReturnType<typeof openSummary>>;
    try {
      // The core establishes the reader as a member of the version's équipe and records the reading.
      opened = await openSummary(deps, reqOf(visitor, ctx.locale, []), versionId, { full });
    } catch (error) {
      if (error instanceof DomainError) return kit.problem(reply, 404, "notFound");
      throw error;
    }
    const form: ReadForm = {
      csrf: formToken(formKey, visitor.linkHash, readForm(versionId)),
      values: EMPTY_READ,
      errors: {},
      said: [],
      failed: false,
    };
    const minutes = { meetingAt: await meetingAtOf(opened.view.version), facts: opened.minutes };
    return kit.page(
      reply,
      200,
      summaryReadHtml(ctx, readPage(opened.equipe, ctx.locale, opened.view, full, minutes), form),
    );
  });

  scope.post("/:token/sintesi/:versionId", { bodyLimit: SUMMARY_READ_BODY_LIMIT }, async (request, reply) => {
    const visitor = await kit.visitorOf(request, reply);
    if (visitor === undefined) return reply;
    const { token, versionId } = request.params as { token: string; versionId: string };
    const ctx = kit.contextOf(request, visitor, token);
    const fields = kit.formFields(request.body);
    if (fields === undefined || !isFormToken(formKey, visitor.linkHash, readForm(versionId), fields.csrf))
      return kit.page(
        reply,
        403,
        summaryForbiddenHtml(ctx, ctx.urls.summary(versionId), "summaryForbidden.read"),
      );
    const version = await versionOf(visitor, versionId);
    if (version === undefined) return kit.problem(reply, 404, "notFound");
    const values = {
      ack: fields.values.get("ack") ?? "",
      section: fields.values.get("section") ?? "",
      kind: fields.values.get("kind") ?? "",
      comment: fields.values.get("comment") ?? "",
    };
    const before = await stateOf(visitor, version);
    const meetingAt = await meetingAtOf(version);
    const said: Message[] = [];
    const key = deliveryKey(
      "summary-read",
      visitor.linkHash,
      String(request.body),
      `${before.acknowledged}:${before.comments}`,
    );
    const req = reqOf(visitor, ctx.locale, said, key);
    const csrf = formToken(formKey, visitor.linkHash, readForm(versionId));
    const check = await core.checkForm(req, SUMMARY_FORMS.read, values, version.id);
    if (check.kind === "invalid") {
      const errors: FieldErrors = check.errors;
      const form: ReadForm = { csrf, values, errors, said: [], failed: false };
      return kit.page(
        reply,
        400,
        summaryReadHtml(
          ctx,
          readPage(visitor.equipe, ctx.locale, before.view, false, { meetingAt, facts: before.facts }),
          form,
        ),
      );
    }
    if (check.kind === "ok") await core.submitForm(req, SUMMARY_FORMS.read, values, version.id);
    const after = await stateOf(visitor, version);
    // Done when what was asked is recorded (nothing to record, "not yet", is done too).
    const done =
      check.kind === "ok" &&
      (values.ack !== "yes" || after.acknowledged) &&
      (values.comment.trim() === "" || after.comments > before.comments);
    const form: ReadForm = { csrf, values: done ? EMPTY_READ : values, errors: {}, said, failed: !done };
    return kit.page(
      reply,
      done ? 200 : 409,
      summaryReadHtml(
        ctx,
        readPage(visitor.equipe, ctx.locale, after.view, false, { meetingAt, facts: after.facts }),
        form,
      ),
    );
  });
}
