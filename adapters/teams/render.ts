import type { Attachment } from "botbuilder";
import { escapeMarkdown } from "../../src/content/markdown.ts";
import {
  type Block,
  type Inline,
  type Message,
  type Rich,
  summaryOf,
  withPersonExample,
} from "../../src/content/model.ts";
import { plainLine, plainText } from "../../src/content/plain.ts";
import type { FieldErrors, FormField, FormSpec } from "../../src/domain/forms.ts";
import { t } from "../../src/i18n/catalogue.ts";
import type { Locale } from "../../src/i18n/locale.ts";

/** The highest Adaptive Card version Teams renders. */
export const CARD_VERSION = "1.5";
const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
/** Marks the data of our own Action.Submit buttons, so that other submits are ignored. */
export const SUBMIT_MARK = "equipe";
/** The invoke Teams sends when a dialog button is clicked, and the one of a dialog's own submit. */
export const TASK_FETCH = "task/fetch";
export const TASK_SUBMIT = "task/submit";
/** The bot's name as people @mention it in Teams (manifest `name.short`). */
export const BOT_NAME = "Équipe";
/**
 * A TextBlock folds a single line break into a space (it is Markdown); Teams documents a blank
 * line as the way to break one. Message text keeps single breaks, as it always has.
 */
const TEXT_BLOCK_BREAK = "\n\n";
/** Input.Text placeholders are one short line. */
const PLACEHOLDER_LIMIT = 120;
/**
 * How large a form's card may grow, in UTF-16 code units of its JSON. Teams documents its message
 * limit in bytes of UTF-16 (100 KB, of which it recommends keeping to 80 KB, "format your bot
 * messages"; older pages said 40 KB) and nothing separate for a dialog's card: a dialog is held to
 * the recommended 80 KB, 40,960 code units, so that Teams never refuses a long case summary.
 */
export const MAX_FORM_CARD_UNITS = 40_960;
/** The activity summary is a notification line. */
const SUMMARY_LIMIT = 500;

/** How a person is mentioned in an example on Teams: their name, as Teams shows a mention. */
const TEAMS_PERSON = "@Maria Rossi";
/** A code example as Teams shows it. */
const teamsCode = (text: string) => withPersonExample(text, TEAMS_PERSON);
/** How a command example reads in Teams: what people type. */
export const teamsCommand = (text: string) =>
  text === "" ? `@${BOT_NAME}` : `@${BOT_NAME} ${teamsCode(text)}`;
const TEAMS_PLAIN = { command: teamsCommand, person: TEAMS_PERSON };

type CardElement = Record<string, unknown>;

// ————— Markdown (activity text, and card TextBlocks that carry a mention) —————

export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * What a name inside `<at>…</at>` must not contain to stay a name: the tag's own brackets, and
 * Markdown that could end the tag or reshape the text around it. The same string goes into the
 * entity, which Teams matches against the text.
 */
const NAME_SYNTAX = /[<>*_[\]\\`&]/g;

/**
 * Text as Teams Markdown that reads literally: the characters that would start markup where
 * they stand are backslash-escaped (the shared CommonMark rule, few backslashes), so a person's
 * `**x**`, `[x](https://…)`, `<at>x</at>` or `&amp;` shows exactly as typed. Line breaks stay.
 */
export const escapeTeamsMarkdown = escapeMarkdown;

/** The person a mention run names, when Teams can notify them: a Teams account and a usable name. */
function teamsMention(run: Inline): { id: string; name: string } | undefined {
  if (run.type !== "mention" || run.user?.platform !== "teams") return undefined;
  const name = run.name.replace(NAME_SYNTAX, "").replace(/\s+/g, " ").trim();
  return name === "" ? undefined : { id: run.user.userId, name };
}

/**
 * Emphasis around the words of each line: `** x**` would not be bold, and emphasis cannot
 * span a paragraph break.
 */
function strongly(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const [, before = "", words = "", after = ""] = /^(\s*)(.*?)(\s*)$/.exec(line) ?? [];
      return words === "" ? line : `${before}**${words}**${after}`;
    })
    .join("\n");
}

/** Escaped text, strong if asked. */
const literal = (text: string, strong = false) =>
  strong ? strongly(escapeTeamsMarkdown(text)) : escapeTeamsMarkdown(text);

