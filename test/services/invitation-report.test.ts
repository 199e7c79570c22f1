import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { loadConfig } from "../../src/config.ts";
import type { Block } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { capabilityLinks, hashToken, linkKeyFrom } from "../../src/core/links.ts";
import type { Outgoing } from "../../src/ports/channel.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, slackCtx } from "../support/fakes.ts";
import { mailText, RecordingSmtp } from "../support/smtp.ts";

/**
 * Issue 13: reminders before a deadline reach the members outside chat with their personal link.
 * By e-mail, the letter's link goes straight where they answer (the poll's page, the decision's)
 * or, for an action, to their page; a member whose link was revoked is told whom to ask for a new
 * one and gets none. Phone-only members: the coordinators get privately, once per reminder, a
 * message to copy for each, with that member's link. Chat members get what they always got; the
 * channel gets nothing. The real server runs, with a recording SMTP server: the link in the
 * e-mail is opened on it.
 */
const DATA_KEY = Buffer.alloc(32, 13);
const CASE = "FAM-2027-611";
const MAMMA = "mamma@example.org";
const PSI = "psi@example.org";
const NONNA = "nonna@example.org";
const LUCA = "+39 333 7654321";
const UGO = "+39 333 5556667";
const MARCO = "+39 333 1112223";
/** A personal page link with a place on it, anywhere in a text: token, then the rest of the path. */
const PAGE_LINK = /https?:\/\/[^\s/]+\/p\/([A-Za-z0-9_-]{43})(\/[a-z]+\/[0-9a-f-]{36})?(?![A-Za-z0-9_/-])/g;

const clock = new FakeClock(new Date("2027-01-10T09:00:00Z"));
const smtp = new RecordingSmtp();
let testDb: TestDb;
let running: RunningServer;
let open: (outgoing: Outgoing) => Outgoing;
let meetingId = "";
let decisionId = "";
/** What went out when the poll was convened, and when the decision was opened. */
let pollInvited: { queued: Outgoing[]; mails: ParsedMail[] };
let decisionInvited: { queued: Outgoing[]; mails: ParsedMail[] };

const db = () => testDb.db;
const run = (user: string, text: string) => running.core.command(slackCtx(user), text, parseSlackUserRef);
const submit = (form: string, values: Record<string, string>, metadata = CHANNEL) =>
  running.core.submitForm(slackCtx("U0COORD"), form, values, metadata);

async function settle(): Promise<void> {
  await running.idle();
  await vi.waitFor(
    async () => {
      await running.idle();
      const pending = await db().queueItem.count({
        where: { kind: "message", status: "pending", dueAt: { lte: clock.now() } },
      });
      expect(pending).toBe(0);
    },
    { timeout: 10_000 },
  );
  await running.dispatcher.idle();
}

async function memberId(contact: { email: string } | { phone: string }): Promise<string> {
  return (
    await db().member.findFirstOrThrow({ where: { ...contact, removedAt: null }, select: { id: true } })
  ).id;
}
/** The member a page token opens for (what the page route asks), if any. */
const opens = (token: string) => running.deps.store.repos.pageLinks.findMember(hashToken(token));

/** Every message queued since row `from`, opened as its channel would open it. */
async function queuedSince(from: number): Promise<Outgoing[]> {
  const rows = await db().queueItem.findMany({
    where: { kind: "message", id: { gt: from } },
    orderBy: { id: "asc" },
    select: { payload: true },
  });
  return rows.map((row) => open(JSON.parse(row.payload) as Outgoing));
}
const lastRow = async () =>
  (await db().queueItem.findFirst({ where: { kind: "message" }, orderBy: { id: "desc" } }))?.id ?? 0;
const toUser = (outgoing: Outgoing, userId: string) =>
  outgoing.target.kind === "direct" && outgoing.target.userId === userId;

/** Runs the jobs due at `at`, then delivers: what went out, queued and mailed. */
async function reminderAt(at: string): Promise<{ queued: Outgoing[]; mails: ParsedMail[] }> {
  const from = await lastRow();
  const mails = smtp.messages.length;
  clock.set(new Date(at));
  await running.jobs.tick();
  await settle();
  return { queued: await queuedSince(from), mails: smtp.messages.slice(mails) };
}

/** The one mail to this address among these. */
function mailTo(mails: ParsedMail[], address: string): ParsedMail {
  const found = mails.filter((m) => mailText(m) !== "" && JSON.stringify(m.to).includes(address));
  expect(found, `mails to ${address}`).toHaveLength(1);
  return found[0] as ParsedMail;
}
/** The page links in a text, each as its token and its place. */
const linksIn = (text: string) =>
  [...text.matchAll(PAGE_LINK)].map((m) => ({ url: m[0], token: m[1] as string, place: m[2] ?? "" }));

