import type { Rich } from "../../src/content/model.ts";
import type { FormField, FormSpec } from "../../src/domain/forms.ts";

/**
 * A confidential reading form as the summaries feature makes one: content fields (the sections),
 * then inputs. The Slack modal and the Teams dialog renderers are both tested on it.
 */
export const NOTE: FormField = {
  kind: "text",
  name: "note",
  label: "Nota",
  multiline: true,
  optional: false,
  maxLength: 500,
};
export const ANSWER: FormField = {
  kind: "select",
  name: "answer",
  label: "Risposta",
  options: [{ value: "ok", label: "Va bene" }],
};

/** The form with these sections to read, and these inputs after them. */
export function contentForm(sections: Rich[], inputs: FormField[] = [NOTE, ANSWER]): FormSpec {
  return {
    id: "read",
    title: "Sintesi del caso",
    submit: "Presa visione",
    cancel: "Chiudi",
    metadata: "FAM-2027-301",
    confidential: true,
    fields: [
      ...sections.map((content, i): FormField => ({ kind: "content", name: `s${i}`, content })),
      ...inputs,
    ],
  };
}
