import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { opened } from "../support/sealed.ts";
import { type ChatDriver, last, type SeenButton } from "./driver.ts";

/**
 * Dates as people write them in the convene form, on every chat platform: the quoted ways of
 * writing accepted and echoed back in full, every bad line named at once with the text kept,
 * the platform's own picker, and a form refused for the state (a poll already open) that keeps
 * what was typed instead of closing.
 */
export function datesContract(makeDriver: () => ChatDriver): void {
  // Tuesday 1 December 2026, 10:00 in Rome.
  const clock = new FakeClock(new Date("2026-12-01T09:00:00Z"));
  const d = makeDriver();

  beforeAll(() => d.start(clock));
  afterAll(() => d.stop());

  /** Several lines a tired coordinator might type: two good, five wrong in five ways. */
  const MIXED = [
    "3/12 ore 15",
    "31/11 ore 10",
    "mer 10/12 ore 10",
    "4 dicembre",
    "3/12 25:00",
    "alle 15",
    "4 dicembre 15:30",
  ].join("\n");

  /** The times that go out, typed as the issue quotes them, plus one picked with the platform's picker. */
  const GOOD = {
    purpose: "t1",
    duration: "60",
    // `28/11` on 1 December: the next 28 November, next year's.
    slots: ["3/12 ore 15", "03/12 17:00", "mer 9/12 ore 10", "4 dicembre 15:30", "28/11 ore 10"].join("\n"),
    slot1: "2026-12-10 10:00",
    deadline: "domani 9",
    location: "",
  };

  /** A decision whose deadline is typed the ordinary way. */
  const DECIDE = {
    question: "Includiamo la famiglia nel gruppo dei genitori?",
    context: "",
    kind: "stances",
    options: "",
    deadline: "3/12 ore 18",
    familyReason: "",
  };

  describe(`dates as people write them (${d.platform})`, () => {
    it("sets up an équipe with two members in chat", async () => {
      await d.command("coord", "configura FAM-2026-311");
      await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
      await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      await d.settle();
      expect(await d.running.db.member.count()).toBe(3);
    });

    it("reports every bad line at once, each as typed, and keeps the text in the form", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const errors = await d.submitForm("coord", { ...GOOD, slot1: "", slots: MIXED });
      const slots = errors.slots ?? "";
      expect(slots).toContain("«31/11 ore 10»: questo giorno non esiste");
      expect(slots).toContain("«mer 10/12 ore 10»: il 10 dicembre 2026 è giovedì, non mercoledì");
      expect(slots).toContain("«4 dicembre»: manca l'ora");
      expect(slots).toContain("«3/12 25:00»: quest'ora non esiste");
      expect(slots).toContain("«alle 15»: manca il giorno");
      // The good lines are not named; nothing was written, nothing was sent.
      expect(slots).not.toContain("«3/12 ore 15»");
      expect(slots).not.toContain("«4 dicembre 15:30»");
      expect(await d.running.db.meeting.count()).toBe(0);
      expect(d.formHolds("slots")).toBe(MIXED);
    });

    it("accepts the quoted ways of writing and a picked time, and echoes each back in full", async () => {
      // A second form is asked for before the first is sent (another window): it stays aside for now.
      await d.command("coord", "convoca");
      await d.settle();
      const errors = await d.submitForm("coord", GOOD);
      expect(errors).toEqual({});
      await d.settle();
      expect(await d.running.db.meeting.count()).toBe(1);
      expect(await d.running.db.slot.count()).toBe(6);
      const echo = last(d.privateMessages("coord")).text;
      for (const when of [
        "giovedì 3 dicembre 2026, 15:00–16:00",
        "giovedì 3 dicembre 2026, 17:00–18:00",
        "venerdì 4 dicembre 2026, 15:30–16:30",
        "mercoledì 9 dicembre 2026, 10:00–11:00",
        // The picked one.
        "giovedì 10 dicembre 2026, 10:00–11:00",
        // The year inferred: the next such date.
        "domenica 28 novembre 2027, 10:00–11:00",
        // The deadline, `domani 9`.
        "mercoledì 2 dicembre 2026, 09:00",
      ])
        expect(echo).toContain(when);
      expect(echo).toContain("Europe/Rome");
      expect(echo).toContain("annulla");
      // The form is closed once accepted.
      expect(d.formHolds("slots")).toBeUndefined();
    });

    it("keeps a second form open with its text when a poll is already open, on the form itself", async () => {
      const before = d.privateMessages("coord").length;
      // The second form, opened before the poll went out.
      expect(d.takeOpenedForm("coord")).toBe(true);
      const other = "7/12 ore 15\n8/12 ore 15";
      const errors = await d.submitForm("coord", { ...GOOD, slot1: "", slots: other });
      const refusal = Object.values(errors).join(" ");
      expect(refusal).toContain("C'è già una proposta di orari aperta");
      expect(d.formHolds("slots")).toBe(other);
      await d.settle();
      // Said in the form, not in a chat message; nothing written.
      expect(d.privateMessages("coord")).toHaveLength(before);
      expect(await d.running.db.meeting.count()).toBe(1);
      expect(await d.running.db.slot.count()).toBe(6);
    });

    it("keeps a second decide form open with its text when a decision is already open", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      await d.command("coord", "decidi");
      await d.settle();
      const everyone = d.formChoices("participants").map((c) => c.value);
      const first = { ...DECIDE, participants: everyone.join(",") };
      expect(await d.submitForm("coord", first)).toEqual({});
      await d.settle();
      expect(await d.running.db.decision.count()).toBe(1);
      const before = d.privateMessages("coord").length;
      expect(d.takeOpenedForm("coord")).toBe(true);
      const second = { ...first, question: "Proponiamo il gruppo dei genitori?" };
      const errors = await d.submitForm("coord", second);
      expect(Object.values(errors).join(" ")).toContain("C'è già una decisione aperta");
      expect(d.formHolds("question")).toBe(second.question);
      await d.settle();
      expect(d.privateMessages("coord")).toHaveLength(before);
      expect(await d.running.db.decision.count()).toBe(1);
    });

    it("says in the viewpoint form, with the reason kept, that the decision closed while it was being written", async () => {
      const ask = last(
        d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")),
      );
      await d.click("edu", ask.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("edu")).toBe(true);
      // The deadline (3/12 ore 18) passes while Elena writes.
      clock.set(new Date("2026-12-03T17:30:00Z"));
      const before = d.privateMessages("edu").length;
      const reason = "Prima serve un incontro con la scuola.";
      const errors = await d.submitForm("edu", { answer: "disagree", reason, side: "none" });
      expect(Object.values(errors).join(" ")).toContain("è chiusa: il tuo non è stato registrato");
      expect(d.formHolds("reason")).toBe(reason);
      await d.settle();
      expect(d.privateMessages("edu")).toHaveLength(before);
      expect(await d.running.db.viewpoint.count()).toBe(0);
    });

    it("keeps a second outcome form open with its text when the outcome was recorded meanwhile", async () => {
      await d.running.jobs.tick();
      await d.settle();
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      // Two windows on the same decision: the first records the outcome, the second comes after.
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      const outcome = {
        outcome: "Sì, dal prossimo mese.",
        actions: "educatore | chiamare la scuola | 10/12",
        review: "15 marzo",
        override: "Nessuno ha risposto entro la scadenza.",
      };
      expect(await d.submitForm("coord", outcome)).toEqual({});
      await d.settle();
      const action = await d.running.db.decisionAction.findFirstOrThrow();
      // `10/12` at the équipe's morning hour (09:00 in Rome); `15 marzo` the next one.
      expect(action.dueAt.toISOString()).toBe("2026-12-10T08:00:00.000Z");
      expect((await d.running.db.decision.findFirstOrThrow()).reviewAt?.toISOString()).toBe(
        "2027-03-15T08:00:00.000Z",
      );
      const before = d.privateMessages("coord").length;
      expect(d.takeOpenedForm("coord")).toBe(true);
      const second = { ...outcome, outcome: "No, aspettiamo." };
      const errors = await d.submitForm("coord", second);
      expect(Object.values(errors).join(" ")).toContain("L'esito di questa decisione è già registrato");
      expect(d.formHolds("outcome")).toBe(second.outcome);
      await d.settle();
      expect(d.privateMessages("coord")).toHaveLength(before);
      const kept = opened(d.running.db, "Decision", await d.running.db.decision.findFirstOrThrow());
      expect(kept.outcome).toBe(outcome.outcome);
      expect(kept.outcome).not.toBe(second.outcome);
    });
  });
}
