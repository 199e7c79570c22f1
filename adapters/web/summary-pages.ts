import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { DocBlock, DocListItem } from "../../src/content/markdown.ts";
import type { Message, Rich } from "../../src/content/model.ts";
import type { FieldErrors } from "../../src/domain/forms.ts";
import { ROLES } from "../../src/domain/roles.ts";
import {
  COMMENT_KINDS,
  type DiffPart,
  type DocumentRef,
  MAX_COMMENT_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_SECTION_LENGTH,
  type SectionKey,
  sectionKeysOf,
} from "../../src/domain/summary.ts";
import { audienceText, paragraphsOf, sectionTitle } from "../../src/features/summaries/export/queries.ts";
import {
  type MinutesFacts,
  minutesAttendees,
  minutesDecisions,
} from "../../src/features/summaries/messages.ts";
import type { ReaderView, SectionView } from "../../src/features/summaries/queries.ts";
import { t } from "../../src/i18n/catalogue.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import { documentHtml, type PageContext } from "./layout.ts";
import { escapeHtml, renderHtml, renderMessageHtml } from "./render.ts";
import { say, type WordKey } from "./words.ts";

const CSS = readFileSync(new URL("./assets/summary.css", import.meta.url));

/** The summary pages' own stylesheet, named by its content's hash (served under `/s/assets/`). */
export const SUMMARY_STYLESHEET = {
  name: `${createHash("sha256").update(CSS).digest("base64url").slice(0, 16)}.css`,
  body: CSS,
} as const;

const link = (href: string, label: string, attributes = "") =>
  `<a href="${escapeHtml(href)}"${attributes}>${label}</a>`;

/** A person's text as paragraphs: escaped, their line breaks kept. */
const textHtml = (value: string): string =>
  paragraphsOf(value)
    .map((part) => `<p class="summary-text">${escapeHtml(part).replace(/\n/g, "<br>")}</p>`)
    .join("\n");

/** A field's error line, for screen readers announced as an error. */
const errorLine = (locale: Locale, id: string, error: Rich) =>
  `<p class="error-message" id="${id}-error"><span class="visually-hidden">${say(locale, "error.label")} </span>${renderHtml(error)}</p>`;

/** The GOV.UK error summary: each error, linking to its field. */
function errorSummary(locale: Locale, errors: FieldErrors, anchor: (field: string) => string): string {
  const fields = Object.keys(errors);
  if (fields.length === 0) return "";
  return (
    `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">` +
    `<h2 id="error-summary-title">${say(locale, "error.summary")}</h2><ul>${fields
      .map((field) => `<li>${link(`#${anchor(field)}`, renderHtml(errors[field] ?? []))}</li>`)
      .join("")}</ul></div>`
  );
}

/** What the core said back (saved, circulated with who was told, or why not), as it said it. */
function answersHtml(locale: Locale, said: readonly Message[], heading: WordKey): string {
  if (said.length === 0) return "";
  return (
    `<div class="answers" role="status"><h2>${say(locale, heading)}</h2>\n` +
    `${said.map((message) => `<div class="card">${renderMessageHtml(message)}</div>`).join("\n")}</div>`
  );
}

// ---------------------------------------------------------------------------------------------
// The coordinator's editor (`/s/<token>`)

/** Where the editor's links go. */
export interface EditorUrls {
  stylesheet: string;
  summaryStylesheet: string;
  otherLanguage: string;
  /** The editor itself (its form posts here). */
  editor: string;
  /** A version as a printable page, and as a Markdown file. */
  version(number: number): string;
  markdown(number: number): string;
}

export interface EditorContext {
  locale: Locale;
  urls: EditorUrls;
}

/**
 * What the editor shows besides the form: the case, the latest version, the draft, the history;
 * for minutes, the meeting's day and what to choose from (members, decisions).
 */
export interface EditorPage {
  document: DocumentRef;
  caseCode: string;
  minutes?: EditorMinutes;
  latest: { number: number; date: string } | undefined;
  draftSavedAt: string | undefined;
  history: { number: number; date: string; note: string }[];
}

