import { z } from "zod";

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
  parent: "parent",
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
  relative: "relative",
  altro: "other",
  other: "other",
};

export function parseRole(word: string): Role | undefined {
  const key = word
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[_\s']+/g, "-");
  return ROLE_ALIASES[key];
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
