import { DeliveryError } from "../../src/ports/channel.ts";

/** Slack Web API error codes worth another try later (from the API's error catalogue). */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** The error code of a Web API call Slack answered `ok: false` (`message_not_found`, …), if that is what failed. */
export function platformErrorOf(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === "string" ? code : undefined;
}

/** Maps whatever `@slack/web-api` threw onto the dispatcher's retry decision. Never shown to users. */
export function toDeliveryError(error: unknown, limit?: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (typeof error !== "object" || error === null) return new DeliveryError("slack_unknown", true);
  const e = error as {
    code?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
    data?: { error?: unknown };
  };
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return new DeliveryError(
        "slack_rate_limited",
        true,
        typeof e.retryAfter === "number" ? e.retryAfter : undefined,
        false,
        limit,
      );
    case "slack_webapi_request_error":
      return new DeliveryError("slack_request_error", true);
    case "slack_webapi_http_error": {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      return new DeliveryError(`slack_http_${status}`, status >= 500 || status === 429);
    }
    case "slack_webapi_platform_error": {
      const code = platformErrorOf(error) ?? "unknown";
      return new DeliveryError(`slack_${code}`, RETRYABLE_PLATFORM_ERRORS.has(code));
    }
    default:
      return new DeliveryError("slack_unknown", true);
  }
}