/** A meeting's minutes in the editor: its day, every active member (name and role), the decisions to link. */
export interface EditorMinutes {
  date: string;
  members: { id: string; label: string }[];
  decisions: { id: string; question: string }[];
}

/** The form's state: its token, the values (as the core's form names them), errors, what the core said. */
export interface EditorForm {
  csrf: string;
  values: Record<string, string>;
  errors: FieldErrors;
  said: readonly Message[];
  /** Whether what the core said is why nothing was done (a refusal, a version circulated meanwhile). */
  failed: boolean;
}

/** The checkbox of one reader choice: everyone, or a role. */
const audienceField = (key: SectionKey, choice: string) => `audience_${key}_${choice}`;

/**
 * The core's `audience_<key>` from the page's checkboxes: "everyone" when it is ticked, else the
 * ticked roles comma-separated ("" when none: the core says to choose).
 */
export function audienceValue(fields: ReadonlyMap<string, string>, key: SectionKey): string {
  const ticked = (choice: string) => (fields.get(audienceField(key, choice)) ?? "") !== "";
  if (ticked("everyone")) return "everyone";
  return ROLES.filter(ticked).join(",");
}

/** The checkbox of one member who attended, and of one decision taken (minutes). */
const ATTENDEE = "attendee_";
const DECISION = "decision_";

/**
 * The ids ticked under a prefix (`attendee_<id>`, `decision_<id>`), comma-separated, in the order
 * sent: whatever they name is the core's to judge (an id not of this équipe is refused at its field).
 */
function tickedIds(fields: ReadonlyMap<string, string>, prefix: string): string {
  const ids: string[] = [];
  for (const [name, value] of fields)
    if (name.startsWith(prefix) && value !== "") ids.push(name.slice(prefix.length).replace(/,/g, ""));
  return ids.filter((id) => id !== "").join(",");
}

/** The core's values of the `summary-edit` form from the page's fields (anything else is left out). */
export function editorValues(
  fields: ReadonlyMap<string, string>,
  doc: DocumentRef = { kind: "summary" },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of sectionKeysOf(doc)) {
    values[`text_${key}`] = fields.get(`text_${key}`) ?? "";
    values[`audience_${key}`] = audienceValue(fields, key);
  }
  if (doc.kind === "minutes") {
    values.attendees = tickedIds(fields, ATTENDEE);
    values.decisions = tickedIds(fields, DECISION);
  }
  values.note = fields.get("note") ?? "";
  values.acknowledgeBy = fields.get("acknowledgeBy") ?? "";
  values.intent = fields.get("intent") ?? "";
  return values;
}

/** The field an error links to. */
function editorAnchor(field: string): string {
  const audience = /^audience_(\w+)$/.exec(field);
  if (audience) return audienceField(audience[1] as SectionKey, "everyone");
  if (field === "intent") return "intent-save";
  if (field === "attendees" || field === "decisions") return field;
  return /^(text_\w+|note|acknowledgeBy)$/.test(field) ? field : "main";
}

function checkbox(name: string, label: string, checked: boolean): string {
  return `<div class="checkbox"><input type="checkbox" id="${name}" name="${name}" value="yes"${checked ? " checked" : ""}><label for="${name}">${label}</label></div>`;
}

