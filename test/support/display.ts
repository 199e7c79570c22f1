import { command, type Inline, lineBreak, link, type Rich, strong, text } from "../../src/content/model.ts";

/**
 * "What a person sees": decoders that model how each platform displays what we send. They read
 * a payload the way Slack, Teams, a Markdown viewer or a browser would — parsing exactly the
 * fields those parse — and report the visible text and everything that carries meaning beyond
 * it: mentions that notify someone, broadcasts, links, emphasis. Renderer tests assert through
 * them that people's text is shown literally; the contract drivers read every message with them.
 */

export interface SeenLink {
  label: string;
  url: string;
}

export interface SeenButton {
  label: string;
  actionId: string;
  value: string;
}

export interface View {
  /** The visible text, markup gone: Slack mentions as `@<user id>`, Teams mentions as `@<name>`. */
  text: string;
  /** People the message notifies: Slack user ids, Teams names (only with their entity). */
  mentions: string[];
  /** Whole-channel notifications (`channel`, `here`, `everyone`, user groups). */
  broadcasts: string[];
  /** Everything that opens a URL, as the reader sees its label. */
  links: SeenLink[];
  /** Whether any markup was interpreted as formatting: emphasis, headings, lists, HTML tags. */
  formatted: boolean;
  /** The pieces shown bold, italic or struck through. */
  emphasised: string[];
  /** The pieces shown in a fixed-width font. */
  code: string[];
  buttons: SeenButton[];
}

export const emptyView = (): View => ({
  text: "",
  mentions: [],
  broadcasts: [],
  links: [],
  formatted: false,
  emphasised: [],
  code: [],
  buttons: [],
});

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Stand-ins while a parser works: a character that markup cannot touch any more (escaped, or
 * already decoded), and whole pieces set aside (code spans, mentions). Private-use characters:
 * test payloads never contain them.
 */
const PROTECTED_BASE = 0xe000;
const PIECE_BASE = 0xf000;
const protect = (text: string) =>
  [...text]
    .map((c) => (c.charCodeAt(0) < 0x80 ? String.fromCharCode(PROTECTED_BASE + c.charCodeAt(0)) : c))
    .join("");
const unprotect = (text: string) =>
  text.replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - PROTECTED_BASE));

class Pieces {
  private readonly pieces: string[] = [];
  /** Sets `text` aside (already decoded); returns the stand-in character. */
  hold(text: string): string {
    this.pieces.push(text);
    return String.fromCharCode(PIECE_BASE + this.pieces.length - 1);
  }
  restore(text: string): string {
    return text.replace(/[\uf000-\uf7ff]/g, (c) => this.pieces[c.charCodeAt(0) - PIECE_BASE] ?? "");
  }
}

const HTML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Entity references as HTML (and CommonMark) decode them: named ones we use, and numeric ones. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (all, name: string) => {
    if (!name.startsWith("#")) return HTML_ENTITIES[name] ?? all;
    const hex = name[1] === "x" || name[1] === "X";
    const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
    // Out of Unicode's range a browser shows the replacement character.
    return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}

// ————— Slack —————

/** Broadcast ranges Slack expands from `<!…>`. */
const SLACK_BROADCASTS = new Set(["channel", "here", "everyone"]);

/** Slack's `&lt; &gt; &amp;` (the only escapes of mrkdwn). */
const decodeSlack = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** One `<…>` control sequence of mrkdwn, as Slack shows it. */
function slackControl(inner: string, view: View): string | undefined {
  const bar = inner.indexOf("|");
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeSlack(inner.slice(bar + 1));
  if (target.startsWith("@")) {
    // Slack shows the person's current name; we show the id, which tests can predict.
    view.mentions.push(target.slice(1));
    return `@${target.slice(1)}`;
  }
  if (target.startsWith("!")) {
    const [range = "", id] = target.slice(1).split("^");
    if (SLACK_BROADCASTS.has(range) || range === "subteam") {
      view.broadcasts.push(range === "subteam" ? `subteam:${id}` : range);
      return label ?? `@${range}`;
    }
    return label ?? "";
  }
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    const url = decodeSlack(target);
    view.links.push({ label: label ?? url, url });
    return label ?? url;
  }
  return undefined;
}

/** Slack's emphasis: markers at word edges around non-space text on one line. */
const SLACK_EMPHASIS = /(^|[^\p{L}\p{N}])([*_~])(?=\S)([^\n]*?\S)\2(?![\p{L}\p{N}])/gu;

