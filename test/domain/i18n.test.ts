import { describe, expect, it } from "vitest";
import { matchLocale, t } from "../../src/i18n/catalogue.ts";
import { en } from "../../src/i18n/en.ts";
import { it as itCatalogue } from "../../src/i18n/it.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogue", () => {
  it("has the same keys and the same placeholders in Italian and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(itCatalogue).sort());
    for (const key of Object.keys(itCatalogue) as (keyof typeof itCatalogue)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(itCatalogue[key]));
    }
  });

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(t("it", "setup.done", { caseCode: "FAM-2025-014" })).toContain("FAM-2025-014");
    expect(t("en", "member.added", { who: "X" })).toContain("{role}");
  });

  it("maps platform locales onto the ones we speak", () => {
    expect(matchLocale("en-US")).toBe("en");
    expect(matchLocale("it_IT")).toBe("it");
    expect(matchLocale("fr-FR")).toBeUndefined();
    expect(matchLocale(undefined)).toBeUndefined();
  });
});
