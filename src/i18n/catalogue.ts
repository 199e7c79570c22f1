import { en } from "./en.ts";
import { it } from "./it.ts";

export type MessageKey = keyof typeof it;
export const LOCALES = ["it", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Record<MessageKey, string>> = { it, en };

/** Maps a platform locale ("en-US", "it_IT", "fr") onto one we speak, or undefined. */
export function matchLocale(raw: string | undefined): Locale | undefined {
  if (raw === undefined) return undefined;
  const language = raw.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : undefined;
}

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
