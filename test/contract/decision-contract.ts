import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { opened } from "../support/sealed.ts";
import { type Cast, type ChatDriver, last, type SeenButton } from "./driver.ts";

const QUESTION = "Includiamo la famiglia nel progetto di educativa domiciliare?";
const DECIDE = {
  question: QUESTION,
  context: "Verifica intermedia T1.",
  kind: "stances",
  options: "",
  deadline: "2027-10-27 18:00",
  familyReason: "",
};
const NO_VIEWPOINT = { answer: "", reason: "", side: "none" };

/**
 * Every viewpoint heard before a decision, written once for every chat adapter: opening,
 * private asks, reasons, hidden answers, a change of mind, an external member recorded by the
 * coordinator, reminder, closing at the deadline, a late answer refused, an override, the record.
 */
export function decisionContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  let askButton: SeenButton;

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-301");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
    await d.settle();
  });
  afterAll(() => d.stop());

  const askOf = (who: Cast) =>
    last(d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")));

  /** Clicks the private ask and submits the viewpoint form; the field errors shown back. */
  async function answer(who: Cast, values: typeof NO_VIEWPOINT) {
    const button = askOf(who).buttons[0];
    if (!button) throw new Error("no ask button");
    await d.click(who, button);
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(true);
    const errors = await d.submitForm(who, values);
    await d.settle();
    return errors;
  }

  describe(`decision contract (${d.platform})`, () => {
    it("refuses a decision to a member and shows the coordinator the form, with the family required", async () => {
      await d.command("edu", "decidi");
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain("Solo chi coordina");
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const choices = d.formChoices("participants");
      expect(choices.map((c) => c.label)).toEqual([
        "Carla Coordinatrice (assistente sociale)",
        "Elena Educatrice (educatore/educatrice)",
        "Tommaso Insegnante (insegnante)",
        "Anna B. (genitore)",
      ]);
      const withoutFamily = choices.filter((c) => !c.label.startsWith("Anna"));
      const errors = await d.submitForm("coord", {
        ...DECIDE,
        participants: withoutFamily.map((c) => c.value).join(","),
      });
      expect(errors.familyReason).toContain("scrivi perché");
      expect(await d.running.db.decision.count()).toBe(0);
    });

    it("asks every chat member privately; the channel shows only the count", async () => {
      // The form keeps what was typed: the family is ticked again.
      const everyone = d.formChoices("participants").map((c) => c.value);
      expect(await d.submitForm("coord", { ...DECIDE, participants: everyone.join(",") })).toEqual({});
      await d.settle();
      askButton = askOf("edu").buttons[0] as SeenButton;
      expect(askOf("edu").text).toContain(QUESTION);
      expect(askOf("teacher").text).toContain("Vedrai quelli degli altri dopo aver dato il tuo");
      expect(askOf("coord").buttons).toHaveLength(1);
      expect(last(d.channelMessages()).text).toContain("Punti di vista: 0 su 4");
      expect(await d.running.db.decisionParticipant.count()).toBe(4);
    });

    it("refuses a viewpoint from someone outside the équipe", async () => {
      await d.click("stranger", askButton);
      await d.settle();
      expect(d.takeOpenedForm("stranger")).toBe(false);
      expect(last(d.privateMessages("stranger")).text).toContain("Non fai parte");
    });

    it("needs a reason for anything but agreement, and hides the others until one's own is given", async () => {
      const errors = await answer("edu", { answer: "disagree", reason: "", side: "none" });
      expect(errors.reason).toContain("scrivi il motivo");
      expect(await d.running.db.viewpoint.count()).toBe(0);
      expect(
        await d.submitForm("edu", {
          answer: "disagree",
          reason: "Prima serve un incontro con la scuola.",
          side: "parent_responses",
        }),
      ).toEqual({});
      await d.settle();
      const saved = last(d.privateMessages("edu")).text;
      expect(saved).toContain("non d'accordo");
      expect(saved).toContain("Nessun altro ha ancora risposto");
      const channel = last(d.channelMessages()).text;
      expect(channel).toContain("1 su 4");
      expect(channel).not.toContain("scuola");
    });

    it("shows the others' viewpoints once a participant has given theirs, and accepts a change of mind", async () => {
      expect(await answer("teacher", { answer: "agree", reason: "", side: "child_needs" })).toEqual({});
      const teacherSees = last(d.privateMessages("teacher")).text;
      expect(teacherSees).toContain("Prima serve un incontro con la scuola.");
      expect(teacherSees).toContain(d.shownAs("edu"));
      expect(await answer("edu", { answer: "doubts", reason: "Dipende dagli orari.", side: "none" })).toEqual(
        {},
      );
      const eduSees = last(d.privateMessages("edu")).text;
      expect(eduSees).toContain("ho dubbi");
      expect(eduSees).toContain("d'accordo");
      const mine = await d.running.db.viewpoint.findMany({ select: { answer: true } });
      expect(mine.map((v) => v.answer).sort()).toEqual(["agree", "doubts"]);
      expect(await d.running.db.auditEntry.count({ where: { action: "decision.changed" } })).toBe(1);
    });

    it("lets a member record the family's viewpoint on their behalf, and says so", async () => {
      await d.command(
        "coord",
        "parere mamma@example.org contrario bambino: Ho paura che il bambino si senta controllato.",
      );
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("registrato (da te, per suo conto)");
      const recorded = (await d.running.db.viewpoint.findMany())
        .map((row) => opened(d.running.db, "Viewpoint", row))
        .find((row) => row.reason?.includes("controllato"));
      expect(recorded?.recordedByMemberId).toBeTruthy();
      await d.command("teacher", "decisione");
      await d.settle();
      const status = last(d.privateMessages("teacher")).text;
      expect(status).toContain("3 su 4");
      expect(status).toContain("registrato da");
    });

    it("reminds only the one who has not answered", async () => {
      const eduBefore = d.privateMessages("edu").length;
      const coordBefore = d.privateMessages("coord").length;
      clock.set(new Date("2027-10-26T16:01:00Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(d.privateMessages("edu")).toHaveLength(eduBefore);
      const toCoord = d.privateMessages("coord").slice(coordBefore);
      expect(toCoord.filter((m) => m.text.includes("manca il tuo punto di vista"))).toHaveLength(1);
    });

    it("closes at the deadline and gives the coordinator the full picture; a late answer is refused", async () => {
      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      expect(picture.text).toContain("Dipende dagli orari.");
      expect(picture.text).toContain("controllato");
      expect(picture.text).toContain(`Mancano: ${d.shownAs("coord")}`);
      expect(picture.text).toContain("Nessuno ha parlato di:");
      expect(picture.text).toContain("la famiglia e l'ambiente");
      expect(last(d.channelMessages()).text).toContain("raccolta chiusa");
      await d.click("edu", askButton);
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain("è chiusa");
    });

    it("records the outcome only with an override when a viewpoint is missing, and publishes who is missing", async () => {
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const outcome = {
        outcome: "Sì, dopo un incontro con la scuola.",
        actions: "educatore | fissare l'incontro con la scuola | 2027-11-10",
        review: "2028-01-15",
        override: "",
      };
      const errors = await d.submitForm("coord", outcome);
      expect(errors.override).toContain("Mancano i punti di vista di");
      expect((await d.running.db.decision.findFirst())?.status).toBe("closed");
      expect(
        await d.submitForm("coord", {
          ...outcome,
          override: "Chi coordina ha già espresso il suo parere in riunione.",
        }),
      ).toEqual({});
      await d.settle();
      const published = last(d.channelMessages()).text;
      expect(published).toContain("Sì, dopo un incontro con la scuola.");
      expect(published).toContain("fissare l'incontro con la scuola");
      expect(published).toContain(`senza il punto di vista di ${d.shownAs("coord")}`);
      expect(await d.running.db.auditEntry.count({ where: { action: "decision.override" } })).toBe(1);
      expect(
        await d.running.db.queueItem.count({
          where: { kind: { in: ["decision.action", "decision.review"] } },
        }),
      ).toBe(2);
    });

    it("exports the decision record as Markdown for the case file", async () => {
      await d.command("coord", "verbale");
      await d.settle();
      const shown = d.privateMessages("coord").findLast((m) => m.text.includes("# Decisione"))?.text ?? "";
      const file = await d.receiveFile("coord");
      expect(file.name).toMatch(/^decisione-FAM-2027-301-\d{4}-\d{2}-\d{2}\.md$/);
      const record = file.content;
      expect(shown).toContain("Decisione dell'équipe — FAM-2027-301");
      expect(record).toContain("# Decisione dell'équipe — FAM-2027-301");
      expect(record).toContain("Dipende dagli orari.");
      expect(record).toContain("Anna B.");
      expect(record).toContain("Chi coordina ha già espresso");
      expect(record).toContain("## Registro");
      expect(record).toContain("ha registrato l'esito senza tutti i punti di vista");
    });

    it("reminds an action's owner before it falls due, and offers to convene the équipe on the review date", async () => {
      clock.set(new Date("2027-11-09T08:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain(
        "azione a tuo carico: fissare l'incontro con la scuola",
      );
      clock.set(new Date("2028-01-15T08:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      const review = last(d.privateMessages("coord"));
      expect(review.text).toContain("data di verifica");
      await d.click("coord", review.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
    });
  });
}
