import type { Attachment } from "botbuilder";
import type { FormField, FormSpec } from "../../src/domain/forms.ts";
import type { Block, MessageModel } from "../../src/domain/message.ts";

/** The highest Adaptive Card version Teams renders. */
export const CARD_VERSION = "1.5";
const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
/** Marks the data of our own Action.Submit buttons, so that other submits are ignored. */
export const SUBMIT_MARK = "equipe";
/** The bot's name as people @mention it in Teams (manifest `name.short`). */
export const BOT_NAME = "Équipe";

/** A neutral `<@id>` or `<@id|name>` mention. */
const MENTION = /<@([^|>\s]+)(?:\|([^>]*))?>/g;
/** A command example written the neutral (Slack) way: `` `/equipe aiuto` ``. */
const COMMAND_EXAMPLE = /`\/equipe\b/g;
/** Slack-style `*bold*` (single asterisks, not already doubled). */
const BOLD = /(^|[^*])\*([^*\n]+)\*(?!\*)/g;

export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * Our neutral text to Teams markdown: `*bold*` → `**bold**`, commands as people type them in
 * Teams (`@Équipe aiuto`), mentions as `<at>name</at>` with the entity Teams needs to link them.
 */
export function renderText(text: string, entities: MentionEntity[]): string {
  return text
    .replace(BOLD, "$1**$2**")
    .replace(COMMAND_EXAMPLE, `\`@${BOT_NAME}`)
    .replace(MENTION, (_all, id: string, name: string | undefined) => {
      const shown = name?.trim() || id;
      const at = `<at>${shown}</at>`;
      if (!entities.some((e) => e.mentioned.id === id)) {
        entities.push({ type: "mention", text: at, mentioned: { id, name: shown } });
      }
      return at;
    });
}

type CardElement = Record<string, unknown>;

function renderBlock(block: Block, entities: MentionEntity[], separated: boolean): CardElement {
  const separator = separated ? { separator: true, spacing: "Medium" } : {};
  switch (block.type) {
    case "text":
      return { type: "TextBlock", text: renderText(block.text, entities), wrap: true, ...separator };
    case "context":
      return {
        type: "TextBlock",
        text: renderText(block.text, entities),
        wrap: true,
        size: "Small",
        isSubtle: true,
        ...separator,
      };
    case "divider":
      return { type: "Container", items: [], separator: true, spacing: "Medium" };
    case "actions":
      return {
        type: "ActionSet",
        ...separator,
        actions: block.buttons.map((button) => ({
          type: "Action.Submit",
          title: button.selected ? `✓ ${button.label}` : button.label,
          ...(button.style === "primary" ? { style: "positive" } : {}),
          ...(button.style === "danger" ? { style: "destructive" } : {}),
          data: { [SUBMIT_MARK]: "action", actionId: button.actionId, value: button.value },
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

/** A message as Teams sends it: plain text when it is only text, else one Adaptive Card. */
export function renderMessage(message: MessageModel): {
  text?: string;
  textFormat?: string;
  summary?: string;
  attachments?: Attachment[];
  entities?: MentionEntity[];
} {
  const entities: MentionEntity[] = [];
  const onlyText = message.blocks.every((b) => b.type === "text");
  if (onlyText) {
    const text = renderText(
      message.blocks.map((b) => (b.type === "text" ? b.text : "")).join("\n\n") || message.text,
      entities,
    );
    return { text, textFormat: "markdown", ...(entities.length > 0 ? { entities } : {}) };
  }
  const body: CardElement[] = [];
  let separated = false;
  for (const block of message.blocks) {
    if (block.type === "divider") {
      separated = true;
      continue;
    }
    body.push(renderBlock(block, entities, separated));
    separated = false;
  }
  // Teams cannot attach files in channels and group chats; the core always adds a link instead.
  return { summary: renderText(message.text, []), attachments: [card(body, entities)] };
}

function renderField(field: FormField, errors: Record<string, string>, values: Record<string, string>) {
  const value =
    values[field.name] ?? (field.kind === "multiselect" ? field.initial.join(",") : field.initial);
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
            ...(field.hint ? { placeholder: field.hint.slice(0, 120) } : {}),
            ...(value ? { value } : {}),
          };
  const parts: CardElement[] = [input];
  if (field.kind !== "select" && field.hint)
    parts.push({
      type: "TextBlock",
      text: field.hint,
      wrap: true,
      size: "Small",
      isSubtle: true,
      spacing: "None",
    });
  const error = errors[field.name];
  if (error) parts.push({ type: "TextBlock", text: error, wrap: true, color: "Attention", spacing: "None" });
  return parts;
}

/**
 * A form as an Adaptive Card in the conversation (Teams' counterpart of a Slack modal). After a
 * rejected submission it is shown again with the typed values and an error beside each field.
 */
export function renderForm(
  form: FormSpec,
  errors: Record<string, string> = {},
  values: Record<string, string> = {},
): Attachment {
  const body: CardElement[] = [
    { type: "TextBlock", text: form.title, weight: "Bolder", size: "Medium", wrap: true },
    ...form.fields.flatMap((field) => renderField(field, errors, values)),
  ];
  return card(
    body,
    [],
    [
      {
        type: "Action.Submit",
        title: form.submit,
        style: "positive",
        data: { [SUBMIT_MARK]: "form", form: form.id, metadata: form.metadata },
      },
    ],
  );
}

/** What a submitted form card turns into: a line saying it was sent (the typed values are not kept on screen). */
export function renderFormDone(note: string): Attachment {
  return card([{ type: "TextBlock", text: note, wrap: true, isSubtle: true }], []);
}