/**
 * A mrkdwn field as Slack displays it: control sequences (`<@U…>`, `<!channel>`, `<url|label>`),
 * code spans, emphasis, then the three escapes.
 */
export function slackMrkdwn(source: string, view: View): string {
  const pieces = new Pieces();
  let text = source.replace(/<([^<>\n]*)>/g, (all, inner: string) => {
    const shown = slackControl(inner, view);
    return shown === undefined ? all : pieces.hold(shown);
  });
  text = text.replace(/```([\s\S]*?)```|`([^`\n]+)`/g, (_all, block?: string, span?: string) => {
    const literal = decodeSlack(block ?? span ?? "");
    view.code.push(literal);
    return pieces.hold(literal);
  });
  let before: string;
  do {
    before = text;
    text = text.replace(SLACK_EMPHASIS, (_all, start: string, _marker: string, inner: string) => {
      view.formatted = true;
      view.emphasised.push(pieces.restore(decodeSlack(inner)));
      return `${start}${inner}`;
    });
  } while (text !== before);
  return pieces.restore(decodeSlack(text));
}

function slackTextObject(object: unknown, view: View): string {
  if (!isObject(object)) return "";
  const text = asString(object.text) ?? "";
  return object.type === "mrkdwn" ? slackMrkdwn(text, view) : text;
}

/** A rich-text element: literal text by construction, styles and entities as Slack draws them. */
function slackRichElement(element: unknown, view: View): string {
  if (!isObject(element)) return "";
  const style = isObject(element.style) ? element.style : {};
  switch (element.type) {
    case "text": {
      const text = asString(element.text) ?? "";
      if (style.bold || style.italic || style.strike) {
        view.formatted = true;
        view.emphasised.push(text);
      }
      if (style.code) view.code.push(text);
      return text;
    }
    case "user": {
      const id = asString(element.user_id) ?? "";
      view.mentions.push(id);
      return `@${id}`;
    }
    case "usergroup":
      view.broadcasts.push(`subteam:${asString(element.usergroup_id)}`);
      return `@${asString(element.usergroup_id)}`;
    case "broadcast":
      view.broadcasts.push(asString(element.range) ?? "");
      return `@${asString(element.range)}`;
    case "link": {
      const url = asString(element.url) ?? "";
      const label = asString(element.text) ?? url;
      view.links.push({ label, url });
      return label;
    }
    case "channel":
      return `#${asString(element.channel_id)}`;
    case "emoji":
      return `:${asString(element.name)}:`;
    default:
      return asString(element.fallback) ?? "";
  }
}

function slackRichText(block: Json, view: View): string {
  return asArray(block.elements)
    .map((part) => {
      if (!isObject(part)) return "";
      if (part.type === "rich_text_list")
        return asArray(part.elements)
          .map((item) => (isObject(item) ? slackRichText(item, view) : ""))
          .join("\n");
      return asArray(part.elements)
        .map((element) => slackRichElement(element, view))
        .join("");
    })
    .join("\n");
}

