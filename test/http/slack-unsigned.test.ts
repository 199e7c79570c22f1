import { afterAll, beforeAll, expect, it } from "vitest";
import { SLACK_BODY_LIMIT_BYTES } from "../../adapters/slack/slack-adapter.ts";
import { SIGNING_SECRET } from "../support/slack-driver.ts";
import { signedHeaders } from "../support/slack-signing.ts";
import { announceAndStop, HttpHarness, statusOf } from "./harness.ts";

/**
 * Slack signs every request but its SSL check: one without a timestamp or a signature is refused
 * (401) before a byte of its body is read, whatever length it announces. Each request here sends
 * only the first bytes of the body it announces: an answer proves the server did not wait for the
 * rest (a server that read it would answer only when it dropped the connection, 10 s later, with
 * nothing). Signed requests keep the body limit (body-limits.test.ts).
 */
const h = new HttpHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const FORM = "content-type: application/x-www-form-urlencoded";
const POST = ["POST /slack/events HTTP/1.1", "host: localhost"];
const { "x-slack-request-timestamp": timestamp, "x-slack-signature": signature } = signedHeaders(
  SIGNING_SECRET,
  "command=%2Fequipe",
);

it.each([
  ["chunked, with neither", [FORM, "transfer-encoding: chunked"], "10\r\ncommand=%2Fequipe"],
  [
    "of a declared length within the limit, with neither",
    [FORM, `content-length: ${SLACK_BODY_LIMIT_BYTES}`],
    "command=",
  ],
  [
    "with a timestamp and no signature",
    [FORM, "content-length: 500", `x-slack-request-timestamp: ${timestamp}`],
    "c",
  ],
  [
    "with a signature and no timestamp",
    [FORM, "content-length: 500", `x-slack-signature: ${signature}`],
    "c",
  ],
  ["small, but not a form", ["content-type: application/json", "content-length: 100"], '{"ssl_check'],
])("refuses a request %s with 401, its body unread, and closes", async (_what, head, start) => {
  const answer = await announceAndStop(h.port, [...POST, ...head], start);
  expect(statusOf(answer.received)).toBe(401);
  expect(answer.received.toLowerCase()).toContain("connection: close");
  expect(answer.closed).toBe(true);
});

it("still lets Slack's unsigned SSL check through, and refuses a small unsigned form that is not one", async () => {
  const check = await fetch(`${h.running.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "ssl_check=1&token=abc",
  });
  expect(check.status).toBe(200);
  const other = await fetch(`${h.running.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "command=%2Fequipe&text=aiuto",
  });
  expect(other.status).toBe(401);
});