/** A code span holding `value` literally: a fence longer than any backtick run inside. */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A link destination that cannot end early: brackets and spaces percent-encoded. */
const destination = (url: string) =>
  url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

function markdownRun(run: Inline, entities: MentionEntity[]): string {
  switch (run.type) {
    case "text":
      return literal(run.text, run.strong);
    case "code":
      return codeSpan(teamsCode(run.text));
    case "command":
      return codeSpan(teamsCommand(run.text));
    case "mention": {
      const person = teamsMention(run);
      if (person === undefined) return literal(run.name, run.strong);
      const at = `<at>${person.name}</at>`;
      if (!entities.some((e) => e.text === at && e.mentioned.id === person.id))
        entities.push({ type: "mention", text: at, mentioned: person });
      return run.strong ? `**${at}**` : at;
    }
    case "link":
      return `[${escapeTeamsMarkdown(run.label === "" ? run.url : run.label)}](${destination(run.url)})`;
    case "break":
      return "\n";
  }
}

/**
 * Content as Teams Markdown. Every text run is escaped; a mention of a Teams account becomes
 * `<at>name</at>` with the entity Teams needs to link it (collected in `entities`), so only a
 * mention run can ever produce a tag or an entity.
 */
export function markdownOf(content: Rich, entities: MentionEntity[], lineBreak = "\n"): string {
  return content
    .map((run) => markdownRun(run, entities))
    .join("")
    .replace(/\n/g, lineBreak);
}

// ————— Adaptive Cards —————

/** How a whole RichTextBlock looks (notes, hints, errors); each run keeps its own weight and font. */
interface Look {
  size?: "Small" | "Medium";
  isSubtle?: boolean;
  color?: "Attention";
  weight?: "Bolder";
}

interface TextRun extends Look {
  type: "TextRun";
  text: string;
  fontType?: "Monospace";
  underline?: boolean;
  selectAction?: { type: "Action.OpenUrl"; url: string };
}

/** Appends literal text; neighbours that look the same merge, empty text is dropped. */
function pushText(runs: TextRun[], look: Look, text: string, strong = false, monospace = false): void {
  if (text === "") return;
  const weight = strong ? { weight: "Bolder" as const } : look.weight ? { weight: look.weight } : {};
  const previous = runs.at(-1);
  if (
    previous !== undefined &&
    previous.selectAction === undefined &&
    previous.weight === weight.weight &&
    (previous.fontType === "Monospace") === monospace
  ) {
    previous.text += text;
    return;
  }
  runs.push({ type: "TextRun", text, ...look, ...weight, ...(monospace ? { fontType: "Monospace" } : {}) });
}

/**
 * Content as TextRuns. Teams never parses a TextRun's text (no Markdown, no `<at>`), so
 * people's text reads literally by construction. Mentions only work in a TextBlock: a run of
 * a mention here is the person's name.
 */
function runsOf(content: Rich, look: Look): TextRun[] {
  const runs: TextRun[] = [];
  for (const run of content) {
    switch (run.type) {
      case "text":
        pushText(runs, look, run.text, run.strong);
        break;
      case "code":
        pushText(runs, look, teamsCode(run.text), false, true);
        break;
      case "command":
        pushText(runs, look, teamsCommand(run.text), false, true);
        break;
      case "mention":
        pushText(runs, look, run.name, run.strong);
        break;
      case "link":
        runs.push({
          type: "TextRun",
          text: run.label === "" ? run.url : run.label,
          ...look,
          underline: true,
          selectAction: { type: "Action.OpenUrl", url: run.url },
        });
        break;
      case "break":
        pushText(runs, look, "\n");
        break;
    }
  }
  return runs;
}

function richText(content: Rich, look: Look = {}, extra: CardElement = {}): CardElement {
  return { type: "RichTextBlock", inlines: runsOf(content, look), ...extra };
}

/** Whether the content names someone Teams can notify: only a TextBlock can carry that. */
const hasMention = (content: Rich) => content.some((run) => teamsMention(run) !== undefined);

const NOTE: Look = { size: "Small", isSubtle: true };

