import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger, logTo } from "../../src/infra/log.ts";
import { startServer } from "../../src/server.ts";
import { freshDb } from "../support/db.ts";
import { CHANNEL, slackCtx } from "../support/fakes.ts";
import { PagesHarness, postForm, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * The log as an operator's collector reads it (pino's real output, at `trace`, so every line is
 * written), while people act: an équipe is set up with names, e-mails and a phone, a meeting is
 * convened with a typed place, a decision opened with a typed question, a parent answers on her
 * personal page with a typed reason, strangers try made-up links. Nothing of what they typed,
 * no name, address, number or token may appear in it: ids, codes and counts only.
 */
class CapturedHarness extends PagesHarness {
  readonly output: string[] = [];
  override async start(): Promise<void> {
    this.testDb = await freshDb(WEB_DATA_KEY);
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: this.testDb.url,
      EQUIPE_DATA_KEY: WEB_DATA_KEY.toString("base64"),
    });
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.output.push(chunk.toString());
        done();
      },
    });
    this.running = await startServer(config, {
      skipMigrations: true,
      clock: this.clock,
      log: logTo(createLogger("trace", stream)),
    });
  }
}

const h = new CapturedHarness();
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
  const db = h.testDb.db;
  const everyone = (await db.member.findMany({ where: { removedAt: null } })).map((m) => m.id);
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "decide",
    {
      question: QUESTION,
      context: "",
      kind: "stances",
      options: "",
      deadline: "2027-01-30 18:00",
      participants: everyone.join(","),
      familyReason: "",
    },
    CHANNEL,
  );
  const decisionId = (await db.decision.findFirstOrThrow()).id;
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
    const lines = h.output.join("").trimEnd().split("\n");
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
    const text = h.output.join("");
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
