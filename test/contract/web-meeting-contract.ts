import { describe, expect, it } from "vitest";
import { parseIcs } from "../support/ics.ts";
import { mailText } from "../support/smtp.ts";
import { type ChatDriver, last } from "./driver.ts";
import { FORM } from "./meeting-contract.ts";
import {
  expectNoCaseCode,
  pageLinkIn,
  type SeenPage,
  UNKNOWN_TOKEN,
  unknownBeside,
  WebVisitor,
  webScenario,
} from "./web.ts";

const CASE = "FAM-2027-301";
const MAMMA = "mamma@example.org";
const ANNA = "Anna B.";
/** The two times of `FORM` as a page shows them (Rome's wall clock, 90 minutes). */
const FIRST = "venerdì 29 ottobre 2027, 15:00–16:30";
const SECOND = "martedì 2 novembre 2027, 15:00–16:30";
const FIRST_EN = "Friday, 29 October 2027, 15:00–16:30";
const SECOND_EN = "Tuesday, 2 November 2027, 15:00–16:30";
/** Where the coordinator moves it (`sposta 2027-11-05 10:00`). */
const MOVED = "venerdì 5 novembre 2027, 10:00–11:30";

/**
 * The meeting scenario on the web channel (issue 13): the coordinator works in chat, the parent
 * outside chat on her personal pages, reached only by the link in the letters she received. Her
 * answers are her own and move the poll exactly as a chat answer does; a form without its token,
 * or after the poll closed, changes nothing; the confirmed meeting comes with its calendar file;
 * a revoked link opens nothing, a new one works. Written once, run with the coordinator on every
 * chat platform, so the web channel is proved against each of them.
 */
