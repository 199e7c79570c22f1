import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

const FORM = {
  question: "Chiudiamo il caso?",
  context: "",
  kind: "options",
  options: "Chiudere\nProseguire sei mesi",
  deadline: "2027-10-27 18:00",
  familyReason: "",
};
const FAMILY_REASON = "Decisione tecnica sul servizio, discussa poi con la famiglia.";

/**
 * Who must answer, and withdrawing a decision, written once for every chat adapter: the
 * coordinator narrows the list (the family only with a reason), those not on it are not asked but
 * may answer, the decision closes on the last required answer; a pending decision is withdrawn
 * with a reason, and everything that pointed at it says so.
 */
export function decisionChoicesContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-302");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "aggiungi-esterno papa@example.org genitore Marco B.");
    await d.settle();
  });
  afterAll(() => d.stop());

  const withButton = (who: Cast, actionId: string): SeenMessage[] =>
    d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId === actionId));
  const askOf = (who: Cast) => last(withButton(who, "decide:answer"));

  /** Clicks a button that opens the viewpoint form and submits it; the field errors shown back. */
  async function answerWith(who: Cast, button: SeenButton | undefined, answer: string) {
    if (button === undefined) throw new Error("no button");
    await d.click(who, button);
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(true);
    const errors = await d.submitForm(who, { answer, reason: "", side: "none" });
    await d.settle();
    return errors;
  }

  async function openDecision(participants: (label: string) => boolean, familyReason: string) {
    await d.command("coord", "decidi");
    await d.settle();
    expect(d.takeOpenedForm("coord")).toBe(true);
    const chosen = d.formChoices("participants").filter((c) => participants(c.label));
    return d.submitForm("coord", {
      ...FORM,
      participants: chosen.map((c) => c.value).join(","),
      familyReason,
    });
  }

  describe(`who must answer, and withdrawing (${d.platform})`, () => {
    it("asks only those on the list; taking the family off needs a reason, kept in the trail", async () => {
      const onlyTwo = (label: string) => label.startsWith("Carla") || label.startsWith("Elena");
      const errors = await openDecision(onlyTwo, "");
      expect(errors.familyReason).toContain("scrivi perché");
      expect(await d.running.db.decision.count()).toBe(0);
      expect(await d.submitForm("coord", { familyReason: FAMILY_REASON })).toEqual({});
      await d.settle();
      expect(await d.running.db.decisionParticipant.count()).toBe(4);
      expect(await d.running.db.decisionParticipant.count({ where: { required: true } })).toBe(2);
      expect(await d.running.db.auditEntry.count({ where: { action: "decision.familyExcluded" } })).toBe(1);
      expect(askOf("edu").text).toContain("Chiudiamo il caso?");
      expect(askOf("coord").buttons).toHaveLength(1);
      expect(d.privateMessages("teacher").filter((m) => m.text.includes("deve decidere"))).toEqual([]);
      const channel = last(d.channelMessages()).text;
      expect(channel).toContain("0 su 2");
      expect(channel).toContain("punto di vista facoltativo");
    });

    it("lets a member who was not asked give a viewpoint from the status; it does not count", async () => {
      await d.command("stranger", "decisione");
      await d.settle();
      expect(last(d.privateMessages("stranger")).text).toContain("Non fai parte");
      await d.command("teacher", "decisione");
      await d.settle();
      const status = last(d.privateMessages("teacher"));
      expect(status.text).toContain("0 su 2");
      const optional = status.buttons.find((b) => b.label.includes("facoltativo"));
      expect(await answerWith("teacher", optional, "option:1")).toEqual({});
      expect(last(d.privateMessages("teacher")).text).toContain("registrato: Chiudere");
      expect(d.privateMessages("teacher").filter((m) => m.text.includes("deve decidere"))).toEqual([]);
      await d.command("teacher", "decisione");
      await d.settle();
      expect(last(d.privateMessages("teacher")).buttons[0]?.label).toContain("Cambia");
      expect(last(d.channelMessages()).text).toContain("0 su 2");
      expect((await d.running.db.decision.findFirst())?.status).toBe("open");
    });

    it("closes on the last required answer, with the optional viewpoint in the picture", async () => {
      for (const who of ["edu", "coord"] as const)
        expect(await answerWith(who, askOf(who).buttons[0], "option:2")).toEqual({});
      expect((await d.running.db.decision.findFirst())?.status).toBe("closed");
      const picture = last(withButton("coord", "decide:outcome"));
      expect(picture.text).toContain("Proseguire sei mesi");
      expect(picture.text).toContain("Chiudere");
      // Exactly who was not asked: the father, by name (not "the family").
      expect(picture.text).toContain(
        `Non è stato chiesto il punto di vista a Marco B. — motivo: ${FAMILY_REASON}`,
      );
      expect(picture.text).not.toContain("Mancano");
      expect(last(d.channelMessages()).text).toContain("raccolta chiusa, 2 su 2");
      // Not asked, so no private question to close: the status is where they look.
      expect(d.privateMessages("teacher").filter((m) => m.text.includes("deve decidere"))).toEqual([]);
    });

    it("withdraws a decision only by a coordinator with a reason; the record keeps why", async () => {
      await d.command("edu", "annulla-decisione non serve più");
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain("Solo chi coordina");
      await d.command("coord", "annulla-decisione");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect((await d.submitForm("coord", { reason: " " })).reason).toContain("motivo");
      expect((await d.running.db.decision.findFirst())?.status).toBe("closed");
      const picture = last(withButton("coord", "decide:outcome"));
      expect(
        await d.submitForm("coord", { reason: "La famiglia ha chiesto di parlarne prima in colloquio." }),
      ).toEqual({});
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("ritirata");
      // The count is updated in place (on Teams the form's card, answered, came after it).
      expect(d.channelMessages().map((m) => m.text)).toContainEqual(
        expect.stringContaining("è stata ritirata. Motivo: La famiglia ha chiesto"),
      );
      expect(await d.running.db.auditEntry.count({ where: { action: "decision.cancelled" } })).toBe(1);
      // The picture now says it is closed, without its button; a client not yet refreshed still clicks it.
      const closed = d.privateMessages("coord").find((m) => m.id === picture.id);
      expect(closed?.buttons).toEqual([]);
      expect(closed?.text).toContain("(ritirata)");
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(false);
      expect(last(d.privateMessages("coord")).text).toContain("ritirata da chi coordina");
      await d.command("coord", "verbale");
      await d.settle();
      const record = (await d.receiveFile("coord")).content;
      expect(record).toContain("Chi doveva rispondere:");
      expect(record).toContain("Decisione ritirata da Carla Coordinatrice");
      expect(record).toContain("La famiglia ha chiesto di parlarne prima in colloquio.");
      expect(record).toContain("ha ritirato la decisione");
    });

    it("withdraws one still collecting: the questions lose their button, nothing fires at the deadline", async () => {
      expect(await openDecision(() => true, "")).toEqual({});
      await d.settle();
      const ask = askOf("teacher");
      expect(ask.text).toContain("Chiudiamo il caso?");
      const open = await d.running.db.decision.findFirst({ where: { status: "open" } });
      expect(
        await d.running.db.queueItem.count({ where: { dedupeKey: { startsWith: `decision:${open?.id}:` } } }),
      ).toBe(2);
      await d.command("coord", "annulla-decisione Aspettiamo la relazione della neuropsichiatria.");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", {})).toEqual({});
      await d.settle();
      const withdrawn = d.privateMessages("teacher").find((m) => m.id === ask.id);
      expect(withdrawn?.buttons).toEqual([]);
      expect(withdrawn?.text).toContain("Aspettiamo la relazione");
      expect(
        await d.running.db.queueItem.count({
          where: { dedupeKey: { startsWith: `decision:${open?.id}:` }, status: "pending" },
        }),
      ).toBe(0);
      await d.click("teacher", ask.buttons[0] as SeenButton);
      await d.settle();
      expect(last(d.privateMessages("teacher")).text).toContain("non serve più il tuo punto di vista");
      const pictures = withButton("coord", "decide:outcome").length;
      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(withButton("coord", "decide:outcome")).toHaveLength(pictures);
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
    });
  });
}