function textual(content: Rich, entities: MentionEntity[], look: Look, separator: CardElement): CardElement {
  if (!hasMention(content)) return richText(content, look, separator);
  return {
    type: "TextBlock",
    text: markdownOf(content, entities, TEXT_BLOCK_BREAK),
    wrap: true,
    ...look,
    ...separator,
  };
}

function renderBlock(block: Block, entities: MentionEntity[], separated: boolean): CardElement | undefined {
  const separator = separated ? { separator: true, spacing: "Medium" } : {};
  switch (block.type) {
    case "text":
      return textual(block.content, entities, {}, separator);
    case "note":
      return textual(block.content, entities, NOTE, separator);
    case "divider":
      return { type: "Container", items: [], separator: true, spacing: "Medium" };
    case "preformatted":
      return {
        type: "RichTextBlock",
        inlines: block.text === "" ? [] : [{ type: "TextRun", text: block.text, fontType: "Monospace" }],
        ...separator,
      };
    case "actions":
      if (block.buttons.length === 0) return undefined;
      return {
        type: "ActionSet",
        ...separator,
        actions: block.buttons.map((button) => ({
          type: "Action.Submit",
          title: button.selected ? `✓ ${button.label}` : button.label,
          ...(button.style === "primary" ? { style: "positive" } : {}),
          ...(button.style === "danger" ? { style: "destructive" } : {}),
          data: {
            // A button that opens a form asks Teams for a dialog (task module): the form is
            // shown there, never posted into the conversation.
            ...(button.dialog ? { msteams: { type: TASK_FETCH } } : {}),
            [SUBMIT_MARK]: "action",
            actionId: button.action,
            value: button.value,
          },
        })),
      };
    case "link":
      return {
        type: "ActionSet",
        ...separator,
        actions: [{ type: "Action.OpenUrl", title: block.label, url: block.url }],
      };
  }
}

function card(body: CardElement[], entities: MentionEntity[], actions: CardElement[] = []): Attachment {
  return {
    contentType: CARD_CONTENT_TYPE,
    content: {
      type: "AdaptiveCard",
      $schema: CARD_SCHEMA,
      version: CARD_VERSION,
      body,
      ...(actions.length > 0 ? { actions } : {}),
      ...(entities.length > 0 ? { msteams: { entities } } : {}),
    },
  };
}

/** Content as plain text for Teams (card summaries, placeholders): commands as `@Équipe …`. */
export function renderPlain(content: Rich): string {
  return plainText(content, TEAMS_PLAIN);
}

/** A message as Teams sends it: Markdown text when it is only text, else one Adaptive Card. */
export function renderMessage(message: Message): {
  text?: string;
  textFormat?: string;
  summary?: string;
  attachments?: Attachment[];
  entities?: MentionEntity[];
} {
  const entities: MentionEntity[] = [];
  const texts = message.blocks.flatMap((b) => (b.type === "text" ? [b.content] : []));
  if (texts.length === message.blocks.length) {
    const parts = texts.length > 0 ? texts : [summaryOf(message)];
    const text = parts.map((content) => markdownOf(content, entities)).join("\n\n");
    return { text, textFormat: "markdown", ...(entities.length > 0 ? { entities } : {}) };
  }
  const body: CardElement[] = [];
  let separated = false;
  for (const block of message.blocks) {
    if (block.type === "divider") {
      separated = true;
      continue;
    }
    const element = renderBlock(block, entities, separated);
    if (element !== undefined) body.push(element);
    separated = false;
  }
  // Teams cannot attach files in channels and group chats; the core always adds a link instead.
  const summary = plainLine(summaryOf(message), SUMMARY_LIMIT, TEAMS_PLAIN);
  return { summary, attachments: [card(body, entities)] };
}

/** The id of a date-and-time field's time input; its date input has the field's own name. */
export const TIME_INPUT_SUFFIX = "__time";
/** A picked wall clock as the core receives it, `2026-12-09 10:00`, or half of it. */
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})?\s*(\d{1,2}:\d{2})?$/;

/**
 * A date-and-time field's value from its two inputs (Input.Date `YYYY-MM-DD`, Input.Time
 * `HH:mm`): `2026-12-09 10:00`, or the half that was picked, for the domain to say what is missing.
 */
export function readPickedDateTime(date: unknown, time: unknown): string {
  const parts = [date, time].map((part) => (typeof part === "string" ? part.trim() : ""));
  return parts.filter(Boolean).join(" ");
}

