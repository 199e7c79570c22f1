import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, logTo } from "../../src/infra/log.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * The log as an operator's collector reads it (pino's real output, at `trace`, so every line is
 * written), while people act: an équipe is set up with names, e-mails and a phone, a meeting is
 * convened with a typed place, a decision opened with a typed question, a parent answers on her
 * personal page with a typed reason, strangers try made-up links. Nothing of what they typed,
 * no name, address, number or token may appear in it: ids, codes and counts only.
 */
/** Every line the server's logger writes, as written. */
const output: string[] = [];
const captured = new Writable({
  write(chunk: Buffer, _encoding, done) {
    output.push(chunk.toString());
    done();
  },
});

const h = new PagesHarness({ log: logTo(createLogger("trace", captured)) });
const PLACE = "Via dei Glicini 12, casa della nonna Ersilia";
const QUESTION = "Rientro di Martina a casa del padre Giorgio?";
const REASON = "Martina mi ha detto che ha paura del buio";
const PHONE = "+39 333 123 4567";
const strangerToken = randomBytes(32).toString("base64url");
let motherToken = "";

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  await h.run("U0COORD", `add-external ${PHONE} volontario Gino Rossi`);
  await h.convene(["2027-02-03 15:00", "2027-02-03 17:00"], "2027-01-20 12:00", PLACE);
  const decisionId = await h.askEveryone(QUESTION);
  motherToken = await h.linkFor(await h.memberId("mamma@example.org"));
  const page = `${h.url}/p/${motherToken}/decisione/${decisionId}`;
  const html = await (await fetch(page)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const answered = await postForm(page, { csrf, answer: "doubts", reason: REASON, side: "none" });
  expect(answered.status).toBeLessThan(400);
  for (const path of [`/p/${strangerToken}`, `/calendar/${strangerToken}.ics`, `/s/${strangerToken}`])
    await (await fetch(`${h.url}${path}`)).arrayBuffer();
  await h.running.idle();
});
afterAll(() => h.stop());

describe("the log while people act", () => {
  it("is JSON lines with a level, a time and an event each", () => {
    const lines = output.join("").trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record).toMatchObject({
        level: expect.any(String),
        event: expect.any(String),
        pid: process.pid,
      });
      expect(new Date(String(record.time)).toISOString()).toBe(record.time);
    }
    const events = new Set(lines.map((line) => (JSON.parse(line) as { event: string }).event));
    // The flows above did reach the log (it is not silent by accident).
    for (const event of [
      "equipe.setup",
      "member.addExternal",
      "meeting.convened",
      "decision.opened",
      "http.request",
    ])
      expect(events, event).toContain(event);
  });

  it("holds no name, e-mail, phone number, typed text or token", () => {
    const text = output.join("");
    const secrets = [
      "Anna",
      "Paolo",
      "Gino",
      "Rossi",
      "mamma@example.org",
      "psi@example.org",
      "example.org",
      PHONE,
      "333 123",
      PLACE,
      "Glicini",
      QUESTION,
      "Martina",
      REASON,
      "paura",
      motherToken,
      strangerToken,
    ];
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
  });
});
