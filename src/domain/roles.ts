import { z } from "zod";
import { ownEntry } from "./own.ts";
import { fold, nearest } from "./suggest.ts";

/** Roles in an équipe (DOMAIN.md). The family roles are members with full rights. */
export const ROLES = [
  "social_worker",
  "educator",
  "teacher",
  "psychologist",
  "health_worker",
  "coach",
  "parent",
  "child",
  "support_family",
  "volunteer",
  "relative",
  "other",
] as const;

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Whose "no" to a time is never overridden by a ranking: the family itself. */
export const FAMILY_ROLES: ReadonlySet<Role> = new Set<Role>(["parent", "child"]);

/**
 * The roles of the professionals: they know the équipe by its case code and a meeting by its
 * purpose. Everyone else (the family, a support family, volunteers, relatives, anyone else) reads
 * a meeting as "with the équipe of <coordinator>", never as a code.
 */
export const PROFESSIONAL_ROLES: ReadonlySet<Role> = new Set<Role>([
  "social_worker",
  "educator",
  "teacher",
  "psychologist",
  "health_worker",
  "coach",
]);

export function isFamilyRole(role: Role): boolean {
  return FAMILY_ROLES.has(role);
}

/** Words people type, Italian and English, mapped onto roles. */
const ROLE_ALIASES: Record<string, Role> = {
  "assistente-sociale": "social_worker",
  "social-worker": "social_worker",
  as: "social_worker",
  educatore: "educator",
  educatrice: "educator",
  educator: "educator",
  insegnante: "teacher",
  maestra: "teacher",
  maestro: "teacher",
  docente: "teacher",
  teacher: "teacher",
  psicologo: "psychologist",
  psicologa: "psychologist",
  psychologist: "psychologist",
  sanitario: "health_worker",
  "operatore-sanitario": "health_worker",
  "health-worker": "health_worker",
  coach: "coach",
  genitore: "parent",
  madre: "parent",
  padre: "parent",
  mamma: "parent",
  papa: "parent",
  parent: "parent",
  mother: "parent",
  father: "parent",
  mum: "parent",
  mom: "parent",
  dad: "parent",
  figlio: "child",
  figlia: "child",
  ragazzo: "child",
  ragazza: "child",
  child: "child",
  "famiglia-appoggio": "support_family",
  "famiglia-d-appoggio": "support_family",
  "support-family": "support_family",
  volontario: "volunteer",
  volontaria: "volunteer",
  volunteer: "volunteer",
  parente: "relative",
  nonno: "relative",
  nonna: "relative",
  zio: "relative",
  zia: "relative",
  relative: "relative",
  altro: "other",
  other: "other",
};

/** A role as typed, as a key of the aliases: folded, spaces, underscores and apostrophes as hyphens. */
const roleKey = (word: string) => fold(word).replace(/[_\s']+/g, "-");

/** The role a word (or several, `assistente sociale`) names exactly, case and accents aside. */
export function parseRole(word: string): Role | undefined {
  const key = roleKey(word);
  return ownEntry(ROLE_ALIASES, key);
}

/** The most words a role takes when typed with spaces (`famiglia d appoggio`). */
const ROLE_MAX_WORDS = 3;

/**
 * A role at the start of a command's words: the longest run of up to three words that names a
 * role exactly (`assistente sociale`, `famiglia d'appoggio`), and the words after it. Otherwise
 * the first word, with the nearest role word when one is close (`insegnate` → `insegnante`):
 * offered, never taken.
 */
export function takeRole(
  words: readonly string[],
): { ok: true; role: Role; rest: string[] } | { ok: false; word: string; suggestion: string | undefined } {
  for (let n = Math.min(ROLE_MAX_WORDS, words.length); n >= 1; n -= 1) {
    const role = parseRole(words.slice(0, n).join(" "));
    if (role !== undefined) return { ok: true, role, rest: words.slice(n) };
  }
  for (let n = 1; n <= Math.min(ROLE_MAX_WORDS, words.length); n += 1) {
    const [suggestion] = suggestRole(words.slice(0, n).join(" "));
    if (suggestion !== undefined) return { ok: false, word: words.slice(0, n).join(" "), suggestion };
  }
  return { ok: false, word: words[0] ?? "", suggestion: undefined };
}

/** The role words (Italian and English, as people type them) nearest to a mistyped one. */
export function suggestRole(word: string): string[] {
  return nearest(roleKey(word), Object.keys(ROLE_ALIASES));
}

/** One alias per role in each language, for help texts. */
export const ROLE_WORDS: Record<"it" | "en", Record<Role, string>> = {
  it: {
    social_worker: "assistente-sociale",
    educator: "educatore",
    teacher: "insegnante",
    psychologist: "psicologo",
    health_worker: "sanitario",
    coach: "coach",
    parent: "genitore",
    child: "figlio",
    support_family: "famiglia-appoggio",
    volunteer: "volontario",
    relative: "parente",
    other: "altro",
  },
  en: {
    social_worker: "social-worker",
    educator: "educator",
    teacher: "teacher",
    psychologist: "psychologist",
    health_worker: "health-worker",
    coach: "coach",
    parent: "parent",
    child: "child",
    support_family: "support-family",
    volunteer: "volunteer",
    relative: "relative",
    other: "other",
  },
};
