import type { SameParams } from "../../../i18n/template.ts";

/**
 * The words of a summary version exported for the case file (Markdown, and the printable page
 * that shows the same document): its title, when and by whom it was circulated, who reads each
 * section. Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`).
 */
export const summaryExportIt = {
  "summaryExport.title": "Sintesi del caso {caseCode} — versione {number}",
  "summaryExport.circulated": "Circolata il {date} da {who}.",
  "summaryExport.acknowledgeBy": "Presa visione richiesta entro il {date}.",
  "summaryExport.note": "**Che cosa è cambiato:** {note}",
  "summaryExport.changed": "**Sezioni cambiate:** {sections}",
  "summaryExport.readers": "Letta da: {audience}",
  "summaryExport.notWritten": "(sezione non scritta)",
  "summaryExport.produced": "Esportata il {date}. Documento riservato: contiene dati del caso.",
  "minutesExport.title": "Verbale dell'incontro del {date} — {caseCode}, versione {number}",
  "minutesExport.attendees": "Chi era presente",
  "minutesExport.noAttendees": "(nessuno segnato come presente)",
  "minutesExport.decisions": "Decisioni prese in questo incontro",
  "minutesExport.noDecisions": "Nessuna decisione è collegata a questo verbale.",
} as const;

export const summaryExportEn = {
  "summaryExport.title": "Case summary {caseCode} — version {number}",
  "summaryExport.circulated": "Circulated on {date} by {who}.",
  "summaryExport.acknowledgeBy": "Acknowledgement asked by {date}.",
  "summaryExport.note": "**What changed:** {note}",
  "summaryExport.changed": "**Sections changed:** {sections}",
  "summaryExport.readers": "Read by: {audience}",
  "summaryExport.notWritten": "(section not written)",
  "summaryExport.produced": "Exported on {date}. Confidential: it holds case data.",
  "minutesExport.title": "Minutes of the meeting on {date} — {caseCode}, version {number}",
  "minutesExport.attendees": "Who attended",
  "minutesExport.noAttendees": "(nobody marked as present)",
  "minutesExport.decisions": "Decisions taken at this meeting",
  "minutesExport.noDecisions": "No decision is linked to these minutes.",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof summaryExportIt, typeof summaryExportEn> = true;
void check;