/** Teams' own pickers: a date and a time, side by side in the form, read in the équipe's zone. */
function dateTimeInputs(field: Extract<FormField, { kind: "datetime" }>, value: string | undefined) {
  const [, date, time] = WALL_CLOCK.exec(value ?? "") ?? [];
  return [
    {
      type: "Input.Date",
      id: field.name,
      label: field.label,
      isRequired: !field.optional,
      ...(date ? { value: date } : {}),
    },
    {
      type: "Input.Time",
      id: `${field.name}${TIME_INPUT_SUFFIX}`,
      isRequired: !field.optional,
      ...(time ? { value: time.padStart(5, "0") } : {}),
    },
  ];
}

/**
 * A form's content as a TextBlock that wraps: Markdown with every run escaped, so people's text
 * reads literally; a member is named (a dialog's card carries no mention entities).
 */
function contentBlock(content: Rich): CardElement {
  const named = content.map(
    (run): Inline =>
      run.type === "mention"
        ? { type: "text", text: run.name, ...(run.strong ? { strong: true } : {}) }
        : run,
  );
  return { type: "TextBlock", text: markdownOf(named, [], TEXT_BLOCK_BREAK), wrap: true };
}

function renderField(field: FormField, errors: FieldErrors, values: Record<string, string>) {
  if (field.kind === "content") {
    const error = errors[field.name];
    return [
      contentBlock(field.content),
      ...(error !== undefined && error.length > 0
        ? [richText(error, { color: "Attention" }, { spacing: "None" })]
        : []),
    ];
  }
  const value =
    values[field.name] ?? (field.kind === "multiselect" ? field.initial.join(",") : field.initial);
  const hint = field.kind === "select" || field.hint === undefined ? [] : field.hint;
  if (field.kind === "datetime") {
    const parts: CardElement[] = dateTimeInputs(field, value);
    if (hint.length > 0) parts.push(richText(hint, NOTE, { spacing: "None" }));
    const error = errors[field.name];
    if (error !== undefined && error.length > 0)
      parts.push(richText(error, { color: "Attention" }, { spacing: "None" }));
    return parts;
  }
  const input =
    field.kind === "select"
      ? {
          type: "Input.ChoiceSet",
          id: field.name,
          label: field.label,
          isRequired: !field.optional,
          choices: field.options.map((o) => ({ title: o.label, value: o.value })),
          ...(value ? { value } : {}),
        }
      : field.kind === "multiselect"
        ? {
            // Checkboxes; Teams submits the ticked values joined by commas, as the core expects.
            type: "Input.ChoiceSet",
            id: field.name,
            label: field.label,
            isRequired: true,
            isMultiSelect: true,
            style: "expanded",
            choices: field.options.map((o) => ({ title: o.label, value: o.value })),
            ...(value ? { value } : {}),
          }
        : {
            type: "Input.Text",
            id: field.name,
            label: field.label,
            isMultiline: field.multiline,
            isRequired: !field.optional,
            maxLength: field.maxLength,
            ...(hint.length > 0 ? { placeholder: plainLine(hint, PLACEHOLDER_LIMIT, TEAMS_PLAIN) } : {}),
            ...(value ? { value } : {}),
          };
  const parts: CardElement[] = [input];
  if (hint.length > 0) parts.push(richText(hint, NOTE, { spacing: "None" }));
  const error = errors[field.name];
  if (error !== undefined && error.length > 0)
    parts.push(richText(error, { color: "Attention" }, { spacing: "None" }));
  return parts;
}

/** What a content block's JSON takes besides its text, and the comma before it. */
const CONTENT_OVERHEAD = JSON.stringify({ type: "TextBlock", text: "", wrap: true }).length + 1;
/** Less room than this for a block's text, and the block is left out. */
const LEAST_CONTENT = 40;

/**
 * A form's content field as a block whose text takes at most `room` code units of JSON: cut when
 * it is longer (`cut`), left out when there is barely room for anything.
 */
function contentElement(content: Rich, room: number): { element?: CardElement; cut: boolean } {
  const element = contentBlock(content);
  const text = String(element.text);
  if (JSON.stringify(text).length <= room) return { element, cut: false };
  if (room < LEAST_CONTENT) return { cut: true };
  return { element: { ...element, text: cutMarkdown(text, room) }, cut: true };
}

