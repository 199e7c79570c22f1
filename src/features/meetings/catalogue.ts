import type { SameParams } from "../../i18n/template.ts";

/**
 * Messages of the meetings feature: convening, the time poll, confirming, moving and cancelling a meeting,
 * reminders, meeting e-mails and the personal calendar feed.
 *
 * Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`): `{name}` placeholders,
 * `**strong**`, `` `code` `` and `` `/equipe …` `` command examples, newlines as line breaks; a plural
 * entry is `{ one, other }` on `count`. No platform markup: each renderer writes its own.
 */

/** Italian: the product's first language. */
export const meetingsIt = {
  "usage.convene": "`/equipe convoca`",
  "usage.status": "`/equipe stato`",
  "usage.confirm": "`/equipe conferma 2` (il numero dell'orario, dall'elenco di `/equipe stato`)",
  "usage.reschedule": "`/equipe sposta 2026-12-05 15:00` (il nuovo orario dell'incontro confermato)",
  "usage.cancel": "`/equipe annulla` (la proposta aperta o, se non c'è, il prossimo incontro confermato)",
  "usage.feed":
    "`/equipe calendario` oppure `/equipe calendario nuovo` (per revocare il link e averne uno nuovo)",
  "calendar.add": "Aggiungi al calendario",
  "usage.record":
    "`/equipe registra maria@example.org 1:si 2:no 3:se` (per chi non usa la chat: e-mail o telefono, numero dell'orario e risposta)",
  "meeting.purposeMissing": "Scegli il motivo dell'incontro.",
  "meeting.durationInvalid": "Scegli una durata dall'elenco.",
  "meeting.slotUnreadable":
    "Non riesco a leggere l'orario «{value}». Scrivi un orario per riga, ad esempio `2026-12-03 15:00` o `03/12/2026 15:00`.",
  "meeting.slotNonexistent":
    "L'orario «{value}» non esiste: quella notte l'ora legale salta un'ora. Scegli un altro orario.",
  "meeting.slotsTooFew": "Proponi almeno {min} orari, uno per riga.",
  "meeting.slotsTooMany": "Proponi al massimo {max} orari: di più non li legge nessuno.",
  "meeting.slotPast": "Un orario è già passato: proponi solo orari futuri.",
  "meeting.slotsOverlap": "Due orari si sovrappongono, considerata la durata: distanziali.",
  "meeting.deadlineUnreadable": "Non riesco a leggere la scadenza. Esempio: `2026-12-01 18:00`.",
  "meeting.deadlineTooSoon": "La scadenza è troppo vicina: lascia almeno un'ora per rispondere.",
  "meeting.deadlineAfterSlots": "La scadenza deve venire prima del primo orario proposto.",
  "meeting.locationTooLong": "Luogo o link troppo lungo (massimo {max} caratteri).",
  "meeting.pollOpen":
    "C'è già una proposta di orari aperta per questa équipe: confermala (`/equipe conferma`) o annullala (`/equipe annulla`) prima di convocarne un'altra.",
  "meeting.none":
    "Non c'è una proposta di orari aperta per questa équipe. Convoca un incontro con `/equipe convoca`.",
  "meeting.noMembers":
    "L'équipe non ha ancora altri membri: aggiungili con `/equipe aggiungi @utente ruolo` prima di convocare.",
  "meeting.stale": "Questa proposta di orari non è più attiva.",
  "meeting.closed":
    "La raccolta delle disponibilità è chiusa: le risposte non si possono più cambiare. Se serve, scrivi a chi coordina.",
  "purpose.t0": "valutazione iniziale (T0)",
  "purpose.microplanning": "microprogettazione",
  "purpose.t1": "verifica intermedia (T1)",
  "purpose.t2": "verifica finale (T2)",
  "purpose.extraordinary": "incontro straordinario",
  "answer.yes": "Sì",
  "answer.if_needed": "Se necessario",
  "answer.no": "No",
  "form.title": "Convoca l'équipe",
  "form.purpose": "Motivo dell'incontro",
  "form.duration": "Durata",
  "form.durationOption": "{minutes} minuti",
  "form.slots": "Orari proposti (uno per riga)",
  "form.slotsHint": "Da {min} a {max} orari, ora di {timezone}. Esempio: 2026-12-03 15:00",
  "form.deadline": "Rispondere entro",
  "form.deadlineHint": "Prima del primo orario. Esempio: 2026-12-01 18:00",
  "form.location": "Luogo o link (facoltativo)",
  "poll.header":
    "**{caseCode}** — {purpose}, {minutes} minuti. Quando puoi partecipare? Rispondi entro {deadline}.",
  "poll.place": "Luogo: {location}",
  "poll.slot": "**{n}.** {when}",
  "poll.closedNote": "La raccolta delle disponibilità è chiusa.",
  "poll.changeNote": "Puoi cambiare le risposte fino alla scadenza.",
  "poll.channel":
    "**{caseCode}** — proposta di orari per {purpose}: hanno risposto {answered} su {total}. Scadenza: {deadline}.",
  "convene.done": "Proposta di orari aperta.\n{report}",
  "convene.notReachedHint": "chiedi tu le loro disponibilità e registrale con `/equipe registra`.",
  "status.header": "**{caseCode}** — {purpose}. Risposte: {answered} su {total}. Scadenza: {deadline}.",
  "status.slot": "**{n}.** {when} — sì {yes} · se necessario {ifNeeded} · no {no}{family}",
  "status.familyNo": " · la famiglia non può",
  "status.missing": "Non hanno ancora risposto: {names}.",
  "status.allAnswered": "Hanno risposto tutti.",
  "record.done": "Disponibilità di {who} registrata (da te, per suo conto).",
  "record.slotUnknown": "L'orario {n} non c'è: la proposta ne ha {count}.",
  "record.answerUnknown":
    "«{value}» non è una risposta valida: usa numero:risposta con sì, se (se necessario) o no, ad esempio `1:si 2:no 3:se`.",
  "answer.saved": "Risposta salvata.",
  "confirm.channel": "**{caseCode}** — incontro confermato: {purpose}, {when}.{place}",
  "confirm.dm":
    "Sei invitato/a all'incontro dell'équipe **{caseCode}** — {purpose}: {when}.{place} L'invito per il calendario è qui sotto. Se non puoi partecipare, avvisa chi coordina l'équipe.",
  "confirm.pickOne":
    "Nessun orario va bene per la famiglia, quindi non ne scelgo uno io: indica quale confermare, ad esempio `/equipe conferma 2`, oppure proponi altri orari.",
  "confirm.button": "Conferma {n}",
  "confirm.done": "Incontro confermato.\n{report}",
  place: " Luogo: {location}.",
  "ranked.header":
    "**{caseCode}** — la raccolta delle disponibilità per {purpose} è chiusa. Orari dal migliore:",
  "ranked.noneForFamily":
    "Nessun orario va bene per la famiglia: proponi altri orari (`/equipe annulla`, poi `/equipe convoca`) oppure conferma comunque con `/equipe conferma N`.",
  "reminder.poll":
    "Promemoria: **{caseCode}** — non hai ancora indicato tutte le tue disponibilità per {purpose}. Scadenza: {deadline}.",
  "reminder.pollExternal": {
    one: "Promemoria: per **{caseCode}** manca la disponibilità di {names}: chiedila e registrala con `/equipe registra`.",
    other:
      "Promemoria: per **{caseCode}** mancano le disponibilità di {names}: chiedile e registrale con `/equipe registra`.",
  },
  "reminder.meeting": "Promemoria: **{caseCode}** — {purpose}, {when}.{place}",
  "cancel.meeting": "**{caseCode}** — l'incontro ({purpose}, {when}) è annullato.",
  "cancel.poll": "**{caseCode}** — la proposta di orari per {purpose} è annullata.",
  "reschedule.channel": "**{caseCode}** — incontro spostato: {purpose}, ora {when}.{place}",
  "reschedule.dm":
    "L'incontro dell'équipe **{caseCode}** è stato spostato: {purpose}, ora {when}.{place} L'invito aggiornato per il calendario è qui sotto.",
  "reschedule.same": "L'incontro è già a quell'ora.",
  "meeting.noneConfirmed": "Non c'è un incontro confermato in programma da spostare.",
  "meeting.nothingToCancel": "Non c'è una proposta aperta né un incontro confermato da annullare.",
  "email.invite.subject": "Invito: incontro dell'équipe, {when}",
  "email.update.subject": "Incontro dell'équipe spostato: {when}",
  "email.cancel.subject": "Incontro dell'équipe annullato: {when}",
  "email.reminder.subject": "Promemoria: incontro dell'équipe, {when}",
  "feed.url":
    "Il tuo calendario personale (lo vedi solo tu): {url}\nAggiungilo come calendario sottoscritto in Outlook, Google Calendar o Apple Calendar: mostra gli incontri confermati di tutte le tue équipe, senza dettagli dei casi. Se il link finisce in mani sbagliate: `/equipe calendario nuovo`.",
  "feed.reset": "Il link precedente non funziona più. Il tuo nuovo calendario personale: {url}",
  "feed.name": "Équipe — incontri",
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const meetingsEn = {
  "usage.convene": "`/equipe convene`",
  "usage.status": "`/equipe status`",
  "usage.confirm": "`/equipe confirm 2` (the number of the time, from `/equipe status`)",
  "usage.reschedule": "`/equipe reschedule 2026-12-05 15:00` (the new time of the confirmed meeting)",
  "usage.cancel": "`/equipe cancel` (the open poll or, if none, the next confirmed meeting)",
  "usage.feed": "`/equipe feed` or `/equipe feed reset` (to revoke the link and get a new one)",
  "calendar.add": "Add to calendar",
  "usage.record":
    "`/equipe record maria@example.org 1:yes 2:no 3:maybe` (for people without chat: e-mail or phone, number of the time and answer)",
  "meeting.purposeMissing": "Choose the purpose of the meeting.",
  "meeting.durationInvalid": "Choose a duration from the list.",
  "meeting.slotUnreadable":
    "I can't read the time “{value}”. Write one time per line, for example `2026-12-03 15:00` or `03/12/2026 15:00`.",
  "meeting.slotNonexistent":
    "The time “{value}” does not exist: daylight saving time skips that hour that night. Choose another time.",
  "meeting.slotsTooFew": "Propose at least {min} times, one per line.",
  "meeting.slotsTooMany": "Propose at most {max} times: nobody reads more.",
  "meeting.slotPast": "One of the times is in the past: propose future times only.",
  "meeting.slotsOverlap": "Two times overlap, given the duration: space them out.",
  "meeting.deadlineUnreadable": "I can't read the deadline. Example: `2026-12-01 18:00`.",
  "meeting.deadlineTooSoon": "The deadline is too close: leave at least an hour to answer.",
  "meeting.deadlineAfterSlots": "The deadline must come before the first proposed time.",
  "meeting.locationTooLong": "Place or link too long (at most {max} characters).",
  "meeting.pollOpen":
    "This équipe already has an open time poll: confirm it (`/equipe confirm`) or cancel it (`/equipe cancel`) before convening another.",
  "meeting.none": "This équipe has no open time poll. Convene a meeting with `/equipe convene`.",
  "meeting.noMembers":
    "The équipe has no other members yet: add them with `/equipe add @user role` before convening.",
  "meeting.stale": "This time poll is no longer active.",
  "meeting.closed": "Answers are closed: they can no longer be changed. If needed, write to the coordinator.",
  "purpose.t0": "initial assessment (T0)",
  "purpose.microplanning": "micro-planning",
  "purpose.t1": "intermediate review (T1)",
  "purpose.t2": "final review (T2)",
  "purpose.extraordinary": "extraordinary meeting",
  "answer.yes": "Yes",
  "answer.if_needed": "If needed",
  "answer.no": "No",
  "form.title": "Convene the équipe",
  "form.purpose": "Purpose of the meeting",
  "form.duration": "Duration",
  "form.durationOption": "{minutes} minutes",
  "form.slots": "Proposed times (one per line)",
  "form.slotsHint": "{min} to {max} times, {timezone} time. Example: 2026-12-03 15:00",
  "form.deadline": "Answer by",
  "form.deadlineHint": "Before the first time. Example: 2026-12-01 18:00",
  "form.location": "Place or link (optional)",
  "poll.header":
    "**{caseCode}** — {purpose}, {minutes} minutes. When can you attend? Please answer by {deadline}.",
  "poll.place": "Place: {location}",
  "poll.slot": "**{n}.** {when}",
  "poll.closedNote": "Answers are closed.",
  "poll.changeNote": "You can change your answers until the deadline.",
  "poll.channel":
    "**{caseCode}** — time poll for {purpose}: {answered} of {total} have answered. Deadline: {deadline}.",
  "convene.done": "Time poll opened.\n{report}",
  "convene.notReachedHint": "ask them for their availability yourself and record it with `/equipe record`.",
  "status.header": "**{caseCode}** — {purpose}. Answers: {answered} of {total}. Deadline: {deadline}.",
  "status.slot": "**{n}.** {when} — yes {yes} · if needed {ifNeeded} · no {no}{family}",
  "status.familyNo": " · the family cannot",
  "status.missing": "Not answered yet: {names}.",
  "status.allAnswered": "Everybody has answered.",
  "record.done": "Availability of {who} recorded (by you, on their behalf).",
  "record.slotUnknown": "There is no time {n}: the poll has {count}.",
  "record.answerUnknown":
    "“{value}” is not a valid answer: use number:answer with yes, maybe (if needed) or no, for example `1:yes 2:no 3:maybe`.",
  "answer.saved": "Answer saved.",
  "confirm.channel": "**{caseCode}** — meeting confirmed: {purpose}, {when}.{place}",
  "confirm.dm":
    "You are invited to the équipe meeting **{caseCode}** — {purpose}: {when}.{place} The calendar invite is below. If you cannot attend, tell the équipe's coordinator.",
  "confirm.pickOne":
    "No time suits the family, so I won't pick one: say which to confirm, for example `/equipe confirm 2`, or propose other times.",
  "confirm.button": "Confirm {n}",
  "confirm.done": "Meeting confirmed.\n{report}",
  place: " Place: {location}.",
  "ranked.header": "**{caseCode}** — answers for {purpose} are closed. Times from best:",
  "ranked.noneForFamily":
    "No time suits the family: propose other times (`/equipe cancel`, then `/equipe convene`) or confirm anyway with `/equipe confirm N`.",
  "reminder.poll":
    "Reminder: **{caseCode}** — you have not given all your availability for {purpose} yet. Deadline: {deadline}.",
  "reminder.pollExternal": {
    one: "Reminder: for **{caseCode}** the availability of {names} is missing: ask for it and record it with `/equipe record`.",
    other:
      "Reminder: for **{caseCode}** the availabilities of {names} are missing: ask for them and record them with `/equipe record`.",
  },
  "reminder.meeting": "Reminder: **{caseCode}** — {purpose}, {when}.{place}",
  "cancel.meeting": "**{caseCode}** — the meeting ({purpose}, {when}) is cancelled.",
  "cancel.poll": "**{caseCode}** — the time poll for {purpose} is cancelled.",
  "reschedule.channel": "**{caseCode}** — meeting moved: {purpose}, now {when}.{place}",
  "reschedule.dm":
    "The équipe meeting **{caseCode}** has moved: {purpose}, now {when}.{place} The updated calendar invite is below.",
  "reschedule.same": "The meeting is already at that time.",
  "meeting.noneConfirmed": "There is no confirmed upcoming meeting to move.",
  "meeting.nothingToCancel": "There is no open poll or confirmed meeting to cancel.",
  "email.invite.subject": "Invitation: équipe meeting, {when}",
  "email.update.subject": "Équipe meeting moved: {when}",
  "email.cancel.subject": "Équipe meeting cancelled: {when}",
  "email.reminder.subject": "Reminder: équipe meeting, {when}",
  "feed.url":
    "Your personal calendar (only you see this): {url}\nAdd it as a subscribed calendar in Outlook, Google Calendar or Apple Calendar: it shows the confirmed meetings of all your équipes, with no case details. If the link ends up in the wrong hands: `/equipe feed reset`.",
  "feed.reset": "The previous link no longer works. Your new personal calendar: {url}",
  "feed.name": "Équipe — meetings",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof meetingsIt, typeof meetingsEn> = true;
void check;
