import { describe, expect, it } from "vitest";
import { parseCaseCode } from "../../src/domain/case-code.ts";

describe("case code", () => {
  it.each(["FAM-2025-014", "fam-2025-014", " PIPPI-2024-00123 ", "AB-1999-001"])("accepts %s", (raw) => {
    expect(parseCaseCode(raw)).toBe(raw.trim().toUpperCase());
  });

  it.each([
    "ROSSI-MARIO",
    "FAM-25-014",
    "FAM-2025-14",
    "F-2025-014",
    "FAM 2025 014",
    "FAM-2025-014x",
    "",
    "TOOLONGX-2025-014",
  ])("refuses %j", (raw) => {
    expect(parseCaseCode(raw)).toBeUndefined();
  });
});
