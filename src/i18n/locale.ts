export const LOCALES = ["it", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Maps a platform locale ("en-US", "it_IT", "fr") onto one we speak, or undefined. */
export function matchLocale(raw: string | undefined): Locale | undefined {
  if (raw === undefined) return undefined;
  const language = raw.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : undefined;
}
