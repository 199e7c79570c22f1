import type { MessageKey } from "../i18n/catalogue.ts";
import type { ParamValue } from "../i18n/template.ts";

/**
 * A refusal or a validation failure that a person should read. Services throw it; the core
 * turns `code` into a sentence of the catalogue in the reader's language (`refusalText`).
 */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, ParamValue> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
