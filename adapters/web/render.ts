import {
  type Block,
  type Inline,
  type Message,
  NEUTRAL_PERSON_EXAMPLE,
  type Rich,
  withPersonExample,
} from "../../src/content/model.ts";

/** The only URL schemes a link may open: no `javascript:`, `data:` or `file:` from a page of ours. */
const SAFE_SCHEMES = new Set(["http:", "https:"]);

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text and attribute values alike: with quotes escaped too, one function serves both. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** Text inside a paragraph: escaped, its line breaks kept (HTML would fold them into spaces). */
const escapeLines = (value: string) => escapeHtml(value).replace(/\r?\n/g, "<br>");

const slashCommand = (text: string) => (text === "" ? "/equipe" : `/equipe ${text}`);

/** Whether a URL may become a link: parsed, and one of the safe schemes. */
function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return SAFE_SCHEMES.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function anchor(url: string, label: string): string {
  const href = safeUrl(url);
  const shown = escapeHtml(label === "" ? url : label);
  // Anything else is shown, not followed: the reader sees the label and where it would have gone.
  if (href === undefined) return label === "" ? shown : `${shown} (${escapeHtml(url)})`;
  return `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${shown}</a>`;
}

function inlineHtml(run: Inline): string {
  switch (run.type) {
    case "text":
      return run.strong ? `<strong>${escapeLines(run.text)}</strong>` : escapeLines(run.text);
    case "code":
      return `<code>${escapeHtml(withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE))}</code>`;
    case "command":
      return `<code>${escapeHtml(slashCommand(withPersonExample(run.text, NEUTRAL_PERSON_EXAMPLE)))}</code>`;
    case "mention": {
      const name = `<span class="mention">${escapeHtml(run.name)}</span>`;
      return run.strong ? `<strong>${name}</strong>` : name;
    }
    case "link":
      return anchor(run.url, run.label);
    case "break":
      return "<br>";
  }
}

/**
 * Content as HTML for the family's web pages. Every piece of text is escaped (quotes too), so a
 * person's `<script>`, `&amp;` or `"` reads as typed; only http(s) links become anchors.
 */
export function renderHtml(content: Rich): string {
  return content.map(inlineHtml).join("");
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case "text":
      return `<p>${renderHtml(block.content)}</p>`;
    case "note":
      return `<p class="note">${renderHtml(block.content)}</p>`;
    case "divider":
      return "<hr>";
    case "link":
      return `<p>${anchor(block.url, block.label)}</p>`;
    case "preformatted":
      return `<pre>${escapeHtml(block.text)}</pre>`;
    case "actions":
      // The page wraps these in a form with its CSRF token; a button names its action and ids.
      return `<div class="actions">${block.buttons
        .map((button) => {
          const label = escapeHtml(button.selected ? `✓ ${button.label}` : button.label);
          const value = escapeHtml(`${button.action}:${button.value}`);
          const style = button.style === "default" ? "" : ` class="${button.style}"`;
          return `<button type="submit" name="action" value="${value}"${style}>${label}</button>`;
        })
        .join("")}</div>`;
  }
}

/** A whole message as HTML: one element per block, no inline styles or scripts. */
export function renderMessageHtml(message: Message): string {
  return message.blocks.map(blockHtml).join("\n");
}
