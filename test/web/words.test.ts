import { describe, expect, it } from "vitest";
import { plain, say, WORDS } from "../../adapters/web/words.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the pages' own words", () => {
  it("exist in Italian and English alike, with the same placeholders", () => {
    const it = Object.keys(WORDS.it).sort();
    expect(Object.keys(WORDS.en).sort()).toEqual(it);
    for (const key of it) {
      const k = key as keyof typeof WORDS.it;
      expect(WORDS.en[k].trim(), key).not.toBe("");
      expect(placeholders(WORDS.en[k]), key).toEqual(placeholders(WORDS.it[k]));
    }
  });

  it("escape the text they are filled with, and insert the page's own HTML as it is", () => {
    expect(say("it", "place", { place: '<img src=x onerror="1">' })).toBe(
      "Luogo: &lt;img src=x onerror=&quot;1&quot;&gt;",
    );
    expect(say("en", "personal.equipe", { equipe: { html: "<strong>A</strong>" } })).toBe(
      "Here is what concerns you and <strong>A</strong>.",
    );
    expect(say("it", "personal.nothing")).toBe("Per ora non c&#39;è niente da fare.");
    expect(plain("en", "tooMany.text", { minutes: 3 })).toContain("Try again in 3 minutes.");
  });
});
