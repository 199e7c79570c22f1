import { type Inline, NEUTRAL_PERSON_EXAMPLE, type Rich, withPersonExample } from "./model.ts";

/** A document for a file (the decision record): headings, paragraphs, lists. */
export type DocBlock =
  | { type: "heading"; level: 1 | 2; content: Rich }
  | { type: "paragraph"; content: Rich }
  | { type: "list"; items: Rich[] };

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

/**
 * Text as CommonMark that reads literally, with as few backslashes as that takes (a case file is
 * also read as plain text): the characters that would start markup where they stand are
 * escaped (CommonMark §2.4), so a person's `*bold*`, `[x](https://…)`, `<script>` or `&amp;`
 * shows exactly as typed, while `martedì & giovedì`, `<3` or `[nota]` keep no backslash.
 */
export function escapeMarkdown(value: string): string {
  const text = value.replace(/\r\n?/g, "\n");
  const brackets = LINK_SHAPE.test(text) ? /[[\]]/g : /(?!)/g;
  return text
    .replace(ALWAYS, "\\$&")
    .replace(TAG_OPEN, "\\<")
    .replace(ENTITY, "\\&")
    .replace(brackets, "\\$&")
    .replace(
      LINE_START,
      (_all, start: string, indent: string, marker: string) =>
        `${start}${indent}${marker.replace(/[#>+=.)-]/, "\\$&")}`,
    );
}

/** The same, with line breaks as CommonMark hard breaks (a file's paragraph keeps its lines). */
function escapeLines(value: string): string {
  return escapeMarkdown(value).replace(/\n/g, "\\\n");
}

/** A code span holding `value` literally: a fence longer than any backtick run inside. */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

export function markdownText(content: Rich): string {
  return content.map(markdownRun).join("");
}

function markdownRun(run: Inline): string {
  switch (run.type) {
    case "text":
      return run.strong ? `**${escapeLines(run.text)}**` : escapeLines(run.text);
    case "code":
      return codeSpan(withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE));
    case "command": {
      const example = withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE);
      return codeSpan(example === "" ? "/equipe" : `/equipe ${example}`);
    }
    case "mention":
      return run.strong ? `**${escapeLines(run.name)}**` : escapeLines(run.name);
    case "link":
      return `[${escapeMarkdown(run.label)}](<${run.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    case "break":
      // A hard line break (CommonMark §6.7): backslash at the end of the line.
      return "\\\n";
  }
}

/** A document as CommonMark: blocks separated by a blank line. */
export function markdownDocument(blocks: readonly DocBlock[]): string {
  return blocks.map(markdownBlock).join("\n\n");
}

function markdownBlock(block: DocBlock): string {
  switch (block.type) {
    case "heading":
      return `${"#".repeat(block.level)} ${markdownText(block.content)}`;
    case "paragraph":
      return markdownText(block.content);
    case "list":
      return block.items.map((item) => `- ${markdownText(item)}`).join("\n");
  }
}