/** One section: its text (title, hint, error) and who reads it (everyone, or roles). */
function sectionFields(locale: Locale, key: SectionKey, form: EditorForm): string {
  const textName = `text_${key}`;
  const audienceName = `audience_${key}`;
  const textError = form.errors[textName];
  const audienceError = form.errors[audienceName];
  const title = renderHtml(sectionTitle(locale, key));
  const described = `${textName}-hint${textError ? ` ${textName}-error` : ""}`;
  const textarea =
    `<div class="${textError ? "field field-error" : "field"}">` +
    `<label class="label" for="${textName}">${title}</label>` +
    `<p class="hint" id="${textName}-hint">${renderHtml(t(locale, `sectionHint.${key}`))} ${say(locale, "summaryEdit.textHint", { max: MAX_SECTION_LENGTH })}</p>` +
    (textError ? errorLine(locale, textName, textError) : "") +
    `<textarea id="${textName}" name="${textName}" rows="12" aria-describedby="${described}">${escapeHtml(form.values[textName] ?? "")}</textarea></div>`;
  const chosen = form.values[audienceName] ?? "";
  const roles = new Set(chosen === "everyone" ? [] : chosen.split(","));
  const readers =
    `<fieldset class="${audienceError ? "field field-error" : "field"}" aria-describedby="${audienceName}-hint${audienceError ? ` ${audienceName}-error` : ""}">` +
    `<legend>${say(locale, "summaryEdit.readers", { title: { html: title } })}</legend>` +
    `<p class="hint" id="${audienceName}-hint">${say(locale, "summaryEdit.readersHint")}</p>` +
    (audienceError ? errorLine(locale, audienceName, audienceError) : "") +
    checkbox(
      audienceField(key, "everyone"),
      renderHtml(t(locale, "audience.everyone")),
      chosen === "everyone",
    ) +
    `<div class="roles"><p class="hint">${say(locale, "summaryEdit.onlyRoles")}</p>` +
    ROLES.map((role) =>
      checkbox(audienceField(key, role), renderHtml(t(locale, `role.${role}`)), roles.has(role)),
    ).join("") +
    "</div></fieldset>";
  return `<section class="summary-section" aria-labelledby="${textName}-title"><h2 id="${textName}-title">${title}</h2>\n${textarea}\n${readers}</section>`;
}

/** A checkbox for an id (a member, a decision): the id is ours, the label is people's text (escaped). */
function idCheckbox(prefix: string, id: string, label: string, checked: boolean): string {
  const name = `${prefix}${id}`;
  return `<div class="checkbox"><input type="checkbox" id="${escapeHtml(name)}" name="${escapeHtml(name)}" value="yes"${checked ? " checked" : ""}><label for="${escapeHtml(name)}">${escapeHtml(label)}</label></div>`;
}

