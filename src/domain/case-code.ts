import { z } from "zod";
import type { Brand } from "./ids.ts";

export type CaseCode = Brand<string, "CaseCode">;

/**
 * Pseudonymous case code such as FAM-2025-014: a 2–6 letter prefix chosen by the service,
 * the year the case opened, a 3–5 digit sequence. The strict shape keeps anything that
 * looks like a name ("ROSSI-MARIO") out of chat, calendars and logs.
 */
const CASE_CODE_PATTERN = /^[A-Z]{2,6}-(19|20)\d{2}-\d{3,5}$/;

export const caseCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(CASE_CODE_PATTERN))
  .transform((value) => value as CaseCode);

export function parseCaseCode(raw: string): CaseCode | undefined {
  const result = caseCodeSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}
