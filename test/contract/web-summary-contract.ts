import { describe, expect, it } from "vitest";
import { mailText } from "../support/smtp.ts";
import type { Cast, ChatDriver } from "./driver.ts";
import { AUDIENCES, editorBody, MARKERS, TEXTS } from "./summary-contract.ts";
import {
  expectNoCaseCode,
  pageLinkIn,
  pageLinkUnder,
  type SeenPage,
  WebVisitor,
  webScenario,
} from "./web.ts";

const CASE = "FAM-2027-402";
const MAMMA = "mamma@example.org";
const ANNA = "Anna B.";

/**
 * The case summary for the family on the web (issue 14): the coordinator works in chat and in
 * the editor; the parent has no chat account and reads on her personal page, reached only by the
 * links in her letters. She sees only the sections meant for everyone, never the case code;
 * her letters carry none of the text; her "presa visione" is listed to the coordinator; a
 * reminder reaches her only if she has not acknowledged; her request reaches the coordinators in
 * chat and their answer comes back to her; a version that changes only professionals' sections
 * asks nothing of her, one that changes hers shows her the difference. Run with the coordinator
 * on Slack and on Teams.
 */
export function webSummaryContract(makeDriver: () => ChatDriver): void {
  const { clock, d, smtp, type, letterTo } = webScenario(makeDriver, new Date("2027-10-20T08:00:00Z"));
  let anna: WebVisitor;
  let reading: string;

  const toldSince = (who: Cast, from: number) =>
    d
      .privateMessages(who)
      .slice(from)
      .map((m) => m.text)
      .join("\n");
  /** A letter holds none of anyone's content, and no case code (the family's letters). */
  const expectNoContent = (text: string) => {
    for (const marker of MARKERS) expect(text).not.toContain(marker);
  };
  const circulate = async (changes: Parameters<typeof editorBody>[1]) => {
    const from = d.privateMessages("coord").length;
    await type("coord", "sintesi");
    const link = d
      .privateMessages("coord")
      .slice(from)
      .flatMap((m) => m.links)
      .find((l) => l.label === "Apri l'editor della sintesi");
    if (link === undefined) throw new Error(`no editor link: ${toldSince("coord", from)}`);
    const browser = new WebVisitor(d.running.url, link.url);
    const page = await browser.open();
    const sent = await browser.send(page.forms[0]?.action ?? "", editorBody(page, changes));
    await d.settle();
    return sent.page;
  };
  /** The reading form's question about the acknowledgement, and the request's fields, by their words. */
  const answerPage = (page: SeenPage, answers: Record<string, string>) => {
    const form = page.forms.findIndex((f) => f.method === "post");
    if (form < 0) throw new Error(`no form on ${page.url}: ${page.text.slice(0, 400)}`);
    return anna.submit(page, answers, { form });
  };

  describe(`the case summary on the web, the coordinator on ${d.platform}`, () => {
    it("the parent, added by e-mail, gets her page link", async () => {
      await type("coord", `configura ${CASE}`);
      await type("coord", `aggiungi ${d.mention("edu")} educatore`);
      await type("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      await type("coord", `aggiungi ${d.mention("psy")} psicologa`);
      const mails = smtp.messages.length;
      await type("coord", `aggiungi-esterno ${MAMMA} genitore ${ANNA}`);
      anna = new WebVisitor(d.running.url, pageLinkIn(letterTo(MAMMA, mails)));
      expect((await anna.open()).status).toBe(200);
    });

    it("version 1 reaches her by a letter without its text, linking to the reading page", async () => {
      const mails = smtp.messages.length;
      const page = await circulate({
        texts: TEXTS,
        audiences: AUDIENCES,
        fields: { note: "Prima stesura", acknowledgeBy: "2027-10-27" },
        intent: "circulate",
      });
      expect(page.text).toContain(`Versione 1 della sintesi di ${CASE} circolata`);
      const letter = letterTo(MAMMA, mails);
      expectNoContent(`${letter.subject ?? ""}\n${mailText(letter)}`);
      expect(`${letter.subject ?? ""}\n${mailText(letter)}`).not.toContain(CASE);
      reading = pageLinkUnder(letter, "/sintesi/");
    });

    it("her page shows only the sections meant for everyone, and never the case code", async () => {
      const page = await anna.open(reading);
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toBe("no-store");
      expect(page.text).toContain(TEXTS.situation);
      expect(page.text).toContain(TEXTS.goals);
      expect(page.text).toContain(TEXTS.agreements);
      for (const hidden of ["NEEDS-TEXT", "PSY-TEXT", "ENV-TEXT"]) expect(page.text).not.toContain(hidden);
      expect(page.text).not.toContain("Risposte dei genitori");
      expectNoCaseCode(page, CASE);
      // Her personal page leads to it too.
      const personal = await anna.open();
      expect(personal.text).toContain("da leggere");
    });

    it("her acknowledgement is listed to the coordinator, and she is not reminded; the others are", async () => {
      const page = await anna.open(reading);
      const done = await answerPage(page, { "Presa visione": "Ho letto: presa visione" });
      expect(done.page.status).toBeLessThan(400);
      expect(done.page.text).toContain("Presa visione della versione 1 registrata");
      const from = d.privateMessages("coord").length;
      await type("coord", "sintesi letture");
      expect(toldSince("coord", from)).toMatch(new RegExp(`${ANNA}[^\\n]*presa visione il`));
      const mails = smtp.messages.length;
      const psyFrom = d.privateMessages("psy").length;
      clock.set(new Date("2027-10-27T08:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(smtp.to(MAMMA, mails)).toHaveLength(0);
      expect(toldSince("psy", psyFrom)).toContain("Promemoria");
    });

    it("her request on a section reaches the coordinators in chat; their answer comes back to her", async () => {
      const page = await anna.open(reading);
      const from = d.privateMessages("coord").length;
      // The request's form: the section is a drop-down (read by its option's words), the kind a choice.
      const form = page.forms.find((f) => f.fields.some((field) => field.name === "comment"));
      if (form === undefined) throw new Error(`no request form: ${page.text.slice(0, 400)}`);
      const section = /<option value="([^"]*)"[^>]*>Situazione attuale<\/option>/.exec(page.html)?.[1];
      expect(section, "the family may ask about «Situazione attuale»").toBeDefined();
      expect(page.html).not.toMatch(/<option[^>]*>Risposte dei genitori<\/option>/);
      const body = new URLSearchParams();
      for (const field of form.fields) {
        if (field.name === "section" || field.name === "comment" || field.name === "kind") continue;
        if (field.kind === "radio" || field.kind === "checkbox")
          for (const choice of field.choices.filter((c) => c.checked)) body.append(field.name, choice.value);
        else body.append(field.name, field.value);
      }
      const kind = form.fields
        .find((f) => f.name === "kind")
        ?.choices.find((c) => c.label === "Non è corretto…");
      expect(kind).toBeDefined();
      body.append("section", section ?? "");
      body.append("kind", kind?.value ?? "");
      body.append("comment", "REQUEST-TEXT: Luca va a scuola anche il sabato.");
      const sent = await anna.send(form.action, body);
      await d.settle();
      expect(sent.page.text).toContain("La tua richiesta su «Situazione attuale»");
      expect(toldSince("coord", from)).toContain(`${ANNA} (genitore) ha una richiesta sulla sezione`);
      const button = d
        .privateMessages("coord")
        .flatMap((m) => m.buttons)
        .findLast((b) => b.label === "Leggi e rispondi");
      if (button === undefined) throw new Error("no answer button");
      const request = await d.openDialog("coord", button);
      expect(request?.text).toContain("REQUEST-TEXT");
      const mails = smtp.messages.length;
      expect(
        await d.submitDialog("coord", { answer: "ANSWER-TEXT: grazie, correggo.", included: "yes" }),
      ).toEqual({});
      // The coordinator is told the answer went to her: she must be told, by her channel (a letter).
      expect(toldSince("coord", from)).toContain(`Risposta a ${ANNA} registrata`);
      const letter = letterTo(MAMMA, mails);
      expect(mailText(letter)).toContain("C'è una risposta alla tua richiesta");
      expectNoContent(mailText(letter));
      // She reads the answer behind her link.
      const links = [...new Set(mailText(letter).match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}\S*/g) ?? [])];
      const pages = await Promise.all(links.map((link) => anna.open(link)));
      expect(pages.map((p) => p.text).join("\n")).toContain("ANSWER-TEXT: grazie, correggo.");
      for (const view of d.everySent()) for (const marker of MARKERS) expect(view.text).not.toContain(marker);
    });

    it("a version changing only a professionals' section asks nothing of her", async () => {
      const mails = smtp.messages.length;
      const page = await circulate({
        texts: { responses: `${TEXTS.responses} PSY-ADDED: il padre è tornato.` },
        fields: { note: "Aggiornate le risposte", acknowledgeBy: "" },
        intent: "circulate",
      });
      expect(page.text).toContain(`Versione 2 della sintesi di ${CASE} circolata`);
      expect(smtp.to(MAMMA, mails)).toHaveLength(0);
    });

    it("a version changing her section asks her again, and shows her the difference", async () => {
      const mails = smtp.messages.length;
      const page = await circulate({
        texts: { situation: `${TEXTS.situation} La scuola chiede un incontro.` },
        fields: { note: "Aggiornata la situazione", acknowledgeBy: "" },
        intent: "circulate",
      });
      expect(page.text).toContain(`Versione 3 della sintesi di ${CASE} circolata`);
      const letter = letterTo(MAMMA, mails);
      expectNoContent(mailText(letter));
      const shown = await anna.open(pageLinkUnder(letter, "/sintesi/"));
      expect(shown.text).toContain("Aggiunto: La scuola chiede un incontro.");
      // The goals did not change: not the text again.
      expect(shown.text).not.toContain("GOALS-TEXT");
      expect(shown.text).not.toContain("PSY-ADDED");
      expectNoCaseCode(shown, CASE);
    });
  });
}
