import { describe, expect, it } from "vitest";
import { opened } from "../support/sealed.ts";
import { mailText } from "../support/smtp.ts";
import { type Cast, type ChatDriver, last, NAMES, type SeenButton } from "./driver.ts";
import {
  expectNoCaseCode,
  pageLinkIn,
  pageLinkUnder,
  type SeenPage,
  UNKNOWN_TOKEN,
  unknownBeside,
  WebVisitor,
  webScenario,
} from "./web.ts";

const CASE = "FAM-2027-301";
const MAMMA = "mamma@example.org";
const ANNA = "Anna B.";
/** As the coordinator writes them: markup and an ampersand, which every page must show as text. */
const QUESTION = "Includiamo la famiglia nel progetto di educativa <b>domiciliare</b>?";
const CONTEXT = "Verifica intermedia T1 & scuola <script>alert(1)</script>";
const DECIDE = {
  question: QUESTION,
  context: CONTEXT,
  kind: "stances",
  options: "",
  deadline: "2027-10-27 18:00",
  familyReason: "",
};
const DEADLINE = "mercoledì 27 ottobre 2027, 18:00";
/** The questions of the viewpoint form, as the page words them. */
const ANSWER = "La tua risposta";
const REASON = "Perché?";
const SIDE = "Di cosa parla soprattutto quello che dici? (facoltativo)";
const EDU_REASON = "Prima serve un incontro con la scuola.";
const ANNA_REASON = "Ho paura che il bambino si senta controllato.";
const ANNA_AGAIN = "Va bene se gli orari si adattano alla scuola.";
const OUTCOME = "Sì, dopo un incontro con la scuola.";
const HER_ACTION = "Portare il modulo firmato ai servizi";
const EDU_ACTION = "fissare l'incontro con la scuola";

/**
 * The decision scenario on the web channel (issue 13): the coordinator opens and records the
 * decision in chat, the parent gives her viewpoint on her personal pages, reached only by the
 * links in the letters she received. Her viewpoint is her own and moves the count exactly as a
 * chat viewpoint does; the others' stay hidden until she has given hers; a form without its token,
 * or after the decision closed, changes nothing; what was decided and her action are on her page;
 * a revoked link opens nothing. Written once, run with the coordinator on every chat platform.
 */
