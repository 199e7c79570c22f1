import type { types, webApi } from "@slack/bolt";
import { z } from "zod";
import type { Rich } from "../../src/content/model.ts";
import { DomainError } from "../../src/domain/errors.ts";
import {
  type FieldErrors,
  type FormField,
  type FormSpec,
  type InputField,
  isInputField,
} from "../../src/domain/forms.ts";
import { t } from "../../src/i18n/catalogue.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import { platformErrorOf } from "./errors.ts";
import { contentBlocks, slackPlain } from "./render.ts";

/** Block Kit limits: modal titles and buttons 24 characters, option labels 75, input hints 2000. */
const TITLE_LIMIT = 24;
const OPTION_LIMIT = 75;
const HINT_LIMIT = 2000;
/**
 * Block Kit caps a plain_text_input's `max_length` at 3000 characters, and refuses a modal whose
 * input is pre-filled with more than that.
 */
const INPUT_LIMIT = 3000;
/** Slack documents no limit for a field error; it sits where the hint does, so the hint's limit. */
const ERROR_LIMIT = 2000;
/** The one action inside each input block; the block id carries the field name. */
const VALUE_ACTION = "value";

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** plain_text is shown as it is: labels, choices and hints need no escaping. */
const plain = (text: string, max = 150): types.PlainTextElement => ({
  type: "plain_text",
  text: cut(text, max),
});
/** A hint, when there is one to show (Slack refuses an empty plain_text). */
const hint = (content: Rich | undefined) => {
  const text = content === undefined ? "" : slackPlain(content);
  return text === "" ? {} : { hint: plain(text, HINT_LIMIT) };
};

/** Block Kit caps a modal at 100 blocks, inputs and text alike. */
const MAX_VIEW_BLOCKS = 100;

type ModalBlock = types.KnownBlock;

/** Every field is an input block named after it, with its label and hint around one element. */
function inputBlock(field: InputField): types.InputBlock {
  const input = (optional: boolean, element: types.InputBlock["element"]): types.InputBlock => ({
    type: "input",
    block_id: field.name,
    label: plain(field.label),
    optional,
    ...("hint" in field ? hint(field.hint) : {}),
    element,
  });
  if (field.kind === "select") {
    const options = field.options.map((o) => ({ text: plain(o.label, OPTION_LIMIT), value: o.value }));
    const initial = options.find((o) => o.value === field.initial);
    return input(field.optional ?? false, {
      type: "static_select",
      action_id: VALUE_ACTION,
      options,
      ...(initial ? { initial_option: initial } : {}),
    });
  }
  if (field.kind === "multiselect") {
    const options = field.options.map((o) => ({ text: plain(o.label, OPTION_LIMIT), value: o.value }));
    const initial = options.filter((o) => field.initial.includes(o.value));
    return input(false, {
      type: "multi_static_select",
      action_id: VALUE_ACTION,
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    });
  }
  if (field.kind === "datetime") {
    // Slack's own date-and-time picker: it hands back a UNIX timestamp in seconds.
    const initial = field.initial ? Date.parse(field.initial) : Number.NaN;
    return input(field.optional, {
      type: "datetimepicker",
      action_id: VALUE_ACTION,
      ...(Number.isNaN(initial) ? {} : { initial_date_time: Math.floor(initial / 1000) }),
    });
  }
  return input(field.optional, {
    type: "plain_text_input",
    action_id: VALUE_ACTION,
    multiline: field.multiline,
    // Slack refuses a longer limit: a summary's section may hold more, but is typed here up to Slack's.
    max_length: Math.min(field.maxLength, INPUT_LIMIT),
    ...(field.initial ? { initial_value: field.initial } : {}),
  });
}

/**
 * A form as a modal (a modal is never kept in the conversation: confidential forms need nothing
 * more). Content fields are rich-text sections, people's text literal; every input is always
 * shown, and content that would take the modal past Slack's 100 blocks is cut, with a note in
 * the reader's language saying so (Italian, the product's first, unless told), rather than
 * refused by Slack.
 */
export function renderModal(form: FormSpec, locale: Locale = "it"): types.ModalView {
  if (form.fields.some(tooLongToPrefill)) return elsewhereModal(form, locale);
  const inputs = form.fields.filter(isInputField).length;
  // Room for content: what the inputs leave, one block kept for the note should it be cut.
  let room = MAX_VIEW_BLOCKS - inputs;
  const shown = form.fields.map((field) => ({
    input: isInputField(field),
    blocks: isInputField(field) ? [inputBlock(field)] : contentBlocks(field.content),
  }));
  const wanted = shown.reduce((sum, part) => sum + (part.input ? 0 : part.blocks.length), 0);
  if (wanted > room) room -= 1;
  const blocks: ModalBlock[] = [];
  let noted = false;
  for (const part of shown) {
    if (part.input) {
      blocks.push(...part.blocks);
      continue;
    }
    const kept = part.blocks.slice(0, Math.max(0, room));
    room -= kept.length;
    blocks.push(...kept);
    if (kept.length < part.blocks.length && !noted) {
      noted = true;
      blocks.push(cutNote(locale));
    }
  }
  return modalOf(form, blocks, { submit: true });
}

