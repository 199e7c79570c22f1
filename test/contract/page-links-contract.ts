import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/core/links.ts";
import { PAGE_SECURITY_HEADERS } from "../../src/http/pages.ts";
import { FakeClock } from "../support/fakes.ts";
import { readQrSvg } from "../support/qr-decode.ts";
import { queued } from "../support/sealed.ts";
import { mailText, RecordingSmtp, recipientsOf } from "../support/smtp.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

const CASE = "FAM-2027-501";
const MAMMA = "mamma@example.org";
const PAOLA = "paola@asl.example";
const LUCA_PHONE = "+39 333 7654321";
const NONNA = "nonna@example.org";
/** Elena's address as the Teams roster gives it (Slack's gives none). */
const ELENA_TEAMS_EMAIL = "elena@comune.example";

const NOT_COORDINATOR = "Solo chi coordina";
const NOT_MEMBER = "Non fai parte di questa équipe";
/** A personal page link anywhere in a text: its token (256 bits, base64url). */
const PAGE_TOKEN = /\/p\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;
const PAGE_TOKENS = /\/p\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;
const FEED_TOKEN = /\/calendar\/([A-Za-z0-9_-]{43})\.ics/;
/** A QR code page's link: its token (derived as page tokens are). */
const QR_TOKEN = /\/q\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;
/** How long a QR link opens. */
const QR_MINUTES = 30;
const ARRIVAL_SUBJECT = "La tua pagina personale e il calendario degli incontri";
const PAGE_SUBJECT = "La tua pagina personale";

/**
 * Issue 13, first part, as coordinators try it: `/equipe link` shows a member outside chat's
 * personal page link to the coordinator alone (the same link each time), sends it in a letter a
 * parent understands (by e-mail; for a phone-only member, handed privately to the coordinators),
 * renews or revokes it; a new member outside chat gets one letter with their page and their
 * calendar. Every step is in the équipe's trail; nobody else sees a link; a refusal writes
 * nothing. The page itself is the web slice's: a link "opens" here when the repository finds its
 * member by the hash of its token. Written once, run on every chat adapter.
 */
