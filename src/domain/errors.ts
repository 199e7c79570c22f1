import type { MessageKey } from "../i18n/catalogue.ts";

/**
 * A refusal or a validation failure that a person should read. Services throw it; adapters
 * turn `code` into a sentence of the catalogue in the reader's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
