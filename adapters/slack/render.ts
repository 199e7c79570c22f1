import type { types } from "@slack/bolt";
import {
  type Block,
  type Inline,
  type Message,
  type Rich,
  summaryOf,
  withPersonExample,
} from "../../src/content/model.ts";
import { plainText } from "../../src/content/plain.ts";

/** Block Kit caps a block's text at 3000 characters; longer content goes over several blocks. */
const BLOCK_TEXT_LIMIT = 3000;
/** Block Kit caps a message at 50 blocks. */
const MAX_BLOCKS = 50;
/** The top-level `text` (notifications, clients without blocks), after escaping. */
const FALLBACK_LIMIT = 3000;

type SlackBlock = types.KnownBlock;
type Element = types.RichTextElement;
type TextElement = types.RichTextText;
type Style = NonNullable<TextElement["style"]>;

const BOLD: Style = { bold: true };
const CODE: Style = { code: true };

/** How a person is mentioned in an example on Slack: a handle. */
const SLACK_PERSON = "@maria.rossi";
/** A code example as Slack shows it. */
const slackCode = (text: string) => withPersonExample(text, SLACK_PERSON);
/** How a command example reads in Slack: what people type. */
const slashCommand = (text: string) => (text === "" ? "/equipe" : `/equipe ${slackCode(text)}`);

/** A cut that never splits a UTF-16 surrogate pair (an emoji cut in half is rejected as invalid). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, safeCut(text, max - 1))}…` : text;
}

const sameStyle = (a: Style | undefined, b: Style | undefined) =>
  (a?.bold ?? false) === (b?.bold ?? false) && (a?.code ?? false) === (b?.code ?? false);

/**
 * Appends literal text. Rich-text `text` elements are never parsed by Slack (no mrkdwn, no
 * `<…>` links or mentions, no entities), so people's text needs no escaping here. Neighbours of
 * the same style merge; empty text is dropped (Slack refuses empty elements).
 */
function pushText(elements: Element[], text: string, style?: Style): void {
  if (text === "") return;
  const previous = elements.at(-1);
  if (previous?.type === "text" && sameStyle(previous.style, style)) {
    previous.text += text;
    return;
  }
  elements.push({ type: "text", text, ...(style ? { style } : {}) });
}

function pushRun(elements: Element[], run: Inline): void {
  switch (run.type) {
    case "text":
      pushText(elements, run.text, run.strong ? BOLD : undefined);
      break;
    case "code":
      pushText(elements, slackCode(run.text), CODE);
      break;
    case "command":
      pushText(elements, slashCommand(run.text), CODE);
      break;
    case "mention":
      // A real mention only for a Slack account; anyone else is their name, as text.
      if (run.user?.platform === "slack")
        elements.push({ type: "user", user_id: run.user.userId, ...(run.strong ? { style: BOLD } : {}) });
      else pushText(elements, run.name, run.strong ? BOLD : undefined);
      break;
    case "link":
      elements.push({ type: "link", url: run.url, ...(run.label !== "" ? { text: run.label } : {}) });
      break;
    case "break":
      pushText(elements, "\n");
      break;
  }
}

function elementsOf(content: Rich): Element[] {
  const elements: Element[] = [];
  for (const run of content) pushRun(elements, run);
  return elements;
}

/** Characters an element counts towards a block's limit. */
function sizeOf(element: Element): number {
  switch (element.type) {
    case "text":
      return element.text.length;
    case "link":
      return element.url.length + (element.text?.length ?? 0);
    case "user":
      return element.user_id.length;
    default:
      return 0;
  }
}

/** Where to cut text to fit `room`: at the last line break that fits, else at `room`. */
function cutAt(text: string, room: number): number {
  const newline = text.lastIndexOf("\n", room);
  return newline > 0 ? newline : safeCut(text, room);
}

/**
 * Elements grouped so that no group exceeds the block limit; a long text element is cut,
 * preferably at a line break (which the cut then stands for).
 */
