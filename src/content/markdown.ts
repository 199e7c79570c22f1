import { type Inline, NEUTRAL_PERSON_EXAMPLE, type Rich, withPersonExample } from "./model.ts";

/** An item of a list: its content, and the items under it (earlier stances under a viewpoint). */
export type DocListItem = Rich | { content: Rich; items: Rich[] };

/** A document for a file (the decision record): headings, paragraphs, lists. */
export type DocBlock =
  | { type: "heading"; level: 1 | 2; content: Rich }
  | { type: "paragraph"; content: Rich }
  | { type: "list"; items: DocListItem[] };

/** Emphasis, code, strikethrough, table cells and the escape itself: markup wherever they stand. */
const ALWAYS = /[\\`*_~|]/g;
/** `<` opens a tag, a comment or an autolink only before a letter, `/`, `!` or `?` (`<3` is text). */
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;
/** `&` starts an entity only as `&name;` or `&#123;` (`martedì & giovedì` is text). */
const ENTITY = /&(?=#?\w+;)/g;
/** Brackets make a link or a reference only as `](`, `][` or `]:`; otherwise they are text. */
const LINK_SHAPE = /\][([:]/;
/** What starts a block at the beginning of a line: headings, quotes, lists, setext underlines. */
const LINE_START = /(^|\n)([ \t]*)([#>+=-]|\d+[.)])/g;
/** CommonMark's punctuation (§2.1: Unicode P and S) and white space, for the emphasis rules. */
const PUNCTUATION = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;
/** A hard line break as this module writes it: a backslash at the end of the line. */
const HARD_BREAK = "\\\n";

/**
 * Text as CommonMark that reads literally, with as few backslashes as that takes (a case file is
 * also read as plain text): the characters that would start markup where they stand are
 * escaped (CommonMark §2.4), so a person's `*bold*`, `[x](https://…)`, `<script>` or `&amp;`
 * shows exactly as typed, while `martedì & giovedì`, `<3` or `[nota]` keep no backslash.
 * `brackets` escapes every bracket (inside a link's label, where one `]` would end it).
 */
export function escapeMarkdown(value: string, { brackets = false } = {}): string {
  const text = value.replace(/\r\n?/g, "\n");
  const bracket = brackets || LINK_SHAPE.test(text) ? /[[\]]/g : /(?!)/g;
  return text
    .replace(ALWAYS, "\\$&")
    .replace(TAG_OPEN, "\\<")
    .replace(ENTITY, "\\&")
    .replace(bracket, "\\$&")
    .replace(
      LINE_START,
      (_all, start: string, indent: string, marker: string) =>
        `${start}${indent}${marker.replace(/[#>+=.)-]/, "\\$&")}`,
    );
}

/** The same, with line breaks as CommonMark hard breaks (a file's paragraph keeps its lines). */
function escapeLines(value: string): string {
  return escapeMarkdown(value).replace(/\n/g, HARD_BREAK);
}

/** A code span holding `value` literally: a fence longer than any backtick run inside. */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value.replace(/\s+/g, " ")}${pad}${fence}`;
}

/** A piece of a line before it is joined: markup already written, or text to show strong. */
type Piece = { md: string } | { strong: string };

/**
 * Runs as pieces. Adjacent text (and names) of the same weight are one piece, so that the
 * escaping sees what the reader will: `[nota]` in one run and `(vedi)` in the next is not a link.
 */
function pieces(content: Rich): Piece[] {
  const out: Piece[] = [];
  let pending: { text: string; strong: boolean } | undefined;
  const flush = () => {
    if (pending === undefined || pending.text === "") {
      pending = undefined;
      return;
    }
    out.push(pending.strong ? { strong: pending.text } : { md: escapeLines(pending.text) });
    pending = undefined;
  };
  for (const run of content) {
    if (run.type === "text" || run.type === "mention") {
      const text = run.type === "text" ? run.text : run.name;
      const strong = run.strong === true;
      if (pending !== undefined && pending.strong !== strong) flush();
      pending = { text: (pending?.text ?? "") + text, strong };
      continue;
    }
    flush();
    out.push({ md: markdownRun(run) });
  }
  flush();
  return out;
}

function markdownRun(run: Exclude<Inline, { type: "text" } | { type: "mention" }>): string {
  switch (run.type) {
    case "code":
      return codeSpan(withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE));
    case "command": {
      const example = withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE);
      return codeSpan(example === "" ? "/equipe" : `/equipe ${example}`);
    }
    case "link":
      return `[${escapeMarkdown(run.label, { brackets: true })}](<${run.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    case "break":
      // A hard line break (CommonMark §6.7): backslash at the end of the line.
      return HARD_BREAK;
  }
}

const isPunctuation = (char: string | undefined) => char !== undefined && PUNCTUATION.test(char);
const isSpace = (char: string | undefined) => char === undefined || SPACE.test(char);

/**
 * `**text**` that CommonMark reads as strong where it stands (§6.2: a `**` that opens must be
 * left-flanking, one that closes right-flanking). White space, and punctuation next to a
 * letter outside, move out of the emphasis: `x**(a)**y` would show its asterisks, `x(**a**)y`
 * does not.
 */
function strongText(text: string, before: string | undefined, after: string | undefined): string {
  let lead = "";
  let core = text;
  let trail = "";
  for (;;) {
    if (core === "") break;
    const inner = escapeLines(core);
    const prev = lead === "" ? before : lead.at(-1);
    const next = trail === "" ? after : trail[0];
    const first = inner[0];
    const last = inner.at(-1);
    const opens = !isSpace(first) && (!isPunctuation(first) || isSpace(prev) || isPunctuation(prev));
    const closes = !isSpace(last) && (!isPunctuation(last) || isSpace(next) || isPunctuation(next));
    if (opens && closes) break;
    if (!opens) {
      lead += core.slice(0, 1);
      core = core.slice(1);
    } else {
      trail = core.slice(-1) + trail;
      core = core.slice(0, -1);
    }
  }
  const strong = core === "" ? "" : `**${escapeLines(core)}**`;
  // The moved characters are plain text; they join their neighbours' escaping.
  return `${lead === "" ? "" : escapeLines(lead)}${strong}${trail === "" ? "" : escapeLines(trail)}`;
}

export function markdownText(content: Rich): string {
  const parts = pieces(content);
  let out = "";
  parts.forEach((piece, index) => {
    if ("md" in piece) {
      out += piece.md;
      return;
    }
    const next = parts[index + 1];
    // A strong piece is never next to another one (they merge), so its neighbours are written markup.
    const after = next === undefined ? undefined : "md" in next ? next.md[0] : "*";
    out += strongText(piece.strong, out.at(-1), after);
  });
  return out;
}

/**
 * A block's inline text: no hard break (or white space) at its start or end, where CommonMark
 * would show a backslash or, four spaces in, start a code block.
 */
function blockText(content: Rich): string {
  return markdownText(content)
    .replace(/^(?:\s|\\\n)+/, "")
    .replace(/(?:\s|\\\n)+$/, "");
}

/** A list item: the marker, its lines under its content column, and the items nested in it. */
function listItem(item: DocListItem, indent: string): string {
  const content = Array.isArray(item) ? item : item.content;
  const children = Array.isArray(item) ? [] : item.items;
  const own = `${indent}- ${blockText(content).replace(/\n/g, `\n${indent}  `)}`;
  return [own, ...children.map((child) => listItem(child, `${indent}  `))].join("\n");
}

/** A document as CommonMark: blocks separated by a blank line, empty ones left out. */
export function markdownDocument(blocks: readonly DocBlock[]): string {
  return blocks
    .map(markdownBlock)
    .filter((block) => block !== "")
    .join("\n\n");
}

function markdownBlock(block: DocBlock): string {
  switch (block.type) {
    case "heading": {
      // One line; a closing run of `#` would be taken for the heading's optional end.
      const line = blockText(block.content)
        .replace(/\\\n/g, " ")
        .replace(/(^|\s)(#+)$/, "$1\\$2");
      return `${"#".repeat(block.level)} ${line}`;
    }
    case "paragraph":
      return blockText(block.content);
    case "list":
      return block.items.map((item) => listItem(item, "")).join("\n");
  }
}
