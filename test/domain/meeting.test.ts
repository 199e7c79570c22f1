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
const codeOf = (result: ReturnType<typeof parseProposal>, field: string) => {
  if (result.ok) return undefined;
  const error = result.errors[field as keyof typeof result.errors];
  return (Array.isArray(error) ? error[0] : error)?.code;
};

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
    ["slots", { slots: "2026-11-20 15:00\n2026-12-04 09:30" }, "when.past"],
    ["slots", { slots: "2026-12-03 15:00\n2026-12-03 15:30" }, "meeting.slotsOverlap"],
    ["slots", { slots: "giovedì pomeriggio\n2026-12-04 09:30" }, "when.unreadable"],
    [
      "slots",
      { slots: "2027-03-28 02:30\n2027-04-04 09:30", deadline: "2027-03-20 10:00" },
      "when.nonexistent",
    ],
    ["deadline", { deadline: "2026-12-03 18:00" }, "meeting.deadlineAfterSlots"],
    ["deadline", { deadline: "2026-11-23 10:30" }, "meeting.deadlineTooSoon"],
    ["deadline", { deadline: "presto" }, "when.unreadable"],
    ["duration", { duration: "7" }, "meeting.durationInvalid"],
    ["purpose", { purpose: "party" }, "meeting.purposeMissing"],
    ["location", { location: "x".repeat(201) }, "meeting.locationTooLong"],
  ])("refuses bad %s: %j", (field, overrides, code) => {
    expect(codeOf(parseProposal(form(overrides), "Europe/Rome", NOW), field)).toBe(code);
  });
});

describe("several ways of writing, several bad lines, and the pickers", () => {
  it("reads the quoted forms together with picked times, the year inferred", () => {
    const result = parseProposal(
      form({
        slots: "3/12 ore 15\nmer 9/12 ore 10\n4 dicembre 15:30",
        slot1: "2026-12-10T09:00:00.000Z",
        slot2: "2026-12-11 10:00",
        deadline: "domani 18",
      }),
      "Europe/Rome",
      NOW,
    );
    expect(result.ok && result.proposal.slots.map((d) => d.toISOString())).toEqual([
      "2026-12-03T14:00:00.000Z",
      "2026-12-04T14:30:00.000Z",
      "2026-12-09T09:00:00.000Z",
      "2026-12-10T09:00:00.000Z",
      "2026-12-11T09:00:00.000Z",
    ]);
    expect(result.ok && result.proposal.deadline.toISOString()).toBe("2026-11-24T17:00:00.000Z");
  });

  it("reports every bad line at once, each as typed, and a picker's error beside the picker", () => {
    const result = parseProposal(
      form({
        slots: "3/12 ore 15\n31/11 ore 10\nmer 10/12 ore 10\n4 dicembre\n3/12 25:00",
        slot1: "2026-12-09",
        slot2: "2026-11-20T09:00:00.000Z",
      }),
      "Europe/Rome",
      NOW,
    );
    if (result.ok) throw new Error("accepted");
    const slots = result.errors.slots;
    expect(Array.isArray(slots) && slots.map((e) => [e.code, e.params.value])).toEqual([
      ["when.noSuchDate", "31/11 ore 10"],
      ["when.weekday", "mer 10/12 ore 10"],
      ["when.noTime", "4 dicembre"],
      ["when.noSuchTime", "3/12 25:00"],
    ]);
    expect(codeOf(result, "slot1")).toBe("when.noTime");
    expect(codeOf(result, "slot2")).toBe("when.past");
    expect(codeOf(result, "slot3")).toBeUndefined();
  });

  it("counts picked and typed times together", () => {
    const one = parseProposal(form({ slots: "", slot1: "2026-12-10 10:00" }), "Europe/Rome", NOW);
    expect(codeOf(one, "slots")).toBe("meeting.slotsTooFew");
    const two = parseProposal(form({ slots: "3/12 ore 15", slot1: "2026-12-10 10:00" }), "Europe/Rome", NOW);
    expect(two.ok).toBe(true);
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