/** The one personal link a text holds (it may appear more than once): it opens for this member, at this place. */
async function linkOf(text: string, member: string, place: string): Promise<string> {
  const found = linksIn(text);
  expect(new Set(found.map((l) => l.url)).size, `links in: ${text.slice(0, 400)}`).toBe(1);
  const [link] = found;
  expect(link?.place).toBe(place);
  expect(await opens(link?.token ?? "")).toBe(member);
  return link?.url ?? "";
}

/** A page of ours as a phone opens it: its status and text. */
async function get(url: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url.replace(/^https?:\/\/[^/]+/, running.url));
  return { status: response.status, html: await response.text() };
}

/** The coordinators' private messages with something to copy (one per reminder). */
const byHandIn = (queued: Outgoing[]) =>
  queued.filter((o) => toUser(o, "U0COORD") && o.message.blocks.some((b) => b.type === "preformatted"));
const copiesIn = (outgoing: Outgoing) =>
  outgoing.message.blocks.filter(
    (b): b is Extract<Block, { type: "preformatted" }> => b.type === "preformatted",
  );

beforeAll(async () => {
  testDb = await freshDb();
  const smtpUrl = await smtp.start();
  running = await startServer(
    loadConfig({
      PORT: "0",
      DATABASE_URL: testDb.url,
      EQUIPE_DATA_KEY: DATA_KEY.toString("base64"),
      SMTP_URL: smtpUrl,
    }),
    { skipMigrations: true, clock, log: () => {} },
  );
  open = capabilityLinks(linkKeyFrom(DATA_KEY), running.deps.publicBaseUrl).open;
  await run("U0COORD", `setup ${CASE}`);
  await run("U0COORD", "add <@U0EDU> educatore");
  await run("U0COORD", `add-external ${MAMMA} genitore Anna B.`);
  await run("U0COORD", `add-external ${PSI} psicologo Paolo P.`);
  await run("U0COORD", `add-external ${NONNA} parente Rosa N.`);
  await run("U0COORD", `add-external ${LUCA} volontario Luca V.`);
  await run("U0COORD", `add-external ${UGO} educatore Ugo E.`);
  await run("U0COORD", `add-external ${MARCO} genitore Marco B.`);
  // Two links revoked: Rosa's (by e-mail) and Marco's (phone only).
  await run("U0COORD", `link ${NONNA} revoca`);
  await run("U0COORD", `link ${MARCO} revoca`);
  await settle();
  let from = await lastRow();
  let mails = smtp.messages.length;
  await submit("convene", {
    purpose: "t1",
    duration: "60",
    slots: "2027-02-03 15:00\n2027-02-04 15:00",
    deadline: "2027-01-20 12:00",
    location: "",
  });
  meetingId = (await db().meeting.findFirstOrThrow({ select: { id: true } })).id;
  await settle();
  pollInvited = { queued: await queuedSince(from), mails: smtp.messages.slice(mails) };
  from = await lastRow();
  mails = smtp.messages.length;
  await submit("decide", {
    question: "Proseguiamo con l'educativa domiciliare?",
    context: "",
    kind: "stances",
    options: "",
    deadline: "2027-01-25 18:00",
    participants: (await db().member.findMany({ select: { id: true } })).map((m) => m.id).join(","),
    familyReason: "",
  });
  decisionId = (await db().decision.findFirstOrThrow({ select: { id: true } })).id;
  await settle();
  decisionInvited = { queued: await queuedSince(from), mails: smtp.messages.slice(mails) };
});
afterAll(async () => {
  await running.close();
  await smtp.close();
  await testDb.dispose();
});

/** The coordinator's answer to the convene or decide form: the report of whom it reached. */
function reportIn(sent: { queued: Outgoing[] }): string {
  const toCoord = sent.queued
    .filter((o) => o.target.kind !== "email" && JSON.stringify(o.target).includes("U0COORD"))
    .map((o) => plainMessage(o.message));
  return toCoord.find((text) => text.includes("Marco B.")) ?? "";
}

describe("what the coordinator is told when a poll or a decision is opened", () => {
  it("a poll: members with no live link are named as unable to answer by themselves, with what to do; never as having no phone", () => {
    const report = reportIn(pollInvited);
    expect(report).not.toContain("né telefono");
    // Marco (phone only) and Rosa (e-mail, her letter says whom to ask) have no live link.
    expect(report).toMatch(
      /Non possono rispondere da sé: [^\n]*Rosa N\.[^\n]*Marco B\.|Non possono rispondere da sé: [^\n]*Marco B\.[^\n]*Rosa N\./,
    );
    expect(report).toContain("/equipe link con il recapito e nuovo");
    expect(report).toContain("Intanto: chiedi tu le loro disponibilità");
  });

  it("a decision: the same, with the decision's own hint", () => {
    const report = reportIn(decisionInvited);
    expect(report).not.toContain("né telefono");
    expect(report).toContain("Non possono rispondere da sé:");
    expect(report).toContain("Intanto: ascolta tu il loro punto di vista");
  });
});
