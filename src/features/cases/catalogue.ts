import type { SameParams } from "../../i18n/template.ts";

/**
 * Messages of a case as a whole (issue 14): its export for the case file or a family's access
 * request, and its erasure once closed. Both only for a coordinator, both confirmed first.
 */

export const casesIt = {
  "usage.exportCase":
    "`/equipe esporta-caso` (tutto il caso in un file, per l'archivio o per una richiesta di accesso della famiglia: chiede conferma, poi ricevi, solo tu, un link che vale poco tempo)",
  "usage.eraseCase":
    "`/equipe cancella-caso FAM-2025-014` (a caso chiuso, con il suo codice: cancella tutti i contenuti del caso e tiene solo il registro, come identificativi; chiede conferma)",
  "case.exportConfirm":
    "**Esportazione del caso {caseCode}** (lo vedi solo tu). Il file contiene tutto: i membri e i loro recapiti, gli incontri e le disponibilità, le decisioni con i punti di vista e le motivazioni, ogni versione della sintesi e dei verbali, le richieste e le risposte, il registro. Sono dati personali di tutti: consegnalo solo a chi ne ha diritto.",
  "case.exportButton": "Esporta il caso",
  "case.exportReady": "**Esportazione del caso {caseCode} pronta** (la vedi solo tu).",
  "case.exportLinkLabel": "Scarica il file del caso",
  "case.exportLinkNote":
    "Il link vale {minutes} minuti e solo per te: non inoltrarlo. Scaduto, chiedine un altro con `/equipe esporta-caso`.",
  "case.eraseCodeNeeded":
    "Per cancellare il caso scrivi il suo codice, **{caseCode}**, dopo il comando `/equipe cancella-caso`. Cancella tutto e non si può annullare.",
  "case.eraseCodeWrong": "«{typed}» non è il codice di questo caso ({caseCode}): non ho fatto nulla.",
  "case.notClosed":
    "Il caso {caseCode} non è chiuso: {open}. Prima chiudi queste cose, poi potrai cancellarlo.",
  "case.openPoll": "c'è una proposta di orari aperta (`/equipe annulla`)",
  "case.upcoming": "c'è un incontro confermato ancora da fare (`/equipe annulla`)",
  "case.pendingDecision":
    "c'è una decisione in attesa dell'esito (`/equipe decisione` per registrarlo, `/equipe annulla-decisione` per ritirarla)",
  "case.eraseConfirm":
    "**Cancellare il caso {caseCode}?** (lo vedi solo tu) Spariscono tutti i contenuti: membri e recapiti, incontri, decisioni e punti di vista, sintesi, verbali, richieste, link personali e calendari, i messaggi non ancora partiti. Resta solo il registro delle azioni, come identificativi senza contenuto. Non si può annullare. Se serve, prima esporta il caso con `/equipe esporta-caso`.",
  "case.eraseButton": "Cancella definitivamente",
  "case.erased":
    "Caso {caseCode} cancellato: dei suoi contenuti non resta nulla; il registro resta, solo come identificativi.",
  "case.gone": "Questo caso non c'è più.",
  "case.md.title": "Caso {caseCode}: esportazione completa",
  "case.md.made": "Esportato il {date} da {who}. Fuso orario dell'équipe: {timezone}.",
  "case.md.members": "Membri",
  "case.md.member": "{name} — {role}{details}",
  "case.md.coordinator": ", coordina",
  "case.md.email": ", e-mail {email}",
  "case.md.phone": ", telefono {phone}",
  "case.md.meetings": "Incontri",
  "case.md.meeting": "{purpose} — {state}",
  "case.md.meetingConfirmed": "confermato per il {when}",
  "case.md.meetingPolling": "proposta di orari aperta fino al {when}",
  "case.md.meetingCancelled": "annullato",
  "case.md.slot": "Orario {n}: {when} — {answers}",
  "case.md.answer": "{name}: {answer}",
  "case.md.noAnswers": "nessuna risposta",
  "case.md.decisions": "Decisioni",
  "case.md.summaries": "Sintesi del caso",
  "case.md.minutes": "Verbali degli incontri",
  "case.md.requests": "Richieste dei lettori",
  "case.md.request": "{date}, {name}, su «{section}» (versione {number}): {text}",
  "case.md.requestAnswer": "Risposta di {name}, {date}: {text}",
  "case.md.trail": "Registro",
  "case.md.trailLine": "{date} — {who}: {action}{subject}",
  "case.md.none": "Nessuno.",
  "audit.case.exported": "ha esportato il caso",
  "audit.case.erased": "ha cancellato il caso",
} as const;