export function pageLinksContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));
  const d = makeDriver();
  const smtp = new RecordingSmtp();
  let smtpUrl = "";
  const db = () => d.running.db;

  beforeAll(async () => {
    await d.start(clock);
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
  /** The one letter this address got since `from`, with the token of the page link in it. */
  function letterTo(address: string, from: number): { mail: ParsedMail; text: string; token: string } {
    const letters = mailsTo(address, from);
    expect(letters, `letters to ${address}`).toHaveLength(1);
    const mail = letters[0] as ParsedMail;
    const text = mail.text ?? "";
    return { mail, text, token: tokenIn(mailText(mail)) };
  }
  /** The one page token a text holds (every page link in it is the same one). */
  function tokenIn(shown: string): string {
    const tokens = new Set([...shown.matchAll(PAGE_TOKENS)].map((m) => m[1] as string));
    expect(tokens.size, `page links in: ${shown.slice(0, 300)}`).toBe(1);
    return [...tokens][0] as string;
  }

  const newPrivate = (who: Cast, from: number): SeenMessage[] => d.privateMessages(who).slice(from);
  const count = (who: Cast) => d.privateMessages(who).length;
  const shownIn = (m: SeenMessage) => [m.text, ...m.links.map((l) => l.url)].join("\n");

  async function type(who: Cast, words: string): Promise<void> {
    await d.command(who, words);
    await d.settle();
  }
  /** Everything a command's author was told privately. */
  async function told(who: Cast, words: string): Promise<SeenMessage[]> {
    const seen = count(who);
    await type(who, words);
    const replies = newPrivate(who, seen);
    expect(replies.length, `answers to «${words}»`).toBeGreaterThan(0);
    return replies;
  }
  /** The one private answer a command got (its last one). */
  async function answer(who: Cast, words: string): Promise<string> {
    return last(await told(who, words)).text;
  }

  /** What the page route will do with a token: the member it opens for, if any. */
  const opens = (token: string) => d.running.deps.store.repos.pageLinks.findMember(hashToken(token));
  async function memberId(contact: { email: string } | { phone: string }): Promise<string> {
    const member = await db().member.findFirst({
      where: { ...contact, removedAt: null },
      select: { id: true },
    });
    expect(member, JSON.stringify(contact)).not.toBeNull();
    return member?.id ?? "";
  }
  /** This member's entries in the trail about their page link, as `action` strings. */
  const trailOf = async (subjectId: string) =>
    (
      await db().auditEntry.findMany({
        where: { subjectId, action: { startsWith: "pageLink." } },
        select: { action: true },
      })
    ).map((e) => e.action);

  /** What a refused or mistaken command must leave as it was. */
  async function written() {
    return {
      mails: smtp.messages.length,
      links: await db().pageLink.findMany({ orderBy: { id: "asc" } }),
      feeds: await db().feedToken.count(),
      members: await db().member.count({ where: { removedAt: null } }),
      mailsQueued: (await queued(db(), { kind: "message" })).filter((row) =>
        row.payload.includes('"kind":"email"'),
      ).length,
      channel: d.channelMessages().length,
      qrLinks: await db().pageQrLink.count(),
      audit: await db().auditEntry.count(),
    };
  }

  /** `link <who> qr` by the coordinator: what they were told, and the QR page's path in it. */
  async function askQr(who: string): Promise<{ reply: SeenMessage; path: string }> {
    const reply = last(await told("coord", `link ${who} qr`));
    const token = QR_TOKEN.exec(shownIn(reply))?.[1];
    expect(token, shownIn(reply)).toBeDefined();
    return { reply, path: `/q/${token}` };
  }
  /**
   * What the QR page at this path shows, as a phone reads its code: the page token in it; or
   * undefined when the page is the pages' 404. Either way in the pages' frame, never stored.
   */
  async function qrShows(path: string): Promise<string | undefined> {
    const response = await fetch(`${d.running.url}${path}`);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
      expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    if (response.status === 404) {
      expect(html).toContain("Pagina non trovata");
      return undefined;
    }
    expect(response.status).toBe(200);
    const read = readQrSvg(/<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "");
    // The same link is written under the code, whole.
    expect(html).toContain(`<p class="qr-link">${read}</p>`);
    return tokenIn(read);
  }

  /** `rimuovi …` and the click on «Rimuovi …» under what it shows. */
  async function removed(who: string): Promise<void> {
    const remove = (await told("coord", `rimuovi ${who}`))
      .flatMap((m) => m.buttons)
      .find((b) => b.actionId === "member-remove") as SeenButton;
    expect(remove).toBeDefined();
    await d.click("coord", remove);
    await d.settle();
    expect(last(d.privateMessages("coord")).text).toContain("non fa più parte");
  }

  // Tokens handed out along the way, kept by the steps that follow.
  let anna = "";
  let annaId = "";
  let paola = "";
  let luca = "";
  let lucaId = "";

  describe(`a member outside chat arrives (${d.platform})`, () => {
    it("added with an e-mail, a parent gets one letter with their page and their calendar, in plain words", async () => {
      const mails = smtp.messages.length;
      const channel = d.channelMessages().length;
      const reply = await answer("coord", `aggiungi-esterno ${MAMMA} genitore Anna B.`);
      expect(reply).toContain("Anna B.");
      expect(reply).toContain("Link alla pagina personale e al calendario degli incontri per Anna B.");
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      // Never a link in chat: they are hers.
      expect(reply).not.toMatch(PAGE_TOKEN);
      expect(reply).not.toMatch(FEED_TOKEN);
      expect(smtp.messages.slice(mails).flatMap(recipientsOf)).toEqual([MAMMA]);
      const { mail, text, token } = letterTo(MAMMA, mails);
      expect(mail.subject).toBe(ARRIVAL_SUBJECT);
      // What the page is for, in a parent's words; the équipe by its coordinator, never the code.
      expect(text).toContain(
        "Ecco la tua pagina personale, per lavorare con l'équipe di Carla Coordinatrice.",
      );
      expect(text).toContain("quando puoi venire a un incontro");
      expect(text).toContain("che cosa pensi delle decisioni");
      expect(text).toContain("i prossimi incontri e che cosa è stato deciso");
      expect(text).toContain("non inoltrarli");
      expect(text).toContain("chiedi a Carla Coordinatrice");
      expect(mailText(mail)).not.toContain(CASE);
      expect(mailText(mail)).not.toContain("FAM-");
      // The page link opens Anna's page; the calendar link her calendar.
      annaId = await memberId({ email: MAMMA });
      anna = token;
      expect(await opens(anna)).toBe(annaId);
      const feed = FEED_TOKEN.exec(mailText(mail))?.[1];
      expect((await fetch(`${d.running.url}/calendar/${feed}.ics`)).status).toBe(200);
      // The trail has both links as sent, to her; the channel has no link.
      expect((await trailOf(annaId)).sort()).toEqual(["pageLink.sent"]);
      expect(await db().auditEntry.count({ where: { subjectId: annaId, action: "feed.sent" } })).toBe(1);
      const posted = d.channelMessages().slice(channel).map(shownIn).join("\n");
      expect(posted).not.toMatch(PAGE_TOKEN);
    });

    it("a professional outside chat reads the case code in it", async () => {
      const mails = smtp.messages.length;
      await type("coord", `aggiungi-esterno ${PAOLA} psicologa Paola P.`);
      const { mail, text, token } = letterTo(PAOLA, mails);
      expect(mail.subject).toBe(ARRIVAL_SUBJECT);
      expect(text).toContain(`Ecco la tua pagina personale per l'équipe ${CASE}.`);
      paola = token;
      expect(await opens(paola)).toBe(await memberId({ email: PAOLA }));
      expect(paola).not.toBe(anna);
    });

    it("with only a phone, the letter is handed privately to the coordinators with both links, and the confirmation says so", async () => {
      const mails = smtp.messages.length;
      const seen = { coord: count("coord"), edu: count("edu"), teacher: count("teacher") };
      const channel = d.channelMessages().length;
      await type("coord", `aggiungi-esterno ${LUCA_PHONE} volontario Luca V.`);
      const coordinator = newPrivate("coord", seen.coord);
      const report = coordinator.find((m) => m.text.includes("Link alla pagina personale e al calendario"));
      expect(report?.text).toMatch(/Da passare a voce: .*Luca V\./);
      expect(report?.text).not.toContain("per e-mail");
      expect(smtp.messages.length).toBe(mails);
      const handOver = coordinator.find((m) => m.text.includes("Da passare a Luca V.")) as SeenMessage;
      expect(handOver).toBeDefined();
      expect(handOver.text).toContain(LUCA_PHONE);
      // The text to copy is the letter: what the page is for, and both links.
      expect(handOver.text).toContain("Ecco la tua pagina personale");
      expect(shownIn(handOver)).toMatch(FEED_TOKEN);
      luca = tokenIn(shownIn(handOver));
      lucaId = await memberId({ phone: LUCA_PHONE });
      expect(await opens(luca)).toBe(lucaId);
      // Only the coordinators see it, privately.
      for (const who of ["edu", "teacher"] as const)
        expect(newPrivate(who, seen[who]).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      const posted = d.channelMessages().slice(channel).map(shownIn).join("\n");
      expect(posted).not.toMatch(PAGE_TOKEN);
      expect(posted).not.toContain("7654321");
    });
  });

  describe(`a time poll's reminder carries each member's link (${d.platform})`, () => {
    let meetingId = "";
    let sent = { mails: 0, coord: 0, edu: 0, teacher: 0, channel: 0 };
    /** The poll's page under this token, as a link in a text shows it. */
    const pollPage = (token: string) => new RegExp(`/p/${token}/incontro/${meetingId}(?![A-Za-z0-9_/-])`);

    beforeAll(async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(
        await d.submitForm("coord", {
          purpose: "t1",
          duration: "60",
          slots: "2027-11-10 15:00\n2027-11-11 15:00",
          deadline: "2027-11-05 18:00",
          location: "",
        }),
      ).toEqual({});
      await d.settle();
      meetingId = (await db().meeting.findFirstOrThrow({ select: { id: true } })).id;
      sent = {
        mails: smtp.messages.length,
        coord: count("coord"),
        edu: count("edu"),
        teacher: count("teacher"),
        channel: d.channelMessages().length,
      };
      // A day before the deadline (18:00 in Rome, 17:00 UTC).
      clock.set(new Date("2027-11-04T17:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
    });

    it("a parent gets it by e-mail, in plain words, with her link to the poll's page, which opens", async () => {
      const [mail, ...more] = mailsTo(MAMMA, sent.mails);
      expect(more).toHaveLength(0);
      expect(mail?.subject).toBe("Promemoria: quando puoi venire all'incontro?");
      expect(mail?.text).toContain(
        "l'équipe di Carla Coordinatrice aspetta ancora di sapere quando puoi venire",
      );
      expect(mailText(mail as ParsedMail)).not.toContain("FAM-");
      expect(mail?.text).toMatch(pollPage(anna));
      const url = `${d.running.url}/p/${anna}/incontro/${meetingId}`;
      expect((await fetch(url)).status).toBe(200);
    });

    it("the coordinator alone gets, privately, the message to copy for the phone-only member, with his link", async () => {
      const shown = newPrivate("coord", sent.coord).filter((m) => m.text.includes("Luca V."));
      expect(shown).toHaveLength(1);
      const message = shown[0] as SeenMessage;
      expect(message.text).toContain(`${CASE} — promemoria per le disponibilità`);
      expect(message.text).toContain(LUCA_PHONE);
      expect(message.text).toContain("Promemoria: l'équipe di Carla Coordinatrice aspetta di sapere");
      expect(message.text).toContain("mai nel canale");
      // His link, to the poll's page: in the text to copy and as a link under it.
      expect(message.text).toMatch(pollPage(luca));
      expect(message.links.map((l) => l.url).join("\n")).toMatch(pollPage(luca));
      expect(tokenIn(shownIn(message))).toBe(luca);
      const url = `${d.running.url}/p/${luca}/incontro/${meetingId}`;
      expect((await fetch(url)).status).toBe(200);
      // Nobody else sees a link; the channel gets nothing of it.
      for (const who of ["edu", "teacher"] as const)
        expect(newPrivate(who, sent[who]).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      expect(d.channelMessages().slice(sent.channel).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      // Chat members get the reminder they always got.
      expect(
        newPrivate("edu", sent.edu)
          .map((m) => m.text)
          .join("\n"),
      ).toContain("non hai ancora indicato tutte le tue disponibilità");
    });
  });

  describe(`\`link\`: show, send, renew, revoke (${d.platform})`, () => {
    it("shows the link to the coordinator alone, the same one each time, plainly enough to copy", async () => {
      const before = { mails: smtp.messages.length, channel: d.channelMessages().length };
      const seenEdu = count("edu");
      const first = last(await told("coord", `link ${MAMMA}`));
      expect(first.text).toContain("Link alla pagina personale di Anna B.");
      expect(first.text).toContain("lo vedi solo tu");
      // The address itself, whole, where it can be copied.
      expect(first.text).toMatch(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/);
      expect(tokenIn(shownIn(first))).toBe(anna);
      const again = last(await told("coord", `link ${MAMMA}`));
      expect(tokenIn(shownIn(again))).toBe(anna);
      expect(await opens(anna)).toBe(annaId);
      // Shown, not sent: no letter, nothing in the channel, nothing to anybody else.
      expect(smtp.messages.length).toBe(before.mails);
      expect(d.channelMessages().length).toBe(before.channel);
      expect(newPrivate("edu", seenEdu).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      expect(await trailOf(annaId)).toEqual(["pageLink.sent", "pageLink.shown", "pageLink.shown"]);
      // Kept by the coordinator who asked.
      const shown = await db().auditEntry.findFirst({
        where: { subjectId: annaId, action: "pageLink.shown" },
      });
      expect(shown?.actorId).toBe(
        (await db().member.findFirst({ where: { displayName: "Carla Coordinatrice" } }))?.id,
      );
    });

    it("`invia` sends a parent the same link in a letter that says what the page is for and that it is theirs", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `link ${MAMMA} invia`);
      expect(reply).toContain("Link alla pagina personale per Anna B.:");
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      expect(reply).not.toContain("revocato");
      expect(reply).not.toMatch(PAGE_TOKEN);
      expect(smtp.messages.slice(mails).flatMap(recipientsOf)).toEqual([MAMMA]);
      const { mail, text, token } = letterTo(MAMMA, mails);
      expect(mail.subject).toBe(PAGE_SUBJECT);
      expect(token).toBe(anna);
      expect(text).toContain("Buongiorno Anna B.,");
      expect(text).toContain("l'équipe di Carla Coordinatrice");
      expect(text).toContain("quando puoi venire a un incontro");
      expect(text).toContain("che cosa pensi delle decisioni, prima che vengano prese");
      expect(text).toContain("i prossimi incontri e che cosa è stato deciso");
      expect(text).toContain("Il link è solo tuo: non inoltrarlo");
      expect(text).toContain("per averne uno nuovo, chiedi a Carla Coordinatrice");
      expect(mailText(mail)).not.toContain("FAM-");
      // Only the page: the calendar has its own command.
      expect(mailText(mail)).not.toMatch(FEED_TOKEN);
      expect(await opens(anna)).toBe(annaId);
      expect((await trailOf(annaId)).filter((a) => a === "pageLink.sent")).toHaveLength(2);
    });

    it("a professional's letter names the case by its code", async () => {
      const mails = smtp.messages.length;
      await type("coord", `link ${PAOLA} invia`);
      const { text, token } = letterTo(PAOLA, mails);
      expect(text).toContain(`Ecco la tua pagina personale per l'équipe ${CASE}.`);
      expect(token).toBe(paola);
    });

    it("for a phone-only member, `invia` hands the letter to the coordinators, and only to them", async () => {
      const mails = smtp.messages.length;
      const seen = { coord: count("coord"), edu: count("edu") };
      const channel = d.channelMessages().length;
      await type("coord", `link ${LUCA_PHONE} invia`);
      const coordinator = newPrivate("coord", seen.coord);
      const report = coordinator.find((m) => m.text.includes("Link alla pagina personale per Luca V."));
      expect(report?.text).toMatch(/Da passare a voce: .*Luca V\./);
      const handOver = coordinator.find((m) => m.text.includes("Da passare a Luca V.")) as SeenMessage;
      expect(handOver.text).toContain(LUCA_PHONE);
      expect(handOver.text).toContain("Il link è solo tuo");
      expect(tokenIn(shownIn(handOver))).toBe(luca);
      expect(smtp.messages.length).toBe(mails);
      expect(newPrivate("edu", seen.edu).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      expect(d.channelMessages().slice(channel).map(shownIn).join("\n")).not.toMatch(PAGE_TOKEN);
      // The number written another way is the same person, and the same link, shown.
      const shown = last(await told("coord", "link +393337654321"));
      expect(tokenIn(shownIn(shown))).toBe(luca);
    });

    it("`nuovo` revokes the link and sends a new one: the old one opens nothing", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `link ${MAMMA} nuovo`);
      expect(reply).toContain("Link precedente revocato: non funziona più.");
      expect(reply).toContain("In consegna a 1 persona: 1 per e-mail.");
      const fresh = letterTo(MAMMA, mails).token;
      expect(fresh).not.toBe(anna);
      expect(await opens(anna)).toBeUndefined();
      expect(await opens(fresh)).toBe(annaId);
      anna = fresh;
      expect((await trailOf(annaId)).filter((a) => a === "pageLink.renewed")).toHaveLength(1);
      // One live link: shown again, it is the new one.
      expect(tokenIn(shownIn(last(await told("coord", `link ${MAMMA}`))))).toBe(anna);
      expect(await db().pageLink.count({ where: { memberId: annaId, revokedAt: null } })).toBe(1);
    });

    it("`nuovo` for a phone-only member hands the new link over; the old one opens nothing", async () => {
      const seen = count("coord");
      await type("coord", `link ${LUCA_PHONE} nuovo`);
      const handOver = newPrivate("coord", seen).find((m) => m.text.includes("Da passare a Luca V."));
      const fresh = tokenIn(shownIn(handOver as SeenMessage));
      expect(fresh).not.toBe(luca);
      expect(await opens(luca)).toBeUndefined();
      expect(await opens(fresh)).toBe(lucaId);
      luca = fresh;
    });

    it("`revoca` stops the link and sends nothing; with nothing live it says so and records nothing", async () => {
      const mails = smtp.messages.length;
      const reply = await answer("coord", `link ${MAMMA} revoca`);
      expect(reply).toContain("Link alla pagina personale di Anna B. revocato: non funziona più.");
      expect(await opens(anna)).toBeUndefined();
      expect(smtp.messages.length).toBe(mails);
      expect((await trailOf(annaId)).filter((a) => a === "pageLink.revoked")).toHaveLength(1);

      const before = await written();
      expect(await answer("coord", `link ${MAMMA} revoca`)).toContain(
        "Anna B. non ha un link alla pagina personale attivo: non c'era niente da revocare.",
      );
      expect(await written()).toEqual(before);

      // Shown after it: a new link that opens her page, not the revoked one.
      const shown = tokenIn(shownIn(last(await told("coord", `link ${MAMMA}`))));
      expect(shown).not.toBe(anna);
      expect(await opens(shown)).toBe(annaId);
      expect(await opens(anna)).toBeUndefined();
      anna = shown;
    });

    it("the English words do the same", async () => {
      const paolaId = await memberId({ email: PAOLA });
      let mails = smtp.messages.length;
      await type("coord", `link ${PAOLA} send`);
      expect(letterTo(PAOLA, mails).token).toBe(paola);
      mails = smtp.messages.length;
      await type("coord", `link ${PAOLA} new`);
      const fresh = letterTo(PAOLA, mails).token;
      expect(fresh).not.toBe(paola);
      expect(await opens(paola)).toBeUndefined();
      paola = fresh;
      expect(tokenIn(shownIn(last(await told("coord", `link ${PAOLA} show`))))).toBe(paola);
      mails = smtp.messages.length;
      await type("coord", `link ${PAOLA} revoke`);
      expect(await opens(paola)).toBeUndefined();
      expect(smtp.messages.length).toBe(mails);
      expect((await trailOf(paolaId)).sort()).toEqual([
        "pageLink.renewed",
        "pageLink.revoked",
        "pageLink.sent",
        "pageLink.sent",
        "pageLink.sent",
        "pageLink.shown",
      ]);
    });

    it("with e-mail not set up, `invia` says the letter waits; it goes out, with the live link, once it is", async () => {
      await d.restart({ SMTP_URL: "" });
      const mails = smtp.messages.length;
      const reply = await answer("coord", `link ${MAMMA} invia`);
      expect(reply).toMatch(/In attesa: .*Anna B\..*l'e-mail non è ancora configurata/);
      expect(reply).not.toContain("In consegna");
      expect(smtp.messages.length).toBe(mails);
      await d.restart({ SMTP_URL: smtpUrl });
      await d.settle();
      const { token } = letterTo(MAMMA, mails);
      expect(token).toBe(anna);
      expect(await opens(token)).toBe(annaId);
    });
  });

  describe(`\`link … qr\`: a QR code of the link to show or print (${d.platform})`, () => {
    it("gives the coordinator alone a short-lived link to a page whose code reads as the member's live link", async () => {
      const before = { mails: smtp.messages.length, channel: d.channelMessages().length, edu: count("edu") };
      const { reply, path } = await askQr(MAMMA);
      expect(reply.text).toContain("Codice QR del link alla pagina personale di Anna B.");
      expect(reply.text).toContain("lo vedi solo tu");
      expect(reply.text).toContain(`solo per ${QR_MINUTES} minuti`);
      // The chat message carries the QR page's link, never the member's own.
      expect(shownIn(reply)).not.toMatch(PAGE_TOKEN);
      expect(await qrShows(path)).toBe(anna);
      // The queue held a sealed stand-in, never the QR page's token.
      const token = path.slice("/q/".length);
      const payloads = (await queued(db())).map((row) => row.payload);
      expect(payloads.filter((payload) => payload.includes(token))).toHaveLength(0);
      expect(payloads.filter((payload) => payload.includes("urn:equipe-link:qr:"))).toHaveLength(1);
      // Nobody else saw anything; no letter went out; the page link is the same one.
      expect(smtp.messages.length).toBe(before.mails);
      expect(d.channelMessages().length).toBe(before.channel);
      expect(newPrivate("edu", before.edu).map(shownIn).join("\n")).not.toMatch(QR_TOKEN);
      expect(await opens(anna)).toBe(annaId);
      expect((await trailOf(annaId)).filter((a) => a === "pageLink.qrShown")).toHaveLength(1);
    });

    it("opening the page changes nothing but the trail's access record", async () => {
      const { path } = await askQr(MAMMA);
      const before = await written();
      const links = await db().pageQrLink.findMany({ orderBy: { id: "asc" } });
      const accesses = await db().auditEntry.count({ where: { action: "pageLink.qrOpened" } });
      for (let i = 0; i < 3; i += 1) expect(await qrShows(path)).toBe(anna);
      expect({ ...(await written()), audit: before.audit }).toEqual(before);
      expect(await db().pageQrLink.findMany({ orderBy: { id: "asc" } })).toEqual(links);
      expect(await db().auditEntry.count()).toBe(before.audit + 3);
      expect(await db().auditEntry.count({ where: { action: "pageLink.qrOpened" } })).toBe(accesses + 3);
    });

    it(`opens for ${QR_MINUTES} minutes, then reads as a link that does not work`, async () => {
      const { path } = await askQr(MAMMA);
      clock.advance(QR_MINUTES * 60_000 - 1000);
      expect(await qrShows(path)).toBe(anna);
      clock.advance(1000);
      expect(await qrShows(path)).toBeUndefined();
      // Asked again, a new one opens: the member's link itself never expired.
      expect(await qrShows((await askQr(MAMMA)).path)).toBe(anna);
    });

    it("for a phone-only member, the code reads as their link", async () => {
      expect(await qrShows((await askQr(LUCA_PHONE)).path)).toBe(luca);
    });

    it("dies when the member's link is renewed or revoked; with no live link, it says how to make one", async () => {
      const renewed = (await askQr(MAMMA)).path;
      let mails = smtp.messages.length;
      await type("coord", `link ${MAMMA} nuovo`);
      const fresh = letterTo(MAMMA, mails).token;
      expect(await qrShows(renewed)).toBeUndefined();
      anna = fresh;
      expect(await qrShows((await askQr(MAMMA)).path)).toBe(anna);

      const revoked = (await askQr(MAMMA)).path;
      await type("coord", `link ${MAMMA} revoca`);
      expect(await qrShows(revoked)).toBeUndefined();
      const before = await written();
      const refusal = await answer("coord", `link ${MAMMA} qr`);
      expect(refusal).toContain("Anna B. non ha un link alla pagina personale attivo");
      expect(refusal).toContain("link … nuovo");
      expect(refusal).not.toMatch(QR_TOKEN);
      expect(await written()).toEqual(before);

      // A new link for her, sent, as the steps that follow expect.
      mails = smtp.messages.length;
      await type("coord", `link ${MAMMA} invia`);
      anna = letterTo(MAMMA, mails).token;
      expect(await opens(anna)).toBe(annaId);
    });
  });

  describe(`who may, and what is refused (${d.platform})`, () => {
    it("refuses a chat member kindly, who answers in chat, and changes nothing", async () => {
      const before = await written();
      expect(await answer("coord", `link ${d.mention("edu")}`)).toContain(
        "Elena Educatrice usa la chat: lì riceve le richieste dell'équipe e risponde.",
      );
      expect(await answer("coord", `link ${d.mention("edu")} invia`)).toContain("usa la chat");
      // Named by the address the roster gives (Teams gives one; Slack none).
      if (d.platform === "teams")
        expect(await answer("coord", `link ${ELENA_TEAMS_EMAIL}`)).toContain("Elena Educatrice usa la chat");
      expect(await written()).toEqual(before);
    });

    it("only a coordinator may show, send, renew or revoke a link: nothing is written otherwise", async () => {
      const before = await written();
      for (const [who, words, refusal] of [
        ["edu", `link ${MAMMA}`, NOT_COORDINATOR],
        ["edu", `link ${MAMMA} invia`, NOT_COORDINATOR],
        ["edu", `link ${MAMMA} nuovo`, NOT_COORDINATOR],
        ["edu", `link ${MAMMA} revoca`, NOT_COORDINATOR],
        ["teacher", `link ${LUCA_PHONE}`, NOT_COORDINATOR],
        ["edu", `link ${PAOLA} send`, NOT_COORDINATOR],
        ["edu", `link ${MAMMA} qr`, NOT_COORDINATOR],
        ["teacher", `link ${LUCA_PHONE} qr`, NOT_COORDINATOR],
        ["stranger", `link ${MAMMA}`, NOT_MEMBER],
        ["stranger", `link ${MAMMA} revoke`, NOT_MEMBER],
        ["stranger", `link ${MAMMA} qr`, NOT_MEMBER],
      ] as const) {
        const reply = await answer(who, words);
        expect(reply, words).toContain(refusal);
        expect(reply, words).not.toMatch(PAGE_TOKEN);
        expect(reply, words).not.toMatch(QR_TOKEN);
      }
      expect(await written()).toEqual(before);
      expect(await opens(anna)).toBe(annaId);
      expect(await opens(luca)).toBe(lucaId);
    });

    it("answers a mistyped command with what was wrong and how to write it, and writes nothing", async () => {
      const before = await written();
      const example = "Si scrive così";
      for (const [words, ...says] of [
        ["link", example],
        ["link mamma@", "«mamma@» non è un indirizzo e-mail valido", example],
        ["link Anna", "«Anna» non è un indirizzo e-mail valido", example],
        ["link 333-12", "«333-12» non è un numero di telefono valido", example],
        ["link sconosciuta@example.org", "nessun membro esterno ha il recapito «sconosciuta@example.org»"],
        [`link ${MAMMA} invai`, "Forse intendevi invia?", "Non ho fatto nulla", example],
        [`link ${MAMMA} revokr`, "Forse intendevi revoke?", example],
        [
          `link ${MAMMA} boh`,
          "Non conosco «boh»",
          "si scrive invia, nuovo, revoca o qr, oppure niente",
          example,
        ],
        [`link ${MAMMA} nuovo revoca`, example],
        ["lnik", "Forse intendevi"],
      ] as const) {
        const reply = await answer("coord", words);
        for (const part of says) expect(reply, words).toContain(part);
        expect(reply, words).not.toMatch(PAGE_TOKEN);
      }
      // In a direct message it belongs in the équipe's conversation.
      const seen = count("coord");
      await d.direct("coord", `link ${MAMMA}`);
      await d.settle();
      expect(last(newPrivate("coord", seen)).text).toContain(`conversazione dell'équipe del caso ${CASE}`);
      expect(await written()).toEqual(before);
    });
  });

  describe(`removal (${d.platform})`, () => {
    it("a member removed: their page link and its QR page open nothing, and `link` no longer knows them", async () => {
      expect(await opens(anna)).toBe(annaId);
      const { path } = await askQr(MAMMA);
      expect(await qrShows(path)).toBe(anna);
      await removed(MAMMA);
      expect(await opens(anna)).toBeUndefined();
      expect(await qrShows(path)).toBeUndefined();
      const before = await written();
      expect(await answer("coord", `link ${MAMMA} invia`)).toContain("nessun membro esterno ha il recapito");
      expect(await written()).toEqual(before);
    });

    it("a phone-only member removed: their link stops too", async () => {
      expect(await opens(luca)).toBe(lucaId);
      await removed(LUCA_PHONE);
      expect(await opens(luca)).toBeUndefined();
    });

    it("someone added again gets a new link; the old one stays dead", async () => {
      const mails = smtp.messages.length;
      await type("coord", `aggiungi-esterno ${MAMMA} genitore Anna B.`);
      const { mail, token } = letterTo(MAMMA, mails);
      expect(mail.subject).toBe(ARRIVAL_SUBJECT);
      expect(token).not.toBe(anna);
      expect(await opens(anna)).toBeUndefined();
      expect(await opens(token)).toBe(await memberId({ email: MAMMA }));
    });

    it("changing the role of someone already in the équipe sends no second letter", async () => {
      await type("coord", `aggiungi-esterno ${NONNA} parente Rosa N.`);
      const mails = smtp.messages.length;
      const links = await db().pageLink.count();
      await type("coord", `aggiungi-esterno ${NONNA} famiglia-appoggio Rosa N.`);
      expect(smtp.messages.length).toBe(mails);
      expect(await db().pageLink.count()).toBe(links);
    });
  });
}
