import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { parseIcs } from "../support/ics.ts";
import { queued } from "../support/sealed.ts";
import { mailText, RecordingSmtp, recipientsOf } from "../support/smtp.ts";
import {
  type Cast,
  type ChatDriver,
  type Elsewhere,
  last,
  type SeenButton,
  type SeenMessage,
} from "./driver.ts";

const CASE = "FAM-2027-401";
const OTHER_CASE = "FAM-2027-402";
const FAMILY_HOME = "Casa della famiglia, via Roma 1";
/** The first meeting of the first équipe: 10 November 2027, 15:00 in Rome. */
const MEETING_A = {
  purpose: "microplanning",
  duration: "60",
  slots: "2027-11-10 15:00\n2027-11-11 15:00",
  deadline: "2027-11-05 12:00",
  location: FAMILY_HOME,
};
const A_START = "2027-11-10T14:00:00.000Z";
/** Where `sposta` moves it. */
const A_MOVED = "2027-11-12T09:00:00.000Z";
/** The second équipe's meeting, confirmed before any organisation is registered. */
const MEETING_C = {
  purpose: "t0",
  duration: "60",
  slots: "2027-12-14 10:00\n2027-12-15 10:00",
  deadline: "2027-12-01 12:00",
  location: "Scuola Rodari, aula 3",
};
const C_START = "2027-12-14T09:00:00.000Z";
/** The first équipe's next meeting, after the first is cancelled; it later ages out of the feed. */
const MEETING_B = {
  purpose: "microplanning",
  duration: "60",
  slots: "2027-11-24 15:00\n2027-11-25 15:00",
  deadline: "2027-11-20 12:00",
  location: FAMILY_HOME,
};
const B_START = "2027-11-24T14:00:00.000Z";
/** How long a past meeting stays in a feed (the window). */
const WINDOW_MS = 90 * 24 * 60 * 60_000;

const MAMMA = "mamma@example.org";
const PAOLA = "paola@asl.example";
const LUCA_PHONE = "+39 333 7654321";
const SCHOOL = "segreteria@scuola.example";
const SCHOOL_NAME = "Scuola Rodari";
const ASL = "tsmree@asl.example";
const ASSOCIATION = "volontari@aiuto.example";

const NOT_COORDINATOR = "Solo chi coordina";
const NOT_MEMBER = "Non fai parte di questa équipe";
const PLAIN_SUMMARY = "Incontro con l'équipe di Carla Coordinatrice";
const ORGANISATION_SUMMARY = (code: string) => `${code} — incontro d'équipe`;
/** A feed link anywhere in a text: its token. */
const FEED_TOKEN = /\/calendar\/([A-Za-z0-9_-]{43})\.ics/;

interface Fetched {
  status: number;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body: string;
}

/** One version of a feed as a polling client keeps it: its validators and what it showed. */
interface Version {
  etag: string;
  lastModified: string;
  body: string;
}

/**
 * Issue 12, "Feeds for every partner", as people try it: a member outside chat gets their calendar
 * feed by e-mail when added (a phone-only member's is handed to the coordinators to pass on), a
 * coordinator re-sends (the same link), renews or revokes it; a partner organisation gets one feed
 * for every équipe it takes part in, showing only the case code and the time, sent only ever to its
 * contact; removing a member kills their feed. Feeds answer conditional requests by validators that
 * never go backwards. Written once, run on every chat adapter.
 */
