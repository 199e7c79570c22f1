import { describe, expect, it } from "vitest";
import { cutMarkdown, MAX_FORM_CARD_UNITS, renderForm } from "../../../adapters/teams/render.ts";
import { lineBreak, type Rich, strong, text } from "../../../src/content/model.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";
import { MAX_SECTION_LENGTH } from "../../../src/domain/summary.ts";
import { contentForm } from "../../support/content-form.ts";
import { adaptiveCardView } from "../../support/display.ts";

/**
 * A section as long as a summary's section may be, full of what Markdown escapes (each escape
 * doubles a character, and JSON doubles the backslash again): the worst a reader's card can carry.
 */
const longest = (mark: string): Rich => {
  const line = `${mark} *a_b* [c](d) \\ <e> `;
  const lines = Array.from({ length: Math.floor(MAX_SECTION_LENGTH / line.length / 10) }, () =>
    text(line.repeat(10)),
  );
  return lines.flatMap((run, i) => (i === 0 ? [run] : [lineBreak, run]));
};

type Card = { body: Record<string, unknown>[]; actions: unknown[] };
const cardOf = (form: FormSpec, locale: "it" | "en" = "it") =>
  renderForm(form, {}, {}, locale).content as Card;

describe("Teams dialogs with content to read", () => {
  it("keeps a card of six of the longest sections within Teams' recommended size, says it was cut, and keeps every input", () => {
    for (const [locale, said] of [
      ["it", "… Il testo continua"],
      ["en", "… The text goes on"],
    ] as const) {
      const form = contentForm(["A", "B", "C", "D", "E", "F"].map(longest));
      const card = cardOf(form, locale);
      expect(JSON.stringify(card).length).toBeLessThanOrEqual(MAX_FORM_CARD_UNITS);
      const view = adaptiveCardView(card);
      expect(view.text.split(said)).toHaveLength(2);
      // What is shown is the beginning, in order: the first section's start.
      expect(view.text.startsWith("Sintesi del caso\nA *a_b* [c](d) \\ <e> A")).toBe(true);
      const ids = card.body.map((element) => element.id).filter((id) => id !== undefined);
      expect(ids).toEqual(["note", "answer"]);
    }
  });

  it("shows content that fits whole, with no note", () => {
    const form = contentForm([[strong("Accordi"), lineBreak, text("Incontro ogni due settimane.")]]);
    const view = adaptiveCardView(cardOf(form));
    expect(view.text).toContain("Incontro ogni due settimane.");
    expect(view.text).not.toContain("Il testo continua");
  });

  it("leaves out later sections once one is cut, and says so once", () => {
    const short: Rich = [text("Ultima sezione, breve.")];
    const form = contentForm([longest("A"), longest("B"), longest("C"), longest("D"), short]);
    const view = adaptiveCardView(cardOf(form));
    expect(view.text).not.toContain("Ultima sezione, breve.");
    expect(view.text.split("Il testo continua")).toHaveLength(2);
  });

  it("cuts Markdown within its room at a break, never leaving an escape without what it escapes", () => {
    for (const source of ["\\\\".repeat(500), `${"parola ".repeat(300)}`, "x".repeat(2000)]) {
      for (const room of [50, 101, 333, 1000]) {
        const kept = cutMarkdown(source, room);
        expect(JSON.stringify(kept).length).toBeLessThanOrEqual(room);
        expect(kept.endsWith("…")).toBe(true);
        const trailing = /\\*…$/.exec(kept)?.[0].length ?? 1;
        expect((trailing - 1) % 2).toBe(0);
        expect(source.startsWith(kept.slice(0, -1))).toBe(true);
      }
    }
  });
});
