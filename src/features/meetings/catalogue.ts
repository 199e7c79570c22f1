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
  "usage.confirm":
    "`/equipe conferma` (l'orario migliore) oppure `/equipe conferma 2` (il numero dall'elenco di `/equipe stato`): prima ti mostro chi riceve l'invito, poi confermi con un clic",
  "usage.reschedule":
    "`/equipe sposta 5/12 ore 15` (il nuovo orario dell'incontro confermato, anche `domani 9` o `5 dicembre 15:30`; ti chiedo il motivo, che arriva agli invitati)",
  "usage.cancel":
    "`/equipe annulla` (la proposta aperta o, se non c'è, il prossimo incontro confermato; ti chiedo il motivo, che arriva agli invitati)",
  "notice.invite.staff":
    "Sei invitato/a all'incontro dell'équipe **{caseCode}** — {purpose}: **{when}**.{place}",
  "notice.invite.plain": "Sei invitato/a a un incontro con {equipe}: **{when}**.{place}",
  "notice.update.staff":
    "L'incontro dell'équipe **{caseCode}** ({purpose}) è stato spostato. Era previsto per {previous}; ora è **{when}**.{place}",
  "notice.update.plain":
    "L'incontro con {equipe} è stato spostato. Era previsto per {previous}; ora è **{when}**.{place}",
  "notice.cancel.staff": "L'incontro dell'équipe **{caseCode}** ({purpose}, {when}) è annullato.",
  "notice.cancel.plain": "L'incontro con {equipe} di {when} è annullato.",
  "notice.reminder.staff": "Promemoria: **{caseCode}** — {purpose}, {when}.{place}",
  "notice.reminder.plain": "Promemoria: incontro con {equipe}, {when}.{place}",
  "notice.reason": "Motivo: {reason}",
  "notice.overrideStaff":
    "Confermato anche se la famiglia ha detto che a quest'ora non può. Motivo: {reason}",
  "notice.overridePlain":
    "Sappiamo che quest'orario è difficile per la famiglia; è stato scelto comunque per questo motivo: {reason}",
  "notice.calendarBelow": "L'invito per il calendario è qui sotto.",
  "notice.calendarUpdated": "L'invito aggiornato per il calendario è qui sotto.",
  "notice.contact": "Per domande, o se non puoi partecipare, contatta {contact}.",
  "notice.contactCancel": "Per domande contatta {contact}.",
  "channel.invite": "**{caseCode}** — incontro confermato: {purpose}, {when}.{place}",
  "channel.update":
    "**{caseCode}** — incontro spostato: {purpose}. Era previsto per {previous}; ora è {when}.{place}",
  "channel.cancel": "**{caseCode}** — l'incontro ({purpose}, {when}) è annullato.",
  "contact.coordinator": "chi coordina l'équipe",
  "contact.equipe": "l'équipe",
  "contact.equipeOf": "l'équipe di {name}",
  "event.plainSummary": "Incontro con {equipe}",
  "email.invite.subject": "Invito: incontro dell'équipe {caseCode}, {when}",
  "email.invite.subjectPlain": "Invito: incontro con {equipe}, {when}",
  "email.update.subject": "Incontro dell'équipe {caseCode} spostato: ora {when}",
  "email.update.subjectPlain": "Incontro con {equipe} spostato: ora {when}",
  "email.cancel.subject": "Annullato: incontro dell'équipe {caseCode}, {when}",
  "email.cancel.subjectPlain": "Annullato: incontro con {equipe}, {when}",
  "email.reminder.subject": "Promemoria: incontro dell'équipe {caseCode}, {when}",
  "email.reminder.subjectPlain": "Promemoria: incontro con {equipe}, {when}",
  "cancel.poll": "**{caseCode}** — la proposta di orari per {purpose} è annullata.",
  "reach.inChat": "in chat",
  "reach.byEmailTo": "per e-mail ({email})",
  "reach.byEmailOnly": "per e-mail",
  "reach.handOver": "senza chat né e-mail: ti arriva il testo dell'invito da passare a questa persona",
  "reach.emailWaiting": "per e-mail, in attesa: l'e-mail non è ancora configurata su questo server",
  "reach.chatWaiting": "in chat, in attesa: la piattaforma non è attiva su questo server",
  "reach.noWay": "nessun recapito: avvisa tu questa persona",
  "preview.confirm": "**Prima di confermare** — {purpose}: **{when}**.{place}",
  "preview.invitees": {
    one: "Riceve l'invito {count} membro:",
    other: "Ricevono l'invito {count} membri:",
  },
  "preview.invitee": "· {who} — {how}",
  "preview.cannot": {
    one: "{count} persona ha detto che a quell'ora non può: {names}.",
    other: "{count} persone hanno detto che a quell'ora non possono: {names}.",
  },
  "preview.allCan": "Nessuno di quelli che hanno risposto ha detto di non potere a quell'ora.",
  "preview.familyCannot":
    "La famiglia ha detto che a quell'ora non può ({names}): per confermare comunque serve un motivo, che resta nel registro e viene detto alla famiglia e all'équipe.",
  "preview.confirmButton": "Conferma e invia gli inviti",
  "preview.confirmAnyway": "Conferma comunque (con motivo)",
  "preview.keepButton": "Annulla",
  "preview.kept": "Va bene: non ho cambiato nulla.",
  "preview.changed":
    "Qualcosa è cambiato da quando ti ho mostrato l'anteprima (risposte o membri): non ho confermato. Ecco quella aggiornata.",
  "confirm.stale":
    "Questa proposta di orari non è più aperta: è già stata confermata o annullata, forse da un'altra persona che coordina. Non ho cambiato nulla.",
  "confirm.reasonTitle": "Conferma con motivo",
  "confirm.reasonLabel": "Perché confermare comunque quest'orario?",
  "confirm.reasonHint":
    "{when}: la famiglia ha detto che non può ({names}). Il motivo resta nel registro e arriva alla famiglia e all'équipe con l'invito.",
  "confirm.reasonSubmit": "Conferma e invia gli inviti",
  "reason.missing": "Scrivi il motivo: è obbligatorio.",
  "reason.tooLong": "Il motivo è troppo lungo (massimo {max} caratteri).",
  "cancel.title": "Annulla l'incontro",
  "cancel.pollTitle": "Annulla la proposta di orari",
  "cancel.reasonLabel": "Motivo dell'annullamento",
  "cancel.meetingHint":
    "Stai per annullare l'incontro: {purpose}, {when}. Riceveranno l'avviso, con il motivo: {invitees}.",
  "cancel.pollHint":
    "Stai per annullare la proposta di orari per {purpose} (hanno risposto {answered} su {total}). Le proposte private si chiudono e l'équipe riceve l'avviso, con il motivo.",
  "cancel.submit": "Annulla e avvisa",
  "cancel.done": "Annullato. L'avviso, con il motivo, è per gli invitati e per la conversazione dell'équipe.",
  "cancel.stale":
    "Questo incontro o questa proposta è già cambiato (spostato, confermato o annullato): non ho fatto nulla.",
  "reschedule.title": "Sposta l'incontro",
  "reschedule.reasonLabel": "Motivo dello spostamento",
  "reschedule.hint":
    "Era previsto per {previous}; sarà **{when}**. Riceveranno l'avviso, con il motivo e il nuovo invito per il calendario: {invitees}.",
  "reschedule.submit": "Sposta e avvisa",
  "reschedule.done":
    "Incontro spostato. L'avviso, con il motivo, è per gli invitati e per la conversazione dell'équipe.",
  "audit.meeting.confirmed": "ha confermato l'incontro",
  "audit.meeting.rescheduled": "ha spostato l'incontro",
  "audit.meeting.cancelled": "ha annullato l'incontro",
  "usage.convene": "`/equipe convoca`",
  "usage.status": "`/equipe stato` (in un messaggio diretto, anche `/equipe stato FAM-2025-014`)",
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
  "when.unreadable":
    "«{value}»: non riesco a leggere giorno e ora. Scrivi ad esempio `3/12 ore 15`, `mer 9/12 ore 10`, `4 dicembre 15:30` o `domani 9`.",
  "when.noTime":
    "«{value}»: manca l'ora, e non la invento io. Aggiungila, ad esempio `3/12 ore 15` o `4 dicembre 15:30`.",
  "when.noDate": "«{value}»: manca il giorno. Aggiungilo, ad esempio `domani 15:00` o `3/12 ore 15`.",
  "when.noSuchDate":
    "«{value}»: questo giorno non esiste nel calendario. Controlla giorno e mese (prima il giorno), ad esempio `30/11 ore 15`.",
  "when.noSuchTime":
    "«{value}»: quest'ora non esiste: le ore vanno da 0:00 a 23:59. Ad esempio `3/12 ore 15` o `3/12 15:30`.",
  "when.weekday":
    "«{value}»: il {date} è {weekday}, non {typed}. Correggi il giorno della settimana o la data (ad esempio «{weekday} {day}»), oppure togli il giorno della settimana.",
  "when.nonexistent":
    "«{value}»: quest'ora non esiste: quella notte, con il passaggio all'ora legale, le lancette saltano un'ora. Scegli un altro orario dello stesso giorno, ad esempio alle 10:00.",
  "when.past": "«{value}»: {when} è già passato. Indica un momento futuro, ad esempio `domani 15:00`.",
  "meeting.slotsTooFew": "Proponi almeno {min} orari: con i selettori di data e ora, o scritti uno per riga.",
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
    "L'équipe non ha ancora altri membri: aggiungili con `/equipe aggiungi @@ ruolo` prima di convocare.",
  "meeting.stale":
    "Questa proposta di orari non è più attiva: è chiusa e non raccoglie più risposte. Com'è la situazione: `/equipe stato`.",
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
  "form.slots": "Altri orari, scritti (uno per riga)",
  "form.slotsHint":
    "Da {min} a {max} orari in tutto, ora di {timezone}, prima il giorno poi il mese; se manca l'anno, vale la prossima volta che arriva quella data. Si scrivono come vuoi: `3/12 ore 15`, `03/12 15:00`, `mer 9/12 ore 10`, `4 dicembre 15:30`, `domani 9`, `3/12 alle 15.30`, `2026-12-03 15:00`.",
  "form.slotPicker": "Orario {n}",
  "form.slotPickerOptional": "Orario {n} (facoltativo)",
  "form.slotPickerHint":
    "Giorno e ora. Dopo l'invio te li ripeto per esteso, nell'ora di {timezone}. Altri orari li puoi scrivere sotto.",
  "form.deadline": "Rispondere entro",
  "form.deadlineHint": "Prima del primo orario, ad esempio `domani 18:00` o `1/12 ore 18`.",
  "form.location": "Luogo o link (facoltativo)",
  "poll.header":
    "**{caseCode}** — {purpose}, {minutes} minuti. Quando puoi partecipare? Rispondi entro {deadline}.",
  "poll.place": "Luogo: {location}",
  "poll.slot": "**{n}.** {when}",
  "poll.changeNote": "Puoi cambiare le risposte fino alla scadenza.",
  "poll.channel":
    "**{caseCode}** — proposta di orari per {purpose}: hanno risposto {answered} su {total}. Scadenza: {deadline}.",
  "poll.headerClosed": "**{caseCode}** — proposta di orari per {purpose}, {minutes} minuti.",
  "poll.channelClosed":
    "**{caseCode}** — proposta di orari per {purpose}: hanno risposto {answered} su {total}.",
  "poll.closedExpired": "Proposta chiusa il {date} (scaduta): le risposte non si possono più cambiare.",
  "poll.closedConfirmed": "Proposta chiusa il {date} (confermato per {when}).",
  "poll.closedCancelled": "Proposta chiusa il {date} (annullata).",
  "convene.done": "Proposta di orari aperta.\n{report}",
  "convene.notReachedHint": "chiedi tu le loro disponibilità e registrale con `/equipe registra`.",
  "convene.echo": "Gli orari come li ho capiti (ora di {timezone}):",
  "convene.echoDeadline": "Si risponde entro {deadline}.",
  "convene.echoFix":
    "Se un orario non è quello che intendevi: annulla la proposta con `/equipe annulla` e convoca di nuovo con `/equipe convoca`.",
  "status.header": "**{caseCode}** — {purpose}. Risposte: {answered} su {total}. Scadenza: {deadline}.",
  "status.headerClosed": "**{caseCode}** — {purpose}. Risposte: {answered} su {total}.",
  "status.slot": "**{n}.** {when} — sì {yes} · se necessario {ifNeeded} · no {no}{family}",
  "status.familyNo": " · la famiglia non può",
  "status.missing": "Non hanno ancora risposto: {names}.",
  "status.allAnswered": "Hanno risposto tutti.",
  "status.meeting": "**{caseCode}** — incontro confermato: {purpose}, {when}.{place}",
  "status.invited": "Invitati: {names}.",
  "status.notInvited":
    "Non invitati, perché entrati nell'équipe dopo l'invito: {names}. Avvisali tu, o sposta l'incontro con `/equipe sposta` perché ricevano l'invito.",
  "status.waiting":
    "In attesa: {names}. L'invito per e-mail partirà appena l'e-mail sarà configurata su questo server; se è urgente, avvisali tu.",
  "status.handedOver":
    "Da avvisare di persona o al telefono: {names}. Non hanno né chat né e-mail: il testo dell'invito è arrivato in privato a chi coordina.",
  "status.notReached":
    "Non raggiunti dall'invito (né chat, né e-mail, né telefono): {names}. Vanno avvisati di persona.",
  "status.decisionOpen":
    "Decisione aperta: «{question}» — punti di vista: {answered} su {total}. Scadenza: {deadline}. Dettagli: `/equipe decisione`.",
  "status.decisionClosed":
    "Decisione in attesa dell'esito: «{question}» — {answered} su {total} punti di vista, raccolta chiusa il {date}. Dettagli: `/equipe decisione`.",
  "status.nothing":
    "Per l'équipe **{caseCode}** non c'è nulla in corso: nessuna proposta di orari, nessun incontro in programma, nessuna decisione aperta. Chi coordina può convocare l'équipe con `/equipe convoca` o chiedere i punti di vista su una decisione con `/equipe decidi`.",
  "record.done": "Disponibilità di {who} registrata (da te, per suo conto).",
  "record.slotUnknown": "L'orario {n} non c'è: la proposta ne ha {count}.",
  "record.answerUnknown":
    "«{value}» non è una risposta valida: usa numero:risposta con sì, se (se necessario) o no, ad esempio `1:si 2:no 3:se`.",
  "answer.saved": "Risposta salvata.",
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
  "reminder.pollLetter.subject": "Promemoria: quando puoi venire all'incontro?",
  "reminder.pollLetter.subjectProfessional": "Promemoria: disponibilità per l'équipe {caseCode}",
  "reminder.pollLetter.plain":
    "Promemoria: {equipe} aspetta ancora di sapere quando puoi venire al prossimo incontro. Puoi rispondere fino a {deadline}.",
  "reminder.pollLetter.link": "Rispondi qui",
  "reminder.pollShort.plain":
    "Promemoria: {equipe} aspetta di sapere quando puoi venire al prossimo incontro. Rispondi entro {deadline} da qui: {link}",
  "reminder.pollShort.professional":
    "Promemoria équipe {caseCode}: mancano le tue disponibilità per {purpose}. Rispondi entro {deadline} da qui: {link}",
  "reminder.pollByHand":
    "**{caseCode}** — promemoria per le disponibilità per {purpose} (scadenza: {deadline}).",
  "invite.pollLetter.subject": "Quando puoi venire al prossimo incontro?",
  "invite.pollLetter.subjectProfessional": "Disponibilità per l'équipe {caseCode}",
  "invite.pollLetter.plain":
    "Per il prossimo incontro {equipe} propone alcuni orari e ti chiede quando puoi venire: di' per ciascuno se ti va bene. Puoi rispondere fino a {deadline}, e cambiare idea fino ad allora.",
  "invite.pollLetter.professional":
    "**{caseCode}** — sono proposti alcuni orari per {purpose}: indica le tue disponibilità entro {deadline}.",
  "invite.pollShort.plain":
    "Per il prossimo incontro {equipe} ti chiede quando puoi venire. Rispondi entro {deadline} da qui: {link}",
  "invite.pollShort.professional":
    "Équipe {caseCode}: indica le tue disponibilità per {purpose} entro {deadline} da qui: {link}",
  "invite.pollByHand":
    "**{caseCode}** — nuova proposta di orari per {purpose} (scadenza: {deadline}): chi è fuori dalla chat e ha solo il telefono riceve il link da te.",
  "reschedule.same": "L'incontro è già a quell'ora.",
  "meeting.noneConfirmed": "Non c'è un incontro confermato in programma da spostare.",
  "meeting.nothingToCancel": "Non c'è una proposta aperta né un incontro confermato da annullare.",
  "feed.url":
    "Il tuo calendario personale (lo vedi solo tu): {url}\nAggiungilo come calendario sottoscritto in Outlook, Google Calendar o Apple Calendar: mostra gli incontri confermati di tutte le tue équipe, senza dettagli dei casi. Chiedendo di nuovo `/equipe calendario` ritrovi questo stesso link. Se finisce in mani sbagliate: `/equipe calendario nuovo` (quello di adesso smette di funzionare).",
  "feed.reset":
    "Il link precedente non funziona più; eccone uno nuovo (lo vedi solo tu): {url}\nSostituiscilo nei calendari dove avevi aggiunto il vecchio.",
  "feed.name": "Équipe — incontri",
  "feed.organisationName": "Équipe — incontri ({name})",
  "event.organisationSummary": "{caseCode} — incontro d'équipe",
  "usage.external-feed":
    "`/equipe calendario-esterno maria@example.org` (rimanda il link del calendario a chi non usa la chat, o al contatto di un'organizzazione; `… nuovo` per revocarlo e mandarne uno nuovo, `… revoca` per revocarlo)",
  "externalFeed.unknown":
    "In questa équipe nessun membro esterno né organizzazione ha il contatto «{value}». `/equipe membri` mostra i membri, `/equipe organizzazione` le organizzazioni.",
  "externalFeed.notMember":
    "{value} è il contatto dell'organizzazione {name}, non di un membro. Per il suo link scrivi `/equipe calendario-esterno organizzazione` seguito dall'indirizzo.",
  "externalFeed.notOrganisation":
    "{value} è il contatto di {who}, non di un'organizzazione di questa équipe. Per il suo link scrivi `/equipe calendario-esterno persona` seguito dal contatto.",
  "externalFeed.both":
    "{value} è sia l'indirizzo di {who} sia il contatto di {name}: dimmi di chi è il link. Scrivi `/equipe calendario-esterno persona` oppure `/equipe calendario-esterno organizzazione`, seguito dall'indirizzo (e da `nuovo` o `revoca`, se serve).",
  "externalFeed.inChat":
    "{who} usa la chat: il suo calendario personale lo trova scrivendo `/equipe calendario`. Questo comando è per chi non usa la chat.",
  "externalFeed.sent": "Link al calendario per {who}:",
  "externalFeed.revokedBefore": "Link precedente revocato: non funziona più.",
  "externalFeed.revoked":
    "Link al calendario di {who} revocato: non funziona più. Per mandarne uno nuovo: `/equipe calendario-esterno … nuovo`.",
  "externalFeed.noneToRevoke": "{who} non ha un link al calendario attivo: non c'era niente da revocare.",
  "organisationFeed.revokedElsewhere":
    "Il link al calendario di {name} ({email}) è stato revocato da chi coordina un'altra équipe in cui partecipa: gli incontri di questa équipe non gli arrivano più. Per mandargliene uno nuovo: `/equipe calendario-esterno` con il suo indirizzo e `nuovo`.",
  "organisationFeed.sent":
    "Link al calendario di {name} in consegna per e-mail al suo contatto ({email}), e solo lì: in chat non compare.",
  "organisationFeed.waiting":
    "Link al calendario di {name} in attesa: l'e-mail non è ancora configurata su questo server. Partirà per {email} appena lo sarà.",
  "feedLetter.subject": "Il calendario degli incontri",
  "feedLetter.organisationSubject": "Il calendario degli incontri per {name}",
  "feedLetter.plain":
    "Ecco il tuo calendario degli incontri con {equipe}: gli incontri confermati compaiono da soli, e si aggiornano se vengono spostati o annullati.",
  "feedLetter.professional":
    "Ecco il tuo calendario degli incontri dell'équipe {caseCode}: gli incontri confermati compaiono da soli, e si aggiornano se vengono spostati o annullati.",
  "feedLetter.organisation":
    "Ecco il calendario degli incontri delle équipe a cui partecipa {name}: per ogni incontro, solo il codice del caso e l'orario. Gli incontri confermati compaiono da soli, e si aggiornano se vengono spostati o annullati.",
  "feedLetter.linkLabel": "Indirizzo del calendario",
  "feedLetter.howTo":
    "Per aggiungerlo: in Google Calendar «Altri calendari» → «+» → «Da URL»; in Outlook «Aggiungi calendario» → «Sottoscrivi dal Web»; su iPhone Impostazioni → Calendario → Account → «Aggiungi calendario sottoscritto». Incolla l'indirizzo qui sopra.",
  "feedLetter.personal":
    "Il link è personale: non inoltrarlo. Se finisce in mani sbagliate, o per un link nuovo, scrivi a {contact}.",
  "feedLetter.organisationNote":
    "Il link vale per {name}: non inoltratelo fuori dall'organizzazione. L'ha mandato {contact}, a cui rivolgersi per revocarlo o averne uno nuovo.",
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const meetingsEn = {
  "usage.confirm":
    "`/equipe confirm` (the best time) or `/equipe confirm 2` (the number from `/equipe status`): first I show who gets the invite, then you confirm with a click",
  "usage.reschedule":
    "`/equipe reschedule Dec 5 3pm` (the new time of the confirmed meeting, also `tomorrow 9` or `5/12 15:30`, day first; I ask for the reason, which reaches the invitees)",
  "usage.cancel":
    "`/equipe cancel` (the open poll or, if none, the next confirmed meeting; I ask for the reason, which reaches the invitees)",
  "notice.invite.staff":
    "You are invited to the équipe meeting **{caseCode}** — {purpose}: **{when}**.{place}",
  "notice.invite.plain": "You are invited to a meeting with {equipe}: **{when}**.{place}",
  "notice.update.staff":
    "The équipe meeting **{caseCode}** ({purpose}) has moved. It was planned for {previous}; it is now **{when}**.{place}",
  "notice.update.plain":
    "The meeting with {equipe} has moved. It was planned for {previous}; it is now **{when}**.{place}",
  "notice.cancel.staff": "The équipe meeting **{caseCode}** ({purpose}, {when}) is cancelled.",
  "notice.cancel.plain": "The meeting with {equipe} on {when} is cancelled.",
  "notice.reminder.staff": "Reminder: **{caseCode}** — {purpose}, {when}.{place}",
  "notice.reminder.plain": "Reminder: meeting with {equipe}, {when}.{place}",
  "notice.reason": "Reason: {reason}",
  "notice.overrideStaff":
    "Confirmed although the family said it cannot attend at this time. Reason: {reason}",
  "notice.overridePlain":
    "We know this time is difficult for the family; it was chosen anyway for this reason: {reason}",
  "notice.calendarBelow": "The calendar invite is below.",
  "notice.calendarUpdated": "The updated calendar invite is below.",
  "notice.contact": "For questions, or if you cannot attend, contact {contact}.",
  "notice.contactCancel": "For questions, contact {contact}.",
  "channel.invite": "**{caseCode}** — meeting confirmed: {purpose}, {when}.{place}",
  "channel.update":
    "**{caseCode}** — meeting moved: {purpose}. It was planned for {previous}; it is now {when}.{place}",
  "channel.cancel": "**{caseCode}** — the meeting ({purpose}, {when}) is cancelled.",
  "contact.coordinator": "the équipe's coordinator",
  "contact.equipe": "the équipe",
  "contact.equipeOf": "{name}'s équipe",
  "event.plainSummary": "Meeting with {equipe}",
  "email.invite.subject": "Invitation: équipe meeting {caseCode}, {when}",
  "email.invite.subjectPlain": "Invitation: meeting with {equipe}, {when}",
  "email.update.subject": "Équipe meeting {caseCode} moved: now {when}",
  "email.update.subjectPlain": "Meeting with {equipe} moved: now {when}",
  "email.cancel.subject": "Cancelled: équipe meeting {caseCode}, {when}",
  "email.cancel.subjectPlain": "Cancelled: meeting with {equipe}, {when}",
  "email.reminder.subject": "Reminder: équipe meeting {caseCode}, {when}",
  "email.reminder.subjectPlain": "Reminder: meeting with {equipe}, {when}",
  "cancel.poll": "**{caseCode}** — the time poll for {purpose} is cancelled.",
  "reach.inChat": "in chat",
  "reach.byEmailTo": "by e-mail ({email})",
  "reach.byEmailOnly": "by e-mail",
  "reach.handOver": "no chat, no e-mail: you receive the invite's text to pass on",
  "reach.emailWaiting": "by e-mail, waiting: e-mail is not set up on this server yet",
  "reach.chatWaiting": "in chat, waiting: the platform is not on on this server",
  "reach.noWay": "no address: tell them yourself",
  "preview.confirm": "**Before confirming** — {purpose}: **{when}**.{place}",
  "preview.invitees": {
    one: "{count} member gets the invite:",
    other: "{count} members get the invite:",
  },
  "preview.invitee": "· {who} — {how}",
  "preview.cannot": {
    one: "{count} person said they cannot attend at that time: {names}.",
    other: "{count} people said they cannot attend at that time: {names}.",
  },
  "preview.allCan": "Nobody who answered said they cannot attend at that time.",
  "preview.familyCannot":
    "The family said it cannot attend at that time ({names}): confirming anyway needs a reason, kept in the record and told to the family and the équipe.",
  "preview.confirmButton": "Confirm and send the invites",
  "preview.confirmAnyway": "Confirm anyway (with a reason)",
  "preview.keepButton": "Cancel",
  "preview.kept": "All right: I changed nothing.",
  "preview.changed":
    "Something changed since I showed you the preview (answers or members): I did not confirm. Here is the updated one.",
  "confirm.stale":
    "This time poll is no longer open: it was already confirmed or cancelled, perhaps by another coordinator. I changed nothing.",
  "confirm.reasonTitle": "Confirm with a reason",
  "confirm.reasonLabel": "Why confirm this time anyway?",
  "confirm.reasonHint":
    "{when}: the family said it cannot attend ({names}). The reason is kept in the record and reaches the family and the équipe with the invite.",
  "confirm.reasonSubmit": "Confirm and send the invites",
  "reason.missing": "Write the reason: it is required.",
  "reason.tooLong": "The reason is too long (at most {max} characters).",
  "cancel.title": "Cancel the meeting",
  "cancel.pollTitle": "Cancel the time poll",
  "cancel.reasonLabel": "Reason for cancelling",
  "cancel.meetingHint":
    "You are about to cancel the meeting: {purpose}, {when}. These get the notice, with the reason: {invitees}.",
  "cancel.pollHint":
    "You are about to cancel the time poll for {purpose} ({answered} of {total} have answered). The private polls close and the équipe gets the notice, with the reason.",
  "cancel.submit": "Cancel and tell them",
  "cancel.done": "Cancelled. The notice, with the reason, is for the invitees and the équipe's conversation.",
  "cancel.stale": "This meeting or poll has changed already (moved, confirmed or cancelled): I did nothing.",
  "reschedule.title": "Move the meeting",
  "reschedule.reasonLabel": "Reason for moving it",
  "reschedule.hint":
    "It was planned for {previous}; it will be **{when}**. These get the notice, with the reason and the new calendar invite: {invitees}.",
  "reschedule.submit": "Move and tell them",
  "reschedule.done":
    "Meeting moved. The notice, with the reason, is for the invitees and the équipe's conversation.",
  "audit.meeting.confirmed": "confirmed the meeting",
  "audit.meeting.rescheduled": "moved the meeting",
  "audit.meeting.cancelled": "cancelled the meeting",
  "usage.convene": "`/equipe convene`",
  "usage.status": "`/equipe status` (in a direct message, also `/equipe status FAM-2025-014`)",
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
  "when.unreadable":
    "“{value}”: I can't read a day and time in it. Write for example `3/12 15:00` (day first), `Wed 9/12 10am`, `Dec 4 3:30pm` or `tomorrow 9`.",
  "when.noTime":
    "“{value}”: the time is missing, and I won't make one up. Add it, for example `3/12 15:00` or `Dec 4 3:30pm`.",
  "when.noDate": "“{value}”: the day is missing. Add it, for example `tomorrow 3pm` or `3/12 15:00`.",
  "when.noSuchDate":
    "“{value}”: that day does not exist in the calendar. Check the day and the month (day first), for example `30/11 15:00`.",
  "when.noSuchTime":
    "“{value}”: that time does not exist: hours go from 0:00 to 23:59. For example `3/12 15:00` or `Dec 3 3pm`.",
  "when.weekday":
    "“{value}”: {date} is a {weekday}, not a {typed}. Correct the weekday or the date (for example “{weekday} {day}”), or leave the weekday out.",
  "when.nonexistent":
    "“{value}”: that time does not exist: that night the clocks skip an hour for daylight saving time. Choose another time that day, for example 10:00.",
  "when.past": "“{value}”: {when} has already passed. Give a future time, for example `tomorrow 3pm`.",
  "meeting.slotsTooFew":
    "Propose at least {min} times: with the date and time pickers, or typed one per line.",
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
    "The équipe has no other members yet: add them with `/equipe add @@ role` before convening.",
  "meeting.stale":
    "This time poll is no longer active: it is closed and takes no more answers. Where things stand: `/equipe status`.",
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
  "form.slots": "More times, typed (one per line)",
  "form.slotsHint":
    "{min} to {max} times in all, {timezone} time, day before month; without a year, the next such date. Write them as you like: `3/12 15:00`, `Wed 9/12 10am`, `Dec 4 3:30pm`, `tomorrow 9`, `3/12 at 15.30`, `2026-12-03 15:00`.",
  "form.slotPicker": "Time {n}",
  "form.slotPickerOptional": "Time {n} (optional)",
  "form.slotPickerHint":
    "Day and time. Once sent, I repeat them in full, in {timezone} time. You can type more times below.",
  "form.deadline": "Answer by",
  "form.deadlineHint": "Before the first time, for example `tomorrow 6pm` or `1/12 18:00`.",
  "form.location": "Place or link (optional)",
  "poll.header":
    "**{caseCode}** — {purpose}, {minutes} minutes. When can you attend? Please answer by {deadline}.",
  "poll.place": "Place: {location}",
  "poll.slot": "**{n}.** {when}",
  "poll.changeNote": "You can change your answers until the deadline.",
  "poll.channel":
    "**{caseCode}** — time poll for {purpose}: {answered} of {total} have answered. Deadline: {deadline}.",
  "poll.headerClosed": "**{caseCode}** — time poll for {purpose}, {minutes} minutes.",
  "poll.channelClosed": "**{caseCode}** — time poll for {purpose}: {answered} of {total} answered.",
  "poll.closedExpired": "Poll closed on {date} (deadline passed): answers can no longer be changed.",
  "poll.closedConfirmed": "Poll closed on {date} (confirmed for {when}).",
  "poll.closedCancelled": "Poll closed on {date} (cancelled).",
  "convene.done": "Time poll opened.\n{report}",
  "convene.notReachedHint": "ask them for their availability yourself and record it with `/equipe record`.",
  "convene.echo": "The times as I understood them ({timezone} time):",
  "convene.echoDeadline": "Answers are due by {deadline}.",
  "convene.echoFix":
    "If a time is not what you meant: cancel the poll with `/equipe cancel` and convene again with `/equipe convene`.",
  "status.header": "**{caseCode}** — {purpose}. Answers: {answered} of {total}. Deadline: {deadline}.",
  "status.headerClosed": "**{caseCode}** — {purpose}. Answers: {answered} of {total}.",
  "status.slot": "**{n}.** {when} — yes {yes} · if needed {ifNeeded} · no {no}{family}",
  "status.familyNo": " · the family cannot",
  "status.missing": "Not answered yet: {names}.",
  "status.allAnswered": "Everybody has answered.",
  "status.meeting": "**{caseCode}** — meeting confirmed: {purpose}, {when}.{place}",
  "status.invited": "Invited: {names}.",
  "status.notInvited":
    "Not invited, because they joined the équipe after the invitation: {names}. Tell them yourself, or move the meeting with `/equipe reschedule` so that they receive the invitation.",
  "status.waiting":
    "Waiting: {names}. The invitation by e-mail goes out as soon as e-mail is set up on this server; if it is urgent, tell them yourself.",
  "status.handedOver":
    "To tell in person or by phone: {names}. They have neither chat nor e-mail: the coordinators received the invitation's text privately.",
  "status.notReached":
    "Not reached by the invitation (no chat, no e-mail, no phone): {names}. Tell them in person.",
  "status.decisionOpen":
    "Open decision: “{question}” — viewpoints: {answered} of {total}. Deadline: {deadline}. Details: `/equipe decision`.",
  "status.decisionClosed":
    "Decision awaiting its outcome: “{question}” — {answered} of {total} viewpoints, closed on {date}. Details: `/equipe decision`.",
  "status.nothing":
    "Nothing is under way for the équipe **{caseCode}**: no time poll, no meeting planned, no open decision. A coordinator can convene the équipe with `/equipe convene` or ask for viewpoints on a decision with `/equipe decide`.",
  "record.done": "Availability of {who} recorded (by you, on their behalf).",
  "record.slotUnknown": "There is no time {n}: the poll has {count}.",
  "record.answerUnknown":
    "“{value}” is not a valid answer: use number:answer with yes, maybe (if needed) or no, for example `1:yes 2:no 3:maybe`.",
  "answer.saved": "Answer saved.",
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
  "reminder.pollLetter.subject": "Reminder: when can you come to the meeting?",
  "reminder.pollLetter.subjectProfessional": "Reminder: availability for équipe {caseCode}",
  "reminder.pollLetter.plain":
    "Reminder: {equipe} is still waiting to know when you can come to the next meeting. You can answer until {deadline}.",
  "reminder.pollLetter.link": "Answer here",
  "reminder.pollShort.plain":
    "Reminder: {equipe} is waiting to know when you can come to the next meeting. Answer by {deadline} here: {link}",
  "reminder.pollShort.professional":
    "Reminder, équipe {caseCode}: your availability for {purpose} is missing. Answer by {deadline} here: {link}",
  "reminder.pollByHand":
    "**{caseCode}** — reminders about the availability for {purpose} (deadline: {deadline}).",
  "invite.pollLetter.subject": "When can you come to the next meeting?",
  "invite.pollLetter.subjectProfessional": "Availability for équipe {caseCode}",
  "invite.pollLetter.plain":
    "For the next meeting {equipe} proposes a few times and asks when you can come: say for each whether it suits you. You can answer until {deadline}, and change your mind until then.",
  "invite.pollLetter.professional":
    "**{caseCode}** — a few times are proposed for {purpose}: give your availability by {deadline}.",
  "invite.pollShort.plain":
    "For the next meeting {equipe} asks when you can come. Answer by {deadline} here: {link}",
  "invite.pollShort.professional":
    "Équipe {caseCode}: give your availability for {purpose} by {deadline} here: {link}",
  "invite.pollByHand":
    "**{caseCode}** — new time poll for {purpose} (deadline: {deadline}): members outside chat with only a phone get the link from you.",
  "reschedule.same": "The meeting is already at that time.",
  "meeting.noneConfirmed": "There is no confirmed upcoming meeting to move.",
  "meeting.nothingToCancel": "There is no open poll or confirmed meeting to cancel.",
  "feed.url":
    "Your personal calendar (only you see this): {url}\nAdd it as a subscribed calendar in Outlook, Google Calendar or Apple Calendar: it shows the confirmed meetings of all your équipes, with no case details. Asking `/equipe feed` again shows this same link. If it ends up in the wrong hands: `/equipe feed reset` (this one then stops working).",
  "feed.reset":
    "The previous link no longer works; here is a new one (only you see this): {url}\nReplace it in the calendars where you had added the old one.",
  "feed.name": "Équipe — meetings",
  "feed.organisationName": "Équipe — meetings ({name})",
  "event.organisationSummary": "{caseCode} — équipe meeting",
  "usage.external-feed":
    "`/equipe external-feed maria@example.org` (sends the calendar link again to someone outside chat, or to an organisation's contact; `… new` to revoke it and send a new one, `… revoke` to revoke it)",
  "externalFeed.unknown":
    "No member outside chat and no organisation in this équipe has the contact “{value}”. `/equipe members` shows the members, `/equipe organisation` the organisations.",
  "externalFeed.notMember":
    "{value} is the contact of the organisation {name}, not of a member. For its link write `/equipe external-feed organisation` followed by the address.",
  "externalFeed.notOrganisation":
    "{value} is the contact of {who}, not of an organisation in this équipe. For their link write `/equipe external-feed person` followed by the contact.",
  "externalFeed.both":
    "{value} is both the address of {who} and the contact of {name}: tell me whose link you mean. Write `/equipe external-feed person` or `/equipe external-feed organisation`, followed by the address (and `new` or `revoke`, if needed).",
  "externalFeed.inChat":
    "{who} uses chat: they find their personal calendar by typing `/equipe feed`. This command is for people outside chat.",
  "externalFeed.sent": "Calendar link for {who}:",
  "externalFeed.revokedBefore": "The previous link is revoked: it no longer works.",
  "externalFeed.revoked":
    "The calendar link of {who} is revoked: it no longer works. To send a new one: `/equipe external-feed … new`.",
  "externalFeed.noneToRevoke": "{who} has no live calendar link: there was nothing to revoke.",
  "organisationFeed.revokedElsewhere":
    "The calendar link of {name} ({email}) was revoked by the coordinator of another équipe it takes part in: this équipe's meetings no longer reach it. To send a new one: `/equipe external-feed` with its address and `new`.",
  "organisationFeed.sent":
    "The calendar link of {name} is on its way by e-mail to its contact ({email}), and only there: it is never shown in chat.",
  "organisationFeed.waiting":
    "The calendar link of {name} is waiting: e-mail is not set up on this server yet. It goes to {email} as soon as it is.",
  "feedLetter.subject": "Your meetings calendar",
  "feedLetter.organisationSubject": "The meetings calendar for {name}",
  "feedLetter.plain":
    "Here is your calendar of meetings with {equipe}: confirmed meetings appear by themselves, and change if they are moved or cancelled.",
  "feedLetter.professional":
    "Here is your calendar of the meetings of équipe {caseCode}: confirmed meetings appear by themselves, and change if they are moved or cancelled.",
  "feedLetter.organisation":
    "Here is the calendar of the meetings of the équipes {name} takes part in: for each meeting, only the case code and the time. Confirmed meetings appear by themselves, and change if they are moved or cancelled.",
  "feedLetter.linkLabel": "Calendar address",
  "feedLetter.howTo":
    "To add it: in Google Calendar “Other calendars” → “+” → “From URL”; in Outlook “Add calendar” → “Subscribe from web”; on iPhone Settings → Calendar → Accounts → “Add Subscribed Calendar”. Paste the address above.",
  "feedLetter.personal":
    "The link is personal: do not forward it. If it falls into the wrong hands, or for a new link, write to {contact}.",
  "feedLetter.organisationNote":
    "The link is for {name}: do not forward it outside the organisation. It was sent by {contact}, who can revoke it or send a new one.",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof meetingsIt, typeof meetingsEn> = true;
void check;