export const casesEn = {
  "usage.exportCase":
    "`/equipe export-case` (the whole case in one file, for the case file or a family's access request: asks for confirmation, then you alone get a short-lived link)",
  "usage.eraseCase":
    "`/equipe erase-case FAM-2025-014` (once the case is closed, with its code: erases all of the case's content and keeps only the trail, as ids; asks for confirmation)",
  "case.exportConfirm":
    "**Export of case {caseCode}** (only you see this). The file holds everything: the members and their contacts, the meetings and availabilities, the decisions with viewpoints and reasons, every version of the summary and the minutes, the requests and answers, the trail. It is everyone's personal data: give it only to whoever has a right to it.",
  "case.exportButton": "Export the case",
  "case.exportReady": "**Export of case {caseCode} ready** (only you see this).",
  "case.exportLinkLabel": "Download the case file",
  "case.exportLinkNote":
    "The link works for {minutes} minutes and for you alone: do not forward it. Once it expires, ask again with `/equipe export-case`.",
  "case.eraseCodeNeeded":
    "To erase the case, write its code, **{caseCode}**, after the command `/equipe erase-case`. It erases everything and cannot be undone.",
  "case.eraseCodeWrong": "“{typed}” is not this case's code ({caseCode}): I did nothing.",
  "case.notClosed": "Case {caseCode} is not closed: {open}. Close these first, then you can erase it.",
  "case.openPoll": "a time poll is open (`/equipe cancel`)",
  "case.upcoming": "a confirmed meeting is still ahead (`/equipe cancel`)",
  "case.pendingDecision":
    "a decision awaits its outcome (`/equipe decision` to record it, `/equipe cancel-decision` to withdraw it)",
  "case.eraseConfirm":
    "**Erase case {caseCode}?** (only you see this) All of its content goes: members and contacts, meetings, decisions and viewpoints, summaries, minutes, requests, personal links and calendars, messages not sent yet. Only the trail of actions stays, as ids without content. It cannot be undone. If needed, export the case first with `/equipe export-case`.",
  "case.eraseButton": "Erase for good",
  "case.erased": "Case {caseCode} erased: nothing of its content remains; the trail stays, as ids only.",
  "case.gone": "This case is gone.",
  "case.md.title": "Case {caseCode}: full export",
  "case.md.made": "Exported on {date} by {who}. The équipe's time zone: {timezone}.",
  "case.md.members": "Members",
  "case.md.member": "{name} — {role}{details}",
  "case.md.coordinator": ", coordinator",
  "case.md.email": ", e-mail {email}",
  "case.md.phone": ", phone {phone}",
  "case.md.meetings": "Meetings",
  "case.md.meeting": "{purpose} — {state}",
  "case.md.meetingConfirmed": "confirmed for {when}",
  "case.md.meetingPolling": "time poll open until {when}",
  "case.md.meetingCancelled": "cancelled",
  "case.md.slot": "Time {n}: {when} — {answers}",
  "case.md.answer": "{name}: {answer}",
  "case.md.noAnswers": "no answers",
  "case.md.decisions": "Decisions",
  "case.md.summaries": "Case summary",
  "case.md.minutes": "Meeting minutes",
  "case.md.requests": "Readers' requests",
  "case.md.request": "{date}, {name}, about “{section}” (version {number}): {text}",
  "case.md.requestAnswer": "Answer from {name}, {date}: {text}",
  "case.md.trail": "Trail",
  "case.md.trailLine": "{date} — {who}: {action}{subject}",
  "case.md.none": "None.",
  "audit.case.exported": "exported the case",
  "audit.case.erased": "erased the case",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof casesIt, typeof casesEn> = true;
void check;
