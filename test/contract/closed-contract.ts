import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { opened, queued } from "../support/sealed.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

const POLL = {
  purpose: "t1",
  duration: "90",
  slots: "2027-10-29 15:00\n2027-11-02 15:00",
  deadline: "2027-10-27 18:00",
  location: "Sala 2, Servizi sociali",
};
const SECOND_POLL = { ...POLL, slots: "2027-11-10 15:00\n2027-11-12 15:00", deadline: "2027-11-08 18:00" };
const QUESTION = "Proponiamo il centro diurno per l'estate?";
const DECIDE = {
  question: QUESTION,
  context: "",
  kind: "stances",
  options: "",
  deadline: "2027-11-03 18:00",
  familyReason: "",
};

/**
 * The équipe's state tells the truth, written once for every chat adapter: `stato` shows what
 * is under way (or that nothing is, and how to start), closed polls and decisions say they are
 * closed in every copy (private questions, the channel, the coordinators' buttons), a stale
 * button answers politely, and `calendario` shows the same link until `calendario nuovo`.
 */
export function closedContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-501");
    // Two coordinators: a confirmation by one must take the other's buttons away.
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore coordinatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
    await d.settle();
    // A member only a phone reaches: their notices are handed over to the coordinators.
    await d.command("coord", "aggiungi-esterno +39 333 7654321 parente Nonno Piero");
    await d.settle();
  });
  afterAll(() => d.stop());

  const withAction = (who: Cast, prefix: string) =>
    d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId.startsWith(prefix)));
  const now = (who: Cast, message: SeenMessage) => d.privateMessages(who).find((m) => m.id === message.id);
  const channelNow = (message: SeenMessage) => d.channelMessages().find((m) => m.id === message.id);
  async function status(who: Cast): Promise<string> {
    await d.command(who, "stato");
    await d.settle();
    return last(d.privateMessages(who)).text;
  }

  let poll: SeenMessage;
  let count: SeenMessage;
  let ranked: SeenMessage;

  describe(`closed things say so, and the state tells the truth (${d.platform})`, () => {
    it("stato with nothing under way says so, and how to start something", async () => {
      const text = await status("teacher");
      expect(text).toContain("non c'è nulla in corso");
      expect(text).toContain("convoca");
      expect(text).toContain("decidi");
    });

    it("closes every copy of a poll at its deadline: no buttons, no deadline in the future tense", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", POLL)).toEqual({});
      await d.settle();
      poll = last(withAction("teacher", "poll:"));
      await d.click("teacher", poll.buttons[0] as SeenButton);
      await d.settle();
      await d.click("teacher", poll.buttons[3] as SeenButton);
      await d.settle();
      count = last(d.channelMessages().filter((m) => m.text.includes("hanno risposto")));
      expect(count.text).toContain("Scadenza");
      expect(await status("teacher")).toContain("Scadenza");

      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      const closedCount = channelNow(count);
      expect(closedCount?.text).toContain("hanno risposto 1 su 5");
      expect(closedCount?.text).toContain("Proposta chiusa il mer 27 ott 2027, 18:00 (scaduta)");
      expect(closedCount?.text).not.toContain("Scadenza");
      const closedPoll = now("teacher", poll);
      expect(closedPoll?.buttons).toEqual([]);
      expect(closedPoll?.text).toContain("(scaduta)");
      expect(closedPoll?.text).not.toContain("Rispondi entro");
      // Both coordinators get the ranked list with its confirm buttons; the status says it closed.
      ranked = last(withAction("edu", "confirm:"));
      expect(withAction("coord", "confirm:")).toHaveLength(1);
      const state = await status("coord");
      expect(state).toContain("(scaduta)");
      expect(state).not.toContain("Scadenza");
    });

    it("answers a click on a closed poll politely, and records nothing", async () => {
      await d.click("teacher", poll.buttons[5] as SeenButton);
      await d.settle();
      expect(last(d.privateMessages("teacher")).text).toContain(
        "La raccolta delle disponibilità è chiusa: le risposte non si possono più cambiare",
      );
      expect(await d.running.db.availability.count()).toBe(2);
    });

    it("a confirmation by one coordinator takes the other's confirm buttons away, and says for when", async () => {
      await d.click("coord", last(withAction("coord", "confirm:")).buttons[0] as SeenButton);
      await d.settle();
      // The ranked list's button shows what will happen; the click under it confirms.
      await d.click("coord", last(withAction("coord", "confirm-send")).buttons[0] as SeenButton);
      await d.settle();
      const other = now("edu", ranked);
      expect(other?.buttons).toEqual([]);
      expect(other?.text).toContain("(confermato per ven 29 ott 2027, 15:00");
      expect(channelNow(count)?.text).toContain("(confermato per ven 29 ott 2027, 15:00");
      expect(now("teacher", poll)?.text).toContain("(confermato per");
      // A client that has not refreshed yet: the stale button is answered, nothing changes.
      await d.click("edu", ranked.buttons[1] ?? (ranked.buttons[0] as SeenButton));
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain(
        "non è più aperta: è già stata confermata o annullata",
      );
      expect(now("teacher", poll)?.text).toContain("(confermato per");
      const meeting = await d.running.db.meeting.findFirstOrThrow();
      expect(meeting.status).toBe("confirmed");
      expect(meeting.sequence).toBe(0);
    });

    it("stato after confirmation shows the meeting: when, where, who is invited, who was not reached", async () => {
      const text = await status("teacher");
      expect(text).not.toContain("Non c'è una proposta di orari aperta");
      expect(text).toContain("incontro confermato");
      expect(text).toContain("ven 29 ott 2027, 15:00–16:30");
      expect(text).toContain("Sala 2, Servizi sociali");
      expect(text).toContain("Invitati:");
      for (const who of ["coord", "edu", "teacher"] as const) expect(text).toContain(d.shownAs(who));
      expect(text).toContain("Anna B.");
      expect(text).toMatch(/Da avvisare di persona o al telefono: [^\n]*Nonno Piero/);
      // E-mail is not set up in this run: her invitation waits, and stato says so.
      expect(text).toMatch(/In attesa: [^\n]*Anna B\.[^\n]*e-mail/);
      expect(text).not.toMatch(/(Da avvisare|Non raggiunti)[^\n]*Anna B\./);
      expect(text).not.toContain("Non invitati");
    });

    it("stato does not call invited who joined after the invitation", async () => {
      await d.command("coord", "aggiungi-esterno zia@example.org parente Zia Rita");
      await d.settle();
      const text = await status("teacher");
      expect(text).toMatch(/Invitati: (?![^\n]*Zia Rita)/);
      expect(text).toMatch(/Non invitati, perché entrati nell'équipe dopo l'invito: Zia Rita\./);
      // She leaves again, so that the counts below stay those of the invited.
      await d.command("coord", "rimuovi zia@example.org");
      await d.settle();
      await d.click("coord", last(withAction("coord", "member-remove")).buttons[0] as SeenButton);
      await d.settle();
    });

    it("closes every copy of a cancelled poll", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", SECOND_POLL)).toEqual({});
      await d.settle();
      const second = last(withAction("teacher", "poll:"));
      expect(second.id).not.toBe(poll.id);
      const secondCount = last(d.channelMessages().filter((m) => m.text.includes("hanno risposto")));
      await d.command("coord", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La famiglia ha chiesto un altro giorno." })).toEqual({});
      await d.settle();
      expect(now("teacher", second)?.buttons).toEqual([]);
      expect(now("teacher", second)?.text).toContain("(annullata)");
      expect(channelNow(secondCount)?.text).toContain("Proposta chiusa il mer 27 ott 2027");
      expect(channelNow(secondCount)?.text).toContain("(annullata)");
      expect(channelNow(secondCount)?.text).not.toContain("Scadenza");
      // The confirmed meeting stays; stato says so.
      expect(await status("teacher")).toContain("incontro confermato");
    });

    it("stato shows the open decision: question, how many answered, deadline", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const everyone = d.formChoices("participants").map((c) => c.value);
      expect(await d.submitForm("coord", { ...DECIDE, participants: everyone.join(",") })).toEqual({});
      await d.settle();
      const text = await status("teacher");
      expect(text).toContain(`Decisione aperta: «${QUESTION}» — punti di vista: 0 su 5`);
      expect(text).toContain("Scadenza: mer 3 nov 2027, 18:00");
    });

    it("closes a decision's every copy at its deadline; decisione shows it closed, with no button", async () => {
      const ask = last(withAction("teacher", "decide:answer"));
      const decisionCount = last(d.channelMessages().filter((m) => m.text.includes(QUESTION)));
      clock.set(new Date("2027-11-03T17:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(now("teacher", ask)?.buttons).toEqual([]);
      expect(now("teacher", ask)?.text).toContain("Decisione chiusa il mer 3 nov 2027, 18:00 (scaduta)");
      expect(now("teacher", ask)?.text).not.toContain("punto di vista entro");
      expect(channelNow(decisionCount)?.text).toContain("(scaduta)");
      await d.command("teacher", "decisione");
      await d.settle();
      const shown = last(d.privateMessages("teacher"));
      expect(shown.text).toContain("(scaduta)");
      expect(shown.text).not.toContain("Scadenza");
      expect(shown.buttons).toEqual([]);
      await d.click("teacher", ask.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("teacher")).toBe(false);
      expect(last(d.privateMessages("teacher")).text).toContain("è chiusa");
      expect(await status("teacher")).toContain("Decisione in attesa dell'esito");
    });

    it("once the outcome is recorded, the other coordinator's button goes and every copy says so", async () => {
      const coordPicture = last(withAction("coord", "decide:outcome"));
      const eduPicture = last(withAction("edu", "decide:outcome"));
      const decisionCount = last(d.channelMessages().filter((m) => m.text.includes("(scaduta)")));
      await d.click("edu", eduPicture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("edu")).toBe(true);
      expect(
        await d.submitForm("edu", {
          outcome: "Sì, dal primo luglio.",
          actions: "",
          review: "",
          override: "Ne abbiamo parlato in riunione con tutti.",
        }),
      ).toEqual({});
      await d.settle();
      expect(now("coord", coordPicture)?.buttons).toEqual([]);
      expect(now("coord", coordPicture)?.text).toContain("(esito registrato)");
      expect(now("edu", eduPicture)?.buttons).toEqual([]);
      expect(channelNow(decisionCount)?.text).toContain("(esito registrato)");
      await d.click("coord", coordPicture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(false);
      expect(last(d.privateMessages("coord")).text).toContain("già registrato");
      await d.command("teacher", "decisione");
      await d.settle();
      expect(last(d.privateMessages("teacher")).text).toContain("(esito registrato)");
      // Nothing is under way any more (the meeting is past, the decision recorded).
      expect(await status("teacher")).toContain("non c'è nulla in corso");
    });

    it("calendario shows the same link each time; only calendario nuovo revokes it, and says so", async () => {
      const feedLink = async (words: string) => {
        await d.command("edu", words);
        await d.settle();
        const message = last(d.privateMessages("edu"));
        const url = message.links.find((l) => /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/.test(l.url))?.url ?? "";
        expect(url).not.toBe("");
        return { text: message.text, url: url.replace(/^https?:\/\/[^/]+/, d.running.url) };
      };
      const fetchStatus = async (url: string) => (await fetch(url)).status;
      const first = await feedLink("calendario");
      const again = await feedLink("calendario");
      expect(again.url).toBe(first.url);
      expect(again.text).not.toContain("non funziona più");
      expect(await fetchStatus(first.url)).toBe(200);
      expect(await fetchStatus(again.url)).toBe(200);
      const fresh = await feedLink("calendario nuovo");
      expect(fresh.text).toContain("Il link precedente non funziona più; eccone uno nuovo");
      expect(fresh.url).not.toBe(first.url);
      expect(await fetchStatus(first.url)).toBe(404);
      expect(await fetchStatus(fresh.url)).toBe(200);
      expect((await feedLink("calendario")).url).toBe(fresh.url);
      // No token is kept in clear anywhere: not in the links' rows, not in the queue, nowhere —
      // neither the feed's nor the invitation's "add to calendar" link (which still opens).
      const invite = d.privateMessages("teacher").find((m) => m.text.includes("Sei invitato/a"));
      const eventUrl = invite?.links.find((l) => l.url.includes("/calendar/event/"))?.url ?? "";
      expect(await fetchStatus(eventUrl.replace(/^https?:\/\/[^/]+/, d.running.url))).toBe(200);
      const tokens = [first.url, fresh.url, eventUrl].map(
        (url) => /\/calendar\/(?:event\/)?([A-Za-z0-9_-]{43})\.ics$/.exec(url)?.[1],
      );
      const db = d.running.db;
      // What is stored, sealed content opened: not even the key's holder finds a token in it.
      const everything = JSON.stringify([
        await db.feedToken.findMany(),
        await queued(db),
        await db.messageRef.findMany(),
        (await db.adapterRecord.findMany()).map((row) => opened(db, "AdapterRecord", row)),
        await db.processedDelivery.findMany(),
        (await db.auditEntry.findMany()).map((row) => opened(db, "AuditEntry", row)),
        await db.eventToken.findMany(),
      ]);
      // The four answers to `calendario` carry the link sealed (the letters to members outside chat do too).
      const answers = (await queued(db))
        .map((row) => row.payload)
        .filter((payload) => payload.includes("urn:equipe-link:feed:"))
        .filter((payload) => payload.includes("calendario personale") || payload.includes("link precedente"));
      expect(answers).toHaveLength(4);
      for (const token of tokens) {
        expect(token).toHaveLength(43);
        expect(everything).not.toContain(token);
      }
    });
  });
}
