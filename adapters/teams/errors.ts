import { DeliveryError } from "../../src/ports/channel.ts";

/** Microsoft's guidance for Teams bots: retry these with back-off, honour Retry-After. */
export const RETRYABLE_STATUSES = new Set([412, 429, 502, 504, 500, 503]);
const RATE_LIMITED_STATUS = 429;
/** Creating a one-to-one chat fails with these when the app is not installed for the person. */
const UNREACHABLE_STATUSES = new Set([403, 404]);

interface ConnectorFailure {
  statusCode?: unknown;
  code?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined } };
}

export function statusOf(error: unknown): number | undefined {
  const e = error as ConnectorFailure | null;
  return typeof e?.statusCode === "number" ? e.statusCode : undefined;
}

export function retryAfterOf(error: unknown): number | undefined {
  const e = error as ConnectorFailure | null;
  const header = e?.response?.headers?.get?.("retry-after");
  const seconds = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Whether an error from the Bot Connector is worth another try. */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  // No status: the request never got an answer (network, DNS, timeout).
  return status === undefined ? !(error instanceof DeliveryError) : RETRYABLE_STATUSES.has(status);
}

/**
 * Maps whatever the Bot Connector client threw onto the dispatcher's decision. Never shown to
 * users; `personal` says the call was opening a one-to-one chat, where 403/404 mean "app not
 * installed for this person".
 */
export function toDeliveryError(error: unknown, personal = false, limit?: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = statusOf(error);
  if (status === undefined) return new DeliveryError("teams_request_error", true);
  if (personal && UNREACHABLE_STATUSES.has(status))
    return new DeliveryError(`teams_unreachable_${status}`, false, undefined, true);
  return new DeliveryError(
    `teams_http_${status}`,
    RETRYABLE_STATUSES.has(status),
    retryAfterOf(error),
    false,
    status === RATE_LIMITED_STATUS ? limit : undefined,
  );
}