export function webDecisionContract(makeDriver: () => ChatDriver): void {
  const { clock, d, smtp, db, type, letterTo } = webScenario(makeDriver, new Date("2027-10-20T08:00:00Z"));
  let anna: WebVisitor;
  let annaId = "";
  /** The decision's page as Anna last read it with its form (its token), for replays after the fact. */
  let decisionPage: SeenPage;
  /** The link to the decision's page her invitation carried. */
  let invited = "";

  const countLine = () => last(d.channelMessages().filter((m) => m.text.includes("Punti di vista:")));
  const askOf = (who: Cast) =>
    last(d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")));
  /** Clicks the private ask and submits the viewpoint form in chat; the field errors shown back. */
  async function answerInChat(who: Cast, values: { answer: string; reason: string; side: string }) {
    const button = askOf(who).buttons[0];
    if (!button) throw new Error("no ask button");
    await d.click(who, button);
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(true);
    const errors = await d.submitForm(who, values);
    await d.settle();
    return errors;
  }
  /** Anna's viewpoints as recorded, oldest first: the stance, the reason, who recorded it. */
  async function annasViewpoints() {
    const rows = await db().viewpoint.findMany({
      where: { memberId: annaId },
      orderBy: { createdAt: "asc" },
    });
    return rows
      .map((row) => opened(db(), "Viewpoint", row))
      .map((r) => ({ answer: r.answer, reason: r.reason, recordedBy: r.recordedByMemberId }));
  }
  /** What the coordinator's `decisione` answers, privately. */
  async function status(): Promise<string> {
    const seen = d.privateMessages("coord").length;
    await type("coord", "decisione");
    return d
      .privateMessages("coord")
      .slice(seen)
      .map((m) => m.text)
      .join("\n");
  }
  /** What a refused form must leave as it was: viewpoints, decision, trail, queue, mail, what chat shows. */
  async function written() {
    await d.settle();
    return {
      viewpoints: await db().viewpoint.findMany({ orderBy: { id: "asc" } }),
      decisions: await db().decision.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
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
  /** The question and its context read as written, and the document carries them escaped. */
  const questionAsWritten = (page: SeenPage) => {
    expect(page.text).toContain(QUESTION);
    expect(page.html).toContain("educativa &lt;b&gt;domiciliare&lt;/b&gt;?");
    expect(page.html).not.toContain("<b>domiciliare");
    expect(page.html).not.toContain("<script>alert");
  };
  /** The one viewpoint form on a page. */
  const formOf = (page: SeenPage) => {
    expect(page.forms).toHaveLength(1);
    return page.forms[0] ?? { fields: [], buttons: [], csrf: undefined, method: "", action: "" };
  };
  const field = (page: SeenPage, question: string) =>
    formOf(page).fields.find((f) => f.question === question);
  const picked = (page: SeenPage, question: string) =>
    field(page, question)?.choices.find((c) => c.checked)?.label;

  describe(`the decision on the web, the coordinator on ${d.platform}`, () => {
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
      expect(page.text).toContain(`Ciao ${ANNA}`);
      expect(page.text).toContain("Per ora non c'è niente da fare.");
      noCaseCode(page);
    });

    it("the coordinator opens a decision with the family required; her letter carries the link to its page, not the question", async () => {
      await type("coord", "decidi");
      expect(d.takeOpenedForm("coord")).toBe(true);
      const choices = d.formChoices("participants");
      expect(choices.map((c) => c.label)).toContain(`${ANNA} (genitore)`);
      const withoutFamily = choices.filter((c) => !c.label.startsWith("Anna"));
      const refused = await d.submitForm("coord", {
        ...DECIDE,
        participants: withoutFamily.map((c) => c.value).join(","),
      });
      expect(refused.familyReason).toContain("scrivi perché");
      expect(await db().decision.count()).toBe(0);
      expect(smtp.to(MAMMA, 0)).toHaveLength(1);

      const mails = smtp.messages.length;
      const everyone = d.formChoices("participants").map((c) => c.value);
      expect(await d.submitForm("coord", { ...DECIDE, participants: everyone.join(",") })).toEqual({});
      await d.settle();
      const decision = await db().decision.findFirst({ select: { id: true } });
      expect(decision).not.toBeNull();
      const invitation = letterTo(MAMMA, mails);
      expect(invitation.subject).toBe("Che cosa ne pensi?");
      expect(mailText(invitation)).toContain("vuole sapere che cosa ne pensi");
      expect(mailText(invitation)).toContain("Puoi rispondere fino a mer 27 ott 2027, 18:00");
      expect(mailText(invitation)).not.toContain("Includiamo");
      expect(mailText(invitation)).not.toContain(CASE);
      invited = pageLinkUnder(invitation, `/decisione/${decision?.id}`);
      expect(new URL(invited).pathname).toBe(`${new URL(anna.link).pathname}/decisione/${decision?.id}`);
      // The chat members are asked privately; the channel shows only the count.
      expect(askOf("edu").text).toContain("Includiamo la famiglia");
      expect(countLine().text).toContain("Punti di vista: 0 su 4");
    });

    it("she opens the link: the question and context as written, the stances, the reason's rule; the others hidden", async () => {
      // A chat member answers first: what he says stays hidden from her until she has answered.
      expect(
        await answerInChat("edu", { answer: "disagree", reason: EDU_REASON, side: "parent_responses" }),
      ).toEqual({});
      expect(countLine().text).toContain("Punti di vista: 1 su 4");
      decisionPage = await anna.open(invited);
      expect(decisionPage.status).toBe(200);
      expect(decisionPage.lang).toBe("it");
      expect(decisionPage.headers["cache-control"]).toBe("no-store");
      expect(decisionPage.text).toContain("Sei d'accordo?");
      questionAsWritten(decisionPage);
      expect(decisionPage.text).toContain(CONTEXT);
      expect(decisionPage.html).toContain("T1 &amp; scuola &lt;script&gt;alert(1)&lt;/script&gt;");
      expect(decisionPage.text).toContain(`Puoi rispondere fino a ${DEADLINE}.`);
      expect(decisionPage.text).toContain(
        "Se non sei d'accordo, hai dei dubbi o ti servono più informazioni, scrivi perché",
      );
      expect(decisionPage.text).toContain(
        "Vedrai cosa ne pensano gli altri dopo aver dato il tuo punto di vista.",
      );
      expect(decisionPage.text).not.toContain(EDU_REASON);
      expect(decisionPage.text).not.toContain("Elena");
      noCaseCode(decisionPage);
      const form = formOf(decisionPage);
      expect(form.method).toBe("post");
      expect(form.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(form.buttons).toEqual(["Invia il tuo punto di vista"]);
      expect(field(decisionPage, ANSWER)?.choices.map((c) => c.label)).toEqual([
        "Sì, sono d'accordo",
        "Ho dei dubbi",
        "No, non sono d'accordo",
        "Mi servono più informazioni",
      ]);
      expect(picked(decisionPage, ANSWER)).toBeUndefined();
      expect(field(decisionPage, REASON)?.kind).toBe("textarea");
      expect(field(decisionPage, SIDE)?.choices).toHaveLength(4);
      // Her page says the same question waits for her, with the way to it.
      const personal = await anna.open();
      expect(personal.text).toContain("L'équipe vuole sapere cosa ne pensi di questa domanda:");
      expect(personal.text).toContain(QUESTION);
      expect(personal.text).not.toContain("Per ora non c'è niente da fare.");
      expect(anna.linkOn(personal, "Dai il tuo punto di vista")).toBe(anna.onServer(invited));
    });

    it("a disagreement without a reason comes back with the error, what she chose kept, nothing written", async () => {
      const before = await written();
      const sent = await anna.submit(decisionPage, {
        [ANSWER]: "No, non sono d'accordo",
        [SIDE]: "Quello di cui ha bisogno il bambino o la bambina",
      });
      expect(sent.status).toBe(400);
      expect(sent.page.redirects).toEqual([]);
      expect(sent.page.title).toMatch(/^Errore: /);
      expect(sent.page.text).toContain("C'è un problema");
      expect(sent.page.text).toContain("scrivi il motivo");
      expect(picked(sent.page, ANSWER)).toBe("No, non sono d'accordo");
      expect(picked(sent.page, SIDE)).toBe("Quello di cui ha bisogno il bambino o la bambina");
      expect(await written()).toEqual(before);
      expect(await annasViewpoints()).toEqual([]);
      decisionPage = sent.page;
    });

    it("with a reason it is saved (303 to the confirmation), her own, and the channel's count moves as for a chat viewpoint", async () => {
      const before = countLine();
      const sent = await anna.submit(decisionPage, { [REASON]: ANNA_REASON });
      expect(sent.status).toBe(303);
      expect(sent.page.redirects.map((r) => r.status)).toEqual([303]);
      expect(new URL(sent.page.url).pathname).toBe(`${new URL(invited).pathname}/fatto`);
      expect(sent.page.status).toBe(200);
      expect(sent.page.text).toContain("Punto di vista salvato");
      expect(sent.page.text).toContain("Risposta: No, non sono d'accordo");
      expect(sent.page.text).toContain(`Perché: ${ANNA_REASON}`);
      expect(sent.page.text).toContain(`Puoi cambiarlo fino a ${DEADLINE}.`);
      questionAsWritten(sent.page);
      noCaseCode(sent.page);
      // Now the others', as chat shows them to someone who has answered.
      expect(sent.page.text).toContain("Cosa ne pensano gli altri finora");
      expect(sent.page.text).toContain(EDU_REASON);
      // Named as a page names people (their name and role), where chat would mention them.
      expect(sent.page.text).toContain(`${NAMES.edu} (educatore/educatrice): non d'accordo`);
      await d.settle();
      const after = countLine();
      expect(after.id).toBe(before.id);
      expect(after.updates).toBeGreaterThan(before.updates);
      expect(after.text).toContain("Punti di vista: 2 su 4");
      expect(after.text).not.toContain("controllato");
      // Her own: nobody recorded it for her, the trail names her.
      expect(await annasViewpoints()).toEqual([
        { answer: "disagree", reason: ANNA_REASON, recordedBy: null },
      ]);
      const trail = await db().auditEntry.findMany({
        where: { action: { in: ["decision.answered", "decision.recordedFor"] } },
        select: { action: true, actorId: true },
        orderBy: { createdAt: "asc" },
      });
      expect(trail.map((t) => t.action)).toEqual(["decision.answered", "decision.answered"]);
      expect(trail.at(-1)?.actorId).toBe(annaId);
      const said = await status();
      expect(said).toContain("2 su 4");
      expect(said).not.toContain("registrato da");
      expect(
        d
          .privateMessages("coord")
          .map((m) => m.text)
          .join("\n"),
      ).not.toContain("per suo conto");
    });

    it("a chat member answering after her sees her viewpoint, as chat shows everyone's", async () => {
      expect(await answerInChat("teacher", { answer: "agree", reason: "", side: "child_needs" })).toEqual({});
      const teacherSees = last(d.privateMessages("teacher")).text;
      expect(teacherSees).toContain(ANNA_REASON);
      expect(teacherSees).toContain(EDU_REASON);
      expect(countLine().text).toContain("Punti di vista: 3 su 4");
    });

    it("she changes her mind from her page, in English: the viewpoint is replaced, the count stays", async () => {
      const before = countLine();
      const changes = await db().auditEntry.count({ where: { action: "decision.changed" } });
      const italian = await anna.open();
      expect(italian.text).toContain(
        `Hai già dato il tuo punto di vista su questa domanda. Puoi cambiarlo fino a ${DEADLINE}.`,
      );
      const english = await anna.follow(italian, "English");
      expect(english.lang).toBe("en");
      expect(english.text).toContain("You have given your viewpoint on this question.");
      const form = await anna.follow(english, "Change your viewpoint");
      expect(form.status).toBe(200);
      expect(form.lang).toBe("en");
      expect(form.text).toContain("Do you agree?");
      questionAsWritten(form);
      // What she said is filled in, and the others are shown now that she has answered.
      expect(picked(form, "Your answer")).toBe("No, I do not agree");
      expect(field(form, "Why?")?.value).toBe(ANNA_REASON);
      expect(form.text).toContain("What the others think so far");
      expect(form.text).toContain(EDU_REASON);
      expect(form.text).not.toContain("You will see what the others think");
      const sent = await anna.submit(form, { "Your answer": "I have doubts", "Why?": ANNA_AGAIN });
      expect(sent.status).toBe(303);
      expect(sent.page.lang).toBe("en");
      expect(sent.page.text).toContain("Viewpoint saved");
      expect(sent.page.text).toContain("Answer: I have doubts");
      expect(sent.page.text).toContain(`Why: ${ANNA_AGAIN}`);
      const mine = await annasViewpoints();
      expect(mine.at(-1)).toEqual({ answer: "doubts", reason: ANNA_AGAIN, recordedBy: null });
      expect(await db().auditEntry.count({ where: { action: "decision.changed" } })).toBe(changes + 1);
      await d.settle();
      expect(countLine().id).toBe(before.id);
      expect(countLine().text).toContain("Punti di vista: 3 su 4");
      decisionPage = await anna.follow(await anna.open(), "Cambia il tuo punto di vista");
      expect(picked(decisionPage, ANSWER)).toBe("Ho dei dubbi");
    });

    it("a form sent without its token, or with a wrong one, is refused (403) and changes nothing", async () => {
      const before = await written();
      for (const csrf of ["omitted", { replacedBy: "x".repeat(43) }, { replacedBy: "" }] as const) {
        const sent = await anna.submit(
          decisionPage,
          { [ANSWER]: "Sì, sono d'accordo", [REASON]: "" },
          { csrf },
        );
        expect(sent.status, JSON.stringify(csrf)).toBe(403);
        expect(sent.page.redirects).toEqual([]);
        expect(sent.page.text).toContain("Il tuo punto di vista non è stato salvato");
      }
      // Her good token, sent on an unknown link, opens nothing at all.
      const forged = await unknownVisitor().send(
        decisionPage.url.replace(/\/p\/[A-Za-z0-9_-]{43}/, `/p/${UNKNOWN_TOKEN}`),
        new URLSearchParams({
          csrf: decisionPage.forms[0]?.csrf ?? "",
          answer: "agree",
          reason: "",
          side: "none",
        }),
      );
      expect(forged.status).toBe(404);
      expect(await written()).toEqual(before);
      expect((await annasViewpoints()).at(-1)?.answer).toBe("doubts");
    });

    it("the reminder goes only to who has not answered: no letter for her", async () => {
      const mails = smtp.messages.length;
      const edu = d.privateMessages("edu").length;
      const coord = d.privateMessages("coord").length;
      clock.set(new Date("2027-10-26T16:01:00Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(smtp.to(MAMMA, mails)).toEqual([]);
      expect(d.privateMessages("edu")).toHaveLength(edu);
      const toCoord = d.privateMessages("coord").slice(coord);
      expect(toCoord.filter((m) => m.text.includes("manca il tuo punto di vista"))).toHaveLength(1);
      expect(toCoord.map((m) => m.text).join("\n")).not.toContain(ANNA);
    });

    it("at the deadline the page says it is closed; a late form gets 409 and changes nothing", async () => {
      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("raccolta chiusa");
      const closed = await anna.open(invited);
      expect(closed.status).toBe(200);
      expect(closed.text).toContain("Non si raccolgono più punti di vista");
      expect(closed.forms).toEqual([]);
      questionAsWritten(closed);
      const before = await written();
      const late = await anna.submit(decisionPage, { [ANSWER]: "Sì, sono d'accordo", [REASON]: "" });
      expect(late.status).toBe(409);
      expect(late.page.text).toContain("Non si raccolgono più punti di vista");
      expect(await written()).toEqual(before);
    });

    it("the coordinator records the outcome with an action for her: the decision's page says what was decided; a late form gets 409", async () => {
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      expect(picture.text).toContain(ANNA_AGAIN);
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(
        await d.submitForm("coord", {
          outcome: OUTCOME,
          actions: [`educatore | ${EDU_ACTION} | 2027-11-10`, `${MAMMA} | ${HER_ACTION} | 2027-11-12`].join(
            "\n",
          ),
          review: "2028-01-15",
          override: "Chi coordina ha già espresso il suo parere in riunione.",
        }),
      ).toEqual({});
      await d.settle();
      expect(last(d.channelMessages()).text).toContain(OUTCOME);
      const page = await anna.open(invited);
      expect(page.status).toBe(200);
      expect(page.text).toContain("La decisione è stata presa");
      expect(page.text).toContain(`Cosa è stato deciso:\n${OUTCOME}`);
      expect(page.text).toContain("Risposta: Ho dei dubbi");
      expect(page.forms).toEqual([]);
      questionAsWritten(page);
      noCaseCode(page);
      const before = await written();
      const late = await anna.submit(decisionPage, { [ANSWER]: "Sì, sono d'accordo", [REASON]: "" });
      expect(late.status).toBe(409);
      expect(late.page.text).toContain("La decisione è stata presa");
      expect(await written()).toEqual(before);
    });

    it("her page of decisions shows the outcome and her own action with its date, nobody's reasons", async () => {
      const personal = await anna.open();
      const decided = await anna.follow(personal, "Guarda cosa è stato deciso");
      expect(decided.status).toBe(200);
      expect(new URL(decided.url).pathname).toBe(`${new URL(anna.link).pathname}/decisioni`);
      expect(decided.text).toContain("Cosa è stato deciso");
      expect(decided.text).toContain(QUESTION);
      expect(decided.html).toContain("educativa &lt;b&gt;domiciliare&lt;/b&gt;?");
      expect(decided.text).toContain(OUTCOME);
      expect(decided.text).toContain("Cosa ti è chiesto di fare");
      expect(decided.text).toContain(HER_ACTION);
      expect(decided.text).toContain("entro venerdì 12 novembre 2027");
      expect(decided.text).not.toContain(EDU_ACTION);
      expect(decided.text).not.toContain(EDU_REASON);
      expect(decided.text).not.toContain(ANNA_AGAIN);
      expect(decided.forms).toEqual([]);
      noCaseCode(decided);
    });

    it("the coordinator revokes her link: every page of it opens the same page as an unknown one", async () => {
      const unknown = await unknownVisitor().open();
      expect(unknown.status).toBe(404);
      const decided = `${anna.link}/decisioni`;
      await type("coord", `link ${MAMMA} revoca`);
      for (const url of [anna.link, invited, `${invited}/fatto`, decided]) {
        const page = await anna.open(url);
        expect(page.status, url).toBe(404);
        expect(page.html, url).toBe(unknown.html);
      }
      const before = await written();
      const late = await anna.submit(decisionPage, { [ANSWER]: "Sì, sono d'accordo", [REASON]: "" });
      expect(late.status).toBe(404);
      expect(await written()).toEqual(before);
    });
  });
}
