import type { Message, Rich } from "../../src/content/model.ts";
import { MAX_REASON_LENGTH, SIDES, type Side, STANCES } from "../../src/domain/decision.ts";
import type { DecisionPage, PageDecided, PageViewpoint } from "../../src/features/pages/queries.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import { documentHtml, type PageContext } from "./layout.ts";
import { escapeHtml, renderHtml, renderMessageHtml } from "./render.ts";
import { say, type WordKey } from "./words.ts";

/** The form's fields, named as the core's viewpoint form names them. */
export const VIEWPOINT_FIELDS = ["answer", "reason", "side"] as const;
export type ViewpointField = (typeof VIEWPOINT_FIELDS)[number];
/** "No side in particular": the value the core's viewpoint form reads as no side. */
export const NO_SIDE = "none";

/** What the viewpoint form shows besides the decision: its token, what is filled in, what was wrong. */
export interface ViewpointFormState {
  csrf: string;
  /** What was submitted (after an error), else the member's viewpoint as it stands. */
  values: Record<ViewpointField, string>;
  /** The core's words for each field it refused, in the reader's language. */
  errors: Partial<Record<ViewpointField, Rich>>;
}

/** The member's viewpoint as the form's values: what they gave, else nothing chosen. */
export function viewpointValues(mine: PageViewpoint | undefined): Record<ViewpointField, string> {
  return { answer: mine?.answer ?? "", reason: mine?.reason ?? "", side: mine?.side ?? NO_SIDE };
}

const link = (href: string, label: string, attributes = "") =>
  `<a href="${escapeHtml(href)}"${attributes}>${label}</a>`;

/** A person's text in a paragraph: escaped, their line breaks kept. */
const paragraph = (value: string, attributes = "") =>
  `<p${attributes}>${escapeHtml(value).replace(/\r?\n/g, "<br>")}</p>`;

const isStance = (value: string): value is (typeof STANCES)[number] =>
  (STANCES as readonly string[]).includes(value);
const isSide = (value: string): value is Side => (SIDES as readonly string[]).includes(value);

/** An answer as the page says it: a stance in words for a parent, or the option's own text. */
function answerHtml(locale: Locale, page: DecisionPage, value: string): string {
  if (isStance(value)) return say(locale, `stance.${value}` as WordKey);
  const found = page.answers.find((a) => a.value === value);
  return found ? renderHtml(found.label) : escapeHtml(value);
}

/** The question as the coordinator wrote it, and its context. */
function questionHtml(locale: Locale, page: DecisionPage): string {
  const parts = [paragraph(page.question, ' class="question"')];
  if (page.context) parts.push(`<p>${say(locale, "decision.context")}</p>`, paragraph(page.context));
  return parts.join("\n");
}

/** The member's own viewpoint, as it stands. */
function yoursHtml(locale: Locale, page: DecisionPage): string {
  const { mine } = page;
  if (mine === undefined) return "";
  const lines = [
    `<li>${say(locale, "decision.yourAnswer", { answer: { html: answerHtml(locale, page, mine.answer) } })}</li>`,
  ];
  if (mine.reason) lines.push(`<li>${say(locale, "decision.yourReason", { reason: mine.reason })}</li>`);
  if (mine.side)
    lines.push(
      `<li>${say(locale, "decision.yourSide", { side: { html: say(locale, `side.${mine.side}`) } })}</li>`,
    );
  return `<h2>${say(locale, "decision.yours")}</h2>\n<ul>${lines.join("")}</ul>`;
}

/** The others' viewpoints as chat shows them to this member, or the line that says they come after one's own. */
function othersHtml(locale: Locale, page: DecisionPage): string {
  if (page.others === undefined) return `<p>${say(locale, "decision.othersHidden")}</p>`;
  const body =
    page.others.length === 0
      ? `<p>${say(locale, page.state === "open" ? "decision.noOthers" : "decision.noOthersClosed")}</p>`
      : `<ul class="viewpoints">${page.others.map((line) => `<li>${renderHtml(line)}</li>`).join("")}</ul>`;
  const heading = page.state === "open" ? "decision.others" : "decision.othersClosed";
  return `<h2>${say(locale, heading)}</h2>\n${body}`;
}

const fieldId = (field: ViewpointField, page: DecisionPage): string =>
  field === "answer"
    ? `answer-${page.answers[0]?.value.replace(":", "-") ?? ""}`
    : field === "side"
      ? `side-${NO_SIDE}`
      : "reason";

/** One radio of a group: a large target, its label beside it. */
function radio(name: string, value: string, label: string, checked: boolean): string {
  const id = `${name}-${value.replace(":", "-")}`;
  return `<div class="radio"><input type="radio" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked ? " checked" : ""}><label for="${id}">${label}</label></div>`;
}