function chunk(elements: readonly Element[]): Element[][] {
  const groups: Element[][] = [];
  let current: Element[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    size = 0;
  };
  for (const element of elements) {
    let rest: Element = element;
    while (sizeOf(rest) > BLOCK_TEXT_LIMIT - size) {
      if (rest.type !== "text") {
        // A link or mention cannot be cut; it starts the next block (it fits in one on its own).
        if (size === 0) break;
        flush();
        continue;
      }
      const at = cutAt(rest.text, BLOCK_TEXT_LIMIT - size);
      if (at > 0) current.push({ ...rest, text: rest.text.slice(0, at) });
      rest = { ...rest, text: rest.text.slice(at).replace(/^\n/, "") };
      flush();
    }
    if (sizeOf(rest) > 0 || rest.type !== "text") {
      current.push(rest);
      size += sizeOf(rest);
    }
    if (size >= BLOCK_TEXT_LIMIT) flush();
  }
  flush();
  return groups;
}

const richText = (element: types.RichTextBlockElement): types.RichTextBlock => ({
  type: "rich_text",
  elements: [element],
});

/** Preformatted text in pieces that fit a block, cut at line breaks where possible. */
function preformatted(text: string): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let rest = text;
  while (rest !== "") {
    const at = rest.length > BLOCK_TEXT_LIMIT ? cutAt(rest, BLOCK_TEXT_LIMIT) : rest.length;
    blocks.push(
      richText({ type: "rich_text_preformatted", elements: [{ type: "text", text: rest.slice(0, at) }] }),
    );
    rest = rest.slice(at).replace(/^\n/, "");
  }
  return blocks;
}

function actionsBlock(block: Block & { type: "actions" }): types.ActionsBlock {
  return {
    type: "actions",
    elements: block.buttons.map(
      (b): types.Button => ({
        type: "button",
        action_id: b.action,
        value: b.value,
        text: { type: "plain_text", text: b.selected ? `✓ ${b.label}` : b.label, emoji: true },
        ...(b.style !== "default" ? { style: b.style } : {}),
      }),
    ),
  };
}

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case "text":
      return chunk(elementsOf(block.content)).map((elements) =>
        richText({ type: "rich_text_section", elements }),
      );
    case "note": {
      // Context blocks take no rich text: plain_text is shown as it is (emoji codes included).
      const text = cut(slackPlain(block.content), BLOCK_TEXT_LIMIT);
      return text === "" ? [] : [{ type: "context", elements: [{ type: "plain_text", text, emoji: false }] }];
    }
    case "divider":
      return [{ type: "divider" }];
    case "link":
      // A rich-text link rather than a URL button: a button would also post an interaction to us.
      return [
        richText({
          type: "rich_text_section",
          elements: [{ type: "link", url: block.url, ...(block.label !== "" ? { text: block.label } : {}) }],
        }),
      ];
    case "preformatted":
      return preformatted(block.text);
    case "actions":
      return block.buttons.length > 0 ? [actionsBlock(block)] : [];
  }
}

/**
 * Content shown as it is (a form's text): rich-text sections of literal elements, each within a
 * block's limit, cut at line breaks where possible. Slack never parses them (no mrkdwn, no
 * `<!channel>`, no `<url|label>`), so people's text reads literally by construction.
 */
export function contentBlocks(content: Rich): SlackBlock[] {
  return renderBlock({ type: "text", content });
}

/** A message as Block Kit: people's text only ever in literal elements. */
export function renderBlocks(message: Message): SlackBlock[] {
  return message.blocks.flatMap(renderBlock).slice(0, MAX_BLOCKS);
}

/** Slack parses `&`, `<` and `>` in top-level text (links, mentions, `<!channel>`): escaped, they read literally. */
const escapeControl = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The message's top-level `text`: what notifications and clients without blocks show. The
 * plain summary, with Slack's control characters escaped so that nothing in it becomes a
 * mention, a broadcast or a link; never cut inside an escape.
 */
export function renderFallback(message: Message): string {
  const text = escapeControl(slackPlain(summaryOf(message)));
  if (text.length <= FALLBACK_LIMIT) return text;
  return `${text.slice(0, safeCut(text, FALLBACK_LIMIT - 1)).replace(/&[a-z]*$/, "")}…`;
}

/** Content as plain text for Slack's plain_text fields (modal hints, field errors): commands as `/equipe …`. */
export function slackPlain(content: Rich): string {
  return plainText(content, { command: slashCommand, person: SLACK_PERSON });
}