/** A modal of this form: its title and buttons, and what a submission carries back. */
const modalOf = (form: FormSpec, blocks: ModalBlock[], { submit }: { submit: boolean }): types.ModalView => ({
  type: "modal",
  callback_id: `form:${form.id}`,
  private_metadata: form.metadata,
  title: plain(form.title, TITLE_LIMIT),
  ...(submit ? { submit: plain(form.submit, TITLE_LIMIT) } : {}),
  close: plain(form.cancel, TITLE_LIMIT),
  blocks,
});

/** A text input pre-filled with more than Slack takes: never cut, since a cut value would be saved cut. */
const tooLongToPrefill = (field: FormField) =>
  field.kind === "text" && (field.initial ?? "").length > INPUT_LIMIT;

/**
 * Instead of a form whose pre-filled inputs Slack would refuse: a modal with nothing to submit that
 * says, in the reader's language, where the form is filled in (`form.elsewhere`).
 */
const elsewhereModal = (form: FormSpec, locale: Locale): types.ModalView =>
  modalOf(form, contentBlocks(form.elsewhere ?? t(locale, "dialog.unavailable")), { submit: false });

/** Where content was cut: "…" and what it means, plain text (shown as it is). */
function cutNote(locale: Locale): types.ContextBlock {
  return {
    type: "context",
    elements: [
      { type: "plain_text", text: cut(slackPlain(t(locale, "form.contentCut")), 2000), emoji: false },
    ],
  };
}

/**
 * Field errors for a `response_action: "errors"` answer: plain text beside each field, cut to
 * fit. Slack shows them as they are, so people's text quoted in an error reads literally. Slack
 * shows errors only beside inputs: one meant for a content field goes beside the form's first input.
 */
export function renderErrors(errors: FieldErrors, form?: FormSpec): Record<string, string> {
  const inputs = new Set(form?.fields.filter(isInputField).map((f) => f.name));
  const first = form?.fields.find(isInputField)?.name;
  const placed: Record<string, Rich[]> = {};
  for (const [field, error] of Object.entries(errors)) {
    const at = form === undefined || inputs.has(field) ? field : first;
    if (at !== undefined) placed[at] = [...(placed[at] ?? []), error];
  }
  return Object.fromEntries(
    Object.entries(placed).map(([field, list]) => [
      field,
      cut(list.map((error) => slackPlain(error)).join("\n"), ERROR_LIMIT),
    ]),
  );
}

const stateValueSchema = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  /** A datetimepicker's choice: seconds since the epoch. */
  selected_date_time: z.number().int().min(0).max(1e11).nullish(),
});
const viewStateSchema = z.object({
  values: z.record(z.string(), z.record(z.string(), stateValueSchema)),
});

/**
 * The submitted values by field name (several choices joined by commas, a picked date and time
 * as an ISO instant); missing optional fields read as "".
 */
export function readSubmission(
  state: unknown,
  fieldNames: readonly string[],
): Record<string, string> | undefined {
  const parsed = viewStateSchema.safeParse(state);
  if (!parsed.success) return undefined;
  const values: Record<string, string> = {};
  for (const name of fieldNames) {
    const entry = parsed.data.values[name]?.[VALUE_ACTION];
    const picked = entry?.selected_date_time;
    values[name] =
      (typeof picked === "number" ? new Date(picked * 1000).toISOString() : undefined) ??
      entry?.selected_options?.map((o) => o.value).join(",") ??
      entry?.selected_option?.value ??
      entry?.value ??
      "";
  }
  return values;
}

/**
 * Opens `form` as a modal, with the trigger of the click or command that asked for it. Slack
 * accepts a trigger for three seconds: when the work waited longer than that (the service very
 * busy), the person is told so and asked to do it again, rather than told that something failed.
 */
export async function openModal(
  client: webApi.WebClient,
  triggerId: string,
  form: FormSpec,
  locale: Locale,
): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view: renderModal(form, locale) });
  } catch (error) {
    if (platformErrorOf(error) === "expired_trigger_id") throw new DomainError("form.tooLate");
    throw error;
  }
}
