import { describe, expect, it } from "vitest";
import { renderBlocks, renderFallback, slackPlain } from "../../adapters/slack/render.ts";
import { renderMessage, renderPlain } from "../../adapters/teams/render.ts";
import { markdownText } from "../../src/content/markdown.ts";
import { type Inline, type Rich, textMessage } from "../../src/content/model.ts";
import { plainText } from "../../src/content/plain.ts";
import { registry } from "../../src/features/registry.ts";
import { catalogues, type MessageKey, t } from "../../src/i18n/catalogue.ts";
import type { Entry } from "../../src/i18n/template.ts";
import { slackView, teamsView } from "../support/display.ts";

/** Every template of the catalogue, filled with a neutral value for each placeholder. */
function everyTemplate(locale: "it" | "en"): [string, Rich][] {
  const loose = t as (locale: "it" | "en", key: MessageKey, params: Record<string, string | number>) => Rich;
  return Object.entries(catalogues[locale] as Record<string, Entry>).flatMap(([key, entry]) => {
    const sources = typeof entry === "string" ? [entry] : [entry.one, entry.other];
    const names = new Set(sources.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)));
    const params: Record<string, string | number> = {};
    for (const name of names) params[name] = "x";
    return [1, 2].map(
      (count) => [key, loose(locale, key as MessageKey, { ...params, count })] as [string, Rich],
    );
  });
}

describe("command and person examples, on each platform", () => {
  for (const locale of ["it", "en"] as const) {
    it(`reads every ${locale} example the way people type it on Slack and on Teams`, () => {
      for (const [key, content] of everyTemplate(locale)) {
        const message = textMessage(content);
        const slack = `${slackView({ text: renderFallback(message), blocks: renderBlocks(message) }).text}\n${slackPlain(content)}`;
        const teams = `${teamsView(renderMessage(message) as Record<string, unknown>).text}\n${renderPlain(content)}`;
        const hasCommand = content.some((run) => run.type === "command");
        // Slack: `/equipe …` and handles; Teams: `@Équipe …` and names. Never the other one's.
        expect(slack, key).not.toContain("@Équipe");
        expect(teams, key).not.toMatch(/\/equipe\b/);
        if (hasCommand) {
          expect(slack, key).toContain("/equipe");
          expect(teams, key).toContain("@Équipe");
        }
        for (const shown of [slack, teams, plainText(content), markdownText(content)]) {
          expect(shown, key).not.toContain("@@");
          expect(shown, key).not.toMatch(/@(utente|user)\b/);
        }
        expect(teams, key).not.toContain("maria.rossi");
        if (
          content.some((run) => (run.type === "command" || run.type === "code") && run.text.includes("@@"))
        ) {
          expect(slack, key).toContain("@maria.rossi");
          expect(teams, key).toContain("@Maria Rossi");
        }
      }
    });
  }

  it("names only subcommands that exist, in the language of the text around them", () => {
    const words = new Map(registry.commands.flatMap((def) => def.words.map((w) => [w, def] as const)));
    const wrong: string[] = [];
    for (const locale of ["it", "en"] as const)
      for (const [key, content] of everyTemplate(locale))
        for (const run of content) {
          if (run.type !== "command" || run.text === "" || run.text === "…") continue;
          const first = run.text.split(" ")[0] as string;
          // Each command's words are its English word, then its Italian one; a command with one
          // word for both languages (`link`) lists it once.
          const [english, italian = english] = words.get(first)?.words ?? [];
          // Help says, in one language, that the other one's commands work too.
          const expected = key === "help.text" ? first : locale === "it" ? italian : english;
          if (first !== expected) wrong.push(`${locale} ${key}: ${run.text}`);
        }
    expect(wrong).toEqual([]);
  });

  it("shows a mention example Teams people recognise (the playtest saw `@maria.rossi` there)", () => {
    const content = t("it", "member.notAMention");
    expect(teamsView(renderMessage(textMessage(content)) as Record<string, unknown>).text).toBe(
      "Indica la persona con una menzione, ad esempio @Maria Rossi.",
    );
    expect(slackView({ blocks: renderBlocks(textMessage(content)) }).text).toBe(
      "Indica la persona con una menzione, ad esempio @maria.rossi.",
    );
  });
});

const mention = (name: string): Inline => ({ type: "mention", name });

describe("a name that ends a sentence", () => {
  const anna = mention("Anna B.");

  it("takes the sentence's full stop, in every template that ends with a value", () => {
    expect(plainText(t("it", "decision.missing", { names: [anna] }))).toBe("Mancano: Anna B.");
    expect(plainText(t("en", "member.removed", { who: anna }))).toBe("Anna B. is no longer in the équipe.");
    expect(plainText(t("it", "decision.reviewLine", { date: "lunedì 3 dicembre!" }))).toBe(
      "Verifica: lunedì 3 dicembre!",
    );
    for (const locale of ["it", "en"] as const)
      for (const [key, entry] of Object.entries(catalogues[locale] as Record<string, Entry>)) {
        const sources = typeof entry === "string" ? [entry] : [entry.one, entry.other];
        const names = new Set(
          sources.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)),
        );
        const params: Record<string, unknown> = { count: 2 };
        for (const name of names) if (name !== "count") params[name] = [anna];
        const loose = t as (l: "it" | "en", k: MessageKey, p: Record<string, unknown>) => Rich;
        expect(plainText(loose(locale, key as MessageKey, params)), key).not.toContain("B..");
      }
  });

  it("keeps a stop that is the template's own after a value that does not end a sentence", () => {
    expect(plainText(t("it", "decision.missing", { names: [mention("Anna")] }))).toBe("Mancano: Anna.");
  });
});
