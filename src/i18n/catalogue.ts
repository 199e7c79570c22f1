import type { Rich } from "../content/model.ts";
import { plainText } from "../content/plain.ts";
import { casesEn, casesIt } from "../features/cases/catalogue.ts";
import { decisionsEn, decisionsIt } from "../features/decisions/catalogue.ts";
import { equipeEn, equipeIt } from "../features/equipe/catalogue.ts";
import { meetingsEn, meetingsIt } from "../features/meetings/catalogue.ts";
import { pagesEn, pagesIt } from "../features/pages/catalogue.ts";
import { summariesEn, summariesIt } from "../features/summaries/catalogue.ts";
import { summaryExportEn, summaryExportIt } from "../features/summaries/export/catalogue.ts";
import { commonEn, commonIt } from "./common.ts";
import type { Locale } from "./locale.ts";
import { type EntryParams, type ParamValue, translator } from "./template.ts";

/**
 * The message catalogue: the shared messages and one catalogue per feature, merged. Each part is
 * checked for the same placeholders in Italian and English where it is written; a key lives in
 * exactly one part (the test counts them). `t` returns content runs (`Rich`), never markup.
 */
const it = {
  ...commonIt,
  ...equipeIt,
  ...meetingsIt,
  ...decisionsIt,
  ...pagesIt,
  ...summariesIt,
  ...summaryExportIt,
  ...casesIt,
} as const;
const en = {
  ...commonEn,
  ...equipeEn,
  ...meetingsEn,
  ...decisionsEn,
  ...pagesEn,
  ...summariesEn,
  ...summaryExportEn,
  ...casesEn,
} as const;

export type MessageKey = keyof typeof it;

export const t = translator<typeof it>({ it, en });

/** The merged catalogues, for tests. */
export const catalogues = { it, en } as const;

export { LOCALES, type Locale, matchLocale } from "./locale.ts";

/**
 * A refusal's sentence: its code is a key known only at run time, so the compiler cannot check
 * these placeholders; only refusals use this (see DomainError).
 */
export function refusalText(
  locale: Locale,
  error: { code: MessageKey; params: Record<string, ParamValue> },
): Rich {
  const loose = t as (locale: Locale, key: MessageKey, params: Record<string, ParamValue>) => Rich;
  return loose(locale, error.code, error.params);
}

/**
 * A line whose key is made at run time (`audit.<action>`): the line, or the key itself when the
 * catalogue has none (never a crash over a label).
 */
export function lineFor(locale: Locale, key: string): Rich {
  if (!Object.hasOwn(it, key)) return [{ type: "text", text: key }];
  return refusalText(locale, { code: key as MessageKey, params: {} });
}

/** The usage lines of the commands (no placeholders). */
export type UsageKey = Extract<MessageKey, `usage.${string}`>;

/** Keys whose templates take no placeholders (labels, titles, button texts). */
export type LabelKey = {
  [K in MessageKey]: [EntryParams<(typeof it)[K]>] extends [never] ? K : never;
}[MessageKey];

/** A catalogue line as a plain string: labels of forms and buttons, titles. */
export function label(locale: Locale, key: LabelKey): string {
  return plainText((t as (locale: Locale, key: LabelKey) => Rich)(locale, key));
}
