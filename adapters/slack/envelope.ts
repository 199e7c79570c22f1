import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { z } from "zod";
import { SLASH_COMMAND, served, slashCommandSchema } from "./payloads.ts";

/**
 * What Slack's endpoint checks before Bolt reads a request, without Bolt: the gate in front of
 * Bolt's receiver (gate.ts) and the front thread that acknowledges clicks (src/http/front.ts) use
 * the same checks.
 */

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

const commandEnvelope = z.looseObject({
  command: z.string(),
  text: z.string().optional(),
  channel_id: z.string().optional(),
});
const eventEnvelope = z.looseObject({
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
});
const clickEnvelope = z.looseObject({
  type: z.literal("block_actions"),
  actions: z.array(z.looseObject({ action_id: z.string() })).min(1),
  view: record.optional(),
  ...interactionParts,
});

/**
 * The requests this app takes, as far as Bolt reads them before any listener of ours
 * (@slack/bolt's helpers.js and App.processEvent): each part Bolt dereferences an object where it
 * expects one, and the kinds our listeners answer — a slash command, an event, a click, a modal
 * submitted (Slack's URL verification aside, which Bolt answers). Anything else no listener would
 * acknowledge (Bolt would hold the request for 3 s, then say 404): refused at once. Listeners check
 * the rest with their own schemas (payloads.ts, forms.ts).
 */
export const envelopeSchema = z.union([
  commandEnvelope,
  z.looseObject({ type: z.literal("url_verification"), challenge: z.string() }),
  eventEnvelope,
  clickEnvelope,
  z.looseObject({
    type: z.literal("view_submission"),
    view: z.looseObject({ callback_id: z.string().startsWith("form:") }),
    ...interactionParts,
  }),
]);

/** The one header of this name, or undefined (absent, or given twice). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Whether `timestamp` (seconds, as Slack writes it) is within five minutes of `now`, either way. */
export function isFresh(timestamp: string, now: number): boolean {
  if (!/^[0-9]{1,12}$/.test(timestamp)) return false;
  return Math.abs(now / 1000 - Number(timestamp)) <= SLACK_FRESHNESS_SECONDS;
}

/** Slack's v0 signature of this body at this timestamp, compared in constant time. */
export function isSigned(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
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
export const SSL_CHECK_MAX_BYTES = 1024;

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

/** What a request's headers alone say, before a byte of its body is read. */
export type HeadersVerdict =
  | { kind: "stale" }
  | { kind: "unsigned" }
  | { kind: "mayBeSslCheck" }
  | { kind: "signed"; timestamp: string; signature: string };

/**
 * A request's headers, judged: a timestamp more than five minutes from `now` either way is stale;
 * without a timestamp or a signature it is unsigned, unless it could be Slack's SSL check.
 * Stale and unsigned requests are refused with their body unread.
 */
export function onHeaders(req: IncomingMessage, now: number): HeadersVerdict {
  const timestamp = header(req, "x-slack-request-timestamp");
  const signature = header(req, "x-slack-signature");
  if (timestamp !== undefined && !isFresh(timestamp, now)) return { kind: "stale" };
  if (timestamp !== undefined && signature !== undefined) return { kind: "signed", timestamp, signature };
  return mayBeSslCheck(req, timestamp, signature) ? { kind: "mayBeSslCheck" } : { kind: "unsigned" };
}

/** An empty answer; a refusal (401) closes the connection, so that the body is never read. */
export function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, status === 401 ? { connection: "close" } : {}).end();
}

/**
 * A body as Bolt parses it (@slack/bolt's `HTTPModuleFunctions.parseHTTPRequestBody`, which this
 * mirrors line for line, without loading Bolt): a form's `payload` field as JSON when there is one
 * (an interaction), the form's fields otherwise (a slash command), JSON for anything else (an
 * event). Throws on JSON that does not parse.
 */
export function parseSlackBody(contentType: string | undefined, body: Buffer): unknown {
  const text = body.toString();
  if (contentType === "application/x-www-form-urlencoded") {
    const fields = parseQuery(text);
    const { payload } = fields;
    if (typeof payload === "string") return JSON.parse(payload);
    return fields;
  }
  return JSON.parse(text);
}

/**
 * What the front thread (src/http/front.ts) may acknowledge on its own, of a signed, fresh
 * request, Slack wanting nothing but an empty 200 for it; its work is done after, on the main
 * thread. Told apart in the order Bolt tells them apart (`getTypeAndConversation` in Bolt's
 * helpers.js), so that a request is never acknowledged as one kind that Bolt would read as another:
 * - `event`: an Events API delivery, which Bolt acknowledges at once, empty, whatever it holds
 *   (`function_executed` aside, whose listener may answer it: this app has none);
 * - `command`: our slash command (`SLASH_COMMAND`, in the shape its listener reads) from a
 *   workspace served. Another command has no listener (Bolt would let it time out, and Slack tell
 *   the person), and a workspace not served is refused in the acknowledgement itself: both are
 *   the main thread's to answer;
 * - `click`: a click (`block_actions`) in the shape Bolt and our listener read.
 * Anything else (a form submitted, whose answer may carry its errors; Slack's URL verification,
 * whose answer is its challenge; a shape Bolt would trip on) is the main thread's to answer.
 */
export type AcknowledgedInFront = "event" | "command" | "click";

export function acknowledgedInFront(
  envelope: unknown,
  allowedTeams: readonly string[] | undefined,
): AcknowledgedInFront | undefined {
  if (typeof envelope !== "object" || envelope === null) return undefined;
  const { event, command, name, type, actions } = envelope as Record<string, unknown>;
  if (event !== undefined) {
    const parsed = eventEnvelope.safeParse(envelope);
    return parsed.success && parsed.data.event.type !== "function_executed" ? "event" : undefined;
  }
  if (command !== undefined) {
    const payload = slashCommandSchema.safeParse(envelope);
    return command === SLASH_COMMAND &&
      commandEnvelope.safeParse(envelope).success &&
      payload.success &&
      served(allowedTeams, payload.data.team_id, payload.data.enterprise_id)
      ? "command"
      : undefined;
  }
  if (name !== undefined || type === "block_suggestion") return undefined;
  return actions !== undefined && clickEnvelope.safeParse(envelope).success ? "click" : undefined;
}
