import type { Inline, Rich } from "./model.ts";

/** A document for a file (the decision record): headings, paragraphs, lists. */
export type DocBlock =
  | { type: "heading"; level: 1 | 2; content: Rich }
  | { type: "paragraph"; content: Rich }
  | { type: "list"; items: Rich[] };

/** Characters that start inline markup anywhere in a line (emphasis, code, links, HTML, entities). */
const INLINE_SYNTAX = /[\\`*_[\]<>&~|]/g;
/** What starts a block at the beginning of a line: headings, quotes, lists, setext underlines. */
const LINE_START_SYNTAX = /(^|\n)([ \t]*)([#>+=-]|\d+[.)])/g;

/**
 * Text as CommonMark that reads literally: the characters that would start markup are
 * backslash-escaped (CommonMark §2.4), so a person's `*bold*`, `[x](https://…)`, `<script>` or
 * `&amp;` shows exactly as typed; their line breaks stay line breaks.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(INLINE_SYNTAX, "\\$&")
    .replace(
      LINE_START_SYNTAX,
      (_all, start: string, indent: string, marker: string) =>
        `${start}${indent}${marker.replace(/[#>+=.)-]/, "\\$&")}`,
    )
    .replace(/\n/g, "\\\n");
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
      return run.strong ? `**${escapeMarkdown(run.text)}**` : escapeMarkdown(run.text);
    case "code":
      return codeSpan(run.text);
    case "command":
      return codeSpan(run.text === "" ? "/equipe" : `/equipe ${run.text}`);
    case "mention":
      return run.strong ? `**${escapeMarkdown(run.name)}**` : escapeMarkdown(run.name);
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
