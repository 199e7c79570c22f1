import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Message, messageSchema } from "../../src/content/model.ts";
import { plainMessage, plainText } from "../../src/content/plain.ts";
import { FakeClock } from "../support/fakes.ts";
import { parseIcs } from "../support/ics.ts";
import { opened, queued } from "../support/sealed.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

const CASE = "FAM-2027-301";
const CONVENE = {
  purpose: "t1",
  duration: "90",
  slots: "2027-10-29 15:00\n2027-11-02 15:00",
  deadline: "2027-10-27 18:00",
  location: "Sala 2, Servizi sociali",
};
const SECOND_POLL = { ...CONVENE, slots: "2027-12-06 15:00\n2027-12-07 15:00", deadline: "2027-12-01 18:00" };
const DECIDE = {
  question: "Proseguiamo con l'educativa domiciliare?",
  context: "",
  kind: "stances",
  options: "",
  deadline: "2027-11-05 18:00",
  familyReason: "",
};
const NOT_MEMBER = "Non fai parte di questa équipe";
const NOT_COORDINATOR = "Solo chi coordina";

/**
 * It asks before it acts where a mistake is costly (issue 11): confirming shows the coordinator
 * who gets the invite and how, and who cannot come, and waits for a click; a time the family
 * cannot attend needs a reason; cancelling and moving ask for a reason that reaches the
 * invitees; removing a member and withdrawing a decision show what will happen first. A stale
 * click is refused politely; a stranger's click or form is refused before anything. The
 * family's invitation reads as something a parent understands, and names whom to contact.
 */
