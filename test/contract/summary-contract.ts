import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type Cast, type ChatDriver, last, NAMES, type SeenButton, type SeenDialog } from "./driver.ts";
import { FORM } from "./meeting-contract.ts";
import { type SeenPage, WebVisitor } from "./web.ts";

const CASE = "FAM-2027-401";

/**
 * Each section's text carries a word of its own, so that where it shows (and where it must not)
 * is read from what people see, never from the database.
 */
export const TEXTS = {
  needs: "NEEDS-TEXT: Luca ha bisogno di routine serali e di un posto tranquillo per i compiti.",
  responses: "PSY-TEXT: la madre fatica a contenere la rabbia; il padre è assente da mesi.",
  environment: "ENV-TEXT: la nonna materna aiuta il martedì e il giovedì.",
  situation: "SITUATION-TEXT: la frequenza scolastica è migliorata da settembre.",
  goals: "GOALS-TEXT: due pomeriggi di educativa domiciliare a settimana.",
  agreements: "AGREEMENTS-TEXT: un incontro al mese con la scuola.",
} as const;
/** Every marker of the summary's and the minutes' text, and of the people's requests and answers. */
export const MARKERS = [
  "NEEDS-TEXT",
  "PSY-TEXT",
  "ENV-TEXT",
  "SITUATION-TEXT",
  "GOALS-TEXT",
  "AGREEMENTS-TEXT",
  "PSY-ADDED",
  "REQUEST-TEXT",
  "ANSWER-TEXT",
  "MINUTES-TEXT",
  "NEXT-TEXT",
];

export type Sections = Record<keyof typeof TEXTS, string>;

/**
 * Who reads each section, as the coordinator ticks it in the editor: the roles' boxes by their
 * key (`audience_<section>_<role>`), or "everyone".
 */
export const AUDIENCES: Record<keyof typeof TEXTS, string[]> = {
  needs: ["teacher", "educator", "psychologist"],
  responses: ["psychologist"],
  environment: ["educator", "psychologist"],
  situation: ["everyone"],
  goals: ["everyone"],
  agreements: ["everyone"],
};

/**
 * What the browser sends for the editor's form: every field as the page holds it (boxes ticked,
 * text typed, the form token), then the coordinator's changes by field name; for a section's
 * readers, exactly the boxes named are ticked. `intent` is the button pressed.
 */
export function editorBody(
  page: SeenPage,
  changes: {
    texts?: Partial<Record<string, string>>;
    audiences?: Partial<Record<string, string[]>>;
    fields?: Record<string, string>;
    /** Checkbox groups by name: the choices whose label matches are ticked, the others not. */
    ticks?: Record<string, (label: string) => boolean>;
    intent: "save" | "circulate";
  },
): URLSearchParams {
  const form = page.forms.find((f) => f.method === "post");
  if (form === undefined) throw new Error(`no form on the editor: ${page.text.slice(0, 300)}`);
  const body = new URLSearchParams();
  const audiences = changes.audiences ?? {};
  for (const field of form.fields) {
    const section = /^audience_([a-z]+)_(\w+)$/.exec(field.name);
    if (section && audiences[section[1] ?? ""] !== undefined) {
      if (audiences[section[1] ?? ""]?.includes(section[2] ?? "")) body.append(field.name, "yes");
      continue;
    }
    // Who attended and the decisions taken are one checkbox each (`attendee_<id>`, `decision_<id>`).
    const group = field.name.startsWith("attendee_")
      ? "attendees"
      : field.name.startsWith("decision_")
        ? "decisions"
        : field.name;
    const tick = changes.ticks?.[group];
    if (tick !== undefined) {
      for (const choice of field.choices) if (tick(choice.label)) body.append(field.name, choice.value);
      continue;
    }
    const text = /^text_(\w+)$/.exec(field.name);
    const typed =
      (text ? changes.texts?.[text[1] ?? ""] : undefined) ?? changes.fields?.[field.name] ?? undefined;
    if (field.kind === "checkbox" || field.kind === "radio") {
      for (const choice of field.choices) if (choice.checked) body.append(field.name, choice.value);
      continue;
    }
    body.append(field.name, typed ?? field.value);
  }
  body.append("intent", changes.intent);
  return body;
}

/**
 * The case summary on a chat platform (issue 14), as its people use it: the coordinator asks
 * for the editor in chat and writes on the web; each member is told in their channel and reads
 * only the sections meant for their role, in a Slack modal or a Teams dialog (nothing of the
 * text in any message of any conversation); acknowledges; asks for a correction and is
 * answered; a second version asks only the readers of the changed section again, and shows them
 * the difference; only coordinators see who acknowledged; the reminder reaches only those who
 * have not; a confirmed meeting's minutes circulate the same way. Written once, run on Slack and
 * on Teams.
 */
