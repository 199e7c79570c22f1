import { describe, expect, it } from "vitest";
import { plainText } from "../../src/content/plain.ts";
import { casesEn, casesIt } from "../../src/features/cases/catalogue.ts";
import { decisionsEn, decisionsIt } from "../../src/features/decisions/catalogue.ts";
import { equipeEn, equipeIt } from "../../src/features/equipe/catalogue.ts";
import { meetingsEn, meetingsIt } from "../../src/features/meetings/catalogue.ts";
import { pagesEn, pagesIt } from "../../src/features/pages/catalogue.ts";
import { summariesEn, summariesIt } from "../../src/features/summaries/catalogue.ts";
import { summaryExportEn, summaryExportIt } from "../../src/features/summaries/export/catalogue.ts";
import { catalogues, matchLocale, t } from "../../src/i18n/catalogue.ts";
import { commonEn, commonIt } from "../../src/i18n/common.ts";
import { type Entry, fill as fillTemplate, parseTemplate } from "../../src/i18n/template.ts";

const parts = {
  common: { it: commonIt, en: commonEn },
  equipe: { it: equipeIt, en: equipeEn },
  meetings: { it: meetingsIt, en: meetingsEn },
  decisions: { it: decisionsIt, en: decisionsEn },
  pages: { it: pagesIt, en: pagesEn },
  summaries: { it: summariesIt, en: summariesEn },
  cases: { it: casesIt, en: casesEn },
  summaryExport: { it: summaryExportIt, en: summaryExportEn },
} as const;

const forms = (entry: Entry): string[] => (typeof entry === "string" ? [entry] : [entry.one, entry.other]);

/** The placeholder names of an entry, as the compiler sees them (a plural entry always takes `count`). */
function placeholders(entry: Entry): string[] {
  const names = new Set(
    forms(entry).flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)),
  );
  if (typeof entry !== "string") names.add("count");
  return [...names].sort();
}

const allStrings = (locale: "it" | "en") =>
  Object.entries(catalogues[locale] as Record<string, Entry>).flatMap(([key, entry]) =>
    forms(entry).map((form) => [key, form] as const),
  );