/** Minutes: who attended (every active member) and the decisions taken there (or a sentence: none to link). */
function minutesFields(locale: Locale, minutes: EditorMinutes, form: EditorForm): string {
  const chosen = (field: string) =>
    new Set(
      (form.values[field] ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    );
  const group = (field: "attendees" | "decisions", legend: WordKey, hint: WordKey, boxes: string): string => {
    const error = form.errors[field];
    const described = `${field}-hint${error ? ` ${field}-error` : ""}`;
    return (
      `<fieldset id="${field}" class="${error ? "field field-error" : "field"}" aria-describedby="${described}">` +
      `<legend>${say(locale, legend)}</legend>` +
      `<p class="hint" id="${field}-hint">${say(locale, hint)}</p>` +
      (error ? errorLine(locale, field, error) : "") +
      `${boxes}</fieldset>`
    );
  };
  const present = chosen("attendees");
  const taken = chosen("decisions");
  const attendees = group(
    "attendees",
    "minutesEdit.attendees",
    "minutesEdit.attendeesHint",
    minutes.members.map((m) => idCheckbox(ATTENDEE, m.id, m.label, present.has(m.id))).join(""),
  );
  const decisions =
    minutes.decisions.length === 0
      ? `<div class="field" id="decisions"><h3>${say(locale, "minutesEdit.decisions")}</h3>` +
        (form.errors.decisions ? errorLine(locale, "decisions", form.errors.decisions) : "") +
        `<p>${say(locale, "minutesEdit.noDecisions")}</p></div>`
      : group(
          "decisions",
          "minutesEdit.decisions",
          "minutesEdit.decisionsHint",
          minutes.decisions.map((d) => idCheckbox(DECISION, d.id, d.question, taken.has(d.id))).join(""),
        );
  return `<section class="summary-section" aria-labelledby="minutes-facts-title"><h2 id="minutes-facts-title">${say(locale, "minutesEdit.facts")}</h2>\n${attendees}\n${decisions}</section>`;
}

/**
 * The coordinator's editor: one large text area per section with its title and hint, who reads it
 * (everyone, or roles), the note on what changed, the day to acknowledge by, two buttons (save
 * the draft, circulate). Works without script; errors the GOV.UK way, everything typed kept.
 * Below, the versions circulated, each printable and as a Markdown file.
 */
export function summaryEditorHtml(ctx: EditorContext, page: EditorPage, form: EditorForm): string {
  const { locale, urls } = ctx;
  const minutes = page.document.kind === "minutes" ? page.minutes : undefined;
  const parts: string[] = [errorSummary(locale, form.errors, editorAnchor)];
  parts.push(
    minutes
      ? `<h1>${say(locale, "minutesEdit.heading", { date: minutes.date })}</h1>\n<p>${say(locale, "minutesEdit.case", { caseCode: page.caseCode })}</p>`
      : `<h1>${say(locale, "summaryEdit.heading", { caseCode: page.caseCode })}</h1>`,
  );
  parts.push(answersHtml(locale, form.said, form.failed ? "summaryEdit.notDone" : "summaryEdit.answers"));
  parts.push(`<p>${say(locale, minutes ? "minutesEdit.intro" : "summaryEdit.intro")}</p>`);
  parts.push(
    `<p>${
      page.latest
        ? say(locale, "summaryEdit.latest", { number: page.latest.number, date: page.latest.date })
        : say(locale, "summaryEdit.noVersion")
    }</p>`,
  );
  if (page.draftSavedAt)
    parts.push(`<p>${say(locale, "summaryEdit.draft", { date: page.draftSavedAt })}</p>`);

  const noteError = form.errors.note;
  const note =
    `<div class="${noteError ? "field field-error" : "field"}"><label class="label" for="note">${renderHtml(t(locale, "summary.note"))}</label>` +
    `<p class="hint" id="note-hint">${say(locale, "summaryEdit.noteHint", { max: MAX_NOTE_LENGTH })}</p>` +
    (noteError ? errorLine(locale, "note", noteError) : "") +
    `<input type="text" id="note" name="note" maxlength="${MAX_NOTE_LENGTH * 2}" value="${escapeHtml(form.values.note ?? "")}" aria-describedby="note-hint${noteError ? " note-error" : ""}"></div>`;
  const dateError = form.errors.acknowledgeBy;
  const date =
    `<div class="${dateError ? "field field-error" : "field"}"><label class="label" for="acknowledgeBy">${renderHtml(t(locale, "summary.acknowledgeBy"))}</label>` +
    `<p class="hint" id="acknowledgeBy-hint">${say(locale, "summaryEdit.dateHint")}</p>` +
    (dateError ? errorLine(locale, "acknowledgeBy", dateError) : "") +
    `<input type="date" id="acknowledgeBy" name="acknowledgeBy" value="${escapeHtml(form.values.acknowledgeBy ?? "")}" aria-describedby="acknowledgeBy-hint${dateError ? " acknowledgeBy-error" : ""}"></div>`;
  const intentError = form.errors.intent;
  const buttons =
    `<div class="${intentError ? "field field-error" : "field"}">` +
    (intentError ? errorLine(locale, "intent", intentError) : "") +
    `<button type="submit" id="intent-save" name="intent" value="save" class="button secondary">${renderHtml(t(locale, "summary.intentSave"))}</button>` +
    `<button type="submit" id="intent-circulate" name="intent" value="circulate" class="button">${renderHtml(t(locale, "summary.intentCirculate"))}</button></div>`;
  parts.push(
    `<form method="post" action="${escapeHtml(urls.editor)}" novalidate>\n` +
      `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">\n` +
      (minutes ? `${minutesFields(locale, minutes, form)}\n` : "") +
      sectionKeysOf(page.document)
        .map((key) => sectionFields(locale, key, form))
        .join("\n") +
      `\n<section class="summary-section">\n${note}\n${date}\n${buttons}\n</section>\n</form>`,
  );

  parts.push(`<h2>${say(locale, "summaryEdit.history")}</h2>`);
  if (page.history.length === 0) parts.push(`<p>${say(locale, "summaryEdit.historyNone")}</p>`);
  else
    parts.push(
      `<ul class="history">${page.history
        .map((version) => {
          const which = `<span class="visually-hidden"> ${say(locale, "summaryEdit.printWhich", { number: version.number })}</span>`;
          return (
            `<li><strong>${say(locale, "summaryEdit.historyLine", { number: version.number, date: version.date })}</strong>` +
            (version.note.trim() ? `<br>${escapeHtml(version.note)}` : "") +
            `<br>${link(urls.version(version.number), `${say(locale, "summaryEdit.print")}${which}`)}` +
            ` · ${link(urls.markdown(version.number), `${say(locale, "summaryEdit.markdown")}${which}`)}</li>`
          );
        })
        .join("\n")}</ul>`,
    );
  return documentHtml(ctx, {
    title: minutes ? "title.minutesEdit" : "title.summaryEdit",
    error: Object.keys(form.errors).length > 0,
    stylesheets: [urls.summaryStylesheet],
    body: parts.filter(Boolean).join("\n"),
  });
}

/**
 * A minutes link whose meeting cannot have minutes (not confirmed, not begun yet, cancelled):
 * what the core said, and nothing to fill in.
 */
export function minutesUnavailableHtml(ctx: EditorContext, said: readonly Message[]): string {
  const { locale } = ctx;
  const body = [
    `<h1>${say(locale, "minutesEdit.unavailable")}</h1>`,
    said.map((message) => `<div class="card" role="status">${renderMessageHtml(message)}</div>`).join("\n"),
  ];
  return documentHtml(ctx, {
    title: "title.minutesEdit",
    stylesheets: [ctx.urls.summaryStylesheet],
    body: body.join("\n"),
  });
}

/** A POST to the editor without this form's token: nothing was saved, and the way back. */
export function summaryForbiddenHtml(
  ctx: { locale: Locale; urls: { stylesheet: string; otherLanguage: string } },
  back: string,
  backWord: "summaryForbidden.editor" | "summaryForbidden.read",
): string {
  const { locale } = ctx;
  const body = [
    `<h1>${say(locale, "summaryForbidden.heading")}</h1>`,
    `<p>${say(locale, "summaryForbidden.text")}</p>`,
    `<p>${link(back, say(locale, backWord))}</p>`,
  ];
  return documentHtml(ctx, { title: "title.summaryForbidden", error: true, body: body.join("\n") });
}

// ---------------------------------------------------------------------------------------------
// A version to print (`/s/<token>/versione/<n>`)

function listItemHtml(item: DocListItem): string {
  if (Array.isArray(item)) return `<li>${renderHtml(item)}</li>`;
  return `<li>${renderHtml(item.content)}<ul>${item.items.map((child) => `<li>${renderHtml(child)}</li>`).join("")}</ul></li>`;
}

/** A document (the export's) as HTML: every piece of text escaped by the content renderer. */
export function documentBlocksHtml(blocks: readonly DocBlock[]): string {
  return blocks.map(blockHtml).join("\n");
}

function blockHtml(block: DocBlock): string {
  switch (block.type) {
    case "heading":
      return `<h${block.level}>${renderHtml(block.content)}</h${block.level}>`;
    case "paragraph":
      return `<p>${renderHtml(block.content)}</p>`;
    case "list":
      return `<ul>${block.items.map(listItemHtml).join("")}</ul>`;
  }
}

/** The printable page of a version: the export's document, with the way back and how to print. */
export function summaryVersionHtml(
  ctx: EditorContext,
  document: readonly DocBlock[],
  kind: DocumentRef["kind"] = "summary",
): string {
  const { locale, urls } = ctx;
  const body =
    `<p class="no-print">${link(urls.editor, say(locale, "summaryVersion.back"), ' class="back"')}</p>\n` +
    `<p class="no-print">${say(locale, "summaryVersion.printHint")}</p>\n` +
    `<article class="printable">\n${documentBlocksHtml(document)}\n</article>`;
  return documentHtml(ctx, {
    title: kind === "minutes" ? "title.minutesVersion" : "title.summaryVersion",
    stylesheets: [urls.summaryStylesheet],
    body,
  });
}

// ---------------------------------------------------------------------------------------------
// The member's reading page (`/p/<token>/sintesi/<versionId>`)

/** What the reading page shows besides the view: dates in the reader's words. */
export interface ReadPage {
  view: ReaderView;
  circulatedAt: string;
  acknowledgeBy: string | undefined;
  acknowledgedAt: string | undefined;
  /** When each of the reader's requests (`view.requests`) was made, in their words. */
  requestDates: readonly string[];
  /** Whether every section is shown whole (`?tutto=1`). */
  full: boolean;
  /** Minutes: the meeting's day, who attended, the decisions taken that this reader may see. */
  minutes?: { date: string; facts: MinutesFacts };
}

/** The state of the reading page's two forms (both the core's `summary-read`). */
export interface ReadForm {
  csrf: string;
  values: { ack: string; section: string; kind: string; comment: string };
  errors: FieldErrors;
  said: readonly Message[];
  failed: boolean;
}

/** The diff of a section: taken out and put in, in words; a run of unchanged sentences as a count. */
function diffHtml(locale: Locale, diff: readonly DiffPart[]): string {
  const items: string[] = [];
  let kept = 0;
  const flush = () => {
    if (kept > 0)
      items.push(`<li class="kept">${renderHtml(t(locale, "summary.diffKept", { count: kept }))}</li>`);
    kept = 0;
  };
  for (const part of diff) {
    if (part.kind === "same") {
      kept += 1;
      continue;
    }
    flush();
    const words = t(locale, part.kind === "removed" ? "summary.diffRemoved" : "summary.diffAdded", {
      text: part.text,
    });
    items.push(`<li class="${part.kind}">${renderHtml(words)}</li>`);
  }
  flush();
  return `<ul class="diff">${items.join("")}</ul>`;
}

function sectionViewHtml(locale: Locale, section: SectionView): string {
  const title = renderHtml(sectionTitle(locale, section.key));
  const isNew =
    section.show === "full" && section.isNew
      ? `<span class="tag">${say(locale, "summaryRead.new")}</span>`
      : "";
  const head =
    `<h2 id="section-${section.key}">${title}${isNew}</h2>` +
    `<p class="readers">${say(locale, "summaryRead.readers", { audience: { html: renderHtml(audienceText(locale, section.audience)) } })}</p>`;
  const body =
    section.show === "full"
      ? textHtml(section.text)
      : section.show === "diff"
        ? `<p>${say(locale, "summaryRead.changedSince", { number: section.since })}</p>${diffHtml(locale, section.diff)}`
        : `<p>${say(locale, "summaryRead.sameSince", { number: section.since })}</p>`;
  return `<section class="summary-section" aria-labelledby="section-${section.key}">${head}\n${body}</section>`;
}

const readAnchor = (field: string): string =>
  field === "ack"
    ? "ack-yes"
    : field === "kind"
      ? "kind-add"
      : ["section", "comment"].includes(field)
        ? field
        : "main";

/**
 * A version as the member reads it: only their sections (a difference where they acknowledged
 * an earlier one: "Tolto" / "Aggiunto" in words), the note, the acknowledgement, a request about
 * a section. The forms post to the same page, each with the CSRF token.
 */
export function summaryReadHtml(ctx: PageContext, page: ReadPage, form: ReadForm): string {
  const { locale, urls } = ctx;
  const { view } = page;
  const version = view.version;
  const action = urls.summary(version.id);
  const minutes = version.document.kind === "minutes" ? page.minutes : undefined;
  const title = minutes ? "title.minutesRead" : "title.summaryRead";
  const parts: string[] = [errorSummary(locale, form.errors, readAnchor)];
  parts.push(
    minutes
      ? `<h1>${say(locale, "minutesRead.heading", { date: minutes.date, number: version.number })}</h1>`
      : `<h1>${renderHtml(t(locale, "summary.formTitle", { number: version.number }))}</h1>`,
  );
  parts.push(answersHtml(locale, form.said, form.failed ? "summaryEdit.notDone" : "summaryRead.answers"));
  parts.push(`<p>${say(locale, minutes ? "minutesRead.intro" : "summaryRead.intro")}</p>`);
  parts.push(`<p>${say(locale, "summaryRead.circulated", { date: page.circulatedAt })}</p>`);
  if (version.number < view.latest)
    parts.push(
      `<p class="note">${renderHtml(t(locale, "summary.olderVersion", { number: version.number, latest: view.latest }))}</p>`,
    );
  if (view.showNote && version.note.trim() !== "")
    parts.push(
      `<p class="note">${renderHtml(t(locale, "summary.versionNote", { number: version.number, note: version.note }))}</p>`,
    );
  if (minutes) {
    // Who was in the room, and what was decided there (only the decisions this reader may see).
    parts.push(
      `<section class="summary-section minutes-facts" aria-labelledby="minutes-facts-title">` +
        `<h2 id="minutes-facts-title">${say(locale, "minutesRead.facts")}</h2>` +
        `<p>${renderHtml(minutesAttendees(locale, minutes.facts))}</p>` +
        (minutes.facts.decisions.length > 0
          ? `<p>${renderHtml(minutesDecisions(locale, minutes.facts))}</p>`
          : "") +
        "</section>",
    );
  }
  if (view.sections.length === 0) {
    parts.push(`<p>${renderHtml(t(locale, "summary.nothingToRead"))}</p>`);
    return documentHtml(ctx, {
      title,
      back: urls.personal,
      stylesheets: [...summaryStylesheetOf(urls.stylesheet)],
      body: parts.filter(Boolean).join("\n"),
    });
  }
  const titles = (keys: readonly SectionKey[]) =>
    keys
      .map((key) => renderHtml(t(locale, "summary.changedList", { title: sectionTitle(locale, key) })))
      .join(", ");
  if (page.acknowledgedAt !== undefined)
    parts.push(
      `<p>${renderHtml(t(locale, "summary.alreadyAcknowledged", { date: page.acknowledgedAt }))}</p>`,
    );
  else if (view.toAcknowledge.length > 0)
    parts.push(
      `<p><strong>${
        page.acknowledgeBy
          ? say(locale, "summaryRead.askedBy", {
              date: page.acknowledgeBy,
              sections: { html: titles(view.toAcknowledge) },
            })
          : say(locale, "summaryRead.asked", { sections: { html: titles(view.toAcknowledge) } })
      }</strong></p>`,
    );
  else parts.push(`<p>${say(locale, "summaryRead.nothingNew")}</p>`);
  if (view.sections.some((section) => section.show !== "full"))
    parts.push(`<p>${link(urls.summary(version.id, true), say(locale, "summaryRead.full"))}</p>`);
  else if (page.full) parts.push(`<p>${link(action, say(locale, "summaryRead.changesOnly"))}</p>`);

  parts.push(view.sections.map((section) => sectionViewHtml(locale, section)).join("\n"));

  const hidden = `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">`;
  if (page.acknowledgedAt === undefined && view.toAcknowledge.length > 0) {
    const ackError = form.errors.ack;
    const radio = (value: "yes" | "no", words: "summary.ackYes" | "summary.ackNo") =>
      `<div class="radio"><input type="radio" id="ack-${value}" name="ack" value="${value}"${form.values.ack === value ? " checked" : ""}><label for="ack-${value}">${renderHtml(t(locale, words))}</label></div>`;
    parts.push(
      `<h2>${say(locale, "summaryRead.ackHeading")}</h2>\n` +
        `<form method="post" action="${escapeHtml(action)}" novalidate>\n${hidden}\n` +
        `<input type="hidden" name="section" value=""><input type="hidden" name="kind" value="add"><input type="hidden" name="comment" value="">\n` +
        `<fieldset class="${ackError ? "field field-error" : "field"}"${ackError ? ' aria-describedby="ack-error"' : ""}>` +
        `<legend>${renderHtml(t(locale, "summary.ackLabel"))}</legend>` +
        (ackError ? errorLine(locale, "ack", ackError) : "") +
        radio("yes", "summary.ackYes") +
        radio("no", "summary.ackNo") +
        `</fieldset>\n<button type="submit" class="button">${say(locale, "summaryRead.ackSubmit")}</button>\n</form>`,
    );
  }

  if (view.requests.length > 0)
    parts.push(
      `<h2>${renderHtml(t(locale, "summary.yourRequests"))}</h2>\n<ul class="requests">` +
        view.requests
          .map((request, index) => {
            const asked = renderHtml(
              t(locale, "summary.requestLineYours", {
                section: sectionTitle(locale, request.section),
                date: page.requestDates[index] ?? "",
                text: request.text,
              }),
            );
            const answer = request.answer
              ? renderHtml(t(locale, "summary.requestAnswerYours", { text: request.answer.text }))
              : renderHtml(t(locale, "summary.requestWaiting"));
            return `<li><p>${asked}</p><p>${answer}</p></li>`;
          })
          .join("\n") +
        "</ul>",
    );

  const sectionError = form.errors.section;
  const kindError = form.errors.kind;
  const commentError = form.errors.comment;
  const select =
    `<div class="${sectionError ? "field field-error" : "field"}"><label class="label" for="section">${renderHtml(t(locale, "summary.commentSection"))}</label>` +
    (sectionError ? errorLine(locale, "section", sectionError) : "") +
    `<select id="section" name="section"${sectionError ? ' aria-describedby="section-error"' : ""}><option value="">${say(locale, "summaryRead.noSection")}</option>` +
    view.sections
      .map(
        (section) =>
          `<option value="${section.key}"${form.values.section === section.key ? " selected" : ""}>${renderHtml(sectionTitle(locale, section.key))}</option>`,
      )
      .join("") +
    "</select></div>";
  const kinds =
    `<fieldset class="${kindError ? "field field-error" : "field"}"${kindError ? ' aria-describedby="kind-error"' : ""}>` +
    `<legend>${renderHtml(t(locale, "summary.commentKind"))}</legend>` +
    (kindError ? errorLine(locale, "kind", kindError) : "") +
    COMMENT_KINDS.map(
      (kind) =>
        `<div class="radio"><input type="radio" id="kind-${kind}" name="kind" value="${kind}"${(form.values.kind || "add") === kind ? " checked" : ""}><label for="kind-${kind}">${renderHtml(t(locale, kind === "add" ? "summary.commentKindAdd" : "summary.commentKindCorrect"))}</label></div>`,
    ).join("") +
    "</fieldset>";
  const comment =
    `<div class="${commentError ? "field field-error" : "field"}"><label class="label" for="comment">${renderHtml(t(locale, "summary.commentText"))}</label>` +
    `<p class="hint" id="comment-hint">${renderHtml(t(locale, "summary.commentHint"))}</p>` +
    (commentError ? errorLine(locale, "comment", commentError) : "") +
    `<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT_LENGTH * 2}" aria-describedby="comment-hint${commentError ? " comment-error" : ""}">${escapeHtml(form.values.comment)}</textarea></div>`;
  parts.push(
    `<h2>${say(locale, "summaryRead.requestHeading")}</h2>\n` +
      `<form method="post" action="${escapeHtml(action)}" novalidate>\n${hidden}\n<input type="hidden" name="ack" value="no">\n` +
      `${select}\n${kinds}\n${comment}\n<button type="submit" class="button">${say(locale, "summaryRead.requestSubmit")}</button>\n</form>`,
  );
  return documentHtml(ctx, {
    title,
    error: Object.keys(form.errors).length > 0,
    back: urls.personal,
    stylesheets: [...summaryStylesheetOf(urls.stylesheet)],
    body: parts.filter(Boolean).join("\n"),
  });
}

/** The summary stylesheet beside the pages' own: `/s/assets/…` where the pages' is `/p/assets/…`. */
export function summaryStylesheetOf(pagesStylesheet: string): string[] {
  const at = pagesStylesheet.lastIndexOf("/p/assets/");
  return at < 0 ? [] : [`${pagesStylesheet.slice(0, at)}/s/assets/${SUMMARY_STYLESHEET.name}`];
}
