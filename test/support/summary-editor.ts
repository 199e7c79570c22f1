import type { CaseCode } from "../../src/domain/case-code.ts";
import type { EquipeRecord } from "../../src/domain/equipe.ts";
import type { FormSpec } from "../../src/domain/forms.ts";
import type { EquipeId, MeetingId } from "../../src/domain/ids.ts";
import {
  type DocumentRef,
  emptySections,
  MAX_SECTION_LENGTH,
  SUMMARY,
  sectionKeysOf,
} from "../../src/domain/summary.ts";
import { editForm } from "../../src/features/summaries/forms.ts";
import type { Locale } from "../../src/i18n/locale.ts";

/**
 * The case summary's editor as the summaries feature makes it, pre-filled: the Slack modal and the
 * Teams dialog renderers are both tested on it.
 */

const EQUIPE: EquipeRecord = {
  id: "eq-1" as EquipeId,
  caseCode: "FAM-2027-301" as CaseCode,
  timezone: "Europe/Rome",
  locale: "it",
};
export const MINUTES: DocumentRef = { kind: "minutes", meetingId: "mt-1" as MeetingId };

/**
 * A section as long as a summary's section may be, of what JSON makes longer (quotes, backslashes
 * and line breaks each take two code units): the most a pre-filled input can carry.
 */
export const longestSection = (mark: string) => {
  const line = `${mark} "citato" \\ riga\n`;
  return line.repeat(Math.floor(MAX_SECTION_LENGTH / line.length));
};

/** The summary's (or the minutes') editor, pre-filled with these section texts. */
export function editor(
  locale: Locale,
  text: (index: number) => string,
  doc: DocumentRef = SUMMARY,
): FormSpec {
  const sections = emptySections();
  sectionKeysOf(doc).forEach((key, index) => {
    sections[key] = { ...sections[key], text: text(index) };
  });
  const state = {
    sections,
    note: "",
    acknowledgeBy: undefined,
    document: doc,
    attendees: [],
    decisionIds: [],
  };
  return editForm(locale, EQUIPE, state, { members: [], decisions: [] });
}
