import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { HTTPModuleFunctions } from "@slack/bolt";
import { z } from "zod";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { readWhole } from "../../src/http/body-limit.ts";

/**
 * How far a request's `X-Slack-Request-Timestamp` may be from our clock, either way, in seconds.
 * Slack's own rule is five minutes in the past (replays); Bolt checks only that. A timestamp in
 * the future is refused alike: a signed request kept for later must not be good for longer.
 */
export const SLACK_FRESHNESS_SECONDS = 5 * 60;

/** Where Bolt reads an object when one of these is present: absent is fine, anything else is not. */
const record = z.record(z.string(), z.unknown());
const recordOrNull = record.nullable();

/** The parts of an interaction Bolt reads as objects, each where present. */
const interactionParts = {
  user: record,
  team: recordOrNull.optional(),
  enterprise: recordOrNull.optional(),
  channel: record.optional(),
  container: record.optional(),
  message: record.optional(),
  state: record.optional(),
  authorizations: z.array(record).optional(),
};

/**
 * The requests this app takes, as far as Bolt reads them before any listener of ours
 * (@slack/bolt's helpers.js and App.processEvent): each part Bolt dereferences an object where it
 * expects one, and the kinds our listeners answer — a slash command, an event, a click, a modal
 * submitted (Slack's URL verification aside, which Bolt answers). Anything else no listener would
 * acknowledge (Bolt would hold the request for 3 s, then say 404): refused at once. Listeners check
 * the rest with their own schemas (payloads.ts, forms.ts).
 */
const envelopeSchema = z.union([
  z.looseObject({ command: z.string(), text: z.string().optional(), channel_id: z.string().optional() }),
  z.looseObject({ type: z.literal("url_verification"), challenge: z.string() }),
  z.looseObject({
    type: z.literal("event_callback"),
    event: z.looseObject({
      type: z.string(),
      item: record.optional(),
      message: recordOrNull.optional(),
      previous_message: recordOrNull.optional(),
      assistant_thread: recordOrNull.optional(),
      channel: z.union([z.string(), record]).optional(),
    }),
    authorizations: z.array(record).optional(),
  }),
  z.looseObject({
    type: z.literal("block_actions"),
    actions: z.array(z.looseObject({ action_id: z.string() })).min(1),
    view: record.optional(),
    ...interactionParts,
  }),
  z.looseObject({
    type: z.literal("view_submission"),
    view: z.looseObject({ callback_id: z.string().startsWith("form:") }),
    ...interactionParts,
  }),
]);

/** A body Bolt has read into memory already, as its receiver takes it (its `rawBody`). */
type Buffered = IncomingMessage & { rawBody?: Buffer };

/** The one header of this name, or undefined (absent, or given twice). */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Whether `timestamp` (seconds, as Slack writes it) is within five minutes of `now`, either way. */
export function isFresh(timestamp: string, now: number): boolean {
  if (!/^[0-9]{1,12}$/.test(timestamp)) return false;
  return Math.abs(now / 1000 - Number(timestamp)) <= SLACK_FRESHNESS_SECONDS;
}

/** Slack's v0 signature of this body at this timestamp, compared in constant time. */
function isSigned(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(
    `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The most of an unsigned request's body read, to find out whether it is Slack's SSL check (a form
 * `ssl_check=1&token=…` of a few dozen bytes): the one request Slack sends without a timestamp or
 * a signature.
 */
const SSL_CHECK_MAX_BYTES = 1024;

/**
 * Whether an unsigned request could be Slack's SSL check, from its headers alone: neither a
 * timestamp nor a signature, a form, and a declared length that small (Node reads no further).
 * Any other unsigned request is refused with its body unread.
 */
function mayBeSslCheck(req: IncomingMessage, timestamp: string | undefined, signature: string | undefined) {
  const length = req.headers["content-length"];
  return (
    timestamp === undefined &&
    signature === undefined &&
    req.headers["content-type"] === "application/x-www-form-urlencoded" &&
    req.headers["transfer-encoding"] === undefined &&
    length !== undefined &&
    Number(length) <= SSL_CHECK_MAX_BYTES
  );
}

/** Slack's SSL check: an unsigned form `ssl_check=1`, which Bolt answers (and strips of anything else). */
const isSslCheck = (req: IncomingMessage, body: Buffer) =>
  req.headers["content-type"] === "application/x-www-form-urlencoded" &&
  new URLSearchParams(body.toString("utf8")).get("ssl_check") === "1";

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, status === 401 ? { connection: "close" } : {}).end();
}

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
    const timestamp = header(req, "x-slack-request-timestamp");
    const signature = header(req, "x-slack-signature");
    if (timestamp !== undefined && !isFresh(timestamp, now())) {
      options.log("slack.request.stale", {});
      answer(res, 401);
      return;
    }
    const signed = timestamp !== undefined && signature !== undefined;
    if (!signed && !mayBeSslCheck(req, timestamp, signature)) {
      options.log("slack.request.unsigned", {});
      answer(res, 401);
      return;
    }
    readWhole(req, signed ? options.limit : SSL_CHECK_MAX_BYTES)
      .then((body) => {
        if (body === undefined) return answer(res, 413);
        const buffered = req as Buffered;
        buffered.rawBody = body;
        if (!signed) return isSslCheck(req, body) ? bolt(req, res) : answer(res, 401);
        if (!isSigned(options.signingSecret, timestamp, body, signature)) return answer(res, 401);
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