/** A field's error line, for screen readers announced as an error. */
const errorLine = (locale: Locale, id: string, error: Rich) =>
  `<p class="error-message" id="${id}-error"><span class="visually-hidden">${say(locale, "error.label")} </span>${renderHtml(error)}</p>`;

/**
 * "Sei d'accordo?": the question as the coordinator wrote it, the answers as large radio buttons,
 * the reason with its rule said before the field, the side with a plain explanation, the CSRF
 * token, one button. Errors the GOV.UK way: a summary first, each field marked, what was typed kept.
 */
export function viewpointPageHtml(ctx: PageContext, page: DecisionPage, form: ViewpointFormState): string {
  const { locale, urls } = ctx;
  const parts: string[] = [];
  const wrong = VIEWPOINT_FIELDS.filter((field) => form.errors[field] !== undefined);
  if (wrong.length > 0)
    parts.push(
      `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">` +
        `<h2 id="error-summary-title">${say(locale, "error.summary")}</h2><ul>${wrong
          .map(
            (field) => `<li>${link(`#${fieldId(field, page)}`, renderHtml(form.errors[field] ?? []))}</li>`,
          )
          .join("")}</ul></div>`,
    );
  parts.push(
    `<h1>${say(locale, page.kind === "stances" ? "decision.heading" : "decision.headingOptions")}</h1>`,
  );
  parts.push(`<p>${say(locale, "decision.intro")}</p>`, questionHtml(locale, page));
  parts.push(`<p>${say(locale, "decision.when", { deadline: page.deadline })}</p>`);
  if (!page.required) parts.push(`<p>${say(locale, "decision.optional")}</p>`);

  const marked = (field: ViewpointField) => form.errors[field] !== undefined;
  const fieldClass = (field: ViewpointField) => (marked(field) ? "field field-error" : "field");
  const answerError = form.errors.answer;
  const answers =
    `<fieldset class="${fieldClass("answer")}"${answerError ? ' aria-describedby="answer-error"' : ""}>` +
    `<legend>${say(locale, "decision.answer")}</legend>${answerError ? errorLine(locale, "answer", answerError) : ""}` +
    page.answers
      .map((a) => radio("answer", a.value, answerHtml(locale, page, a.value), form.values.answer === a.value))
      .join("") +
    "</fieldset>";

  const reasonError = form.errors.reason;
  const described = reasonError ? "reason-hint reason-error" : "reason-hint";
  const rule = page.kind === "stances" ? "decision.reasonRule" : "decision.reasonRuleFree";
  const reason =
    `<div class="${fieldClass("reason")}"><label class="label" for="reason">${say(locale, "decision.reason")}</label>` +
    `<p class="hint" id="reason-hint">${say(locale, rule, { max: MAX_REASON_LENGTH })}</p>` +
    (reasonError ? errorLine(locale, "reason", reasonError) : "") +
    `<textarea id="reason" name="reason" rows="5" aria-describedby="${described}">${escapeHtml(form.values.reason)}</textarea></div>`;

  const sideError = form.errors.side;
  const sides =
    `<fieldset class="${fieldClass("side")}" aria-describedby="side-hint${sideError ? " side-error" : ""}">` +
    `<legend>${say(locale, "decision.side")}</legend><p class="hint" id="side-hint">${say(locale, "decision.sideHint")}</p>` +
    (sideError ? errorLine(locale, "side", sideError) : "") +
    [NO_SIDE, ...SIDES]
      .map((side) =>
        radio(
          "side",
          side,
          say(locale, isSide(side) ? `side.${side}` : "side.none"),
          form.values.side === side,
        ),
      )
      .join("") +
    "</fieldset>";

  parts.push(
    `<form method="post" action="${escapeHtml(urls.decision(page.decisionId))}" novalidate>\n` +
      `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">\n${answers}\n${reason}\n${sides}\n` +
      `<button type="submit" class="button">${say(locale, "decision.submit")}</button>\n</form>`,
  );
  parts.push(othersHtml(locale, page));
  return documentHtml(ctx, {
    title: "title.decision",
    error: wrong.length > 0,
    back: urls.personal,
    body: parts.join("\n"),
  });
}

