import type { IncomingMessage, RequestListener } from "node:http";
import { HTTPModuleFunctions } from "@slack/bolt";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { readWhole } from "../../src/http/body-limit.ts";
import { answer, envelopeSchema, isSigned, onHeaders, SSL_CHECK_MAX_BYTES } from "./envelope.ts";

/** A body Bolt has read into memory already, as its receiver takes it (its `rawBody`). */
type Buffered = IncomingMessage & { rawBody?: Buffer };

/** Slack's SSL check: an unsigned form `ssl_check=1`, which Bolt answers (and strips of anything else). */
const isSslCheck = (req: IncomingMessage, body: Buffer) =>
  req.headers["content-type"] === "application/x-www-form-urlencoded" &&
  new URLSearchParams(body.toString("utf8")).get("ssl_check") === "1";

/**
 * Slack's endpoint in front of Bolt's receiver, which buffers a body before it checks the
 * signature, reads a timestamp only for its age, and crashes the process (an unhandled rejection
 * of its own) on a signed body that is not an object. Here, in this order:
 *
 * 1. a request without a timestamp or a signature, or whose timestamp is more than five minutes from
 *    now either way, is refused (401) with the body unread — but for one small enough to be Slack's
 *    unsigned SSL check, read (at most 1 KB) and, if it is one, answered by Bolt;
 * 2. the body is read (at most `limit` bytes) and its signature checked (401 otherwise);
 * 3. the body is parsed as Bolt will parse it; one that is not an object, or whose envelope is not
 *    the shape Bolt reads, is refused (400);
 * 4. Bolt gets the request with the body already read (its `rawBody`), and checks it again.
 */
export function guardedListener(
  bolt: RequestListener,
  options: {
    signingSecret: string;
    limit: number;
    now?: () => number;
    log: ServiceDeps["log"];
  },
): RequestListener {
  const now = options.now ?? Date.now;
  return (req, res) => {
    const verdict = onHeaders(req, now());
    if (verdict.kind === "stale" || verdict.kind === "unsigned") {
      options.log(`slack.request.${verdict.kind}`, {});
      answer(res, 401);
      return;
    }
    readWhole(req, verdict.kind === "signed" ? options.limit : SSL_CHECK_MAX_BYTES)
      .then((body) => {
        if (body === undefined) return answer(res, 413);
        const buffered = req as Buffered;
        buffered.rawBody = body;
        if (verdict.kind !== "signed") return isSslCheck(req, body) ? bolt(req, res) : answer(res, 401);
        if (!isSigned(options.signingSecret, verdict.timestamp, body, verdict.signature))
          return answer(res, 401);
        let parsed: unknown;
        try {
          parsed = HTTPModuleFunctions.parseHTTPRequestBody(
            buffered as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0],
          );
        } catch {
          parsed = undefined;
        }
        if (!envelopeSchema.safeParse(parsed).success) {
          options.log("slack.request.malformed", {});
          return answer(res, 400);
        }
        return bolt(req, res);
      })
      .catch((error: unknown) => {
        // The client went away mid-body, or Bolt's listener threw: this request ends here.
        options.log("slack.request.failed", { error: error instanceof Error ? error.name : "unknown" });
        answer(res, 400);
      });
  };
}