export function summaryContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();

  beforeAll(() => d.start(clock));
  afterAll(() => d.stop());

  /** How a person is shown in a text, as a pattern. */
  const as = (who: Cast) => d.shownAs(who).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const type = async (who: Cast, words: string) => {
    await d.command(who, words);
    await d.settle();
  };
  /** What this person was told privately since they had `from` messages. */
  const toldSince = (who: Cast, from: number) =>
    d
      .privateMessages(who)
      .slice(from)
      .map((m) => m.text)
      .join("\n");
  /** The newest private message of this person with a button of this label, and that button. */
  const buttonFor = (who: Cast, label: string): SeenButton => {
    const message = d.privateMessages(who).findLast((m) => m.buttons.some((b) => b.label === label));
    const button = message?.buttons.find((b) => b.label === label);
    if (button === undefined)
      throw new Error(
        `no «${label}» for ${who}: ${d
          .privateMessages(who)
          .map((m) => `${m.text} [${m.buttons.map((b) => b.label).join("|")}]`)
          .join(" // ")}`,
      );
    return button;
  };
  /** Opens the version from its notice as this person: the modal or dialog it shows. */
  const readAs = async (who: Cast, label = "Leggi e prendi visione"): Promise<SeenDialog> => {
    const shown = await d.openDialog(who, buttonFor(who, label));
    if (shown === undefined) throw new Error(`«${label}» opened no modal or dialog for ${who}`);
    return shown;
  };
  /** Everything the bot posted, anywhere, in any version: no marker of anyone's content in it. */
  const expectNothingPosted = () => {
    const sent = d.everySent();
    expect(sent.length).toBeGreaterThan(0);
    for (const view of sent) {
      const all = JSON.stringify(view);
      for (const marker of MARKERS) expect(all, `posted: ${view.text.slice(0, 200)}`).not.toContain(marker);
    }
  };
  /** The coordinator's editor link, from `sintesi` (or `verbale-incontro`), opened in a browser. */
  const editor = async (words: string, label: string) => {
    const from = d.privateMessages("coord").length;
    await type("coord", words);
    const link = d
      .privateMessages("coord")
      .slice(from)
      .flatMap((m) => m.links)
      .find((l) => l.label === label);
    if (link === undefined) throw new Error(`no «${label}» link: ${toldSince("coord", from)}`);
    const browser = new WebVisitor(d.running.url, link.url);
    const page = await browser.open();
    expect(page.status).toBe(200);
    return { browser, page };
  };
  /** The coordinator's `sintesi letture`, as she reads it. */
  const reads = async (who: Cast = "coord", words = "sintesi letture") => {
    const from = d.privateMessages(who).length;
    await type(who, words);
    return toldSince(who, from);
  };

  describe(`the case summary (${d.platform})`, () => {
    it("sets up the équipe: an educator, a teacher and a psychologist", async () => {
      await type("coord", `configura ${CASE}`);
      await type("coord", `aggiungi ${d.mention("edu")} educatore`);
      await type("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      await type("coord", `aggiungi ${d.mention("psy")} psicologa`);
      const members = await reads("coord", "membri");
      expect(members).toContain("psicolog");
      expect(members).toContain("insegnante");
    });

    it("gives the editor link to the coordinator alone, never in the conversation", async () => {
      const from = d.privateMessages("teacher").length;
      await type("teacher", "sintesi");
      expect(toldSince("teacher", from)).toContain("Solo chi coordina");
      expect(d.privateMessages("teacher").flatMap((m) => m.links)).toEqual([]);
      const { page } = await editor("sintesi", "Apri l'editor della sintesi");
      expect(page.text).toContain(`Sintesi del caso ${CASE}`);
      expect(page.text).toContain("Bisogni del bambino");
      for (const message of d.channelMessages())
        expect(message.links.map((l) => l.url).join()).not.toMatch(/\/s\//);
    });

    it("circulates version 1: each member is told in their channel, with a button to read it", async () => {
      const { browser, page } = await editor("sintesi", "Apri l'editor della sintesi");
      const sent = await browser.send(
        page.forms[0]?.action ?? "",
        editorBody(page, {
          texts: TEXTS,
          audiences: AUDIENCES,
          fields: { note: "Prima stesura", acknowledgeBy: "2027-10-27" },
          intent: "circulate",
        }),
      );
      expect(sent.page.status, sent.page.text.slice(0, 600)).toBe(200);
      expect(sent.page.text).toContain(`Versione 1 della sintesi di ${CASE} circolata`);
      await d.settle();
      for (const who of ["edu", "teacher", "psy"] as const) {
        const notice = d.privateMessages(who).findLast((m) => m.text.includes("Versione 1"));
        expect(notice?.text, who).toContain(`Versione 1 della sintesi di ${CASE}`);
        expect(notice?.buttons.map((b) => b.label)).toContain("Leggi e prendi visione");
      }
      expectNothingPosted();
    });

    it("a teacher never sees the psychologist's section; the psychologist does", async () => {
      const teacher = await readAs("teacher");
      expect(teacher.text).toContain(TEXTS.needs);
      expect(teacher.text).toContain(TEXTS.situation);
      expect(teacher.text).not.toContain("PSY-TEXT");
      expect(teacher.text).not.toContain("Risposte dei genitori");
      expect(teacher.text).not.toContain("ENV-TEXT");
      const psy = await readAs("psy");
      expect(psy.text).toContain(TEXTS.responses);
      expect(psy.text).toContain(TEXTS.environment);
      const edu = await readAs("edu");
      expect(edu.text).toContain(TEXTS.environment);
      expect(edu.text).not.toContain("PSY-TEXT");
      expectNothingPosted();
    });

    it("takes the teacher's acknowledgement; only coordinators see who acknowledged", async () => {
      await readAs("teacher");
      expect(await d.submitDialog("teacher", { ack: "yes" })).toEqual({});
      const list = await reads();
      expect(list).toContain("Letture della versione 1");
      expect(list).toMatch(new RegExp(`${as("teacher")}[^\\n]*presa visione il`));
      expect(list).toMatch(new RegExp(`${as("psy")}[^\\n]*presa visione da dare`));
      expect(list).toMatch(new RegExp(`${as("edu")}[^\\n]*presa visione da dare`));
      for (const who of ["psy", "teacher"] as const) {
        const told = await reads(who);
        expect(told).not.toContain("Letture");
        expect(told).not.toContain("presa visione il");
      }
    });

    it("reminds on the acknowledge-by day only those who have not acknowledged", async () => {
      const before = {
        edu: d.privateMessages("edu").length,
        teacher: d.privateMessages("teacher").length,
        psy: d.privateMessages("psy").length,
      };
      // 27 October 2027, morning in Rome (still summer time).
      clock.set(new Date("2027-10-27T08:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(toldSince("teacher", before.teacher)).not.toContain("Promemoria");
      expect(toldSince("psy", before.psy)).toContain("Promemoria");
      expect(toldSince("edu", before.edu)).toContain("Promemoria");
      expectNothingPosted();
    });

    it("takes a correction request on a section to the coordinators, and brings the answer back", async () => {
      const psy = await readAs("psy");
      const section = psy.inputs.find((i) => i.id === "section");
      const responses = section?.choices.find((c) => c.label.includes("Risposte dei genitori"));
      expect(responses, JSON.stringify(psy.inputs)).toBeDefined();
      const coordFrom = d.privateMessages("coord").length;
      expect(
        await d.submitDialog("psy", {
          ack: "no",
          section: responses?.value ?? "",
          kind: "correct",
          comment: "REQUEST-TEXT: non è corretto, il padre vede Luca ogni sabato.",
        }),
      ).toEqual({});
      expect(toldSince("coord", coordFrom)).toContain(
        `${d.shownAs("psy")} (psicologo/a) ha una richiesta sulla sezione «Risposte dei genitori»`,
      );
      // The coordinator reads it and answers, in a modal/dialog.
      const request = await readAs("coord", "Leggi e rispondi");
      expect(request.text).toContain("REQUEST-TEXT");
      const psyFrom = d.privateMessages("psy").length;
      expect(
        await d.submitDialog("coord", { answer: "ANSWER-TEXT: grazie, lo correggo.", included: "yes" }),
      ).toEqual({});
      expect(toldSince("psy", psyFrom)).toContain("C'è una risposta alla tua richiesta");
      const answer = await readAs("psy", "Leggi la risposta");
      expect(answer.text).toContain("ANSWER-TEXT: grazie, lo correggo.");
      expect(answer.text).toContain("REQUEST-TEXT");
      // Someone else cannot open the answer.
      const teacherSees = await d.openDialog("teacher", buttonFor("psy", "Leggi la risposta"));
      expect(teacherSees?.text ?? "").not.toContain("ANSWER-TEXT");
      expectNothingPosted();
    });

    it("version 2 changing one section asks only its readers again, and shows them the difference", async () => {
      await readAs("edu");
      expect(await d.submitDialog("edu", { ack: "yes" })).toEqual({});
      await readAs("psy");
      expect(await d.submitDialog("psy", { ack: "yes" })).toEqual({});
      const from = { edu: 0, teacher: 0, psy: 0 };
      for (const who of ["edu", "teacher", "psy"] as const) from[who] = d.privateMessages(who).length;
      const { browser, page } = await editor("sintesi", "Apri l'editor della sintesi");
      const sent = await browser.send(
        page.forms[0]?.action ?? "",
        editorBody(page, {
          texts: { responses: `${TEXTS.responses} PSY-ADDED: il padre vede Luca ogni sabato.` },
          fields: { note: "Corretto il padre", acknowledgeBy: "" },
          intent: "circulate",
        }),
      );
      expect(sent.page.text).toContain(`Versione 2 della sintesi di ${CASE} circolata`);
      await d.settle();
      expect(toldSince("psy", from.psy)).toContain(
        `Versione 2 della sintesi di ${CASE}: cambiati «Risposte dei genitori»`,
      );
      // The teacher and the educator read none of it: told nothing is asked of them.
      for (const who of ["teacher", "edu"] as const) {
        const told = toldSince(who, from[who]);
        expect(told, who).not.toContain("cambiati");
        expect(told, who).not.toContain("Leggila e conferma");
        expect(
          d
            .privateMessages(who)
            .slice(from[who])
            .flatMap((m) => m.buttons.map((b) => b.label)),
        ).not.toContain("Leggi e prendi visione");
      }
      const psy = await readAs("psy");
      expect(psy.text).toContain("Aggiunto: PSY-ADDED: il padre vede Luca ogni sabato.");
      expect(psy.text).toContain("invariata dalla versione 1");
      // The difference, not the whole text again.
      expect(psy.text).not.toContain("ENV-TEXT");
      expect(psy.text).not.toContain("AGREEMENTS-TEXT");
      const list = await reads();
      expect(list).toContain("Letture della versione 2");
      expect(list).toMatch(new RegExp(`${as("teacher")}[^\\n]*niente di nuovo per il suo ruolo`));
      expect(list).toMatch(new RegExp(`${as("psy")}[^\\n]*presa visione da dare`));
      expectNothingPosted();
    });

    it("writes the minutes of a confirmed meeting, read and acknowledged the same way", async () => {
      const from = d.privateMessages("coord").length;
      await type("coord", "verbale-incontro");
      expect(toldSince("coord", from)).toContain("Non c'è un incontro confermato già iniziato");
      // A meeting convened and confirmed (29 October 2027, 15:00 in Rome), then held.
      await type("coord", "convoca");
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", FORM)).toEqual({});
      await d.settle();
      await type("coord", "conferma 1");
      const send = last(d.privateMessages("coord")).buttons[0];
      if (send === undefined) throw new Error("no preview");
      await d.click("coord", send);
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("incontro confermato");
      clock.set(new Date("2027-10-29T15:00:00Z"));
      const { browser, page } = await editor("verbale-incontro", "Apri l'editor del verbale");
      expect(page.text).toContain("Verbale dell'incontro");
      const sent = await browser.send(
        page.forms[0]?.action ?? "",
        editorBody(page, {
          texts: {
            discussion: "MINUTES-TEXT: si è parlato della scuola.",
            next: "NEXT-TEXT: visita giovedì.",
          },
          audiences: { discussion: ["everyone"], next: ["everyone"] },
          ticks: {
            attendees: (label) => /Carla|Paola|Tommaso/.test(label),
          },
          fields: { note: "Verbale" },
          intent: "circulate",
        }),
      );
      expect(sent.page.text, sent.page.text.slice(0, 800)).toContain(
        "Versione 1 del verbale dell'incontro del 29 ottobre 2027",
      );
      await d.settle();
      const minutes = await readAs("teacher");
      expect(minutes.text).toContain("MINUTES-TEXT: si è parlato della scuola.");
      expect(minutes.text).toMatch(new RegExp(`Presenti: [^\\n]*(${as("psy")}|${NAMES.psy})`));
      expect(minutes.text).not.toContain("PSY-TEXT");
      expect(await d.submitDialog("teacher", { ack: "yes" })).toEqual({});
      const list = await reads("coord", "verbale-incontro letture");
      expect(list).toMatch(new RegExp(`${as("teacher")}[^\\n]*presa visione il`));
      expect(list).toMatch(new RegExp(`${as("edu")}[^\\n]*presa visione da dare`));
      expectNothingPosted();
    });
  });
}
