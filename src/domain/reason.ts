import { DomainError } from "./errors.ts";

/** The longest reason a coordinator may give for a costly step (as for a decision's reasons). */
export const MAX_STEP_REASON_LENGTH = 1000;

/**
 * The reason a coordinator gives for a costly step (cancelling, moving, confirming a time the
 * family cannot attend, withdrawing a decision): required, trimmed, within bounds.
 */
export function parseReason(value: string): string | DomainError {
  const reason = value.trim();
  if (reason === "") return new DomainError("reason.missing");
  if (reason.length > MAX_STEP_REASON_LENGTH)
    return new DomainError("reason.tooLong", { max: MAX_STEP_REASON_LENGTH });
  return reason;
}