export function askFirstContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  const db = () => d.running.db;

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", `configura ${CASE}`);
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
    await d.command("coord", "convoca");
    await d.settle();
    expect(d.takeOpenedForm("coord")).toBe(true);
    expect(await d.submitForm("coord", CONVENE)).toEqual({});
    await d.settle();
    await d.click("edu", pollButton("edu", 0));
    await d.command("coord", "registra mamma@example.org 1:si 2:no");
    await d.settle();
  });
  afterAll(() => d.stop());

  function pollButton(who: Cast, index: number): SeenButton {
    const poll = last(
      d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:"))),
    );
    const button = poll.buttons[index];
    if (!button) throw new Error("no poll button");
    return button;
  }
  const newest = (who: Cast, actionId: string): SeenMessage =>
    last(d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId === actionId)));
  const button = (message: SeenMessage, actionId: string): SeenButton => {
    const found = message.buttons.find((b) => b.actionId === actionId);
    if (!found) throw new Error(`no ${actionId}`);
    return found;
  };
  const status = async () => (await db().meeting.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).status;
  const seen = () => ({
    edu: d.privateMessages("edu").length,
    teacher: d.privateMessages("teacher").length,
    channel: d.channelMessages().length,
  });

  /** Messages queued for an e-mail address, as their reader gets them (subject, plain text). */
  async function mails(
    to: string,
  ): Promise<{ subject: string; text: string; ics: string[]; files: string[] }[]> {
    const rows = await queued(db(), { kind: "message" });
    return rows.flatMap((row) => {
      const { target, message } = JSON.parse(row.payload) as {
        target: { kind: string; to?: string };
        message: Message;
      };
      if (target.kind !== "email" || target.to !== to) return [];
      const parsed = messageSchema.parse(message);
      return [
        {
          subject: plainText(parsed.subject ?? []),
          text: plainMessage(parsed),
          ics: parsed.attachments.filter((a) => a.mimeType.startsWith("text/calendar")).map((a) => a.content),
          files: parsed.attachments.map((a) => a.filename),
        },
      ];
    });
  }
  const lastMail = <T>(list: T[]): T => {
    const found = list.at(-1);
    if (found === undefined) throw new Error("no e-mail");
    return found;
  };
  const auditReason = async (action: string) => {
    const entry = await db().auditEntry.findFirst({ where: { action }, orderBy: { createdAt: "desc" } });
    return entry ? opened(db(), "AuditEntry", entry).reason : undefined;
  };

  /** A refused attempt: one polite line to the person, nothing else changes. */
  async function refused(who: Cast, attempt: () => Promise<unknown>, refusal: string) {
    const before = {
      meetings: await db().meeting.findMany(),
      audit: await db().auditEntry.count(),
      ...seen(),
    };
    const mine = d.privateMessages(who).length;
    await attempt();
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(false);
    const replies = d.privateMessages(who).slice(mine);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(refusal);
    expect(replies[0]?.buttons).toEqual([]);
    expect(replies[0]?.text).not.toContain("Anna B.");
    const after = {
      meetings: await db().meeting.findMany(),
      audit: await db().auditEntry.count(),
      ...seen(),
    };
    expect({ ...after, [who]: 0 }).toEqual({ ...before, [who]: 0 });
  }

  describe(`it asks before it acts (${d.platform})`, () => {
    let firstPreview: SeenMessage;

    it("bare `conferma` shows only the coordinator what would happen, and confirms nothing", async () => {
      const before = seen();
      await d.command("coord", "conferma");
      await d.settle();
      firstPreview = newest("coord", "confirm-send");
      expect(firstPreview.text).toContain("Prima di confermare");
      expect(firstPreview.text).toContain("Sala 2, Servizi sociali");
      expect(firstPreview.text).toContain("Ricevono l'invito 4 membri");
      // E-mail is not set up in this run: the preview says her invite will wait, not that it goes.
      expect(firstPreview.text).toMatch(
        /Anna B\. — per e-mail, in attesa: l.e-mail non è ancora configurata/,
      );
      expect(firstPreview.text).toContain(`${d.shownAs("edu")} — in chat`);
      expect(firstPreview.text).toContain("Nessuno di quelli che hanno risposto ha detto di non potere");
      expect(firstPreview.buttons.map((b) => b.label)).toEqual(["Conferma e invia gli inviti", "Annulla"]);
      expect(seen()).toEqual(before);
      expect(await status()).toBe("polling");
    });

    it("«Annulla» under the preview changes nothing", async () => {
      await d.click("coord", button(firstPreview, "meeting-keep"));
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("non ho cambiato nulla");
      expect(await status()).toBe("polling");
    });

    it("a click on a preview that no longer holds shows the new one and confirms nothing", async () => {
      // Elena changes her mind about time 1 after the coordinator saw the preview.
      await d.click("edu", pollButton("edu", 2));
      await d.settle();
      await d.click("coord", button(firstPreview, "confirm-send"));
      await d.settle();
      const [changed, fresh] = d.privateMessages("coord").slice(-2);
      expect(changed?.text).toContain("Qualcosa è cambiato");
      expect(fresh?.text).toContain(`1 persona ha detto che a quell'ora non può: ${d.shownAs("edu")}`);
      expect(await status()).toBe("polling");
      firstPreview = newest("coord", "confirm-send");
    });

    it("a stranger's click on the confirmation is refused before anything; a member's gets the coordinator's refusal", async () => {
      const send = button(firstPreview, "confirm-send");
      await refused("stranger", () => d.click("stranger", send), NOT_MEMBER);
      await refused("edu", () => d.click("edu", send), NOT_COORDINATOR);
      await refused("stranger", () => d.click("stranger", button(firstPreview, "meeting-keep")), NOT_MEMBER);
      expect(await status()).toBe("polling");
    });

    it("`conferma 2`, a time the family cannot attend, needs a reason, kept in the trail and told with the invite", async () => {
      await d.command("coord", "conferma 2");
      await d.settle();
      const preview = newest("coord", "confirm-send");
      expect(preview.text).toContain("La famiglia ha detto che a quell'ora non può (Anna B.)");
      expect(preview.buttons.map((b) => b.label)).toEqual(["Conferma comunque (con motivo)", "Annulla"]);
      await d.click("coord", button(preview, "confirm-send"));
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const form = d.shownForm();
      expect(form.id).toBe("confirm-reason");
      expect((await d.submitForm("coord", { reason: "   " })).reason).toContain("motivo");
      expect(await status()).toBe("polling");
      await refused(
        "stranger",
        () => d.forgeForm("stranger", form.id, form.metadata, { reason: "x" }),
        NOT_MEMBER,
      );
      await refused(
        "edu",
        () => d.forgeForm("edu", form.id, form.metadata, { reason: "x" }),
        NOT_COORDINATOR,
      );
      expect(await d.submitForm("coord", { reason: "Unica data con la sala libera" })).toEqual({});
      await d.settle();
      const meeting = await db().meeting.findFirstOrThrow({ include: { slots: true } });
      expect(meeting.status).toBe("confirmed");
      expect(meeting.slots.find((s) => s.id === meeting.confirmedSlotId)?.position).toBe(2);
      expect(await auditReason("meeting.confirmed")).toBe("Unica data con la sala libera");
      const notice = last(d.channelMessages().filter((m) => m.text.includes("incontro confermato")));
      expect(notice.text).toContain("la famiglia ha detto che a quest'ora non può. Motivo: Unica data");
    });

    it("the family's invitation reads as a parent understands it, with whom to contact; staff keep the case code", async () => {
      const invite = lastMail(await mails("mamma@example.org"));
      expect(invite.subject).toMatch(/^Invito: incontro con l'équipe di Carla Coordinatrice, /);
      expect(invite.text).toContain("Sei invitato/a a un incontro con l'équipe di Carla Coordinatrice");
      expect(invite.text).toContain("Sala 2, Servizi sociali");
      expect(invite.text).toContain("contatta Carla Coordinatrice");
      expect(invite.text).toContain("Unica data con la sala libera");
      expect(invite.text).not.toContain(CASE);
      expect(invite.text).not.toContain("verifica intermedia");
      expect(invite.subject).not.toContain(CASE);
      // The calendar entry the family adds says the same, and no code.
      const [event] = parseIcs(invite.ics[0] ?? "").events;
      expect(event?.summary).toBe("Incontro con l'équipe di Carla Coordinatrice");
      expect(invite.ics[0]).not.toContain(CASE);
      expect(invite.files.join(" ")).not.toContain(CASE);
      const staff = last(d.privateMessages("edu").filter((m) => m.text.includes("Sei invitato")));
      expect(staff.text).toContain(CASE);
      expect(staff.text).toContain("contatta");
      expect(staff.text).toContain(NAMES_COORD(d));
      expect(staff.links.map((l) => l.label)).toContain("Aggiungi al calendario");
    });

    it("a click on an older preview after the confirmation is refused politely", async () => {
      await d.click("coord", button(firstPreview, "confirm-send"));
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("non è più aperta");
      const meeting = await db().meeting.findFirstOrThrow({ include: { slots: true } });
      expect(meeting.slots.find((s) => s.id === meeting.confirmedSlotId)?.position).toBe(2);
    });

    it("`sposta` asks for a reason; the notice says what the time was and why it moved", async () => {
      // The new time as people write it: a wrong weekday is caught, never guessed at.
      await d.command("coord", "sposta mer 5/11 ore 10");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(false);
      expect(last(d.privateMessages("coord")).text).toContain("è venerdì, non mercoledì");
      await d.command("coord", "sposta ven 5/11 ore 10");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const form = d.shownForm();
      expect(form.id).toBe("meeting-move");
      expect((await d.submitForm("coord", { reason: "" })).reason).toContain("motivo");
      await refused(
        "stranger",
        () => d.forgeForm("stranger", form.id, form.metadata, { reason: "x" }),
        NOT_MEMBER,
      );
      expect(await d.submitForm("coord", { reason: "La sala è occupata" })).toEqual({});
      await d.settle();
      const moved = last(d.privateMessages("edu"));
      expect(moved.text).toMatch(/Era previsto per .*2 nov.*; ora è .*5 nov/);
      expect(moved.text).toContain("Motivo: La sala è occupata");
      const mail = lastMail(await mails("mamma@example.org"));
      expect(mail.subject).toContain("spostato");
      expect(mail.text).toContain("Era previsto per");
      expect(mail.text).toContain("Motivo: La sala è occupata");
      expect(await auditReason("meeting.rescheduled")).toBe("La sala è occupata");
      expect((await db().meeting.findFirstOrThrow()).sequence).toBe(1);
    });

    it("a reason form whose meeting changed meanwhile says so beside the reason, which stays typed", async () => {
      await d.command("coord", "sposta lun 8/11 ore 10");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      // Someone else moves the meeting while this form is open.
      const meeting = await db().meeting.findFirstOrThrow();
      await db().meeting.update({ where: { id: meeting.id }, data: { sequence: meeting.sequence + 1 } });
      const reason = "Serve più tempo per la relazione.";
      const errors = await d.submitForm("coord", { reason });
      expect(Object.values(errors).join(" ")).toContain("è già cambiato");
      expect(d.formHolds("reason")).toBe(reason);
      // Nothing moved; sending it again is refused again.
      expect((await db().meeting.findFirstOrThrow()).startsAt).toEqual(meeting.startsAt);
      expect(Object.values(await d.submitForm("coord", { reason })).join(" ")).toContain("è già cambiato");
      expect((await db().meeting.findFirstOrThrow()).startsAt).toEqual(meeting.startsAt);
    });

    it("`annulla` shows who is told, asks for a reason that reaches them, and the notice has no calendar link", async () => {
      await d.command("coord", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const form = d.shownForm();
      expect(form.id).toBe("meeting-cancel");
      // On Teams the form is a card in the channel, for all to read: who is told, never their
      // addresses. (A Slack modal is the coordinator's alone.)
      if (d.platform === "teams") {
        const shown = d.everySent().at(-1)?.text ?? "";
        expect(shown).toContain("Anna B. (per e-mail, in attesa");
        expect(shown).not.toContain("mamma@example.org");
      }
      expect((await d.submitForm("coord", { reason: "" })).reason).toContain("motivo");
      expect(await status()).toBe("confirmed");
      await refused(
        "stranger",
        () => d.forgeForm("stranger", form.id, form.metadata, { reason: "x" }),
        NOT_MEMBER,
      );
      await refused(
        "edu",
        () => d.forgeForm("edu", form.id, form.metadata, { reason: "x" }),
        NOT_COORDINATOR,
      );
      expect(await d.submitForm("coord", { reason: "La famiglia si è trasferita" })).toEqual({});
      await d.settle();
      expect(await status()).toBe("cancelled");
      const notice = last(d.privateMessages("edu"));
      expect(notice.text).toContain("annullato");
      expect(notice.text).toContain("Motivo: La famiglia si è trasferita");
      expect(notice.links).toEqual([]);
      expect(last(d.channelMessages()).text).toContain("Motivo: La famiglia si è trasferita");
      const mail = lastMail(await mails("mamma@example.org"));
      expect(mail.subject).toMatch(/^Annullato: incontro con l'équipe di Carla Coordinatrice/);
      expect(mail.text).toContain("Motivo: La famiglia si è trasferita");
      expect(mail.text).not.toContain("/calendar/event/");
      expect(mail.text).not.toContain("Aggiungi al calendario");
      expect(await auditReason("meeting.cancelled")).toBe("La famiglia si è trasferita");
      // The form sent again (a double submission) finds the meeting changed and does nothing:
      // the refusal is shown on the form itself, no second cancellation goes out.
      const seen = d.privateMessages("coord").length;
      await d.forgeForm("coord", form.id, form.metadata, { reason: "ancora" });
      await d.settle();
      expect(
        d
          .privateMessages("coord")
          .slice(seen)
          .map((m) => m.text),
      ).not.toContainEqual(expect.stringContaining("Annullato"));
      expect(await db().auditEntry.count({ where: { action: "meeting.cancelled" } })).toBe(1);
    });

    it("`rimuovi` shows who and what they lose, and waits for a click", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", SECOND_POLL)).toEqual({});
      await d.settle();
      await d.command("coord", `rimuovi ${d.mention("teacher")}`);
      await d.settle();
      const preview = newest("coord", "member-remove");
      expect(preview.text).toContain("Prima di rimuovere");
      expect(preview.text).toContain("non potrà più rispondere alla proposta di orari aperta");
      expect(preview.buttons.map((b) => b.label)).toEqual([`Rimuovi ${NAMES_TEACHER}`, "Annulla"]);
      expect(await db().member.count({ where: { removedAt: null } })).toBe(4);
      const remove = button(preview, "member-remove");
      await refused("stranger", () => d.click("stranger", remove), NOT_MEMBER);
      await refused("edu", () => d.click("edu", remove), NOT_COORDINATOR);
      await refused("stranger", () => d.click("stranger", button(preview, "member-keep")), NOT_MEMBER);
      await d.click("coord", button(preview, "member-keep"));
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("non ho rimosso nessuno");
      await d.click("coord", remove);
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("non fa più parte");
      expect(await db().member.count({ where: { removedAt: null } })).toBe(3);
      await d.click("coord", remove);
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("non fa più parte");
    });

    it("cancelling a poll asks for a reason too, and the équipe reads it", async () => {
      await d.command("coord", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "Ci vediamo alla verifica di dicembre" })).toEqual({});
      await d.settle();
      const notice = last(d.channelMessages()).text;
      expect(notice).toContain("proposta di orari per verifica intermedia (T1) è annullata");
      expect(notice).toContain("Motivo: Ci vediamo alla verifica di dicembre");
      // The played case: a second `annulla` right after never cancels anything by itself (with a
      // confirmed meeting ahead it opens the form with the reason, as tested above; here there is none).
      const statuses = async () =>
        (await db().meeting.findMany({ orderBy: { id: "asc" } })).map((m) => m.status);
      const before = await statuses();
      await d.command("coord", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(false);
      expect(last(d.privateMessages("coord")).text).toContain(
        "Non c'è una proposta aperta né un incontro confermato da annullare",
      );
      expect(await statuses()).toEqual(before);
    });

    it("`annulla-decisione` shows who was asked and how many answered; the reason reaches them all", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", DECIDE)).toEqual({});
      await d.settle();
      await d.command("coord", "annulla-decisione");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const form = d.shownForm();
      expect(form.id).toBe("decision-withdraw");
      await refused(
        "stranger",
        () => d.forgeForm("stranger", form.id, form.metadata, { reason: "x" }),
        NOT_MEMBER,
      );
      await refused(
        "edu",
        () => d.forgeForm("edu", form.id, form.metadata, { reason: "x" }),
        NOT_COORDINATOR,
      );
      expect((await d.submitForm("coord", { reason: "" })).reason).toContain("motivo");
      expect((await db().decision.findFirstOrThrow()).status).toBe("open");
      expect(await d.submitForm("coord", { reason: "Ne parliamo prima con la famiglia" })).toEqual({});
      await d.settle();
      expect((await db().decision.findFirstOrThrow()).status).toBe("cancelled");
      const ask = last(d.privateMessages("edu").filter((m) => m.text.includes(DECIDE.question)));
      expect(ask.text).toContain("Motivo: Ne parliamo prima con la famiglia");
      expect(lastMail(await mails("mamma@example.org")).text).toContain("Ne parliamo prima con la famiglia");
      expect(await auditReason("decision.cancelled")).toBe("Ne parliamo prima con la famiglia");
    });
  });
}

const NAMES_TEACHER = "Tommaso Insegnante";
/** How a chat text shows the coordinator (a real mention on both platforms). */
const NAMES_COORD = (d: ChatDriver) => d.shownAs("coord");