/**
 * Markdown cut to at most `room` code units of JSON, at the last paragraph, line or word break that
 * fits, never inside an escape (a lone trailing backslash would escape what follows it).
 */
export function cutMarkdown(text: string, room: number): string {
  let low = 0;
  let high = text.length;
  // The longest prefix whose JSON fits (escapes make the JSON longer than the text).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (JSON.stringify(`${text.slice(0, middle)}…`).length <= room) low = middle;
    else high = middle - 1;
  }
  let kept = text.slice(0, low);
  const paragraph = kept.lastIndexOf(TEXT_BLOCK_BREAK);
  const space = Math.max(kept.lastIndexOf(" "), kept.lastIndexOf("\n"));
  const at = paragraph > low / 2 ? paragraph : space > low / 2 ? space : low;
  kept = kept.slice(0, at).replace(/\\+$/, (slashes) => slashes.slice(slashes.length % 2));
  return `${kept.trimEnd()}…`;
}

/**
 * A form as an Adaptive Card in the conversation (Teams' counterpart of a Slack modal). After a
 * rejected submission it is shown again with the typed values and an error beside each field.
 * Hints and errors are TextRuns, so people's text quoted in them reads literally. Content that
 * would take the card past `MAX_FORM_CARD_UNITS` is cut, with a note in the reader's language
 * saying so (Italian, the product's first, unless told), rather than refused by Teams; every input
 * is always shown.
 */
export function renderForm(
  form: FormSpec,
  errors: FieldErrors = {},
  values: Record<string, string> = {},
  locale: Locale = "it",
): Attachment {
  const title = richText([{ type: "text", text: form.title }], { weight: "Bolder", size: "Medium" });
  const actions = [
    {
      type: "Action.Submit",
      title: form.submit,
      style: "positive",
      data: { [SUBMIT_MARK]: "form", form: form.id, metadata: form.metadata },
    },
  ];
  const note = richText(t(locale, "form.contentCut"), NOTE);
  const parts = form.fields.map((field) => renderField(field, errors, values));
  // Room for content: what the card leaves without it, and the note should anything be cut.
  const rest = parts.flatMap((part, i) => (isContent(form, i) ? part.slice(1) : part));
  const bare = card([title, note, ...rest], [], actions);
  let room = MAX_FORM_CARD_UNITS - JSON.stringify(bare).length;
  const body: CardElement[] = [title];
  let noted = false;
  form.fields.forEach((field, index) => {
    const part = parts[index] ?? [];
    if (field.kind !== "content") {
      body.push(...part);
      return;
    }
    // Once something was cut, later content is left out: the note says the text goes on.
    if (!noted) {
      const { element, cut } = contentElement(field.content, room - CONTENT_OVERHEAD);
      if (element !== undefined) {
        body.push(element);
        room -= JSON.stringify(element).length + 1;
      }
      if (cut) {
        noted = true;
        body.push(note);
      }
    }
    body.push(...part.slice(1));
  });
  return card(body, [], actions);
}

const isContent = (form: FormSpec, index: number) => form.fields[index]?.kind === "content";

/**
 * A form as a dialog: its card when Teams can take it, else what to say instead. Content is cut to
 * fit (`renderForm`), but what the inputs are pre-filled with never is, since a cut value would be
 * saved cut: when the inputs alone take the card past `MAX_FORM_CARD_UNITS`, the person is told
 * where the form is filled in (`form.elsewhere`) rather than sent a card Teams would refuse.
 */
export function renderDialog(
  form: FormSpec,
  errors: FieldErrors = {},
  values: Record<string, string> = {},
  locale: Locale = "it",
): { card: Attachment } | { instead: Rich } {
  const card = renderForm(form, errors, values, locale);
  if (JSON.stringify(card.content).length <= MAX_FORM_CARD_UNITS) return { card };
  return { instead: form.elsewhere ?? t(locale, "dialog.unavailable") };
}

/** What a submitted form card turns into: a line saying it was sent (the typed values are not kept on screen). */
export function renderFormDone(note: Rich): Attachment {
  return card([richText(note, { isSubtle: true })], []);
}
