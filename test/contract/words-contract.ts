import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type ChatDriver, last, type SeenButton, stancesDecision } from "./driver.ts";

const QUESTION = "Proponiamo alla famiglia il gruppo genitori?";

/**
 * It forgives ordinary writing, and never acts on a guess: a mistyped subcommand, role, side or
 * stance gets the nearest valid word and the example, and nothing is done; a role with a space is
 * simply a role; an action's owner by first name; a name or a role that fits two people is said
 * to be ambiguous, naming both; a coordinator who changes their own role keeps coordinating, and
 * an équipe is never left without one; a name ending with a full stop ends the sentence once.
 */
export function wordsContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  /** A command example as this platform shows it. */
  const example = (text: string) => (d.platform === "slack" ? `/equipe ${text}` : `@Équipe ${text}`);
  /** The person in an example, as this platform writes a mention. */
  const person = () => (d.platform === "slack" ? "@maria.rossi" : "@Maria Rossi");
  const lastPrivate = (who: "coord" | "edu" | "teacher") => last(d.privateMessages(who)).text;
  const memberCount = () => d.running.db.member.count({ where: { removedAt: null } });

  beforeAll(async () => {
    await d.start(clock);
  });
  afterAll(() => d.stop());

  describe(`words contract (${d.platform})`, () => {
    it("offers `configura` for `confgura`, with its example, and sets nothing up", async () => {
      await d.command("coord", "confgura FAM-2027-411");
      await d.settle();
      const answer = lastPrivate("coord");
      expect(answer).toContain("Non conosco il sottocomando «confgura»");
      expect(answer).toContain(`Forse intendevi ${example("configura")}?`);
      expect(answer).toContain(example("configura FAM-2025-014"));
      expect(await d.running.db.equipe.count()).toBe(0);
      await d.command("coord", "configura FAM-2027-411");
      await d.settle();
      expect(await d.running.db.equipe.count()).toBe(1);
    });

    it("offers `insegnante` for `insegnate`, with the example written the platform's way, and adds nobody", async () => {
      const before = await memberCount();
      await d.command("coord", `aggiungi ${d.mention("edu")} insegnate`);
      await d.settle();
      const answer = lastPrivate("coord");
      expect(answer).toContain("Non conosco il ruolo «insegnate». Forse intendevi insegnante?");
      expect(answer).toContain("Non ho fatto nulla");
      expect(answer).toContain(example(`aggiungi ${person()} educatore`));
      expect(answer).not.toContain(d.platform === "slack" ? "@Maria Rossi" : "maria.rossi");
      expect(await memberCount()).toBe(before);
    });

    it("takes `assistente sociale` with a space as the role it is", async () => {
      await d.command("coord", `aggiungi ${d.mention("teacher")} assistente sociale`);
      await d.command("coord", `aggiungi ${d.mention("edu")} educatrice`);
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("è ora nell'équipe come educatore/educatrice");
      const teacher = d.channelMessages().find((m) => m.text.includes(d.shownAs("teacher")));
      expect(teacher?.text).toContain("è ora nell'équipe come assistente sociale.");
      const roles = await d.running.db.member.findMany({ select: { role: true } });
      expect(roles.map((r) => r.role).sort()).toEqual(["educator", "social_worker", "social_worker"]);
    });

    it("suggests `altro` and lists the roles for `pediatra`, adding nobody", async () => {
      const before = await memberCount();
      await d.command("coord", "aggiungi-esterno pediatra@example.org pediatra Paolo P.");
      await d.settle();
      const answer = lastPrivate("coord");
      expect(answer).toContain("Non conosco il ruolo «pediatra»");
      expect(answer).toContain("usa altro");
      expect(answer).toContain("Ruoli possibili: assistente-sociale, educatore, insegnante");
      expect(answer).toContain(example("aggiungi-esterno maria@example.org genitore Maria R."));
      expect(await memberCount()).toBe(before);
      await d.command("coord", "aggiungi-esterno pediatra@example.org altro Paolo P.");
      await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
      await d.command("coord", "aggiungi-esterno papa@example.org genitore Marco B.");
      await d.settle();
      expect(await memberCount()).toBe(before + 3);
    });

    it("refuses `genitor:` with `genitori:` suggested instead of swallowing it into the reason", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const everyone = d.formChoices("participants").map((c) => c.value);
      const errors = await d.submitForm("coord", stancesDecision(QUESTION, "2027-10-27 18:00", everyone));
      expect(errors).toEqual({});
      await d.settle();
      await d.command("coord", "parere mamma@example.org contrario genitor: non se la sente adesso");
      await d.settle();
      const answer = lastPrivate("coord");
      expect(answer).toContain("«genitor:» non è un lato del Mondo del Bambino. Forse intendevi genitori:?");
      expect(answer).toContain("Non ho registrato nulla");
      expect(answer).toContain(example("parere maria@example.org dubbi per telefono genitori: motivo"));
      expect(await d.running.db.viewpoint.count()).toBe(0);
      await d.command("coord", "parere mamma@example.org contrario genitori: non se la sente adesso");
      await d.settle();
      const stored = await d.running.db.viewpoint.findFirst();
      expect(stored?.side).toBe("parent_responses");
      expect(await d.running.db.viewpoint.count()).toBe(1);
    });

    it("lists who is missing without a double full stop after `Marco B.`", async () => {
      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      expect(picture.text).toContain("Marco B.");
      expect(picture.text).not.toContain("B..");
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
    });

    it("says a role that two people have is ambiguous, naming both and how to tell them apart", async () => {
      const errors = await d.submitForm("coord", {
        outcome: "Sì, da gennaio.",
        actions: "genitore | iscriversi al gruppo | 2027-12-10",
        review: "",
        override: "Ne abbiamo parlato in riunione.",
      });
      expect(errors.actions).toContain("«genitore» può essere più di una persona");
      expect(errors.actions).toContain("Anna B. (genitore)");
      expect(errors.actions).toContain("Marco B. (genitore)");
      expect(errors.actions).toContain("il nome completo o l'e-mail");
      expect(await d.running.db.decisionAction.count()).toBe(0);
    });

    it("says when nobody matches, listing the members", async () => {
      const errors = await d.submitForm("coord", {
        outcome: "Sì, da gennaio.",
        actions: "Giulia | iscriversi al gruppo | 2027-12-10",
        review: "",
        override: "Ne abbiamo parlato in riunione.",
      });
      expect(errors.actions).toContain("Non trovo «Giulia» nell'équipe");
      for (const name of ["Carla Coordinatrice", "Elena Educatrice", "Anna B.", "Marco B.", "Paolo P."])
        expect(errors.actions).toContain(name);
    });

    it("takes `Elena` as Elena Educatrice, the one Elena of the équipe", async () => {
      const errors = await d.submitForm("coord", {
        outcome: "Sì, da gennaio.",
        actions:
          "Elena | accompagnare la famiglia al primo incontro | 2027-12-10\nAnna B. | iscriversi | 2027-12-01",
        review: "",
        override: "Ne abbiamo parlato in riunione.",
      });
      expect(errors).toEqual({});
      await d.settle();
      const published = last(d.channelMessages()).text;
      expect(published).toContain(`${d.shownAs("edu")}: accompagnare la famiglia al primo incontro`);
      expect(published).not.toContain("B..");
      const owners = await d.running.db.decisionAction.findMany({ orderBy: { position: "asc" } });
      const members = await d.running.db.member.findMany();
      const roleOf = (id: string) => members.find((m) => m.id === id)?.role;
      expect(owners.map((o) => roleOf(o.memberId))).toEqual(["educator", "parent"]);
    });

    it("keeps a coordinator coordinating when they change their own role", async () => {
      await d.command("coord", `aggiungi ${d.mention("coord")} educatore`);
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("ora il ruolo è educatore/educatrice (coordina)");
      await d.command("coord", "membri");
      await d.settle();
      expect(lastPrivate("coord")).toMatch(/educatore\/educatrice \(coordina\)/);
      const coordinators = await d.running.db.member.findMany({ where: { isCoordinator: true } });
      expect(coordinators.map((m) => m.role)).toEqual(["educator"]);
    });

    it("never leaves the équipe without a coordinator, and says why", async () => {
      await d.command("coord", `aggiungi ${d.mention("coord")} assistente-sociale non-coordinatore`);
      await d.settle();
      expect(lastPrivate("coord")).toContain("Sei l'unica persona che coordina l'équipe");
      expect(lastPrivate("coord")).toContain("Non ho cambiato nulla");
      const still = await d.running.db.member.findMany({ where: { isCoordinator: true } });
      expect(still.map((m) => m.role)).toEqual(["educator"]);
      // With a second coordinator, the first may stop, and the channel is told.
      await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante coordinatrice`);
      await d.command("coord", `aggiungi ${d.mention("coord")} assistente-sociale non coordinatore`);
      await d.settle();
      expect(last(d.channelMessages()).text).toContain(
        "ora il ruolo è assistente sociale e non coordina più l'équipe",
      );
      const now = await d.running.db.member.findMany({ where: { isCoordinator: true } });
      expect(now.map((m) => m.role)).toEqual(["teacher"]);
    });
  });
}