export function webMeetingContract(makeDriver: () => ChatDriver): void {
  const { clock, d, smtp, db, type, letterTo } = webScenario(makeDriver, new Date("2027-10-20T08:00:00Z"));
  let anna: WebVisitor;
  let annaId = "";
  /** The poll's page as Anna last read it (its form and token), for replays after the fact. */
  let pollPage: SeenPage;

  const countLine = () => last(d.channelMessages().filter((m) => m.text.includes("hanno risposto")));
  const pollOf = (who: "edu" | "teacher") =>
    last(d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:"))));
  /** Anna's answers as recorded, by the time's position: the answer and who recorded it. */
  async function annasAnswers() {
    const rows = await db().availability.findMany({
      where: { memberId: annaId },
      select: { answer: true, recordedByMemberId: true, slot: { select: { position: true } } },
      orderBy: { slot: { position: "asc" } },
    });
    return rows.map((r) => ({ answer: r.answer, recordedBy: r.recordedByMemberId }));
  }
  /** What the coordinator's `stato` answers, privately. */
  async function stato(): Promise<string> {
    const seen = d.privateMessages("coord").length;
    await type("coord", "stato");
    return d
      .privateMessages("coord")
      .slice(seen)
      .map((m) => m.text)
      .join("\n");
  }
  /** The line of a `stato` that names who has not answered yet. */
  const missingIn = (status: string) => {
    const line = /Non hanno ancora risposto: [^\n]*/.exec(status)?.[0];
    expect(line, status).toBeDefined();
    return line ?? "";
  };
  /** What a refused form must leave as it was: answers, trail, queue, mail, what chat shows. */
  async function written() {
    await d.settle();
    return {
      answers: await db().availability.findMany({ orderBy: { id: "asc" } }),
      meetings: await db().meeting.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
      audit: await db().auditEntry.count({ where: { action: { not: "page.opened" } } }),
      openings: await db().auditEntry.count({ where: { action: "page.opened" } }),
      queue: await db().queueItem.count(),
      mails: smtp.messages.length,
      channel: d.channelMessages().map((m) => `${m.updates}:${m.text}`),
      coordinator: d.privateMessages("coord").length,
    };
  }
  const unknownVisitor = () => unknownBeside(anna, d.running.url);
  /** A parent reads "the équipe of Carla", never the case code. */
  const noCaseCode = (page: SeenPage) => expectNoCaseCode(page, CASE);

  describe(`the meeting on the web, the coordinator on ${d.platform}`, () => {
    it("a parent added by e-mail gets her page link in her welcome letter; it opens her page", async () => {
      await type("coord", `configura ${CASE}`);
      await type("coord", `aggiungi ${d.mention("edu")} educatore`);
      await type("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      const mails = smtp.messages.length;
      await type("coord", `aggiungi-esterno ${MAMMA} genitore ${ANNA}`);
      anna = new WebVisitor(d.running.url, pageLinkIn(letterTo(MAMMA, mails)));
      annaId =
        (await db().member.findFirst({ where: { email: MAMMA, removedAt: null }, select: { id: true } }))
          ?.id ?? "";
      expect(annaId).not.toBe("");
      const page = await anna.open();
      expect(page.status).toBe(200);
      expect(page.lang).toBe("it");
      expect(page.headers["cache-control"]).toBe("no-store");
      expect(page.text).toContain(`Ciao ${ANNA}`);
      expect(page.text).toContain("Carla Coordinatrice");
      expect(page.text).toContain("Per ora non c'è niente da fare.");
      noCaseCode(page);
    });

    it("an unknown link opens the not-found page, and says nothing of anyone", async () => {
      const stranger = unknownVisitor();
      const page = await stranger.open();
      expect(page.status).toBe(404);
      expect(page.text).toContain("Pagina non trovata");
      expect(page.text).not.toContain(ANNA);
      expect(page.forms).toEqual([]);
    });

    it("the coordinator convenes: the channel's count includes her, and her page shows the poll waiting, in plain words", async () => {
      await type("coord", "convoca");
      expect(d.takeOpenedForm("coord")).toBe(true);
      const mails = smtp.messages.length;
      expect(await d.submitForm("coord", FORM)).toEqual({});
      await d.settle();
      // She is asked by e-mail, in plain words, with her own link straight to the poll's page.
      const invitation = letterTo(MAMMA, mails);
      expect(invitation.subject).toBe("Quando puoi venire al prossimo incontro?");
      expect(mailText(invitation)).toContain(
        "Per il prossimo incontro l'équipe di Carla Coordinatrice propone alcuni orari",
      );
      expect(mailText(invitation)).toContain("Puoi rispondere fino a mer 27 ott 2027, 18:00");
      expect(mailText(invitation)).not.toContain("FAM-2027");
      const asked = mailText(invitation).match(
        /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}\/incontro\/[0-9a-f-]{36}/,
      )?.[0];
      expect(asked, "the link to the poll's page").toBeDefined();
      const opened = await fetch((asked ?? "").replace(/^https?:\/\/[^/]+/, d.running.url));
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain("Quando puoi venire?");
      // The coordinator's report says she was asked by e-mail, not that her answers are theirs to record.
      const report = last(d.privateMessages("coord")).text;
      expect(report).not.toContain("registra");
      expect(countLine().text).toContain("hanno risposto 0 su 4");
      expect(missingIn(await stato())).toContain(ANNA);
      const page = await anna.open();
      expect(page.text).toContain(
        "Dicci quando puoi venire al prossimo incontro. Rispondi entro mercoledì 27 ottobre 2027, 18:00.",
      );
      expect(page.text).not.toContain("Per ora non c'è niente da fare.");
      noCaseCode(page);
      pollPage = await anna.follow(page, "Scegli gli orari");
      expect(pollPage.status).toBe(200);
      expect(pollPage.text).toContain("Quando puoi venire?");
      expect(pollPage.text).toContain("Luogo: Sala 2, Servizi sociali");
      noCaseCode(pollPage);
      const [form] = pollPage.forms;
      expect(form?.method).toBe("post");
      expect(form?.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(form?.buttons).toEqual(["Invia le risposte"]);
      const questions = form?.fields.filter((f) => f.kind === "radio") ?? [];
      expect(questions.map((q) => q.question)).toEqual([FIRST, SECOND]);
      for (const question of questions) {
        expect(question.choices.map((c) => c.label)).toEqual(["Sì", "Se necessario", "No"]);
        expect(question.choices.some((c) => c.checked)).toBe(false);
      }
    });

    it("her answer on the web moves the channel's count exactly as a chat answer does", async () => {
      const before = countLine();
      const sent = await anna.submit(pollPage, { [FIRST]: "Sì", [SECOND]: "No" });
      expect(sent.status).toBe(303);
      expect(sent.page.status).toBe(200);
      expect(sent.page.text).toContain("Risposte salvate");
      expect(sent.page.text).toContain(`${FIRST}: Sì`);
      expect(sent.page.text).toContain(`${SECOND}: No`);
      noCaseCode(sent.page);
      await d.settle();
      const after = countLine();
      expect(after.id).toBe(before.id);
      expect(after.updates).toBeGreaterThan(before.updates);
      expect(after.text).toContain("hanno risposto 1 su 4");
      // A chat member answering both times in chat moves the same count one more.
      const poll = pollOf("edu");
      const [yes1, no2] = [poll.buttons[0], poll.buttons[5]];
      if (!yes1 || !no2) throw new Error("buttons");
      await d.click("edu", yes1);
      await d.settle();
      expect(countLine().text).toContain("hanno risposto 1 su 4");
      await d.click("edu", no2);
      await d.settle();
      expect(countLine().id).toBe(before.id);
      expect(countLine().text).toContain("hanno risposto 2 su 4");
    });

    it("the answer is her own: the trail names her, the coordinator is not told of a record made for her", async () => {
      expect(await annasAnswers()).toEqual([
        { answer: "yes", recordedBy: null },
        { answer: "no", recordedBy: null },
      ]);
      const trail = await db().auditEntry.findMany({
        where: { action: "availability.answered", actorId: annaId },
        select: { actorId: true },
      });
      expect(trail).toHaveLength(2);
      const coordinator = d.privateMessages("coord").map((m) => m.text);
      expect(coordinator.join("\n")).not.toContain("per suo conto");
      const status = await stato();
      expect(status).toContain("Risposte: 2 su 4");
      expect(status).toContain("la famiglia non può");
      expect(missingIn(status)).not.toContain(ANNA);
    });

    it("she changes her mind on the web, in English: the answer is replaced, the count stays", async () => {
      const before = countLine();
      const italian = await anna.open();
      const english = await anna.follow(italian, "English");
      expect(english.lang).toBe("en");
      expect(english.text).toContain("Your page");
      expect(english.text).toContain(`Hello ${ANNA}`);
      expect(english.text).toContain("You have told us when you can come to the next meeting.");
      const form = await anna.follow(english, "Change your answers");
      expect(form.lang).toBe("en");
      expect(form.text).toContain("When can you come?");
      const questions = form.forms[0]?.fields.filter((f) => f.kind === "radio") ?? [];
      expect(questions.map((q) => q.question)).toEqual([FIRST_EN, SECOND_EN]);
      // What she said is ticked.
      expect(questions.map((q) => q.choices.find((c) => c.checked)?.label)).toEqual(["Yes", "No"]);
      const sent = await anna.submit(form, { [SECOND_EN]: "If needed" });
      expect(sent.status).toBe(303);
      expect(sent.page.lang).toBe("en");
      expect(sent.page.text).toContain("Answers saved");
      expect(sent.page.text).toContain(`${SECOND_EN}: If needed`);
      expect(await annasAnswers()).toEqual([
        { answer: "yes", recordedBy: null },
        { answer: "if_needed", recordedBy: null },
      ]);
      await d.settle();
      expect(countLine().id).toBe(before.id);
      expect(countLine().text).toContain("hanno risposto 2 su 4");
      pollPage = await anna.follow(await anna.open(), "Cambia le risposte");
    });

    it("a form sent without its token, or with a wrong one, is refused (403) and changes nothing", async () => {
      const before = await written();
      const fresh = pollPage.forms[0]?.csrf ?? "";
      for (const csrf of ["omitted", { replacedBy: "x".repeat(43) }, { replacedBy: "" }] as const) {
        const sent = await anna.submit(pollPage, { [FIRST]: "No", [SECOND]: "No" }, { csrf });
        expect(sent.status, JSON.stringify(csrf)).toBe(403);
        expect(sent.page.redirects).toEqual([]);
        expect(sent.page.text).toContain("Le risposte non sono state salvate");
      }
      // A token that was good, for another link (an unknown one) opens nothing at all.
      const stranger = unknownVisitor();
      const forged = await stranger.send(
        pollPage.url.replace(/\/p\/[A-Za-z0-9_-]{43}/, `/p/${UNKNOWN_TOKEN}`),
        new URLSearchParams({ csrf: fresh }),
      );
      expect(forged.status).toBe(404);
      expect(await written()).toEqual(before);
      expect(await annasAnswers()).toEqual([
        { answer: "yes", recordedBy: null },
        { answer: "if_needed", recordedBy: null },
      ]);
    });

    it("the reminder goes to who has not answered; the coordinator is not asked to chase her", async () => {
      const seen = { coord: d.privateMessages("coord").length, edu: d.privateMessages("edu").length };
      const teacher = d.privateMessages("teacher").length;
      clock.set(new Date("2027-10-26T16:01:00Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(d.privateMessages("edu")).toHaveLength(seen.edu);
      expect(d.privateMessages("teacher").length).toBe(teacher + 1);
      expect(last(d.privateMessages("teacher")).text).toContain("Promemoria");
      const toCoordinator = d
        .privateMessages("coord")
        .slice(seen.coord)
        .map((m) => m.text)
        .join("\n");
      expect(toCoordinator).not.toContain(ANNA);
    });

    it("the coordinator confirms: her page shows the meeting with its calendar file", async () => {
      await type("coord", "conferma 1");
      const send = last(d.privateMessages("coord")).buttons[0];
      if (!send) throw new Error("no preview");
      await d.click("coord", send);
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("incontro confermato");
      const page = await anna.open();
      expect(page.text).toContain("I prossimi incontri");
      expect(page.text).toContain(FIRST);
      expect(page.text).toContain("Luogo: Sala 2, Servizi sociali");
      expect(page.text).toContain("Per ora non c'è niente da fare.");
      noCaseCode(page);
      const file = await anna.download(page, /^Aggiungi al calendario/);
      expect(file.status).toBe(200);
      expect(file.contentType).toContain("text/calendar");
      expect(file.disposition).toContain("attachment");
      const { events } = parseIcs(file.body);
      expect(events).toHaveLength(1);
      // 15:00 in Rome on 29 October 2027 (summer time) is 13:00 UTC; 90 minutes.
      expect(events[0]?.start).toBe("2027-10-29T13:00:00.000Z");
      expect(events[0]?.end).toBe("2027-10-29T14:30:00.000Z");
      expect(file.body).not.toContain(CASE);
    });

    it("the poll page now says it is closed; a late form gets the closed page (409) and changes nothing", async () => {
      // Opening a page changes nothing but the trail's record of the opening (an access record).
      const unopened = await written();
      const closed = await anna.open(pollPage.url);
      expect(await written()).toEqual({ ...unopened, openings: unopened.openings + 1 });
      const opening = await db().auditEntry.findFirst({
        where: { action: "page.opened" },
        orderBy: { createdAt: "desc" },
        select: { actorId: true },
      });
      expect(opening?.actorId).toBe(annaId);
      expect(closed.status).toBe(200);
      expect(closed.text).toContain("La scelta degli orari è chiusa");
      expect(closed.text).toContain(`L'incontro è fissato: ${FIRST}.`);
      expect(closed.forms).toEqual([]);
      const before = await written();
      const late = await anna.submit(pollPage, { [FIRST]: "No", [SECOND]: "No" });
      expect(late.status).toBe(409);
      expect(late.page.text).toContain("La scelta degli orari è chiusa");
      expect(await written()).toEqual(before);
    });

    it("the coordinator revokes her link: it opens the same page as an unknown one; a new link works", async () => {
      const unknown = await unknownVisitor().open();
      await type("coord", `link ${MAMMA} revoca`);
      for (const url of [anna.link, pollPage.url]) {
        const page = await anna.open(url);
        expect(page.status, url).toBe(404);
        expect(page.html, url).toBe(unknown.html);
      }
      const before = await written();
      const late = await anna.submit(pollPage, { [FIRST]: "No", [SECOND]: "No" });
      expect(late.status).toBe(404);
      expect(await written()).toEqual(before);

      const mails = smtp.messages.length;
      await type("coord", `link ${MAMMA} nuovo`);
      const renewed = new WebVisitor(d.running.url, pageLinkIn(letterTo(MAMMA, mails)));
      expect(renewed.link).not.toBe(anna.link);
      const page = await renewed.open();
      expect(page.status).toBe(200);
      expect(page.text).toContain(`Ciao ${ANNA}`);
      expect(page.text).toContain(FIRST);
      expect((await anna.open()).status).toBe(404);
      anna = renewed;
    });

    it("in English by link, the page reads in English throughout", async () => {
      const page = await anna.open(`${anna.link}?lang=en`);
      expect(page.lang).toBe("en");
      expect(page.title).toBe("Équipe — your page");
      expect(page.text).toContain("Your page");
      expect(page.text).toContain("There is nothing to do for now.");
      expect(page.text).toContain(FIRST_EN);
      expect(page.text).not.toContain("Aggiungi al calendario");
      const file = await anna.download(page, /^Add to calendar/);
      expect(file.status).toBe(200);
      expect(parseIcs(file.body).events[0]?.start).toBe("2027-10-29T13:00:00.000Z");
      const italian = await anna.follow(page, "Italiano");
      expect(italian.lang).toBe("it");
    });

    it("the coordinator moves the meeting: her page and its calendar file show the new time", async () => {
      await type("coord", "sposta 2027-11-05 10:00");
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La sala è occupata" })).toEqual({});
      await d.settle();
      const page = await anna.open();
      expect(page.text).toContain(MOVED);
      expect(page.text).not.toContain(FIRST);
      const file = await anna.download(page, /^Aggiungi al calendario/);
      const [event] = parseIcs(file.body).events;
      expect(event?.start).toBe("2027-11-05T09:00:00.000Z");
      expect(event?.sequence).toBe(1);
    });

    it("the coordinator cancels: her page lists no meeting, the poll page says there is nothing to do, the file says cancelled", async () => {
      const calendar = anna.linkOn(await anna.open(), /^Aggiungi al calendario/);
      await type("coord", "annulla");
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La famiglia si è trasferita" })).toEqual({});
      await d.settle();
      const page = await anna.open();
      expect(page.text).toContain("Non ci sono incontri fissati.");
      expect(page.text).not.toContain(MOVED);
      const poll = await anna.open(
        pollPage.url.replace(/\/p\/[A-Za-z0-9_-]{43}/, new URL(anna.link).pathname),
      );
      expect(poll.status).toBe(200);
      expect(poll.text).toContain("L'incontro è stato annullato. Non devi fare niente.");
      expect(poll.forms).toEqual([]);
      const [cancelled] = parseIcs(await (await fetch(calendar)).text()).events;
      expect(cancelled?.status).toBe("CANCELLED");
    });
  });
}