/** Platform markup that must never be in a template: each renderer writes its own. */
const MARKUP: [string, RegExp][] = [
  ["a single * (Slack bold)", /(?<!\*)\*(?!\*)/],
  ["a user or channel mention", /<[@#!]/],
  ["a Slack link", /<https?:/],
  ["a Markdown link", /\]\(/],
  ["a Markdown heading", /^#/m],
  ["an HTML tag", /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i],
  ["_italics_", /(^|[^\p{L}\p{N}_])_[^_\s][^_]*_(?![\p{L}\p{N}_])/u],
];

describe("message catalogue", () => {
  it("has the same keys and the same placeholders in Italian and English", () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.it).sort());
    const en = catalogues.en as Record<string, Entry>;
    for (const [key, entry] of Object.entries(catalogues.it as Record<string, Entry>)) {
      const other = en[key] as Entry;
      expect(typeof other, key).toBe(typeof entry);
      expect(placeholders(other), key).toEqual(placeholders(entry));
    }
  });

  it("writes every plural entry in two different forms (the number shown in both or in neither)", () => {
    for (const locale of ["it", "en"] as const) {
      for (const [key, entry] of Object.entries(catalogues[locale] as Record<string, Entry>)) {
        if (typeof entry === "string") continue;
        expect(Object.keys(entry).sort(), `${locale} ${key}`).toEqual(["one", "other"]);
        expect(entry.one, `${locale} ${key}`).not.toBe("");
        expect(entry.one, `${locale} ${key}`).not.toBe(entry.other);
        expect(entry.one.includes("{count}"), `${locale} ${key}`).toBe(entry.other.includes("{count}"));
      }
    }
  });

  it("defines each key in exactly one catalogue, the same one in both languages", () => {
    for (const locale of ["it", "en"] as const) {
      const owners = new Map<string, string[]>();
      for (const [name, part] of Object.entries(parts)) {
        for (const key of Object.keys(part[locale])) owners.set(key, [...(owners.get(key) ?? []), name]);
      }
      const twice = [...owners].filter(([, names]) => names.length > 1);
      expect(twice, locale).toEqual([]);
      expect([...owners.keys()].sort(), locale).toEqual(Object.keys(catalogues[locale]).sort());
    }
    for (const [name, part] of Object.entries(parts)) {
      expect(Object.keys(part.en).sort(), name).toEqual(Object.keys(part.it).sort());
    }
  });

  it("holds no platform markup", () => {
    for (const locale of ["it", "en"] as const) {
      for (const [key, form] of allStrings(locale)) {
        // An escaped character is literal text, and `**` is our own strong.
        const bare = form.replace(/\\./g, "").replace(/\*\*/g, "");
        for (const [what, pattern] of MARKUP)
          expect(pattern.test(bare), `${locale} ${key}: ${what}`).toBe(false);
      }
    }
  });

  it("parses every template", () => {
    for (const locale of ["it", "en"] as const) {
      for (const [key, form] of allStrings(locale)) {
        expect(() => parseTemplate(form), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  it("agrees a noun with the number before it", () => {
    expect(plainText(t("it", "members.header", { caseCode: "X", count: 1 }))).toContain("1 membro");
    expect(plainText(t("it", "members.header", { caseCode: "X", count: 1 }))).not.toContain("1 membri");
    expect(plainText(t("it", "members.header", { caseCode: "X", count: 2 }))).toContain("2 membri");
    expect(plainText(t("en", "members.header", { caseCode: "X", count: 1 }))).toMatch(/ 1 member$/);
    expect(plainText(t("en", "report.sending", { count: 1, how: "1 in chat" }))).toContain("to 1 person:");
    expect(plainText(t("it", "report.sending", { count: 3, how: "3 in chat" }))).toContain("a 3 persone:");
    expect(plainText(t("it", "report.sending", { count: 1, how: "1 in chat" }))).toContain("a 1 persona:");
  });

  it("turns the catalogue's own syntax into content runs", () => {
    expect(t("en", "members.header", { caseCode: "FAM-2025-014", count: 2 })).toEqual([
      { type: "text", text: "Équipe of case FAM-2025-014", strong: true },
      { type: "text", text: " — 2 members" },
    ]);
    expect(t("it", "usage.help")).toEqual([{ type: "command", text: "aiuto" }]);
    expect(plainText(t("it", "setup.done", { caseCode: "FAM-2025-014" }))).toContain("FAM-2025-014");
  });

  it("fills placeholders with text runs that are never parsed", () => {
    const value = "**x** <@U1> `/equipe aiuto` {caseCode}\\*";
    expect(t("it", "command.usage", { usage: value })).toEqual([
      { type: "text", text: "Il comando non è scritto nella forma attesa. Si scrive così:" },
      { type: "break" },
      { type: "text", text: value },
    ]);
    const mention = { type: "mention", name: "Maria R." } as const;
    expect(t("en", "member.removed", { who: [mention] })).toEqual([
      mention,
      { type: "text", text: " is no longer in the équipe." },
    ]);
  });

  it("wants exactly the placeholders a template uses", () => {
    // @ts-expect-error caseCode is missing
    const missing = t("it", "setup.done", {});
    // A missing value stays visible rather than vanish (the compiler stops it in our own code).
    expect(plainText(missing)).toContain("{caseCode}");
    // @ts-expect-error a plural entry counts with a number
    t("it", "members.header", { caseCode: "X", count: "2" });
    // @ts-expect-error no such key
    expect(() => t("it", "members.nope")).toThrow();
  });

  it("maps platform locales onto the ones we speak", () => {
    expect(matchLocale("en-US")).toBe("en");
    expect(matchLocale("it_IT")).toBe("it");
    expect(matchLocale("fr-FR")).toBeUndefined();
    expect(matchLocale(undefined)).toBeUndefined();
  });
});

describe("Italian articles before a day read with a vowel", () => {
  it("elides the template's article before 8 and 11, and only there", () => {
    const fill = (template: string, date: string) =>
      plainText(fillTemplate(parseTemplate(template), { date }, { elideArticles: true }));
    expect(fill("dell'incontro del {date}", "8 gennaio 2027")).toBe("dell'incontro dell'8 gennaio 2027");
    expect(fill("entro il {date}", "11 marzo")).toBe("entro l'11 marzo");
    expect(fill("Il {date} c'è l'incontro", "8 maggio")).toBe("L'8 maggio c'è l'incontro");
    expect(fill("dal {date}", "11:30")).toBe("dal 11:30");
    expect(fill("del {date}", "18 gennaio")).toBe("del 18 gennaio");
    expect(fill("del {date}", "1 dicembre")).toBe("del 1 dicembre");
    expect(fill("nel {date}", "8 gen")).toBe("nell'8 gen");
    // English is untouched.
    expect(plainText(t("en", "summary.readOn", { date: "8 January", channel: "web" }))).toBe(
      "on 8 January (web)",
    );
    expect(plainText(t("it", "summary.readOn", { date: "8 gennaio", channel: "web" }))).toBe(
      "l'8 gennaio (web)",
    );
  });
});
