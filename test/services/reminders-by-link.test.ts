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
import { queued } from "../support/sealed.ts";
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
  const rows = await queued(db(), { kind: "message", id: { gt: from } });
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
  testDb = await freshDb(DATA_KEY);
  const smtpUrl = await smtp.start();
  running = await startServer(
    loadConfig({
      PORT: "0",
      DATABASE_URL: testDb.url,
      EQUIPE_DATA_KEY: DATA_KEY.toString("base64"),
      SMTP_URL: smtpUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
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

describe("a new time poll and a new decision ask members outside chat themselves", () => {
  it("a new poll: a parent gets a letter in plain words with her link to the poll's page, which opens", async () => {
    const mail = mailTo(pollInvited.mails, MAMMA);
    expect(mail.subject).toBe("Quando puoi venire al prossimo incontro?");
    expect(mail.text).toContain("Per il prossimo incontro l'équipe propone alcuni orari");
    expect(mailText(mail)).not.toContain("FAM-");
    const url = await linkOf(mail.text ?? "", await memberId({ email: MAMMA }), `/incontro/${meetingId}`);
    expect((await get(url)).status).toBe(200);
    // A professional outside chat reads the case code.
    expect(mailTo(pollInvited.mails, PSI).subject).toBe(`Disponibilità per l'équipe ${CASE}`);
    // No live link: whom to ask for one, and no link.
    const rosa = mailTo(pollInvited.mails, NONNA);
    expect(linksIn(rosa.text ?? "")).toEqual([]);
  });

  it("a new poll: the coordinator gets once, privately, the messages to copy for the phone-only members", async () => {
    const [byHand, ...more] = byHandIn(pollInvited.queued);
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    expect(plainMessage(byHand.message)).toContain(`${CASE} — nuova proposta di orari`);
    const [luca] = copiesIn(byHand);
    expect(luca?.text).toMatch(/^Per il prossimo incontro l'équipe ti chiede quando puoi venire/);
    const url = await linkOf(luca?.text ?? "", await memberId({ phone: LUCA }), `/incontro/${meetingId}`);
    expect((await get(url)).status).toBe(200);
    // The chat member gets the poll with its buttons, as before; the channel no link.
    const edu = pollInvited.queued.filter((o) => toUser(o, "U0EDU"));
    expect(edu.some((o) => o.message.blocks.some((b) => b.type === "actions"))).toBe(true);
    const channel = pollInvited.queued.filter((o) => o.target.kind === "channel");
    expect(channel.some((o) => linksIn(plainMessage(o.message)).length > 0)).toBe(false);
  });

  it("a new decision: a parent gets a letter with her link to the decision's page, which opens; not the question", async () => {
    const mail = mailTo(decisionInvited.mails, MAMMA);
    expect(mail.subject).toBe("Che cosa ne pensi?");
    expect(mailText(mail)).not.toContain("Proseguiamo");
    const url = await linkOf(mail.text ?? "", await memberId({ email: MAMMA }), `/decisione/${decisionId}`);
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Proseguiamo con l&#39;educativa domiciliare?");
    const [byHand] = byHandIn(decisionInvited.queued);
    expect(plainMessage(byHand?.message ?? { blocks: [], attachments: [] })).toContain(
      `${CASE} — nuova decisione, «Proseguiamo con l'educativa domiciliare?»`,
    );
  });
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
    // Marco (phone only) and Rosa (e-mail: her letter says whom to ask) have no live link.
    expect(report).toMatch(
      /Non possono rispondere da sé: [^\n]*(Rosa N\.[^\n]*Marco B\.|Marco B\.[^\n]*Rosa N\.)/,
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

describe("a time poll's reminder", () => {
  let sent: { queued: Outgoing[]; mails: ParsedMail[] };
  beforeAll(async () => {
    // The poll closes at 12:00 in Rome (11:00 UTC); its reminder is due a day before.
    sent = await reminderAt("2027-01-19T11:00:30Z");
  });

  it("reaches a parent by e-mail, in plain words, with her link to the poll's page, which opens", async () => {
    const mail = mailTo(sent.mails, MAMMA);
    expect(mail.subject).toBe("Promemoria: quando puoi venire all'incontro?");
    const text = mail.text ?? "";
    expect(text).toContain("Buongiorno Anna B.,");
    expect(text).toContain("aspetta ancora di sapere quando puoi venire al prossimo incontro");
    expect(text).toContain("Rispondi qui");
    expect(text).toContain("Il link è solo tuo");
    // A parent never reads the case code.
    expect(mailText(mail)).not.toContain("FAM-");
    const url = await linkOf(text, await memberId({ email: MAMMA }), `/incontro/${meetingId}`);
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Quando puoi venire?");
  });

  it("reaches a professional outside chat by e-mail with the case code and his own link", async () => {
    const mail = mailTo(sent.mails, PSI);
    expect(mail.subject).toBe(`Promemoria: disponibilità per l'équipe ${CASE}`);
    expect(mail.text).toContain(`${CASE} — non hai ancora indicato tutte le tue disponibilità`);
    const url = await linkOf(mail.text ?? "", await memberId({ email: PSI }), `/incontro/${meetingId}`);
    expect((await get(url)).status).toBe(200);
  });

  it("tells a member whose link was revoked whom to ask for a new one, and carries no link", async () => {
    const mail = mailTo(sent.mails, NONNA);
    expect(mail.text).toContain("Questo messaggio non contiene il link alla tua pagina personale");
    expect(mail.text).toContain("per averne uno nuovo, chiedi a");
    expect(linksIn(mailText(mail))).toEqual([]);
    expect(mailText(mail)).not.toContain("/p/");
  });

  it("gives the coordinator, privately and once, a message to copy for each phone-only member, with their link", async () => {
    const [byHand, ...more] = byHandIn(sent.queued);
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    const shown = plainMessage(byHand.message);
    expect(shown).toContain(`${CASE} — promemoria per le disponibilità`);
    expect(shown).toContain("hanno solo il telefono");
    expect(shown).toContain(`Luca V. (volontario/a), tel. ${LUCA}`);
    expect(shown).toContain(`Ugo E. (educatore/educatrice), tel. ${UGO}`);
    expect(shown).toContain("mai nel canale");
    // Marco has no live link: he is to be heard, not sent a message that opens nothing.
    expect(shown).not.toContain("Marco B.");
    const [luca, ugo] = copiesIn(byHand);
    // Plain words for a volunteer; the code for a professional; each their own link, opened.
    expect(luca?.text).toMatch(
      /^Promemoria: l'équipe aspetta di sapere quando puoi venire al prossimo incontro/,
    );
    expect(luca?.text).not.toContain("FAM-");
    const lucaUrl = await linkOf(luca?.text ?? "", await memberId({ phone: LUCA }), `/incontro/${meetingId}`);
    expect(ugo?.text).toContain(`Promemoria équipe ${CASE}: mancano le tue disponibilità`);
    const ugoUrl = await linkOf(ugo?.text ?? "", await memberId({ phone: UGO }), `/incontro/${meetingId}`);
    expect(ugoUrl).not.toBe(lucaUrl);
    // Short enough for one text message or two, with the link.
    expect(luca?.text.length).toBeLessThan(320);
    // The links shown under each copy are the same ones, and they open the poll's page.
    const links = byHand.message.blocks.flatMap((b) => (b.type === "link" ? [b.url] : []));
    expect(links).toEqual([lucaUrl, ugoUrl]);
    expect((await get(lucaUrl)).status).toBe(200);
  });

  it("tells the coordinators whose answers to record: those with no link to answer with", async () => {
    const toRecord = sent.queued
      .filter((o) => toUser(o, "U0COORD"))
      .map((o) => plainMessage(o.message))
      .filter((text) => text.includes("registra"));
    expect(toRecord).toHaveLength(1);
    expect(toRecord[0]).toContain("Rosa N.");
    expect(toRecord[0]).toContain("Marco B.");
    expect(toRecord[0]).not.toContain("Anna B.");
    expect(toRecord[0]).not.toContain("Luca V.");
  });

  it("keeps what chat members get, and puts nothing in the channel; no link goes to anyone else", async () => {
    const edu = sent.queued.filter((o) => toUser(o, "U0EDU")).map((o) => plainMessage(o.message));
    // The reminder chat members always got: the case code, the meeting, the deadline; no link.
    expect(edu).toHaveLength(1);
    expect(edu[0]).toMatch(
      new RegExp(
        `^Promemoria: ${CASE} — non hai ancora indicato tutte le tue disponibilità per verifica intermedia \\(T1\\)\\. Scadenza: .*20 gen.* 2027, 12:00\\.$`,
      ),
    );
    expect(sent.queued.filter((o) => o.target.kind === "channel")).toEqual([]);
    for (const outgoing of sent.queued.filter((o) => !toUser(o, "U0COORD")))
      if (outgoing.target.kind !== "email") expect(linksIn(plainMessage(outgoing.message))).toEqual([]);
    // Each e-mail carries its reader's own link once, or none.
    expect(sent.mails.map((m) => linksIn(mailText(m)).length).sort()).toEqual([0, 1, 1]);
  });
});

describe("in an équipe that works in English", () => {
  const boss = (options: { locale?: "en" } = {}) => slackCtx("U0BOSS", { ...options, channelId: "C0OTHER" });
  let sent: { queued: Outgoing[]; mails: ParsedMail[] };
  let otherMeeting = "";
  beforeAll(async () => {
    await running.core.command(boss({ locale: "en" }), "setup FAM-2027-612", parseSlackUserRef);
    await running.core.command(boss(), "add-external dad@example.org parent Tom D.", parseSlackUserRef);
    await running.core.command(boss(), "add-external +44 7700 900123 volunteer Jo V.", parseSlackUserRef);
    await running.core.submitForm(
      boss(),
      "convene",
      {
        purpose: "t1",
        duration: "60",
        slots: "2027-02-05 15:00\n2027-02-06 15:00",
        deadline: "2027-01-21 12:00",
        location: "",
      },
      "C0OTHER",
    );
    await settle();
    otherMeeting = (
      await db().meeting.findFirstOrThrow({ where: { id: { not: meetingId } }, select: { id: true } })
    ).id;
    sent = await reminderAt("2027-01-20T11:00:30Z");
  });

  it("the letter and the message to copy are in English, plain, each with its reader's link", async () => {
    const mail = mailTo(sent.mails, "dad@example.org");
    expect(mail.subject).toBe("Reminder: when can you come to the meeting?");
    expect(mail.text).toContain("is still waiting to know when you can come to the next meeting");
    expect(mail.text).toContain("Answer here");
    expect(mailText(mail)).not.toContain("FAM-");
    const dad = await memberId({ email: "dad@example.org" });
    expect((await get(await linkOf(mail.text ?? "", dad, `/incontro/${otherMeeting}`))).status).toBe(200);
    const [byHand, ...more] = sent.queued.filter(
      (o) => toUser(o, "U0BOSS") && o.message.blocks.some((b) => b.type === "preformatted"),
    );
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    expect(plainMessage(byHand.message)).toContain("This person has only a phone");
    const [jo] = copiesIn(byHand);
    expect(jo?.text).toMatch(/^Reminder: the équipe is waiting to know when you can come/);
    const joId = (
      await db().member.findFirstOrThrow({ where: { displayName: "Jo V." }, select: { id: true } })
    ).id;
    await linkOf(jo?.text ?? "", joId, `/incontro/${otherMeeting}`);
    // Nothing of this équipe reaches the other one's coordinator.
    expect(
      sent.queued
        .filter((o) => toUser(o, "U0COORD"))
        .map((o) => plainMessage(o.message))
        .join(),
    ).not.toContain("Jo V.");
  });
});

describe("a decision's reminder", () => {
  let sent: { queued: Outgoing[]; mails: ParsedMail[] };
  beforeAll(async () => {
    // The polls close first (their own news in the channels), then the decision's reminder is due.
    await reminderAt("2027-01-21T11:00:30Z");
    sent = await reminderAt("2027-01-24T17:00:30Z");
  });

  it("reaches a parent by e-mail with her link to the decision's page, and not the question itself", async () => {
    const mail = mailTo(sent.mails, MAMMA);
    expect(mail.subject).toBe("Promemoria: che cosa ne pensi?");
    expect(mail.text).toContain("vuole sapere che cosa pensi di una decisione, prima di prenderla");
    expect(mail.text).toContain("Di' che cosa ne pensi");
    expect(mailText(mail)).not.toContain("FAM-");
    // The question stays behind the link.
    expect(mailText(mail)).not.toContain("Proseguiamo");
    await linkOf(mail.text ?? "", await memberId({ email: MAMMA }), `/decisione/${decisionId}`);
  });

  it("a revoked link: whom to ask, no link", () => {
    const mail = mailTo(sent.mails, NONNA);
    expect(mail.text).toContain("per averne uno nuovo, chiedi a");
    expect(linksIn(mailText(mail))).toEqual([]);
  });

  it("the coordinator gets once the messages to copy for the phone-only members, with the question", async () => {
    const [byHand, ...more] = byHandIn(sent.queued);
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    expect(plainMessage(byHand.message)).toContain(
      `${CASE} — promemoria per il punto di vista su «Proseguiamo con l'educativa domiciliare?»`,
    );
    const [luca, ugo] = copiesIn(byHand);
    expect(luca?.text).toContain("vuole sapere che cosa pensi di una decisione");
    expect(luca?.text).not.toContain("Proseguiamo");
    await linkOf(luca?.text ?? "", await memberId({ phone: LUCA }), `/decisione/${decisionId}`);
    await linkOf(ugo?.text ?? "", await memberId({ phone: UGO }), `/decisione/${decisionId}`);
    expect(sent.queued.filter((o) => o.target.kind === "channel")).toEqual([]);
  });
});

describe("an action's reminder", () => {
  let sent: { queued: Outgoing[]; mails: ParsedMail[] };
  beforeAll(async () => {
    // The decision closes at its deadline; the coordinator records the outcome with two actions.
    await reminderAt("2027-01-25T17:00:30Z");
    await submit(
      "outcome",
      {
        outcome: "Sì.",
        actions: [
          "Anna B. | portare i documenti | 2027-02-10",
          "Luca V. | accompagnare al centro | 2027-02-10",
          "Marco B. | firmare il modulo | 2027-02-10",
        ].join("\n"),
        review: "",
        override: "Ne abbiamo parlato insieme in riunione.",
      },
      decisionId,
    );
    await settle();
    sent = await reminderAt("2027-02-09T12:00:00Z");
  });

  it("reaches an external owner by e-mail with the link to her personal page, which opens", async () => {
    const mail = mailTo(sent.mails, MAMMA);
    expect(mail.subject).toBe("Promemoria dall'équipe: portare i documenti");
    expect(mail.text).toContain("hai preso un impegno: portare i documenti, entro");
    expect(mail.text).toContain("Apri la tua pagina");
    expect(mailText(mail)).not.toContain("FAM-");
    const url = await linkOf(mail.text ?? "", await memberId({ email: MAMMA }), "");
    expect((await get(url)).status).toBe(200);
  });

  it("a phone-only owner: the coordinator gets the message to copy, with the link to his page", async () => {
    const [byHand, ...more] = byHandIn(sent.queued).filter((o) =>
      plainMessage(o.message).includes("Luca V."),
    );
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    expect(plainMessage(byHand.message)).toContain(
      `${CASE} — promemoria di un'azione: accompagnare al centro`,
    );
    const [luca, ...others] = copiesIn(byHand);
    expect(others).toHaveLength(0);
    expect(luca?.text).toContain("hai preso un impegno: accompagnare al centro");
    const url = await linkOf(luca?.text ?? "", await memberId({ phone: LUCA }), "");
    expect((await get(url)).status).toBe(200);
    expect(sent.queued.filter((o) => o.target.kind === "channel")).toEqual([]);
  });

  it("a phone-only owner with no live link: the words to pass on still, no link, and how to give one", async () => {
    const [byHand, ...more] = byHandIn(sent.queued).filter((o) =>
      plainMessage(o.message).includes("Marco B."),
    );
    expect(more).toHaveLength(0);
    if (byHand === undefined) throw new Error("no message for the coordinator");
    const shown = plainMessage(byHand.message);
    expect(shown).toContain(`Marco B. (genitore), tel. ${MARCO}`);
    expect(shown).toContain("Marco B. non ha un link attivo alla pagina personale");
    const [marco] = copiesIn(byHand);
    expect(marco?.text).toMatch(
      /^Promemoria: con l'équipe hai preso un impegno: firmare il modulo, entro .*\.$/,
    );
    expect(linksIn(shown)).toEqual([]);
    expect(shown).not.toContain("urn:equipe-link");
  });
});
