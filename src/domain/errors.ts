import type { Rich } from "../content/model.ts";
import { type MessageKey, translate } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { ParamValue } from "../i18n/template.ts";

/**
 * A refusal or a validation failure that a person should read. Services throw it; the core
 * turns `code` into a sentence of the catalogue in the reader's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, ParamValue> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }

  /** The sentence, in the reader's language. */
  text(locale: Locale): Rich {
    return translate(locale, this.code, this.params);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
