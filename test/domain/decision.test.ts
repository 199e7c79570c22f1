import { describe, expect, it } from "vitest";
import { parseDecisionForm, parseDueDate, parseOutcome, parseViewpoint } from "../../src/domain/decision.ts";
import { parseCommand } from "../../src/features/registry.ts";

const NOW = new Date("2026-11-20T10:00:00Z");
const ROME = "Europe/Rome";
const FORM = {
  question: "Cambiamo l'orario scolastico?",
  context: "",
  kind: "stances",
  options: "",
  deadline: "2026-11-27 18:00",
  participants: "coord,edu,mum",
  familyReason: "",
};
const MEMBERS = [
  { id: "coord", family: false },
  { id: "edu", family: false },
  { id: "psy", family: false },
  { id: "mum", family: true },
];
const codes = (errors: object) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, (v as { code: string }).code]));

describe("opening a decision", () => {
  it("reads the deadline in the équipe's zone and keeps the family required by default", () => {
    const result = parseDecisionForm(FORM, ROME, NOW, MEMBERS);
    expect(result.ok && result.draft).toMatchObject({
      deadline: new Date("2026-11-27T17:00:00Z"),
      required: ["coord", "edu", "mum"],
      familyRequired: true,
      familyExclusionReason: undefined,
      options: [],
    });
  });

  it("refuses leaving the family out without a reason, a missing question, and bad options", () => {
    const result = parseDecisionForm(
      {
        ...FORM,
        question: " ",
        kind: "options",
        options: "Sì\nsì",
        participants: "coord, edu",
        deadline: "2026-11-20 10:30",
      },
      ROME,
      NOW,
      MEMBERS,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      // A deadline already gone says so (it is not merely "too soon").
      expect(codes(result.errors)).toEqual({
        question: "decision.questionMissing",
        options: "decision.optionsRepeated",
        deadline: "when.past",
        familyReason: "decision.familyReasonMissing",
      });
    const tooFew = parseDecisionForm({ ...FORM, kind: "options", options: "Solo una" }, ROME, NOW, MEMBERS);
    expect(!tooFew.ok && codes(tooFew.errors)).toEqual({ options: "decision.optionsCount" });
  });

  it("needs someone to answer, all still in the équipe, and keeps the family's exclusion reason", () => {
    const none = parseDecisionForm({ ...FORM, participants: " , " }, ROME, NOW, MEMBERS);
    expect(!none.ok && codes(none.errors)).toEqual({ participants: "decision.participantsNone" });
    const gone = parseDecisionForm({ ...FORM, participants: "coord,mum,left" }, ROME, NOW, MEMBERS);
    expect(!gone.ok && codes(gone.errors)).toEqual({ participants: "decision.participantsGone" });
    const without = parseDecisionForm(
      { ...FORM, participants: "edu", familyReason: " Ricoverata fino a lunedì " },
      ROME,
      NOW,
      MEMBERS,
    );
    expect(without.ok && without.draft).toMatchObject({
      required: ["edu"],
      familyRequired: false,
      familyExclusionReason: "Ricoverata fino a lunedì",
    });
    const noFamilyInEquipe = parseDecisionForm(
      { ...FORM, participants: "psy" },
      ROME,
      NOW,
      MEMBERS.filter((m) => !m.family),
    );
    expect(noFamilyInEquipe.ok && noFamilyInEquipe.draft.familyRequired).toBe(true);
  });
});

describe("a viewpoint", () => {
  const stances = { kind: "stances" as const, options: [] };
  it("needs a reason for every stance but agreement", () => {
    expect(parseViewpoint({ answer: "agree", reason: "", side: "" }, stances).ok).toBe(true);
    for (const answer of ["doubts", "disagree", "more_info"]) {
      const result = parseViewpoint({ answer, reason: " ", side: "" }, stances);
      expect(!result.ok && codes(result.errors)).toEqual({ reason: "viewpoint.reasonNeeded" });
    }
  });

  it("accepts an option by number and a side of the triangle, and refuses the unknown", () => {
    const options = { kind: "options" as const, options: ["A", "B"] };
    const ok = parseViewpoint({ answer: "option:2", reason: "", side: "family_environment" }, options);
    expect(ok.ok && ok.viewpoint).toEqual({
      answer: "option:2",
      reason: undefined,
      side: "family_environment",
    });
    const bad = parseViewpoint({ answer: "option:3", reason: "", side: "school" }, options);
    expect(!bad.ok && codes(bad.errors)).toEqual({
      answer: "viewpoint.answerMissing",
      side: "viewpoint.sideUnknown",
    });
  });
});

describe("an outcome", () => {
  it("reads actions as who | what | date, due at 09:00 in the équipe's zone", () => {
    const result = parseOutcome(
      {
        outcome: "Sì",
        actions: "educatore | chiamare la scuola | 10/12/2026",
        review: "2027-03-15",
        override: "",
      },
      ROME,
      NOW,
    );
    expect(result.ok && result.draft.actions).toEqual([
      { who: "educatore", what: "chiamare la scuola", due: new Date("2026-12-10T08:00:00Z") },
    ]);
    expect(parseDueDate("2027-07-01", ROME, NOW)).toEqual(new Date("2027-07-01T07:00:00Z"));
    // Days as people write them, at the morning hour; the year of the next such day.
    expect(parseDueDate("10/12", ROME, NOW)).toEqual(new Date("2026-12-10T08:00:00Z"));
    expect(parseDueDate("10 gennaio", ROME, NOW)).toEqual(new Date("2027-01-10T08:00:00Z"));
    expect(parseDueDate("domani", ROME, NOW)).toEqual(new Date("2026-11-21T08:00:00Z"));
    expect(parseDueDate("10/12 15:00", ROME, NOW)).toEqual(new Date("2026-12-10T14:00:00Z"));
    expect(parseDueDate("31/11", ROME, NOW)).toBeUndefined();
  });

  it("refuses an unreadable action, a past date and an empty outcome", () => {
    const result = parseOutcome(
      { outcome: "", actions: "chiamare la scuola", review: "2026-01-01", override: "" },
      ROME,
      NOW,
    );
    expect(!result.ok && codes(result.errors)).toEqual({
      outcome: "outcome.missing",
      actions: "outcome.actionUnreadable",
      review: "outcome.reviewDate",
    });
  });
});

describe("recording someone's viewpoint by command", () => {
  const noMentions = () => undefined;
  it("reads e-mail, stance word, optional side and the reason", () => {
    expect(parseCommand("parere Mamma@Example.org contrario bambino: Ha paura.", noMentions)).toEqual({
      ok: true,
      command: {
        name: "viewpoint",
        contact: { email: "mamma@example.org" },
        answer: "disagree",
        side: "child_needs",
        reason: "Ha paura.",
      },
    });
    expect(parseCommand("viewpoint dad@example.org 2", noMentions)).toMatchObject({
      ok: true,
      command: { answer: "2", side: "", reason: "" },
    });
    expect(parseCommand("parere +39 333 1234567 2 Va bene.", noMentions)).toMatchObject({
      ok: true,
      command: { contact: { phone: "+39 333 1234567" }, answer: "2", reason: "Va bene." },
    });
    const bad = parseCommand("parere mamma@example.org forse", noMentions);
    expect(!bad.ok && bad.error.code).toBe("viewpoint.unreadable");
  });
});

describe("withdrawing a decision by command", () => {
  const noMentions = () => undefined;
  it("takes the reason typed after it (or none: the form asks for it), and no more than a command holds", () => {
    expect(parseCommand("annulla-decisione  La famiglia chiede tempo.", noMentions)).toEqual({
      ok: true,
      command: { name: "cancel-decision", reason: "La famiglia chiede tempo." },
    });
    // Bare, it still opens the form, whose reason is required.
    expect(parseCommand("cancel-decision", noMentions)).toEqual({
      ok: true,
      command: { name: "cancel-decision", reason: "" },
    });
    const long = parseCommand(`annulla-decisione ${"parola ".repeat(150)}`, noMentions);
    expect(!long.ok && long.error.code).toBe("command.tooLong");
  });
});
