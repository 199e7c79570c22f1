import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commonIt } from "../../src/i18n/common.ts";
import { FakeClock } from "../support/fakes.ts";
import { type ChatDriver, last, type SeenButton, stancesDecision } from "./driver.ts";
import { FORM } from "./meeting-contract.ts";

/**
 * Issue 15: words that name a property of every JavaScript object, typed where the bot looks a
 * word up in a table of its own, reached the object prototype (TypeErrors, an answer "recorded" as
 * a function). Each is an unknown word like any other: refused in the person's language, nothing done.
 */
export const HOSTILE_WORDS = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "prototype",
  "valueOf",
];

export function hostileWordsContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  const lastPrivate = (who: "coord" | "edu") => last(d.privateMessages(who)).text;
  /** Nobody was ever answered "something went wrong on our side". */
  const noInternalError = () => {
    for (const who of ["coord", "edu"] as const)
      for (const message of d.privateMessages(who))
        expect(message.text).not.toContain(commonIt["error.internal"]);
  };

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-515");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
    await d.settle();
  });
  afterAll(() => d.stop());

  describe(`prototype words (${d.platform})`, () => {
    it.each(HOSTILE_WORDS)(
      "`%s` as a subcommand is an unknown subcommand, in the conversation and in private",
      async (word) => {
        await d.command("coord", word);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`Non conosco il sottocomando «${word}»`);
        await d.direct("edu", word);
        await d.settle();
        expect(lastPrivate("edu")).toContain(`Non conosco il sottocomando «${word}»`);
        noInternalError();
      },
    );

    it.each(HOSTILE_WORDS)(
      "`%s` as a role is an unknown role, and nobody is added or changed",
      async (word) => {
        const before = await d.running.db.member.findMany({ select: { role: true }, orderBy: { id: "asc" } });
        await d.command("coord", `aggiungi ${d.mention("edu")} ${word}`);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`Non conosco il ruolo «${word}»`);
        await d.command("coord", `aggiungi-esterno nuovo@example.org ${word} Nuovo N.`);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`Non conosco il ruolo «${word}»`);
        expect(
          await d.running.db.member.findMany({ select: { role: true }, orderBy: { id: "asc" } }),
        ).toEqual(before);
        noInternalError();
      },
    );

    it("an open poll: `constructor` as a recorded answer, a time or a button's value records nothing", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      // A month that is no month: refused beside the field, nothing convened.
      const wrong = await d.submitForm("coord", { ...FORM, slots: "constructor 29 15:00\ntostring 2 15:00" });
      expect(wrong.slots).toBeDefined();
      expect(await d.running.db.meeting.count()).toBe(0);
      expect(await d.submitForm("coord", FORM)).toEqual({});
      await d.settle();
      for (const word of HOSTILE_WORDS) {
        await d.command("coord", `registra mamma@example.org 1:${word}`);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`«1:${word}»`);
      }
      // The poll's buttons, with a value no button of ours carries, and made-up action ids.
      const poll = last(d.privateMessages("edu").filter((m) => m.buttons.length > 0));
      const button = poll.buttons[0] as SeenButton;
      for (const word of HOSTILE_WORDS) {
        await d.click("edu", { ...button, value: word });
        await d.click("edu", { ...button, actionId: word });
        await d.click("edu", {
          ...button,
          actionId: `${button.actionId.split(":")[0]}:${word}`,
          value: word,
        });
      }
      await d.settle();
      expect(await d.running.db.availability.count()).toBe(0);
      noInternalError();
    });

    it("a pending decision: `constructor` as a stance, a side or how it was heard records nothing", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const everyone = d.formChoices("participants").map((c) => c.value);
      const question = "Proponiamo alla famiglia il gruppo genitori?";
      const errors = await d.submitForm(
        "coord",
        stancesDecision(question, "2027-10-27 18:00", [...everyone, ...HOSTILE_WORDS]),
      );
      // A participant no member is: refused beside the field.
      expect(errors.participants).toBeDefined();
      expect(await d.submitForm("coord", stancesDecision(question, "2027-10-27 18:00", everyone))).toEqual(
        {},
      );
      await d.settle();
      for (const word of HOSTILE_WORDS) {
        await d.command("coord", `parere mamma@example.org ${word} motivo`);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`«${word}»`);
        await d.command("coord", `parere mamma@example.org contrario ${word}: motivo`);
        await d.settle();
        expect(lastPrivate("coord")).toContain(`«${word}:»`);
        // One word after the stance that is not "per telefono": the reason, never how it was heard.
        await d.command("coord", `parere mamma@example.org contrario ${word}`);
        await d.settle();
      }
      const stored = await d.running.db.viewpoint.findMany({ select: { heardVia: true } });
      for (const row of stored) expect([null, "phone", "in_person", "written"]).toContain(row.heardVia);
      noInternalError();
    });

    it("a form we never showed, named and filled with prototype words, is dropped without a failure", async () => {
      for (const word of HOSTILE_WORDS)
        await d.forgeForm("coord", word, word, Object.fromEntries(HOSTILE_WORDS.map((w) => [w, word])));
      const { id, metadata } = d.shownForm();
      await d.forgeForm("coord", id, metadata, Object.fromEntries(HOSTILE_WORDS.map((w) => [w, w])));
      await d.settle();
      noInternalError();
    });
  });
}
