import { describe, expect, it } from "vitest";
import { type Answer, parseProposal, rankSlots } from "../../src/domain/meeting.ts";
import type { Role } from "../../src/domain/roles.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const form = (overrides: Partial<Parameters<typeof parseProposal>[0]> = {}) => ({
  purpose: "t0",
  duration: "60",
  slots: "2026-12-03 15:00\n2026-12-04 09:30",
  deadline: "2026-12-01 18:00",
  location: "Sala riunioni, via Roma 1",
  ...overrides,
});
const codeOf = (result: ReturnType<typeof parseProposal>, field: string) =>
  result.ok ? undefined : (result.errors as Record<string, { code: string } | undefined>)[field]?.code;

describe("proposal of times", () => {
  it("reads times in the équipe's zone and sorts them", () => {
    const result = parseProposal(form({ slots: "04/12/2026 09:30\n2026-12-03 15:00" }), "Europe/Rome", NOW);
    expect(result.ok && result.proposal.slots.map((d) => d.toISOString())).toEqual([
      "2026-12-03T14:00:00.000Z",
      "2026-12-04T08:30:00.000Z",
    ]);
    expect(result.ok && result.proposal.deadline.toISOString()).toBe("2026-12-01T17:00:00.000Z");
  });

  it.each([
    ["slots", { slots: "2026-12-03 15:00" }, "meeting.slotsTooFew"],
    [
      "slots",
      {
        slots: Array.from({ length: 11 }, (_, i) => `2026-12-${String(i + 3).padStart(2, "0")} 10:00`).join(
          "\n",
        ),
      },
      "meeting.slotsTooMany",
    ],
    ["slots", { slots: "2026-11-20 15:00\n2026-12-04 09:30" }, "meeting.slotPast"],
    ["slots", { slots: "2026-12-03 15:00\n2026-12-03 15:30" }, "meeting.slotsOverlap"],
    ["slots", { slots: "giovedì pomeriggio\n2026-12-04 09:30" }, "meeting.slotUnreadable"],
    [
      "slots",
      { slots: "2027-03-28 02:30\n2027-04-04 09:30", deadline: "2027-03-20 10:00" },
      "meeting.slotNonexistent",
    ],
    ["deadline", { deadline: "2026-12-03 18:00" }, "meeting.deadlineAfterSlots"],
    ["deadline", { deadline: "2026-11-23 10:30" }, "meeting.deadlineTooSoon"],
    ["deadline", { deadline: "presto" }, "meeting.deadlineUnreadable"],
    ["duration", { duration: "7" }, "meeting.durationInvalid"],
    ["purpose", { purpose: "party" }, "meeting.purposeMissing"],
    ["location", { location: "x".repeat(201) }, "meeting.locationTooLong"],
  ])("refuses bad %s: %j", (field, overrides, code) => {
    expect(codeOf(parseProposal(form(overrides), "Europe/Rome", NOW), field)).toBe(code);
  });
});

describe("ranking", () => {
  const slots = [1, 2, 3].map((n) => ({
    id: `s${n}`,
    position: n,
    startsAt: new Date(Date.UTC(2026, 11, n, 10)),
  }));
  const a = (slotId: string, answer: Answer, role: Role = "educator") => ({ slotId, answer, role });

  it("never puts first a slot the family cannot attend, however popular", () => {
    const ranked = rankSlots(slots, [
      a("s1", "yes"),
      a("s1", "yes", "teacher"),
      a("s1", "no", "parent"),
      a("s2", "no"),
      a("s2", "yes", "parent"),
      a("s3", "if_needed"),
      a("s3", "yes", "parent"),
    ]);
    expect(ranked.map((slot) => slot.slotId)).toEqual(["s3", "s2", "s1"]);
    expect(ranked[2]?.familyNo).toBe(true);
  });

  it("then prefers fewer no, more yes, more if-needed, earlier time", () => {
    const ranked = rankSlots(slots, [a("s1", "if_needed"), a("s2", "yes"), a("s3", "yes")]);
    expect(ranked.map((slot) => slot.slotId)).toEqual(["s2", "s3", "s1"]);
  });
});