export function feedsContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));
  const d = makeDriver();
  const smtp = new RecordingSmtp();
  let smtpUrl = "";
  const db = () => d.running.db;

  beforeAll(async () => {
    await d.start(clock);
    // E-mail is set up on this server: letters go out.
    smtpUrl = await smtp.start();
    await d.restart({ SMTP_URL: smtpUrl });
    await d.command("coord", `configura ${CASE}`);
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.settle();
  });
  afterAll(async () => {
    await d.stop();
    await smtp.close();
  });

  // ——— reading what people get ———

  const mailsTo = (address: string, from = 0): ParsedMail[] => smtp.to(address, from);

  /**
   * The feed's path, from a link shown anywhere (an e-mail, a message): `get` opens it on this
   * test server, wherever it listens after a restart.
   */
  const feedUrl = (shown: string): string => {
    const token = FEED_TOKEN.exec(shown)?.[1];
    if (token === undefined) throw new Error(`no feed link in: ${shown.slice(0, 300)}`);
    return `/calendar/${token}.ics`;
  };
  const tokenOf = (url: string) => FEED_TOKEN.exec(url)?.[1] ?? "";
  /** The one letter with a feed link this address got since `from`: its local feed URL. */
  const letterTo = (address: string, from: number): { mail: ParsedMail; url: string } => {
    const letters = mailsTo(address, from).filter((m) => FEED_TOKEN.test(mailText(m)));
    expect(letters, `letters to ${address}`).toHaveLength(1);
    const mail = letters[0] as ParsedMail;
    return { mail, url: feedUrl(mailText(mail)) };
  };

  const newPrivate = (who: Cast, from: number): SeenMessage[] => d.privateMessages(who).slice(from);
  const count = (who: Cast) => d.privateMessages(who).length;
  const shownIn = (m: SeenMessage) => [m.text, ...m.links.map((l) => l.url)].join("\n");

  /** Types a command where it belongs: the équipe's conversation, or another one. */
  async function type(who: Cast, words: string, where?: Elsewhere): Promise<void> {
    if (where === undefined) await d.command(who, words);
    else await d.commandIn(where, who, words);
    await d.settle();
  }

  /** The one private answer a command got. */
  async function answer(who: Cast, words: string, where?: Elsewhere): Promise<string> {
    const seen = count(who);
    await type(who, words, where);
    const replies = newPrivate(who, seen);
    expect(replies.length, `answers to «${words}»`).toBeGreaterThan(0);
    return last(replies).text;
  }

  async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
    const response = await fetch(`${d.running.url}${url}`, { headers });
    return {
      status: response.status,
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
      contentType: response.headers.get("content-type"),
      body: await response.text(),
    };
  }

  /** The feed now, once the second of its last change is over (so that it names its Last-Modified). */
  async function version(url: string): Promise<Version> {
    // Changes are stamped at least a second apart (src/infra/change-clock.ts): a burst of them,
    // with a clock that does not move, runs ahead of it; wait until the last one's second is over.
    const last = await d.running.db.changeClock.findUnique({ where: { id: 1 } });
    clock.set(new Date(Math.max(clock.now().getTime(), last?.at.getTime() ?? 0) + 2000));
    const now = await get(url);
    expect(now.status).toBe(200);
    expect(now.contentType).toContain("text/calendar");
    // A strong tag, quoted.
    expect(now.etag).toMatch(/^"[^"]+"$/);
    expect(now.lastModified).not.toBeNull();
    return { etag: now.etag ?? "", lastModified: now.lastModified ?? "", body: now.body };
  }

  /**
   * What a client polling with the validators it kept sees after a change: the feed's
   * Last-Modified moved forward and its ETag changed; the old validators get the new feed (200),
   * the new ones get 304.
   */
  async function changedSince(url: string, before: Version): Promise<Version> {
    const now = await version(url);
    expect(Date.parse(now.lastModified), "Last-Modified moves forward").toBeGreaterThan(
      Date.parse(before.lastModified),
    );
    expect(now.etag, "the ETag changes").not.toBe(before.etag);
    expect((await get(url, { "if-none-match": before.etag })).status, "old ETag").toBe(200);
    expect((await get(url, { "if-modified-since": before.lastModified })).status, "old date").toBe(200);
    const both = { "if-none-match": before.etag, "if-modified-since": before.lastModified };
    expect((await get(url, both)).status, "old ETag and date").toBe(200);
    expect((await get(url, { "if-none-match": now.etag })).status, "new ETag").toBe(304);
    expect((await get(url, { "if-modified-since": now.lastModified })).status, "new date").toBe(304);
    return now;
  }

  /** The events of a feed (two parsers agreeing), with their LOCATION read too. */
  function eventsOf(body: string) {
    const { events } = parseIcs(body);
    const locations = new ICAL.Component(ICAL.parse(body))
      .getAllSubcomponents("vevent")
      .map((event) => event.getFirstPropertyValue("location"));
    return events.map((event, i) => ({ ...event, location: locations[i] ?? undefined }));
  }
  const startsIn = (body: string) => eventsOf(body).map((e) => e.start);

  /** Opens a time poll with this form and confirms its first time (clicking through the preview). */
  async function convenedAndConfirmed(form: Record<string, string>, where?: Elsewhere): Promise<void> {
    await type("coord", "convoca", where);
    expect(d.takeOpenedForm("coord")).toBe(true);
    expect(await d.submitForm("coord", form)).toEqual({});
    await d.settle();
    const seen = count("coord");
    await type("coord", "conferma 1", where);
    const send = newPrivate("coord", seen)
      .flatMap((m) => m.buttons)
      .find((b) => b.actionId === "confirm-send");
    if (send !== undefined) {
      await d.click("coord", send);
      await d.settle();
    }
    expect(d.takeOpenedForm("coord")).toBe(false);
  }

  /** `rimuovi …` and the click on «Rimuovi …» under what it shows. */
  async function removed(who: string, where?: Elsewhere): Promise<void> {
    const seen = count("coord");
    await type("coord", `rimuovi ${who}`, where);
    const remove = newPrivate("coord", seen)
      .flatMap((m) => m.buttons)
      .find((b) => b.actionId === "member-remove") as SeenButton;
    expect(remove).toBeDefined();
    await d.click("coord", remove);
    await d.settle();
    expect(last(d.privateMessages("coord")).text).toContain("non fa più parte");
  }

  /** What a refused or mistaken command must leave as it was. */
  async function written() {
    return {
      mails: smtp.messages.length,
      feeds: await db().feedToken.findMany({ orderBy: { id: "asc" } }),
      organisations: await db().organisation.count(),
      memberships: await db().organisationMembership.findMany({ orderBy: { id: "asc" } }),
      members: await db().member.count({ where: { removedAt: null } }),
      // Answers to the person typing go through the queue too: only e-mails count here.
      mailsQueued: (await queued(db(), { kind: "message" })).filter((row) =>
        row.payload.includes('"kind":"email"'),
      ).length,
      channel: d.channelMessages().length,
      audit: await db().auditEntry.count(),
    };
  }

  // Links handed out along the way, kept by the steps that follow.
  let mamma = "";
  /** Anna's first link, revoked along the way. */
  let firstMamma = "";
  let mammaSeen: Version;
  let luca = "";
  let paola = "";
  let school = "";
  let schoolSeen: Version;
  let eduFeed = "";

  describe(`a member outside chat (${d.platform})`, () => {
    it("added with an e-mail address, gets their calendar link by e-mail; the coordinator is told it is on its way", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `aggiungi-esterno ${MAMMA} genitore Anna B.`);
      expect(reply).toContain("Anna B.");
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      // Never a link in chat: it is hers.
      expect(reply).not.toMatch(FEED_TOKEN);
      const { mail, url } = letterTo(MAMMA, mails);
      mamma = url;
      firstMamma = url;
      // One letter brings the calendar with the personal page (issue 13).
      expect(mail.subject).toBe("La tua pagina personale e il calendario degli incontri");
      // A parent reads the équipe by its coordinator's name, never by the case's code.
      expect(mailText(mail)).toContain("l'équipe di Carla Coordinatrice");
      expect(mailText(mail)).not.toContain(CASE);
      // Nobody else got anything by e-mail.
      expect(smtp.messages.slice(mails).flatMap(recipientsOf)).toEqual([MAMMA]);
      // The link opens a feed, a calendar with nothing yet.
      const feed = await get(mamma);
      expect(feed.status).toBe(200);
      expect(feed.contentType).toContain("text/calendar");
      expect(eventsOf(feed.body)).toEqual([]);
      expect(shownIn(last(d.channelMessages()))).not.toMatch(FEED_TOKEN);
    });

    it("a professional outside chat gets a letter naming the case by its code", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `aggiungi-esterno ${PAOLA} psicologa Paola P.`);
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      const { mail, url } = letterTo(PAOLA, mails);
      paola = url;
      expect(mailText(mail)).toContain(CASE);
      expect((await get(paola)).status).toBe(200);
      expect(paola).not.toBe(mamma);
    });

    it("with only a phone, the letter with the link is handed privately to the coordinators, and the confirmation says so", async () => {
      const mails = smtp.messages.length;
      const seen = { coord: count("coord"), edu: count("edu"), teacher: count("teacher") };
      const channel = d.channelMessages().length;
      await type("coord", `aggiungi-esterno ${LUCA_PHONE} volontario Luca V.`);
      const told = newPrivate("coord", seen.coord);
      const report = told.find((m) => m.text.includes("al calendario degli incontri per Luca V."));
      expect(report?.text).toMatch(/Da passare a voce: .*Luca V\./);
      // Truthfully: nothing was e-mailed.
      expect(report?.text).not.toContain("per e-mail");
      expect(smtp.messages.length).toBe(mails);
      const handOver = told.find((m) => m.text.includes("Da passare a Luca V."));
      expect(handOver).toBeDefined();
      expect(handOver?.text).toContain(LUCA_PHONE);
      luca = feedUrl(shownIn(handOver as SeenMessage));
      expect((await get(luca)).status).toBe(200);
      expect(new Set([mamma, paola, luca]).size).toBe(3);
      // Only the coordinators see it, privately; the number and the link never reach the channel.
      expect(newPrivate("edu", seen.edu).map(shownIn).join("\n")).not.toMatch(FEED_TOKEN);
      expect(newPrivate("teacher", seen.teacher).map(shownIn).join("\n")).not.toMatch(FEED_TOKEN);
      const posted = d.channelMessages().slice(channel).map(shownIn).join("\n");
      expect(posted).not.toMatch(FEED_TOKEN);
      expect(posted).not.toContain("7654321");
    });

    it("`calendario-esterno` sends the same link again; `nuovo` sends a new one and the old one stops", async () => {
      let mails = smtp.messages.length;
      const again = await answer("coord", `calendario-esterno ${MAMMA}`);
      expect(again).toContain("Link al calendario per Anna B.");
      expect(again).toContain("In consegna a 1 persona: 1 per e-mail.");
      expect(again).not.toContain("revocato");
      expect(letterTo(MAMMA, mails).url).toBe(mamma);
      expect((await get(mamma)).status).toBe(200);

      mails = smtp.messages.length;
      const renewed = await answer("coord", `calendario-esterno ${MAMMA} nuovo`);
      expect(renewed).toContain("Link precedente revocato: non funziona più.");
      expect(renewed).toContain("In consegna a 1 persona: 1 per e-mail.");
      const fresh = letterTo(MAMMA, mails).url;
      expect(fresh).not.toBe(mamma);
      expect((await get(mamma)).status).toBe(404);
      expect((await get(fresh)).status).toBe(200);
      mamma = fresh;
      // Asked again: the new link, the same each time.
      mails = smtp.messages.length;
      await type("coord", `calendario-esterno ${MAMMA}`);
      expect(letterTo(MAMMA, mails).url).toBe(mamma);
    });

    it("`revoca` stops the link and sends nothing; asking again after it sends a new link", async () => {
      const before = await written();
      const revoked = await answer("coord", `calendario-esterno ${MAMMA} revoca`);
      expect(revoked).toContain("Link al calendario di Anna B. revocato");
      // Kept in the équipe's trail.
      expect(await db().auditEntry.count({ where: { action: "feed.revoked" } })).toBe(1);
      expect(smtp.messages.length).toBe(before.mails);
      expect((await get(mamma)).status).toBe(404);
      // Sent again: a link that works, not the revoked one.
      const mails = smtp.messages.length;
      await type("coord", `calendario-esterno ${MAMMA}`);
      const fresh = letterTo(MAMMA, mails).url;
      expect(fresh).not.toBe(mamma);
      expect((await get(fresh)).status).toBe(200);
      expect((await get(mamma)).status).toBe(404);
      mamma = fresh;
    });

    it("`revoca` with no live link says there was nothing to revoke, and records no revocation", async () => {
      await type("coord", "aggiungi-esterno nonno@example.org parente Pino N.");
      const link = feedUrl(mailText(mailsTo("nonno@example.org").at(-1) as ParsedMail));
      // In English, as a coordinator may type it.
      await type("coord", "external-feed nonno@example.org revoke");
      expect((await get(link)).status).toBe(404);
      const revocations = () => db().auditEntry.count({ where: { action: "feed.revoked" } });
      const before = { ...(await written()), revocations: await revocations() };
      expect(await answer("coord", "calendario-esterno nonno@example.org revoca")).toContain(
        "non c'era niente da revocare",
      );
      // The trail says what happened: nobody revoked anything this time.
      expect(await revocations(), "revocations in the trail").toBe(before.revocations);
      expect({ ...(await written()), revocations: await revocations() }).toEqual(before);
    });

    it("for a phone-only member, sending again hands the same link over again; renewing hands over a new one", async () => {
      const mails = smtp.messages.length;
      let seen = count("coord");
      const report = await answer("coord", `calendario-esterno ${LUCA_PHONE}`);
      expect(report).toMatch(/Da passare a voce: .*Luca V\./);
      const handOver = newPrivate("coord", seen).find((m) => m.text.includes("Da passare a Luca V."));
      expect(feedUrl(shownIn(handOver as SeenMessage))).toBe(luca);

      // The number written another way is the same person.
      seen = count("coord");
      await type("coord", "calendario-esterno +393337654321");
      const written = newPrivate("coord", seen).find((m) => m.text.includes("Da passare a Luca V."));
      expect(feedUrl(shownIn(written as SeenMessage))).toBe(luca);

      seen = count("coord");
      await type("coord", `calendario-esterno ${LUCA_PHONE} nuovo`);
      const renewed = newPrivate("coord", seen).find((m) => m.text.includes("Da passare a Luca V."));
      const fresh = feedUrl(shownIn(renewed as SeenMessage));
      expect(fresh).not.toBe(luca);
      expect((await get(luca)).status).toBe(404);
      expect((await get(fresh)).status).toBe(200);
      luca = fresh;
      expect(smtp.messages.length).toBe(mails);
    });

    it("the English words do the same", async () => {
      const mails = smtp.messages.length;
      await type("coord", `external-feed ${PAOLA}`);
      expect(letterTo(PAOLA, mails).url).toBe(paola);
      expect((await get(paola)).status).toBe(200);
    });

    it("refuses a chat member, who finds their calendar with `calendario`, and changes nothing", async () => {
      const before = await written();
      const reply = await answer("coord", `calendario-esterno ${d.mention("edu")}`);
      expect(reply).toContain("usa la chat");
      // The command as this chat writes it: `/equipe calendario` (Slack), `@Équipe calendario` (Teams).
      expect(reply).toMatch(/(\/equipe|@Équipe) calendario\b/);
      expect(await written()).toEqual(before);
    });

    it("only a coordinator may send, renew or revoke a link, or register an organisation: nothing is sent otherwise", async () => {
      const before = await written();
      for (const [who, words, refusal] of [
        ["edu", `calendario-esterno ${MAMMA}`, NOT_COORDINATOR],
        ["edu", `calendario-esterno ${MAMMA} nuovo`, NOT_COORDINATOR],
        ["edu", `calendario-esterno ${MAMMA} revoca`, NOT_COORDINATOR],
        ["edu", `calendario-esterno ${LUCA_PHONE}`, NOT_COORDINATOR],
        ["edu", `external-feed ${PAOLA} new`, NOT_COORDINATOR],
        ["edu", "organizzazione", NOT_COORDINATOR],
        ["edu", `organizzazione ${d.mention("teacher")} ${SCHOOL} ${SCHOOL_NAME}`, NOT_COORDINATOR],
        ["teacher", `organizzazione ${d.mention("teacher")} ${SCHOOL} ${SCHOOL_NAME}`, NOT_COORDINATOR],
        ["edu", `aggiungi-esterno zia@example.org parente Zia R.`, NOT_COORDINATOR],
        ["stranger", `calendario-esterno ${MAMMA}`, NOT_MEMBER],
        ["stranger", `calendario-esterno ${MAMMA} revoca`, NOT_MEMBER],
        ["stranger", `organizzazione ${d.mention("stranger")} ${SCHOOL} ${SCHOOL_NAME}`, NOT_MEMBER],
      ] as const) {
        const reply = await answer(who, words);
        expect(reply, words).toContain(refusal);
        expect(reply, words).not.toMatch(FEED_TOKEN);
      }
      expect(await written()).toEqual(before);
      for (const url of [mamma, paola, luca]) expect((await get(url)).status).toBe(200);
    });

    it("answers a mistyped command with a clear message and writes nothing", async () => {
      const before = await written();
      const long = "Associazione ".repeat(7).trim();
      expect(long.length).toBeGreaterThan(80);
      for (const [words, says] of [
        ["calendario-esterno", "Si scrive così"],
        ["calendario-esterno mamma@", "«mamma@» non è un indirizzo e-mail valido"],
        ["calendario-esterno sconosciuta@example.org", "nessun membro esterno né organizzazione"],
        ["calendario-esterno 333-12", "«333-12» non è un numero di telefono valido"],
        [`calendario-esterno ${MAMMA} boh`, "Si scrive così"],
        [`calendario-esterno ${MAMMA} nuovo revoca`, "Si scrive così"],
        ["organizzazione togli", "Si scrive così"],
        [`organizzazione ${d.mention("teacher")}`, "Si scrive così"],
        [`organizzazione ${d.mention("teacher")} ${SCHOOL}`, "Si scrive così"],
        [
          `organizzazione ${d.mention("teacher")} segreteria.scuola.example ${SCHOOL_NAME}`,
          "non è un indirizzo e-mail",
        ],
        [`organizzazione ${d.mention("teacher")} ${SCHOOL} ${long}`, "troppo lungo"],
        [`organizzazione sconosciuta@example.org ${SCHOOL} ${SCHOOL_NAME}`, "non fa parte dell'équipe"],
        [`organizzazione ${d.mention("stranger")} ${SCHOOL} ${SCHOOL_NAME}`, "non fa parte dell'équipe"],
        [`organizzazione togli ${d.mention("edu")}`, "non partecipa per nessuna organizzazione"],
        ["aggiungi-esterno zia@ parente Zia R.", "«zia@» non è un indirizzo e-mail valido"],
        [`aggiungi-esterno zia@example.org parente ${"Rita".repeat(30)}`, "troppo lungo"],
      ] as const) {
        const reply = await answer("coord", words);
        expect(reply, words).toContain(says);
      }
      expect(await written()).toEqual(before);
      expect(d.takeOpenedForm("coord")).toBe(false);
    });

    it("answers an unknown, revoked or malformed link with the same 404", async () => {
      const known = tokenOf(paola);
      const seen = await Promise.all(
        [
          firstMamma,
          `/calendar/${"A".repeat(43)}.ics`,
          `/calendar/not-a-token.ics`,
          `/calendar/${known}x.ics`,
          `/calendar/${known.slice(1)}.ics`,
          `/calendar/${known.slice(0, 42)}${known.endsWith("A") ? "B" : "A"}.ics`,
        ].map((url) => get(url)),
      );
      // `*` matches a feed that exists, and there is none.
      seen.push(await get(firstMamma, { "if-none-match": "*" }));
      const [revoked] = seen;
      for (const answered of seen) {
        expect(answered.status).toBe(404);
        expect(answered.body).toBe(revoked?.body);
        expect(answered.etag).toBeNull();
        expect(answered.lastModified).toBeNull();
      }
    });
  });

  describe(`partner organisations and the validators over a sequence of changes (${d.platform})`, () => {
    it("a second équipe, in another conversation, confirms its meeting before any organisation is registered", async () => {
      await type("coord", `configura ${OTHER_CASE}`, "third");
      await type("coord", `aggiungi ${d.mention("teacher")} insegnante`, "third");
      await convenedAndConfirmed(MEETING_C, "third");
      const confirmed = await db().meeting.findMany({
        where: { status: "confirmed", equipe: { caseCode: OTHER_CASE } },
      });
      expect(confirmed.map((m) => m.startsAt?.toISOString())).toEqual([C_START]);
    });

    it("confirm: Anna's feed shows the meeting plainly, with no case code; Paola's by its code; the validators move", async () => {
      mammaSeen = await version(mamma);
      await convenedAndConfirmed(MEETING_A);
      mammaSeen = await changedSince(mamma, mammaSeen);
      const [event, ...more] = eventsOf(mammaSeen.body);
      expect(more).toEqual([]);
      expect(event).toMatchObject({ start: A_START, summary: PLAIN_SUMMARY });
      expect(mammaSeen.body).not.toContain(CASE);
      expect(mammaSeen.body).not.toContain("FAM-");
      // Nor what the meeting is for, which a professional reads.
      expect(mammaSeen.body).not.toContain("microprogettazione");
      // Luca, a volunteer outside chat, reads it the same way.
      const lucaFeed = (await get(luca)).body;
      expect(eventsOf(lucaFeed).map((e) => [e.start, e.summary])).toEqual([[A_START, PLAIN_SUMMARY]]);
      expect(lucaFeed).not.toContain("FAM-");
      // A professional reads the case code and what the meeting is for.
      const [forPaola] = eventsOf((await get(paola)).body);
      expect(forPaola?.start).toBe(A_START);
      expect(forPaola?.summary).toContain(CASE);
      expect(forPaola?.summary).toContain("microprogettazione");
      // Only this équipe's meetings: the other équipe's is not theirs.
      expect(startsIn((await get(paola)).body)).toEqual([A_START]);
    });

    it("`organizzazione @persona contatto Nome` registers it; the contact alone gets the feed by e-mail, never in chat", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `organizzazione ${d.mention("teacher")} ${SCHOOL} ${SCHOOL_NAME}`);
      expect(reply).toContain(`partecipa per ${SCHOOL_NAME}`);
      expect(reply).toContain(`in consegna per e-mail al suo contatto (${SCHOOL})`);
      expect(reply).not.toMatch(FEED_TOKEN);
      expect(smtp.messages.slice(mails).flatMap(recipientsOf)).toEqual([SCHOOL]);
      const { mail, url } = letterTo(SCHOOL, mails);
      school = url;
      expect(mail.subject).toBe(`Il calendario degli incontri per ${SCHOOL_NAME}`);
      // The link is in no chat message, anywhere.
      const token = tokenOf(school);
      expect(d.everySent().some((v) => JSON.stringify(v).includes(token))).toBe(false);
      // The case code and the time; no purpose, no place (the place may be the family's home).
      schoolSeen = await version(school);
      const events = eventsOf(schoolSeen.body);
      expect(events.map((e) => [e.start, e.summary, e.location])).toEqual([
        [A_START, ORGANISATION_SUMMARY(CASE), undefined],
      ]);
      expect(schoolSeen.body).not.toContain("Casa della famiglia");
      expect(schoolSeen.body).not.toContain("microprogettazione");
      expect(schoolSeen.body).not.toContain("Anna");
    });

    it("the same contact in a second équipe: no second letter; the feed now shows both équipes, the older meeting too", async () => {
      const mails = smtp.messages.length;
      const reply = await answer(
        "coord",
        `organizzazione ${d.mention("teacher")} ${SCHOOL} Scuola G. Rodari`,
        "third",
      );
      expect(reply).toContain(`partecipa per ${SCHOOL_NAME}`);
      expect(reply).toContain("ha già il suo calendario");
      expect(reply).toContain(`registrata come «${SCHOOL_NAME}»`);
      expect(smtp.messages.length).toBe(mails);
      schoolSeen = await changedSince(school, schoolSeen);
      expect(eventsOf(schoolSeen.body).map((e) => [e.start, e.summary, e.location])).toEqual([
        [A_START, ORGANISATION_SUMMARY(CASE), undefined],
        [C_START, ORGANISATION_SUMMARY(OTHER_CASE), undefined],
      ]);
      expect(schoolSeen.body).not.toContain("aula 3");
      expect(schoolSeen.body).not.toContain("valutazione iniziale");
    });

    it("registers members named by e-mail or phone too, and `organizzazione` lists who takes part for whom", async () => {
      let mails = smtp.messages.length;
      expect(await answer("coord", `organizzazione ${PAOLA} ${ASL} ASL Servizio TSMREE`)).toContain(
        "Paola P. partecipa per ASL Servizio TSMREE",
      );
      expect(letterTo(ASL, mails).mail.subject).toBe("Il calendario degli incontri per ASL Servizio TSMREE");
      mails = smtp.messages.length;
      expect(
        await answer("coord", `organizzazione ${LUCA_PHONE} ${ASSOCIATION} Associazione Aiuto`),
      ).toContain("Luca V. partecipa per Associazione Aiuto");
      expect(letterTo(ASSOCIATION, mails).mail.subject).toBe(
        "Il calendario degli incontri per Associazione Aiuto",
      );
      const list = await answer("coord", "organizzazione");
      expect(list).toContain(`Organizzazioni che partecipano all'équipe ${CASE}`);
      expect(list).toContain(`${SCHOOL_NAME} (${SCHOOL}), tramite ${d.shownAs("teacher")}`);
      expect(list).toContain(`ASL Servizio TSMREE (${ASL}), tramite Paola P.`);
      expect(list).toContain(`Associazione Aiuto (${ASSOCIATION}), tramite Luca V.`);
      expect(list).not.toMatch(FEED_TOKEN);
      // `membri` says for whom each takes part too.
      const members = await answer("coord", "membri");
      expect(members).toContain("Paola P.");
      expect(members).toMatch(/Paola P\.[^\n]*, per ASL Servizio TSMREE/);
      expect(members).toMatch(/Luca V\.[^\n]*, per Associazione Aiuto/);
      // Registered already: said so, nothing written.
      const before = await written();
      expect(await answer("coord", `organisation ${PAOLA} ${ASL} ASL Servizio TSMREE`)).toContain(
        "partecipa già per ASL Servizio TSMREE",
      );
      expect(await written()).toEqual(before);
      const there = await answer("coord", "organization", "third");
      expect(there).toContain(`${SCHOOL_NAME} (${SCHOOL}), tramite ${d.shownAs("teacher")}`);
      expect(there).not.toContain("ASL");
    });

    it("`calendario-esterno` with the contact's address sends the same link there only; `nuovo` renews it", async () => {
      let mails = smtp.messages.length;
      const reply = await answer("coord", "calendario-esterno Segreteria@Scuola.example");
      expect(reply).toContain(`in consegna per e-mail al suo contatto (${SCHOOL})`);
      expect(reply).not.toMatch(FEED_TOKEN);
      expect(smtp.messages.slice(mails).flatMap(recipientsOf)).toEqual([SCHOOL]);
      expect(letterTo(SCHOOL, mails).url).toBe(school);

      mails = smtp.messages.length;
      const renewed = await answer("coord", `calendario-esterno ${SCHOOL} nuovo`);
      expect(renewed).toContain("Link precedente revocato");
      const fresh = letterTo(SCHOOL, mails).url;
      expect(fresh).not.toBe(school);
      expect((await get(school)).status).toBe(404);
      expect((await get(fresh)).status).toBe(200);
      const tokens = [school, fresh].map(tokenOf);
      expect(d.everySent().some((v) => tokens.some((t) => JSON.stringify(v).includes(t)))).toBe(false);
      school = fresh;
    });

    it("`organizzazione togli` ends it there: the feed no longer shows that équipe, whose coordinators no longer reach it", async () => {
      const reply = await answer("coord", `organizzazione togli ${d.mention("teacher")}`, "third");
      expect(reply).toContain(`non partecipa più per ${SCHOOL_NAME}`);
      schoolSeen = await changedSince(school, schoolSeen);
      expect(startsIn(schoolSeen.body)).toEqual([A_START]);
      expect(schoolSeen.body).not.toContain(OTHER_CASE);
      // It no longer takes part there: its contact is nobody that équipe knows.
      const before = await written();
      expect(await answer("coord", `calendario-esterno ${SCHOOL}`, "third")).toContain(
        "nessun membro esterno né organizzazione",
      );
      expect(await answer("coord", `calendario-esterno ${SCHOOL} revoca`, "third")).toContain(
        "nessun membro esterno né organizzazione",
      );
      expect(await written()).toEqual(before);
      expect((await get(school)).status).toBe(200);
      expect(await answer("coord", "organizzazione", "third")).toContain("Nessuna organizzazione partecipa");
    });

    it("move: every feed showing the meeting moves it, with validators that move forward", async () => {
      await type("coord", "sposta 2027-11-12 10:00");
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La sala è occupata" })).toEqual({});
      await d.settle();
      mammaSeen = await changedSince(mamma, mammaSeen);
      expect(eventsOf(mammaSeen.body).map((e) => [e.start, e.summary])).toEqual([[A_MOVED, PLAIN_SUMMARY]]);
      schoolSeen = await changedSince(school, schoolSeen);
      expect(startsIn(schoolSeen.body)).toEqual([A_MOVED]);
    });

    it("cancel: the meeting leaves the feeds; Last-Modified moves forward, so a client polling by date sees it", async () => {
      await type("coord", "annulla");
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La famiglia è fuori città" })).toEqual({});
      await d.settle();
      mammaSeen = await changedSince(mamma, mammaSeen);
      expect(startsIn(mammaSeen.body)).toEqual([]);
      schoolSeen = await changedSince(school, schoolSeen);
      expect(startsIn(schoolSeen.body)).toEqual([]);
    });

    it("confirm again: the next meeting appears", async () => {
      await convenedAndConfirmed(MEETING_B);
      mammaSeen = await changedSince(mamma, mammaSeen);
      expect(startsIn(mammaSeen.body)).toEqual([B_START]);
      schoolSeen = await changedSince(school, schoolSeen);
      expect(startsIn(schoolSeen.body)).toEqual([B_START]);
    });

    it("a member removed: their feed and their organisation's lose that équipe, with validators that move forward", async () => {
      const teacherFeed = feedUrl(shownIn(last(await messagesAfter("teacher", "calendario"))));
      let teacherSeen = await version(teacherFeed);
      expect(startsIn(teacherSeen.body)).toEqual([B_START, C_START]);
      await removed(d.mention("teacher"));
      teacherSeen = await changedSince(teacherFeed, teacherSeen);
      expect(startsIn(teacherSeen.body)).toEqual([C_START]);
      expect(teacherSeen.body).not.toContain(CASE);
      // The school took part in this équipe through them alone.
      schoolSeen = await changedSince(school, schoolSeen);
      expect(startsIn(schoolSeen.body)).toEqual([]);
      expect(await answer("coord", "organizzazione")).not.toContain(SCHOOL_NAME);
    });

    it("a member outside chat removed: their feed answers 404, and their organisation no longer shows the équipe", async () => {
      const asl = feedUrl(mailText(mailsTo(ASL).at(-1) as ParsedMail));
      const aslBefore = await version(asl);
      expect(startsIn(aslBefore.body)).toEqual([B_START]);
      await removed(PAOLA);
      const gone = await get(paola);
      expect(gone.status).toBe(404);
      expect(gone.body).toBe((await get(firstMamma)).body);
      const aslAfter = await changedSince(asl, aslBefore);
      expect(startsIn(aslAfter.body)).toEqual([]);
      const list = await answer("coord", "organizzazione");
      expect(list).not.toContain("ASL");
      expect(list).toContain("Associazione Aiuto");
      // Sending her link again is refused: she is not in the équipe.
      const before = await written();
      expect(await answer("coord", `calendario-esterno ${PAOLA}`)).toContain(
        "nessun membro esterno né organizzazione",
      );
      expect(await written()).toEqual(before);
    });

    it("a meeting ages out of the 90-day window: it leaves the feed and Last-Modified moves forward", async () => {
      clock.set(new Date(Date.parse(B_START) + WINDOW_MS + 60 * 60_000));
      mammaSeen = await changedSince(mamma, mammaSeen);
      expect(startsIn(mammaSeen.body)).toEqual([]);
      expect(Date.parse(mammaSeen.lastModified)).toBeGreaterThanOrEqual(Date.parse(B_START) + WINDOW_MS);
    });

    it("someone joins an équipe with older meetings: their feed shows them, and Last-Modified moves forward", async () => {
      eduFeed = feedUrl(shownIn(last(await messagesAfter("edu", "calendario"))));
      let eduSeen = await version(eduFeed);
      expect(startsIn(eduSeen.body)).toEqual([]);
      await type("coord", `aggiungi ${d.mention("edu")} educatore`, "third");
      eduSeen = await changedSince(eduFeed, eduSeen);
      // Confirmed months ago, started two months ago: still in the window.
      expect(eventsOf(eduSeen.body).map((e) => [e.start, e.summary.startsWith(OTHER_CASE)])).toEqual([
        [C_START, true],
      ]);
      // The same for an organisation that joins it again.
      await type("coord", `organizzazione ${d.mention("teacher")} ${SCHOOL} ${SCHOOL_NAME}`, "third");
      schoolSeen = await changedSince(school, schoolSeen);
      expect(eventsOf(schoolSeen.body).map((e) => [e.start, e.summary])).toEqual([
        [C_START, ORGANISATION_SUMMARY(OTHER_CASE)],
      ]);
    });

    it('If-None-Match compares weakly: W/"…" and * match; another tag does not', async () => {
      const { etag, lastModified } = await version(school);
      const opaque = etag.replace(/^W\//, "");
      for (const [header, status] of [
        [etag, 304],
        [`W/${opaque}`, 304],
        ["*", 304],
        [`"nope", W/${opaque}`, 304],
        [`"nope",${opaque}`, 304],
        ['"nope"', 200],
        ['W/"nope"', 200],
      ] as const) {
        const seen = await get(school, { "if-none-match": header });
        expect(seen.status, header).toBe(status);
        expect(seen.etag, header).toBe(etag);
      }
      // If-None-Match is answered before the date: a tag that does not match gets the feed.
      expect(
        (await get(school, { "if-none-match": '"nope"', "if-modified-since": lastModified })).status,
      ).toBe(200);
    });

    it("Last-Modified is given once the second it names is over; until then a date does not answer 304", async () => {
      const before = await version(mamma);
      await type("coord", "aggiungi-esterno nonna@example.org parente Rosa N.");
      const during = await get(mamma);
      expect(during.status).toBe(200);
      expect(during.lastModified).toBeNull();
      expect(during.etag).not.toBe(before.etag);
      const thisSecond = clock.now().toUTCString();
      expect((await get(mamma, { "if-modified-since": thisSecond })).status).toBe(200);
      expect((await get(mamma, { "if-modified-since": before.lastModified })).status).toBe(200);
      clock.advance(1000);
      const after = await get(mamma);
      expect(after.lastModified).not.toBeNull();
      expect(Date.parse(after.lastModified ?? "")).toBeGreaterThan(Date.parse(before.lastModified));
      expect((await get(mamma, { "if-modified-since": after.lastModified ?? "" })).status).toBe(304);
      mammaSeen = await changedSince(mamma, before);
    });

    it("a matching conditional GET answers 304 without rendering the feed", async () => {
      // A change nobody has fetched yet: its version is rendered by nobody so far.
      await type("coord", "add-external zio@example.org relative Pino R.");
      clock.advance(2000);
      const render = vi.spyOn(d.running.deps.calendar, "feedOf");
      try {
        expect((await get(mamma, { "if-none-match": "*" })).status).toBe(304);
        expect((await get(mamma, { "if-modified-since": clock.now().toUTCString() })).status).toBe(304);
        expect(render).not.toHaveBeenCalled();
        const full = await get(mamma);
        expect(full.status).toBe(200);
        expect(render).toHaveBeenCalledTimes(1);
        expect((await get(mamma, { "if-none-match": full.etag ?? "" })).status).toBe(304);
        expect((await get(mamma, { "if-modified-since": full.lastModified ?? "" })).status).toBe(304);
        expect(render).toHaveBeenCalledTimes(1);
      } finally {
        render.mockRestore();
      }
    });
  });

  describe(`what lasts, and what is said truthfully (${d.platform})`, () => {
    it("a member outside chat removed and added again gets a new link; the old one stays dead", async () => {
      const old = paola;
      const mails = smtp.messages.length;
      const reply = await answer("coord", `aggiungi-esterno ${PAOLA} psicologa Paola P.`);
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      paola = letterTo(PAOLA, mails).url;
      expect(paola).not.toBe(old);
      expect((await get(old)).status).toBe(404);
      expect((await get(paola)).status).toBe(200);
    });

    it("feed links and their validators last across a restart; asked again, the link is the same", async () => {
      const before = await Promise.all([mamma, luca, paola, school, eduFeed].map((url) => version(url)));
      await d.restart({});
      await d.settle();
      const urls = [mamma, luca, paola, school, eduFeed];
      for (const [i, url] of urls.entries()) {
        const kept = before[i] as Version;
        const again = await get(url);
        expect(again.status, url).toBe(200);
        expect(again.etag, url).toBe(kept.etag);
        expect(again.lastModified, url).toBe(kept.lastModified);
        expect((await get(url, { "if-none-match": kept.etag })).status, url).toBe(304);
        expect((await get(url, { "if-modified-since": kept.lastModified })).status, url).toBe(304);
      }
      const mails = smtp.messages.length;
      await type("coord", `calendario-esterno ${MAMMA}`);
      expect(letterTo(MAMMA, mails).url).toBe(mamma);
      const seen = count("coord");
      await type("coord", `calendario-esterno ${LUCA_PHONE}`);
      const handOver = newPrivate("coord", seen).find((m) => m.text.includes("Da passare a Luca V."));
      expect(feedUrl(shownIn(handOver as SeenMessage))).toBe(luca);
    });

    it("with e-mail not set up, the confirmations say the letters wait; they go out, with working links, once it is", async () => {
      await d.restart({ SMTP_URL: "" });
      const mails = smtp.messages.length;
      const added = await answer("coord", "aggiungi-esterno lia@example.org parente Lia C.");
      expect(added).toMatch(/In attesa: .*Lia C\..*l'e-mail non è ancora configurata/);
      expect(added).not.toContain("In consegna");
      const registered = await answer(
        "coord",
        "organizzazione lia@example.org comune@example.org Comune di Parma",
      );
      expect(registered).toContain("Link al calendario di Comune di Parma in attesa");
      expect(registered).not.toContain("in consegna");
      expect(smtp.messages.length).toBe(mails);
      await d.restart({ SMTP_URL: smtpUrl });
      await d.settle();
      for (const address of ["lia@example.org", "comune@example.org"]) {
        const { url } = letterTo(address, mails);
        expect((await get(url)).status, address).toBe(200);
      }
    });

    it("a member who moves to another organisation takes the équipe out of the first one's feed", async () => {
      const association = feedUrl(mailText(mailsTo(ASSOCIATION).at(-1) as ParsedMail));
      const before = await version(association);
      expect(eventsOf(before.body)).toEqual([]);
      // The feed shows the équipe's meetings: one is confirmed now.
      await convenedAndConfirmed({
        ...MEETING_B,
        slots: "2028-03-06 15:00\n2028-03-07 15:00",
        deadline: "2028-03-01 12:00",
      });
      const confirmed = await changedSince(association, before);
      expect(eventsOf(confirmed.body).map((e) => e.summary)).toEqual([ORGANISATION_SUMMARY(CASE)]);
      const reply = await answer(
        "coord",
        `organizzazione ${LUCA_PHONE} parrocchia@example.org Parrocchia San Luca`,
      );
      expect(reply).toContain("Luca V. partecipa per Parrocchia San Luca");
      expect(reply).toContain("Prima partecipava per Associazione Aiuto");
      const after = await changedSince(association, confirmed);
      expect(eventsOf(after.body)).toEqual([]);
    });

    it("an organisation's link revoked: it answers 404; registered again elsewhere, it is not said to have its calendar", async () => {
      const mails = smtp.messages.length;
      const revoked = await answer("coord", `calendario-esterno ${SCHOOL} revoca`, "third");
      expect(revoked).toContain(`Link al calendario di ${SCHOOL_NAME} revocato`);
      expect(smtp.messages.length).toBe(mails);
      expect((await get(school)).status).toBe(404);
      // Another équipe registers it (its contact written in capitals): it is the same organisation.
      const reply = await answer(
        "coord",
        `organizzazione ${d.mention("edu")} Segreteria@Scuola.example ${SCHOOL_NAME}`,
      );
      expect(reply).toContain(`partecipa per ${SCHOOL_NAME}`);
      expect(await db().organisation.count({ where: { contactEmail: SCHOOL } })).toBe(1);
      // Its only link is dead: either a new one goes to its contact, or the coordinator is not told
      // that it already has its calendar.
      const letters = mailsTo(SCHOOL, mails).filter((m) => FEED_TOKEN.test(mailText(m)));
      if (letters.length === 0) expect(reply).not.toContain("ha già il suo calendario");
      else expect((await get(feedUrl(mailText(letters[0] as ParsedMail)))).status).toBe(200);
      // What to do is said with the real address, never a placeholder.
      expect(reply).toContain(SCHOOL);
      expect(reply).not.toMatch(/\{\w+\}/);
    });

    it("an address that is both a member's and an organisation's: nothing is touched until it is said whose", async () => {
      // The school office is also a member outside chat of this équipe.
      await answer("coord", `aggiungi-esterno ${SCHOOL} insegnante Segreteria Rodari`);
      const before = await written();
      const refused = await answer("coord", `calendario-esterno ${SCHOOL} revoca`);
      expect(refused).toContain("dimmi di chi è il link");
      expect(refused).toContain(SCHOOL);
      expect(await written()).toEqual(before);
      expect(await answer("coord", `calendario-esterno persona ${SCHOOL} revoca`)).toContain(
        "Link al calendario di Segreteria Rodari revocato",
      );
      expect(await answer("coord", `calendario-esterno organizzazione ${SCHOOL}`)).toContain(
        `Link al calendario di ${SCHOOL_NAME}`,
      );
    });

    it("a word that names the other kind says whose the contact is, and how to ask; nothing is touched", async () => {
      const before = await written();
      const onlyOrganisation = await answer(
        "coord",
        "calendario-esterno persona parrocchia@example.org revoca",
      );
      expect(onlyOrganisation).toContain(
        "parrocchia@example.org è il contatto dell'organizzazione Parrocchia San Luca, non di un membro",
      );
      expect(onlyOrganisation).toContain("calendario-esterno organizzazione seguito dall'indirizzo");
      const onlyMember = await answer("coord", `calendario-esterno organizzazione ${MAMMA}`);
      expect(onlyMember).toContain("non di un'organizzazione di questa équipe");
      expect(onlyMember).toContain("calendario-esterno persona seguito dal contatto");
      expect(await written()).toEqual(before);
    });

    it("a member with only a phone, removed: their link stops too", async () => {
      expect((await get(luca)).status).toBe(200);
      await removed(LUCA_PHONE);
      const gone = await get(luca);
      expect(gone.status).toBe(404);
      expect(gone.body).toBe((await get(firstMamma)).body);
    });

    it("an organisation's letter refused by its mail server: the coordinators who sent it are told, privately", async () => {
      smtp.refused.add("ufficio@rifiuta.example");
      const before = d.privateMessages("coord").length;
      await answer("coord", `organizzazione ${d.mention("edu")} ufficio@rifiuta.example Consultorio Nord`);
      await d.settle();
      const told = newPrivate("coord", before)
        .map((m) => m.text)
        .join("\n");
      expect(told).toContain("partecipa per Consultorio Nord");
      expect(told).toContain("La lettera per l'organizzazione Consultorio Nord");
      expect(told).toContain("il server di posta ha rifiutato l'indirizzo ufficio@rifiuta.example");
      expect(told).toContain("Riguardava:");
      expect(d.privateMessages("edu").some((m) => m.text.includes("rifiutato"))).toBe(false);
      expect(await db().auditEntry.count({ where: { action: "organisation.unreachable" } })).toBe(1);
    });
  });

  /** What this person was told privately in answer to a command. */
  async function messagesAfter(who: Cast, words: string): Promise<SeenMessage[]> {
    const seen = count(who);
    await type(who, words);
    return newPrivate(who, seen);
  }
}
