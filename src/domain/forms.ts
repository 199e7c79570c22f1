import type { Rich } from "../content/model.ts";

/**
 * A platform-neutral form (Slack modal, Teams Adaptive Card, later a web page), already in the
 * reader's language. Labels and choices are plain text on every platform; hints are content
 * (they may name a command, which each platform writes its own way).
 */
export type FormField =
  | {
      kind: "select";
      name: string;
      label: string;
      options: { value: string; label: string }[];
      initial?: string | undefined;
      optional?: boolean | undefined;
    }
  | {
      /** Several choices; submitted as the chosen values joined by commas (values carry no commas). */
      kind: "multiselect";
      name: string;
      label: string;
      options: { value: string; label: string }[];
      initial: string[];
      hint?: Rich | undefined;
    }
  | {
      /**
       * A date and a time from the platform's own pickers (Slack `datetimepicker`, Adaptive Cards
       * `Input.Date` + `Input.Time`). Submitted as an instant with its offset
       * (`2026-12-09T09:00:00.000Z`) where the platform picks one, else as the wall clock
       * `2026-12-09 10:00` (read in the équipe's zone), half of it when only half was picked;
       * "" when left empty. The domain reads it like a typed time.
       */
      kind: "datetime";
      name: string;
      label: string;
      hint?: Rich | undefined;
      initial?: string | undefined;
      optional: boolean;
    }
  | {
      kind: "text";
      name: string;
      label: string;
      hint?: Rich | undefined;
      initial?: string | undefined;
      multiline: boolean;
      optional: boolean;
      maxLength: number;
    }
  | {
      /**
       * Text shown in the form, never submitted (it has no value, and no platform reads it back):
       * a section of a case summary, a title line and paragraphs, possibly several thousand
       * characters. Each platform shows it in its own blocks, people's text literally, cut with a
       * note where the form cannot hold it all.
       */
      kind: "content";
      name: string;
      content: Rich;
    };

export interface FormSpec {
  /** Routes the submission back to its form (see src/core/feature.ts). */
  id: string;
  title: string;
  submit: string;
  cancel: string;
  /** Opaque to the platform, returned with the submission: ids only. */
  metadata: string;
  fields: FormField[];
  /**
   * Its content must never be kept in the conversation: shown only where nothing stays in the
   * chat history (a Slack modal, a Teams dialog), never posted as a message or a card.
   */
  confidential?: boolean | undefined;
  /**
   * Where this form is filled in when a platform cannot hold what its inputs are pre-filled with
   * (a Teams dialog's card has a size limit): said instead of a form the platform would refuse,
   * because cutting a pre-filled value would lose text when it is saved.
   */
  elsewhere?: Rich | undefined;
}

/** The fields a person fills in (every one but the content shown). */
export type InputField = Exclude<FormField, { kind: "content" }>;

export const isInputField = (field: FormField): field is InputField => field.kind !== "content";

/** A rejected submission: an error beside each field, in the submitter's language. */
export type FieldErrors = Record<string, Rich>;