function slackBlock(block: unknown, view: View): string | undefined {
  if (!isObject(block)) return undefined;
  switch (block.type) {
    case "rich_text":
      return slackRichText(block, view);
    case "section": {
      const parts = [
        slackTextObject(block.text, view),
        ...asArray(block.fields).map((f) => slackTextObject(f, view)),
      ];
      return parts.filter((p) => p !== "").join("\n");
    }
    case "context":
      return asArray(block.elements)
        .map((e) => slackTextObject(e, view))
        .filter((p) => p !== "")
        .join(" ");
    case "header":
      return slackTextObject(block.text, view);
    case "input":
      // A modal's field: its label above, its hint below (both plain_text).
      return [slackTextObject(block.label, view), slackTextObject(block.hint, view)]
        .filter((p) => p !== "")
        .join("\n");
    case "actions":
      for (const element of asArray(block.elements)) {
        if (!isObject(element) || element.type !== "button") continue;
        const label = slackTextObject(element.text, view);
        const url = asString(element.url);
        if (url !== undefined) view.links.push({ label, url });
        else
          view.buttons.push({
            label,
            actionId: asString(element.action_id) ?? "",
            value: asString(element.value) ?? "",
          });
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A Slack message as its reader sees it. The blocks when there are any, else the top-level
 * `text` as mrkdwn. With blocks, the top-level text still becomes the notification, so what it
 * would notify or link counts too.
 */
export function slackView(args: { text?: unknown; blocks?: unknown }): View {
  const view = emptyView();
  const blocks = asArray(args.blocks);
  const fallback = asString(args.text) ?? "";
  const texts: string[] = [];
  for (const block of blocks) {
    const text = slackBlock(block, view);
    if (text !== undefined) texts.push(text);
  }
  if (blocks.length === 0) texts.push(slackMrkdwn(fallback, view));
  else {
    const notification = emptyView();
    slackMrkdwn(fallback, notification);
    view.mentions.push(...notification.mentions);
    view.broadcasts.push(...notification.broadcasts);
    view.links.push(...notification.links);
  }
  view.text = texts.join("\n");
  return view;
}

// ————— Markdown (CommonMark, and Teams' flavour with `<at>` mentions) —————

export interface MentionEntityLike {
  text?: unknown;
  mentioned?: unknown;
}

/** How block markup at the start of a line is spotted: headings, lists, quotes, setext underlines. */
const BLOCK_MARKERS = [
  /^ {0,3}#{1,6}(?=\s|$)\s*/,
  /^ {0,3}[-+*]\s+/,
  /^ {0,3}\d{1,9}[.)]\s+/,
  /^ {0,3}>\s?/,
  /^ {0,3}(=+|-+)\s*$/,
];

/** Emphasis pairs, strongest first: `**x**`/`__x__`, `*x*`/`_x_`, `~~x~~`/`~x~`. */
const MARKDOWN_EMPHASIS = [
  /(\*\*|__)(?=\S)([\s\S]*?\S)\1/g,
  /(\*|_)(?=\S)([\s\S]*?\S)\1/g,
  /(~~|~)(?=\S)([\s\S]*?\S)\1/g,
];

function entityNames(entities: readonly MentionEntityLike[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const entity of entities) {
    const text = asString(entity.text);
    const mentioned = isObject(entity.mentioned) ? asString(entity.mentioned.name) : undefined;
    if (text !== undefined) names.set(text, mentioned ?? text);
  }
  return names;
}

/**
 * Markdown as a viewer shows it. `entities` switches on Teams: `<at>x</at>` is a mention only
 * when an entity carries that exact tag, otherwise it is shown as typed. Without it (CommonMark)
 * any tag is raw HTML, which counts as formatting.
 */
export function markdownDecode(source: string, view: View, entities?: readonly MentionEntityLike[]): string {
  const pieces = new Pieces();
  /** What a piece of source reads as, once every pass is done. */
  const shown = (part: string) => pieces.restore(unprotect(decodeEntities(part)));
  // Backslash escapes first: an escaped character is literal whatever follows.
  let text = source
    .replace(/\r\n?/g, "\n")
    .replace(/\\([!-/:-@[-`{-~])/g, (_all, c: string) => protect(c))
    .replace(/\\\n/g, "\n");
  // Code spans: literal content, where backslashes are not escapes.
  text = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_all, _fence: string, inner: string) => {
    const raw = inner.replace(/[\ue000-\ue07f]/g, (c) => `\\${unprotect(c)}`);
    const literal = /^ [\s\S]* $/.test(raw) ? raw.slice(1, -1) : raw;
    view.code.push(literal);
    return pieces.hold(literal);
  });
  text = text
    .split("\n")
    .map((line) => {
      for (const marker of BLOCK_MARKERS) {
        if (marker.test(line)) {
          view.formatted = true;
          return line.replace(marker, "");
        }
      }
      return line;
    })
    .join("\n");
  if (entities !== undefined) {
    const names = entityNames(entities);
    text = text.replace(/<at>([^<]*)<\/at>/g, (all) => {
      const name = names.get(unprotect(pieces.restore(all)));
      if (name === undefined) return protect(all);
      view.mentions.push(name);
      return pieces.hold(`@${name}`);
    });
  }
  text = text.replace(
    /(!?)\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\s*\)/g,
    (_all, image: string, label: string, url: string) => {
      if (image) view.formatted = true;
      const target = url.startsWith("<") ? url.slice(1, -1) : url;
      view.links.push({ label: shown(label), url: decodeEntities(unprotect(target)) });
      return label;
    },
  );
  // Autolinks, then HTML: an anchor is a link, any other tag is markup a person did not type.
  text = text.replace(/<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>/g, (_all, url: string) => {
    view.links.push({ label: url, url });
    return pieces.hold(url);
  });
  text = text.replace(
    /<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi,
    (_all, url: string, label: string) => {
      view.formatted = true;
      view.links.push({ label: shown(label), url: decodeEntities(url) });
      return label;
    },
  );
  text = text.replace(/<\/?[a-zA-Z][^<>]*>/g, () => {
    view.formatted = true;
    return "";
  });
  for (const pattern of MARKDOWN_EMPHASIS) {
    let before: string;
    do {
      before = text;
      text = text.replace(pattern, (_all, _marker: string, inner: string) => {
        view.formatted = true;
        view.emphasised.push(shown(inner));
        return inner;
      });
    } while (text !== before);
  }
  return shown(text);
}

/** A Markdown text (the case file's CommonMark) as a viewer shows it. */
export function markdownView(source: string): View {
  const view = emptyView();
  // Paragraphs are separated by a blank line; shown here as one break.
  view.text = markdownDecode(source.replace(/\n{2,}/g, "\n"), view);
  return view;
}

// ————— Teams —————

/** TextRuns are never parsed: literal text, with the look the run asks for. */
function teamsRun(run: unknown, view: View): string {
  if (typeof run === "string") return run;
  if (!isObject(run)) return "";
  const text = asString(run.text) ?? "";
  if (run.weight === "Bolder" || run.italic === true || run.strikethrough === true) {
    view.formatted = true;
    view.emphasised.push(text);
  }
  if (run.fontType === "Monospace") view.code.push(text);
  const action = isObject(run.selectAction) ? run.selectAction : undefined;
  if (action?.type === "Action.OpenUrl") view.links.push({ label: text, url: asString(action.url) ?? "" });
  return text;
}

function teamsActions(actions: unknown, view: View): void {
  for (const action of asArray(actions)) {
    if (!isObject(action)) continue;
    const title = asString(action.title) ?? "";
    if (action.type === "Action.OpenUrl") view.links.push({ label: title, url: asString(action.url) ?? "" });
    const data = isObject(action.data) ? action.data : undefined;
    if (action.type === "Action.Submit" && typeof data?.actionId === "string")
      view.buttons.push({ label: title, actionId: data.actionId, value: asString(data.value) ?? "" });
  }
}

function teamsElements(elements: unknown, view: View, entities: readonly MentionEntityLike[]): string[] {
  const texts: string[] = [];
  for (const element of asArray(elements)) {
    if (!isObject(element)) continue;
    if (element.type === "TextBlock") {
      // A blank line is how a TextBlock breaks a line (a paragraph); shown here as one break.
      const source = (asString(element.text) ?? "").replace(/\n{2,}/g, "\n");
      const text = markdownDecode(source, view, entities);
      if (element.weight === "Bolder") {
        view.formatted = true;
        view.emphasised.push(text);
      }
      texts.push(text);
    }
    if (element.type === "RichTextBlock")
      texts.push(
        asArray(element.inlines)
          .map((run) => teamsRun(run, view))
          .join(""),
      );
    texts.push(...teamsElements(element.items, view, entities));
    for (const column of asArray(element.columns))
      if (isObject(column)) texts.push(...teamsElements(column.items, view, entities));
    teamsActions(element.actions, view);
  }
  return texts;
}

/** An Adaptive Card's content as its reader sees it (mentions need the card's own entities). */
export function adaptiveCardView(content: unknown, into: View = emptyView()): View {
  if (!isObject(content)) return into;
  const msteams = isObject(content.msteams) ? content.msteams : {};
  const entities = asArray(msteams.entities).filter(isObject);
  const texts = teamsElements(content.body, into, entities);
  teamsActions(content.actions, into);
  into.text = [into.text, ...texts].filter((t) => t !== "").join("\n");
  return into;
}

/**
 * A Teams activity as its reader sees it: `text` as Teams Markdown (mentions only with a
 * matching entity), then each Adaptive Card.
 */
export function teamsView(activity: Json): View {
  const view = emptyView();
  const text = asString(activity.text);
  if (text !== undefined)
    view.text =
      activity.textFormat === "plain"
        ? text
        : markdownDecode(text, view, asArray(activity.entities).filter(isObject));
  for (const attachment of asArray(activity.attachments))
    if (isObject(attachment) && attachment.contentType === "application/vnd.microsoft.card.adaptive")
      adaptiveCardView(attachment.content, view);
  return view;
}

// ————— HTML —————

/** Tags our pages use, and the attributes they may carry; anything else is markup we did not write. */
const HTML_TAGS = new Set(["p", "br", "strong", "code", "span", "a", "pre", "hr", "div", "button"]);
const HTML_ATTRIBUTES = new Set(["href", "rel", "class", "type", "name", "value"]);
const HTML_BLOCKS = new Set(["p", "pre", "div", "hr"]);

function htmlAttributes(source: string, view: View): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!HTML_ATTRIBUTES.has(name)) view.formatted = true;
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attributes;
}

/** HTML as a browser shows it: tags interpreted, text with entities decoded. */
export function htmlView(html: string): View {
  const view = emptyView();
  let text = "";
  /** Open elements that collect their text: strong, code, a link, a mention, a button. */
  const open: { tag: string; attributes: Record<string, string>; start: number }[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>|([^<]+)|</g)) {
    const [all, closing, rawTag, rest = "", literal] = match;
    if (rawTag === undefined) {
      const raw = literal === undefined ? all : decodeEntities(literal);
      // Outside <pre> a browser folds white space, and none shows between blocks.
      const folded = open.some((o) => o.tag === "pre") ? raw : raw.replace(/\s+/g, " ");
      if (folded !== " " || (text !== "" && !text.endsWith("\n"))) text += folded;
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (!HTML_TAGS.has(tag)) view.formatted = true;
    if (HTML_BLOCKS.has(tag)) text = text.replace(/ $/, "");
    if (HTML_BLOCKS.has(tag) && text !== "" && !text.endsWith("\n")) text += "\n";
    if (tag === "br") text += "\n";
    if (!closing) {
      open.push({ tag, attributes: htmlAttributes(rest, view), start: text.length });
      continue;
    }
    const index = open.findLastIndex((o) => o.tag === tag);
    const element = open[index];
    if (element === undefined) continue;
    open.splice(index);
    const inner = text.slice(element.start);
    if (tag === "strong") {
      view.formatted = true;
      view.emphasised.push(inner);
    }
    if (tag === "code") view.code.push(inner);
    if (tag === "a" && element.attributes.href !== undefined)
      view.links.push({ label: inner, url: element.attributes.href });
    if (tag === "span" && element.attributes.class === "mention") view.mentions.push(inner);
    if (tag === "button") {
      const value = element.attributes.value ?? "";
      const colon = value.indexOf(":");
      view.buttons.push({ label: inner, actionId: value.slice(0, colon), value: value.slice(colon + 1) });
      text = text.slice(0, element.start);
    }
  }
  view.text = text.trim();
  return view;
}

// ————— Fixtures for renderer tests —————

/** Text people might type that a platform would turn into something else if it were not escaped. */
export const PAYLOADS = [
  "<!channel>",
  "<!here>",
  "<@U0ABCDEF>",
  "<https://evil.example|x>",
  "*bold*",
  "_x_",
  "<at>x</at>",
  "<script>alert(1)</script>",
  "&amp;",
  "[x](https://evil.example)",
  // What a real mention of Elena looks like on each platform, typed as text.
  "<@U0EDU>",
  "<at>Elena Educatrice</at>",
] as const;

type Mention = Extract<Inline, { type: "mention" }>;

export const SLACK_EDU: Mention = {
  type: "mention",
  name: "Elena Educatrice",
  user: { platform: "slack", workspaceId: "T0EQUIPE", userId: "U0EDU" },
};
export const TEAMS_EDU: Mention = {
  type: "mention",
  name: "Elena Educatrice",
  user: { platform: "teams", workspaceId: "tenant", userId: "29:edu" },
};
export const FORM_URL = "https://equipe.example/m/abc123";

/**
 * Every payload as a person's text, around one strong run, a mention of the same person on each
 * platform, block markup at the start of lines, a link of ours and a command example.
 */
export function hostileContent(): Rich {
  return [
    text("Motivo: "),
    ...PAYLOADS.flatMap((payload) => [text(payload), text(" ")]),
    strong("urgente"),
    text(" — "),
    SLACK_EDU,
    text(" / "),
    TEAMS_EDU,
    lineBreak,
    text("# titolo"),
    lineBreak,
    text("- voce\n> citazione\n1. primo"),
    lineBreak,
    link(FORM_URL, "il modulo"),
    text(" "),
    command("aiuto"),
  ];
}

/** What `hostileContent()` should read as, given how each run shows on the platform. */
export function hostileShown(shown: { slack: string; teams: string; link: string; command: string }): string {
  return [
    `Motivo: ${PAYLOADS.join(" ")} urgente — ${shown.slack} / ${shown.teams}`,
    "# titolo",
    "- voce",
    "> citazione",
    "1. primo",
    `${shown.link} ${shown.command}`,
  ].join("\n");
}
