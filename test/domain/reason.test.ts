import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.ts";
import { MAX_STEP_REASON_LENGTH, parseReason } from "../../src/domain/reason.ts";

describe("the reason for a costly step", () => {
  it("is required: blank is refused with its own message", () => {
    for (const blank of ["", "   ", "\n\t"]) {
      const reason = parseReason(blank);
      expect(reason instanceof DomainError && reason.code).toBe("reason.missing");
    }
  });

  it("is kept as written, trimmed", () => {
    expect(parseReason("  La sala è occupata \n")).toBe("La sala è occupata");
  });

  it("has a bound, said in the message", () => {
    expect(parseReason("x".repeat(MAX_STEP_REASON_LENGTH))).toHaveLength(MAX_STEP_REASON_LENGTH);
    const long = parseReason("x".repeat(MAX_STEP_REASON_LENGTH + 1));
    expect(long instanceof DomainError && long.params).toEqual({ max: MAX_STEP_REASON_LENGTH });
  });
});
