import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";
import { RecordingSmtp } from "../support/smtp.ts";
import { type ChatDriver, last, type SeenMessage } from "./driver.ts";
import { FORM } from "./meeting-contract.ts";

const PHONE = "+39 333 1234567";

/**
 * Issue 11, "it tells the truth": every report of sending says what is on its way, what waits
 * and who was not reached and why; messages held for e-mail that is not set up go out once it
 * is; a member with only a phone gets their notices through a coordinator (a text to copy,
 * privately), and the bot never says it mailed them; an address refused for good is reported to
 * the coordinators. Written once, run on every chat adapter.
 */
export function truthContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  const smtp = new RecordingSmtp();
  let smtpUrl = "";

  beforeAll(async () => {
    // Started without SMTP_URL: e-mail is off, as in the story played.
    await d.start(clock);
  });
  afterAll(async () => {
    await d.stop();
    await smtp.close();
  });

  const newPrivate = (before: number) => d.privateMessages("coord").slice(before);
  const textOf = (messages: SeenMessage[]) => messages.map((m) => m.text).join("\n---\n");

  /** Confirms time 1; where confirming asks for a click first, clicks it. */
  async function confirmFirst(): Promise<void> {
    const before = d.privateMessages("coord").length;
    await d.command("coord", "conferma 1");
    await d.settle();
    const ask = newPrivate(before)
      .flatMap((m) => m.buttons)
      .find((b) => b.actionId.startsWith("confirm"));
    if (ask) {
      await d.click("coord", ask);
      await d.settle();
    }
  }

  describe(`truthful reports (${d.platform})`, () => {
    it("adds a member with only a phone number, and refuses a number that is not one", async () => {
      await d.command("coord", "configura FAM-2027-301");
      await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
      await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
      await d.command("coord", "aggiungi-esterno nonno@rifiuta.example parente Pino N.");
      await d.settle();
      await d.command("coord", `aggiungi-esterno ${PHONE} volontario Luca V.`);
      await d.settle();
      const added = last(d.privateMessages("coord")).text;
      expect(added).toContain("Luca V.");
      // Truthfully: nothing can be sent to him; his notices will come to the coordinators.
      expect(added).toContain("Équipe non può scriverle");
      expect(await d.running.db.member.count({ where: { phone: PHONE, email: null } })).toBe(1);

      await d.command("coord", "aggiungi-esterno 333-12 volontario Pia");
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("«333-12» non è un numero di telefono valido");
      await d.command("coord", "aggiungi-esterno volontario Pia");
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain(
        "non è né un indirizzo e-mail né un numero di telefono",
      );
      expect(await d.running.db.member.count()).toBe(6);
      // The number is never posted in the conversation.
      expect(textOf(d.channelMessages())).not.toContain("333");
    });

    it("shows the phone to coordinators only, as a member to tell in person or by phone", async () => {
      await d.command("coord", "membri");
      await d.command("edu", "membri");
      await d.settle();
      const forCoordinator = last(d.privateMessages("coord")).text;
      expect(forCoordinator).toContain(
        `Luca V. — volontario/a — esterno/a, da avvisare di persona o al telefono: ${PHONE}`,
      );
      const forMember = last(d.privateMessages("edu")).text;
      expect(forMember).toContain("Luca V. — volontario/a — esterno/a, da avvisare di persona o al telefono");
      expect(forMember).not.toContain("333");
    });

    it("a poll's report says who got it and who must be asked in person, and why", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const before = d.privateMessages("coord").length;
      expect(await d.submitForm("coord", FORM)).toEqual({});
      await d.settle();
      const report = textOf(newPrivate(before).filter((m) => m.text.includes("Proposta di orari aperta")));
      expect(report).toContain("In consegna a 3 persone: 3 in chat.");
      // The family's letters, each with its link to the poll, wait for e-mail; the volunteer's
      // words to pass on went to the coordinators. Nobody is said to be unreachable.
      expect(report).toMatch(/In attesa: .*Anna B\..*Pino N\./);
      expect(report).toContain("l'e-mail non è ancora configurata su questo server");
      expect(report).toMatch(/Da passare a voce: .*Luca V\./);
      expect(report).not.toContain("Non raggiunt");
      expect(report).not.toMatch(/inviat|spedit/i);
      // Their answers can still be recorded by the coordinator, a member with only a phone by number.
      await d.command("coord", `registra ${PHONE} 1:si 2:no`);
      await d.command("coord", "registra 333-12 1:si");
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("«333-12» non è un numero di telefono valido");
      const luca = await d.running.db.member.findFirst({ where: { phone: PHONE } });
      const answers = await d.running.db.availability.findMany({ where: { memberId: luca?.id } });
      expect(answers.map((a) => a.answer).sort()).toEqual(["no", "yes"]);
    });

    it("with e-mail off, the confirmation says who waits and why, and hands the phone-only member's invite over", async () => {
      const before = d.privateMessages("coord").length;
      await confirmFirst();
      const fresh = newPrivate(before);
      const report = textOf(fresh.filter((m) => m.text.includes("Incontro confermato")));
      expect(report).toContain("In consegna a 3 persone: 3 in chat.");
      expect(report).toMatch(/In attesa: .*Anna B\..*Pino N\./);
      expect(report).toContain("l'e-mail non è ancora configurata su questo server");
      expect(report).toContain("partiranno appena lo sarà");
      expect(report).toMatch(/Da passare a voce: .*Luca V\./);
      // Never "sent by e-mail" when nothing was.
      expect(report).not.toContain("per e-mail");
      expect(report).not.toMatch(/spedit/i);

      // The hand-over: privately, whom to pass it to with their phone, the very text of the invite.
      const handOver = fresh.find((m) => m.text.includes("Da passare a Luca V."));
      expect(handOver?.text).toContain(PHONE);
      expect(handOver?.text).toContain("Buongiorno Luca V.,");
      expect(handOver?.text).toContain("Sei invitato/a a un incontro con l'équipe di Carla Coordinatrice");
      expect(handOver?.text).toMatch(/Aggiungi al calendario: https?:\/\/\S+\/calendar\/event\//);
      expect(d.privateMessages("edu").some((m) => m.text.includes("Da passare a"))).toBe(false);
      expect(textOf(d.channelMessages())).not.toContain("Da passare");

      // The e-mails are kept, not failed: the invitations, as the calendar letters sent when the
      // family and the grandfather joined.
      const held = await queued(d.running.db, { status: "held" });
      // Also held: the two letters asking the family for their availability, each with its link.
      expect(held.map((row) => row.lastError)).toEqual(Array(6).fill("email_off"));
      expect(held.filter((row) => row.payload.includes("method=REQUEST"))).toHaveLength(2);
      expect(held.filter((row) => row.payload.includes("/incontro/"))).toHaveLength(2);
      expect(await d.running.db.queueItem.count({ where: { status: "failed" } })).toBe(0);
    });

    it("once e-mail is set up, the held invitations go out; an address refused for good is reported", async () => {
      smtp.refused.add("nonno@rifiuta.example");
      const before = d.privateMessages("coord").length;
      smtpUrl = await smtp.start();
      await d.restart({ SMTP_URL: smtpUrl });
      await d.settle();
      const toMamma = smtp.messages.filter(
        (m) => (m.to as { text: string } | undefined)?.text === "mamma@example.org",
      );
      // The letter of her joining (her page and her calendar) waited too, and goes with the invitation.
      expect(toMamma.map((m) => m.subject)).toContain(
        "La tua pagina personale e il calendario degli incontri",
      );
      const mail = toMamma.find((m) => String(m.subject).startsWith("Invito"));
      expect(mail?.subject).toContain("Invito: incontro con l'équipe di Carla Coordinatrice");
      expect(mail?.text).toContain("Buongiorno Anna B.,");
      expect(await d.running.db.queueItem.count({ where: { status: "held" } })).toBe(0);

      const told = textOf(newPrivate(before));
      expect(told).toContain("Un messaggio per Pino N. (équipe FAM-2027-301) non è stato consegnato");
      expect(told).toContain("il server di posta ha rifiutato l'indirizzo nonno@rifiuta.example");
      // Reported once a day per person: the first refused was the letter of his joining.
      expect(told).toContain("Riguardava: «La tua pagina personale e il calendario degli incontri»");
      // Only the coordinators hear of it, privately.
      expect(textOf(d.channelMessages())).not.toContain("rifiutato");
      expect(d.privateMessages("edu").some((m) => m.text.includes("rifiutato"))).toBe(false);
    });

    it("with e-mail on, a notice to the family is on its way by e-mail, and the report says so", async () => {
      const before = d.privateMessages("coord").length;
      await d.command("coord", "convoca");
      await d.settle();
      // A poll is closed by the confirmation: a new one asks again, and its report tells the truth.
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { ...FORM, slots: "2027-11-10 15:00\n2027-11-11 15:00" })).toEqual(
        {},
      );
      await d.settle();
      await confirmFirst();
      const report = textOf(newPrivate(before).filter((m) => m.text.includes("Incontro confermato")));
      expect(report).toContain("In consegna a 5 persone: 3 in chat, 2 per e-mail.");
      expect(report).toMatch(/Da passare a voce: .*Luca V\./);
      expect(report).not.toContain("In attesa");
    });

    it("an invitation held for e-mail is not sent once its meeting has passed; the coordinators are told", async () => {
      // E-mail off again: a meeting is confirmed, the family's invitation waits.
      await d.restart({ SMTP_URL: "" });
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { ...FORM, slots: "2027-11-17 15:00\n2027-11-18 15:00" })).toEqual(
        {},
      );
      await d.settle();
      await confirmFirst();
      // The invitations to the confirmed meeting (the letters asking for availability wait too, until the poll's deadline).
      const held = (await queued(d.running.db, { status: "held" })).filter((row) =>
        row.payload.includes("method=REQUEST"),
      );
      expect(held).toHaveLength(2);
      expect(held.every((row) => row.expiresAt !== null)).toBe(true);

      // A day later, e-mail still off: the coordinators are told that it is still waiting, once.
      clock.advance(25 * 60 * 60_000);
      expect(clock.now().getTime()).toBeLessThan(Date.parse("2027-11-17T14:00:00Z"));
      const waitingSeen = d.privateMessages("coord").length;
      await d.restart({ SMTP_URL: "" });
      await d.settle();
      const waiting = textOf(newPrivate(waitingSeen));
      expect(waiting).toContain("Un messaggio per Anna B. (équipe FAM-2027-301) aspetta da più di un giorno");
      expect(waiting).toContain("È conservato e partirà appena il collegamento ci sarà");
      expect(textOf(d.channelMessages())).not.toContain("aspetta da più di un giorno");

      // E-mail is set up only after the meeting took place.
      clock.set(new Date("2027-11-20T09:00:00Z"));
      const mailed = smtp.messages.length;
      const before = d.privateMessages("coord").length;
      await d.restart({ SMTP_URL: smtpUrl });
      await d.settle();
      // Nothing late reaches the family: no invitation for a meeting that already happened.
      expect(smtp.messages.slice(mailed).map((m) => m.subject)).toEqual([]);
      const rows = await d.running.db.queueItem.findMany({
        where: { id: { in: held.map((row) => row.id) } },
      });
      expect(rows.map((row) => [row.status, row.lastError])).toEqual([
        ["failed", "expired"],
        ["failed", "expired"],
      ]);
      const told = textOf(newPrivate(before));
      expect(told).toContain(
        "Un messaggio per Anna B. (équipe FAM-2027-301) non è stato consegnato in tempo",
      );
      expect(told).toContain("mancava il collegamento a e-mail");
      expect(told).toContain("non verrà più inviato");
      // Once a day per person: the first of her letters to expire is the one asking for her
      // availability (held until the poll's deadline); the invitation expired too, not told twice the same day.
      expect(told).toContain("Riguardava: «Quando puoi venire al prossimo incontro?»");
      expect(
        (await queued(d.running.db, { status: "failed", lastError: "expired" })).filter((row) =>
          row.payload.includes("method=REQUEST"),
        ),
      ).toHaveLength(2);
      // Only the coordinators hear of it, privately.
      expect(textOf(d.channelMessages())).not.toContain("in tempo");
      expect(d.privateMessages("edu").some((m) => m.text.includes("in tempo"))).toBe(false);
    });
  });
}