/** After a good submission: saved, what they said, until when they can change it, and now the others'. */
export function viewpointDonePageHtml(ctx: PageContext, page: DecisionPage): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "decisionDone.heading")}</h1>`,
    `<p>${say(locale, "decisionDone.text")}</p>`,
    questionHtml(locale, page),
    yoursHtml(locale, page),
    page.state === "open"
      ? `<p>${say(locale, "decisionDone.change", { deadline: page.deadline })} ${link(urls.decision(page.decisionId), say(locale, "personal.decisionChange"))}</p>`
      : // Theirs was the last viewpoint it waited for: it closed with it, and says so.
        page.closedLine
        ? `<p class="note">${renderHtml(page.closedLine)}</p>`
        : "",
    othersHtml(locale, page),
    `<p>${link(urls.personal, say(locale, "back"))}</p>`,
  ];
  return documentHtml(ctx, { title: "title.decisionDone", body: body.filter(Boolean).join("\n") });
}

/** A decision that takes no more viewpoints: why, and — if decided — what was decided; the viewpoints as the member may see them. */
export function decisionClosedPageHtml(ctx: PageContext, page: DecisionPage): string {
  const { locale, urls } = ctx;
  const heading: WordKey =
    page.state === "recorded"
      ? "decisionClosed.recordedHeading"
      : page.state === "cancelled"
        ? "decisionClosed.cancelledHeading"
        : "decisionClosed.heading";
  const body = [`<h1>${say(locale, heading)}</h1>`, `<p>${say(locale, "decisionClosed.question")}</p>`];
  body.push(questionHtml(locale, page));
  if (page.closedLine) body.push(`<p class="note">${renderHtml(page.closedLine)}</p>`);
  if (page.state === "recorded" && page.outcome !== undefined)
    body.push(
      `<h2>${say(locale, "decisionClosed.outcome")}</h2>`,
      paragraph(page.outcome, ' class="outcome"'),
    );
  else if (page.state === "cancelled") {
    body.push(`<p>${say(locale, "decisionClosed.cancelled")}</p>`);
    if (page.cancelReason) body.push(paragraph(page.cancelReason, ' class="outcome"'));
    body.push(`<p>${say(locale, "decisionClosed.nothing")}</p>`);
  } else body.push(`<p>${say(locale, "decisionClosed.closed")}</p>`);
  if (page.state === "recorded")
    body.push(`<p>${link(urls.decided, say(locale, "personal.decidedLink"))}</p>`);
  body.push(yoursHtml(locale, page));
  if (page.others !== undefined) body.push(othersHtml(locale, page));
  return documentHtml(ctx, {
    title: "title.decisionClosed",
    back: urls.personal,
    body: body.filter(Boolean).join("\n"),
  });
}

/** A POST without this form's token: nothing was saved, and the way back to the question. */
export function viewpointForbiddenPageHtml(ctx: PageContext, decisionId: string): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "decisionForbidden.heading")}</h1>`,
    `<p>${say(locale, "decisionForbidden.text")}</p>`,
    `<p>${link(urls.decision(decisionId), say(locale, "decisionForbidden.link"))}</p>`,
  ];
  return documentHtml(ctx, {
    title: "title.decisionForbidden",
    error: true,
    back: urls.personal,
    body: body.join("\n"),
  });
}

/** A viewpoint the core did not take (the decision closed meanwhile): what it said, as it said it. */
export function viewpointNotSavedPageHtml(
  ctx: PageContext,
  decisionId: string,
  said: readonly Message[],
): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "decisionForbidden.heading")}</h1>`,
    `<p>${say(locale, "notSaved.text")}</p>`,
    ...said.map((message) => `<div class="card">${renderMessageHtml(message)}</div>`),
    `<p>${link(urls.decision(decisionId), say(locale, "decisionNotSaved.link"))}</p>`,
  ];
  return documentHtml(ctx, {
    title: "title.decisionForbidden",
    error: true,
    back: urls.personal,
    body: body.join("\n"),
  });
}

/** What was decided in the équipe on questions the member took part in, and what they are asked to do. */
export function decidedPageHtml(ctx: PageContext, decided: readonly PageDecided[]): string {
  const { locale, urls } = ctx;
  const body = [`<h1>${say(locale, "decided.heading")}</h1>`];
  if (decided.length === 0) body.push(`<p>${say(locale, "decided.none")}</p>`);
  for (const item of decided) {
    const actions =
      item.actions.length === 0
        ? `<p>${say(locale, "decided.noActions")}</p>`
        : `<ul class="actions-list">${item.actions
            .map(
              (a) =>
                `<li>${escapeHtml(a.what).replace(/\r?\n/g, "<br>")}<br><span class="${a.overdue ? "due past" : "due"}">${say(locale, a.overdue ? "decided.actionPast" : "decided.action", { due: a.due })}</span></li>`,
            )
            .join("")}</ul>`;
    body.push(
      `<section class="card"><h2 class="question">${escapeHtml(item.question)}</h2>` +
        `<p class="note">${say(locale, "decided.on", { date: item.decidedOn })}</p>` +
        `<p><strong>${say(locale, "decided.outcome")}</strong></p>${paragraph(item.outcome)}` +
        `<h3>${say(locale, "decided.yourActions")}</h3>${actions}</section>`,
    );
  }
  return documentHtml(ctx, { title: "title.decided", back: urls.personal, body: body.join("\n") });
}
