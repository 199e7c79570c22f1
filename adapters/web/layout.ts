import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Locale } from "../../src/i18n/locale.ts";
import { escapeHtml } from "./render.ts";
import { plain, say, type WordKey } from "./words.ts";

const CSS = readFileSync(new URL("./assets/page.css", import.meta.url));

/**
 * The pages' one stylesheet, named by its content's hash: a new version is a new name, so it can
 * be cached for good, and the Content-Security-Policy needs no inline style.
 */
export const STYLESHEET = {
  name: `${createHash("sha256").update(CSS).digest("base64url").slice(0, 16)}.css`,
  body: CSS,
} as const;

/** Where a page's links go (the HTTP layer knows its paths; a page only shows them). */
export interface PageUrls {
  stylesheet: string;
  /** The personal page. */
  personal: string;
  /** This same page in the other language. */
  otherLanguage: string;
  /** A meeting's time poll. */
  poll(meetingId: string): string;
  /** The page that confirms a poll's answers were saved. */
  done(meetingId: string): string;
  /** A confirmed meeting's calendar file. */
  eventFile(meetingId: string): string;
  /** A decision's viewpoint page. */
  decision(decisionId: string): string;
  /** The page that confirms a viewpoint was saved, with the others'. */
  decisionDone(decisionId: string): string;
  /** What was decided, and the member's actions. */
  decided: string;
  /** A version of the case summary, as the member reads it (`full`: every section whole). */
  summary(versionId: string, full?: boolean): string;
}

/** What every page of a member's is drawn with: their language and where links go. */
export interface PageContext {
  locale: Locale;
  urls: PageUrls;
}

/** The other language, named in itself. */
const OTHER: Record<Locale, Locale> = { it: "en", en: "it" };

export interface Frame {
  /** The page's title, from the page words: never anything about the case. */
  title: WordKey;
  /** An error on the page: its title says so first (screen readers announce titles). */
  error?: boolean;
  /** A back link above the heading (GOV.UK pattern), where there is a page to go back to. */
  back?: string;
  /** Stylesheets of ours the page needs besides the pages' own (the summary's). */
  stylesheets?: readonly string[];
  body: string;
}

/**
 * A whole page: language, title, the stylesheet (no inline style or script), a header with a
 * link to the same page in the other language, the content in `main`, and a footer saying the
 * link is personal.
 */
export function documentHtml(
  ctx: { locale: Locale; urls: Pick<PageUrls, "stylesheet" | "otherLanguage"> },
  frame: Frame,
): string {
  const { locale, urls } = ctx;
  const other = OTHER[locale];
  const title = `${frame.error ? plain(locale, "title.errorPrefix") : ""}${plain(locale, frame.title)}`;
  const back = frame.back
    ? `<a class="back" href="${escapeHtml(frame.back)}">${say(locale, "back")}</a>\n`
    : "";
  return shell(
    locale,
    title,
    [urls.stylesheet, ...(frame.stylesheets ?? [])],
    `<header class="header"><span class="brand">${say(locale, "brand")}</span>` +
      ` <a href="${escapeHtml(urls.otherLanguage)}" hreflang="${other}" lang="${other}">${say(locale, "lang.switch")}</a></header>\n` +
      `<main id="main">\n${back}${frame.body}\n</main>\n` +
      `<footer class="footer"><p>${say(locale, "footer")}</p></footer>`,
  );
}

/** The document around a page's body. */
function shell(locale: Locale, title: string, stylesheets: readonly string[], body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
${stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("\n")}
</head>
<body>
${body}
</body>
</html>
`;
}

/** What went wrong, on a page whose reader is not known (no link, or one that does not work). */
export type Problem = "notFound" | "tooMany" | "failure" | "badRequest";

const PROBLEM_WORDS: Record<Problem, { title: WordKey; heading: WordKey; text: WordKey }> = {
  notFound: { title: "notFound.title", heading: "notFound.heading", text: "notFound.text" },
  tooMany: { title: "tooMany.title", heading: "tooMany.heading", text: "tooMany.text" },
  failure: { title: "failure.title", heading: "failure.heading", text: "failure.text" },
  badRequest: { title: "badRequest.title", heading: "badRequest.heading", text: "badRequest.text" },
};

/**
 * A page for when the reader cannot be known: in Italian, then in English (marked as such), the
 * same for every cause of the same problem — an unknown, revoked or malformed link all read "not
 * found". Plain words, what to do next, never a detail of what failed.
 */
export function problemHtml(
  problem: Problem,
  stylesheet: string,
  params: Record<string, string | number> = {},
): string {
  const words = PROBLEM_WORDS[problem];
  const section = (locale: Locale) =>
    `<h${locale === "it" ? 1 : 2}${locale === "it" ? "" : ' lang="en"'}>${say(locale, words.heading)}</h${locale === "it" ? 1 : 2}>\n` +
    `<p${locale === "it" ? "" : ' lang="en"'}>${say(locale, words.text, params)}</p>`;
  return shell(
    "it",
    `${plain("it", words.title)} / ${plain("en", words.heading)}`,
    [stylesheet],
    `<header class="header"><span class="brand">${say("it", "brand")}</span></header>\n` +
      `<main id="main">\n${section("it")}\n${section("en")}\n</main>`,
  );
}
