/** A platform-neutral form (Slack modal, Teams Adaptive Card), already in the reader's language. */
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
      hint?: string | undefined;
    }
  | {
      kind: "text";
      name: string;
      label: string;
      hint?: string | undefined;
      initial?: string | undefined;
      multiline: boolean;
      optional: boolean;
      maxLength: number;
    };

export const FORM_IDS = ["convene", "decide", "viewpoint", "outcome"] as const;
export type FormId = (typeof FORM_IDS)[number];

export interface FormSpec {
  /** Routes the submission back to its use case. */
  id: FormId;
  title: string;
  submit: string;
  cancel: string;
  /** Opaque to the platform, returned with the submission: ids only. */
  metadata: string;
  fields: FormField[];
}
