/** Italian catalogue: the product's first language. Placeholders are {name}. */
export const it = {
  "error.internal":
    "Qualcosa non ha funzionato da parte nostra: non è stato modificato nulla. Riprova tra un minuto.",
  "command.tooLong":
    "Il comando è troppo lungo (massimo {max} caratteri). Scrivi solo il sottocomando e i suoi dati, ad esempio `/equipe aggiungi @utente educatore`.",
  "command.unknown": "Non conosco il sottocomando «{word}». Scrivi `/equipe aiuto` per l'elenco dei comandi.",
  "command.usage": "Il comando non è scritto nella forma attesa. Si scrive così:\n{usage}",
  "usage.help": "`/equipe aiuto`",
  "usage.setup": "`/equipe configura FAM-2025-014` (il codice del caso, mai il nome del bambino)",
  "usage.add":
    "`/equipe aggiungi @utente educatore` oppure `/equipe aggiungi @utente assistente-sociale coordinatore`",
  "usage.add-external":
    "`/equipe aggiungi-esterno maria@example.org genitore Maria R.` (e-mail, ruolo, nome)",
  "usage.members": "`/equipe membri`",
  "usage.remove": "`/equipe rimuovi @utente` oppure `/equipe rimuovi maria@example.org`",
  "usage.convene": "`/equipe convoca`",
  "usage.status": "`/equipe stato`",
  "usage.confirm": "`/equipe conferma 2` (il numero dell'orario, dall'elenco di `/equipe stato`)",
  "usage.reschedule": "`/equipe sposta 2026-12-05 15:00` (il nuovo orario dell'incontro confermato)",
  "usage.cancel": "`/equipe annulla` (la proposta aperta o, se non c'è, il prossimo incontro confermato)",
  "usage.feed":
    "`/equipe calendario` oppure `/equipe calendario nuovo` (per revocare il link e averne uno nuovo)",
  "caseCode.invalid":
    "«{value}» non è un codice caso valido. Usa il codice pseudonimo del caso, ad esempio `FAM-2025-014` (prefisso, anno, numero), mai un nome.",
  "caseCode.taken":
    "Il caso {caseCode} ha già un'équipe in un altro canale; chiedi alla sua coordinatrice o al suo coordinatore di aggiungerti.",
  "role.unknown": "Non conosco il ruolo «{word}». Ruoli possibili: {roles}.",
  "email.invalid": "«{value}» non è un indirizzo e-mail valido. Esempio: `maria@example.org`.",
  "member.notInConversation":
    "Questa persona non fa parte di questa conversazione: aggiungila prima al canale o alla chat, poi ripeti il comando.",
  "calendar.add": "Aggiungi al calendario",
  "form.submitted": "Inviato.",
  "file.declined": "Va bene, il file non è stato salvato. Il testo resta nel messaggio qui sopra.",
  "file.expired":
    "Questo file non è più disponibile (si tiene per un giorno). Chiedilo di nuovo: ad esempio `/equipe verbale`.",
  "file.uploadFailed":
    "Non sono riuscito a salvare il file nel tuo OneDrive. Riprova più tardi chiedendolo di nuovo; il testo resta nel messaggio qui sopra.",
  "unreachable.report":
    "Non riesco a scrivere in privato a {who} (équipe {caseCode}): l'app Équipe non è ancora installata per questa persona, quindi l'ultimo messaggio non le è arrivato. Chiedile di aggiungere l'app (in Teams: App → cerca «Équipe» → Aggiungi) o di scrivere «aiuto» in una chat privata con Équipe: da quel momento i messaggi le arriveranno. Intanto avvisala tu.",
  "member.notAMention": "Indica la persona con una menzione, ad esempio `@maria.rossi`.",
  "member.nameTooLong":
    "Il nome è troppo lungo (massimo {max} caratteri). Basta nome e iniziale del cognome.",
  "member.notFound": "Questa persona non fa parte dell'équipe. `/equipe membri` mostra chi ne fa parte.",
  "member.lastCoordinator":
    "Non posso togliere l'ultima persona che coordina l'équipe: prima nomina un'altra coordinatrice o un altro coordinatore.",
  "auth.notCoordinator": "Solo chi coordina l'équipe può farlo. Se serve, chiedi a chi la coordina.",
  "auth.notMember":
    "Non fai parte di questa équipe, quindi non puoi farlo. Chiedi a chi la coordina di aggiungerti.",
  "equipe.notBound":
    "Questo canale non è ancora collegato a un'équipe. Chi coordina può collegarlo con `/equipe configura FAM-2025-014`.",
  "equipe.alreadyBound": "Questo canale è già collegato all'équipe del caso {caseCode}.",
  "setup.done":
    "Canale collegato all'équipe del caso {caseCode}. Tu la coordini. Ora aggiungi i membri con `/equipe aggiungi @utente ruolo`.",
  "setup.bound": "Canale collegato anche all'équipe del caso {caseCode}.",
  "member.added": "{who} è ora nell'équipe come {role}{coordinator}.",
  "member.updated": "{who} faceva già parte dell'équipe: ora il ruolo è {role}{coordinator}.",
  "member.coordinatorSuffix": " (coordina)",
  "member.removed": "{who} non fa più parte dell'équipe.",
  "members.header": "*Équipe del caso {caseCode}* — {count} membri",
  "members.externalSuffix": "esterno/a, via e-mail",
  "members.none": "L'équipe non ha ancora membri.",
  "help.text":
    "*Équipe* — coordinamento dell'équipe multidisciplinare.\n{commands}\nRuoli: {roles}.\nI comandi esistono anche in inglese (`/equipe help`).",
  "role.social_worker": "assistente sociale",
  "role.educator": "educatore/educatrice",
  "role.teacher": "insegnante",
  "role.psychologist": "psicologo/a",
  "role.health_worker": "operatore/operatrice sanitario/a",
  "role.coach": "coach",
  "role.parent": "genitore",
  "role.child": "figlio/a",
  "role.support_family": "famiglia d'appoggio",
  "role.volunteer": "volontario/a",
  "role.relative": "parente",
  "role.other": "altro ruolo",
  "usage.record":
    "`/equipe registra maria@example.org 1:si 2:no 3:se` (per chi non usa la chat: numero dell'orario e risposta)",
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
  "form.submit": "Invia",
  "form.cancel": "Annulla",
  "form.purpose": "Motivo dell'incontro",
  "form.duration": "Durata",
  "form.durationOption": "{minutes} minuti",
  "form.slots": "Orari proposti (uno per riga)",
  "form.slotsHint": "Da {min} a {max} orari, ora di {timezone}. Esempio: 2026-12-03 15:00",
  "form.deadline": "Rispondere entro",
  "form.deadlineHint": "Prima del primo orario. Esempio: 2026-12-01 18:00",
  "form.location": "Luogo o link (facoltativo)",
  "poll.header":
    "*{caseCode}* — {purpose}, {minutes} minuti. Quando puoi partecipare? Rispondi entro {deadline}.",
  "poll.place": "Luogo: {location}",
  "poll.slot": "*{n}.* {when}",
  "poll.closedNote": "La raccolta delle disponibilità è chiusa.",
  "poll.changeNote": "Puoi cambiare le risposte fino alla scadenza.",
  "poll.channel":
    "*{caseCode}* — proposta di orari per {purpose}: hanno risposto {answered} su {total}. Scadenza: {deadline}.",
  "convene.done":
    "Proposta inviata: {count} membri la ricevono in privato. Chi usa solo l'e-mail va registrato da te con `/equipe registra`.",
  "status.header": "*{caseCode}* — {purpose}. Risposte: {answered} su {total}. Scadenza: {deadline}.",
  "status.slot": "*{n}.* {when} — sì {yes} · se necessario {ifNeeded} · no {no}{family}",
  "status.familyNo": " · la famiglia non può",
  "status.missing": "Non hanno ancora risposto: {names}.",
  "status.allAnswered": "Hanno risposto tutti.",
  "record.done": "Disponibilità di {who} registrata (da te, per suo conto).",
  "record.slotUnknown": "L'orario {n} non c'è: la proposta ne ha {count}.",
  "record.answerUnknown":
    "«{value}» non è una risposta valida: usa numero:risposta con sì, se (se necessario) o no, ad esempio `1:si 2:no 3:se`.",
  "answer.saved": "Risposta salvata.",
  recordedBy: "registrata da chi coordina",
  "confirm.channel": "*{caseCode}* — incontro confermato: {purpose}, {when}.{place}",
  "confirm.dm":
    "Sei invitato/a all'incontro dell'équipe *{caseCode}* — {purpose}: {when}.{place} L'invito per il calendario è qui sotto.",
  "confirm.pickOne":
    "Nessun orario va bene per la famiglia, quindi non ne scelgo uno io: indica quale confermare, ad esempio `/equipe conferma 2`, oppure proponi altri orari.",
  "confirm.button": "Conferma {n}",
  "confirm.done": "Incontro confermato. Inviti spediti a {chat} membri in chat e {email} per e-mail.",
  place: " Luogo: {location}.",
  "ranked.header":
    "*{caseCode}* — la raccolta delle disponibilità per {purpose} è chiusa. Orari dal migliore:",
  "ranked.noneForFamily":
    "Nessun orario va bene per la famiglia: proponi altri orari (`/equipe annulla`, poi `/equipe convoca`) oppure conferma comunque con `/equipe conferma N`.",
  "reminder.poll":
    "Promemoria: *{caseCode}* — non hai ancora indicato tutte le tue disponibilità per {purpose}. Scadenza: {deadline}.",
  "reminder.pollExternal":
    "Promemoria: per *{caseCode}* mancano le disponibilità di {names}. Sentili e registrale con `/equipe registra`.",
  "reminder.meeting": "Promemoria: *{caseCode}* — {purpose}, {when}.{place}",
  "cancel.meeting": "*{caseCode}* — l'incontro ({purpose}, {when}) è annullato.",
  "cancel.poll": "*{caseCode}* — la proposta di orari per {purpose} è annullata.",
  "reschedule.channel": "*{caseCode}* — incontro spostato: {purpose}, ora {when}.{place}",
  "reschedule.dm":
    "L'incontro dell'équipe *{caseCode}* è stato spostato: {purpose}, ora {when}.{place} L'invito aggiornato per il calendario è qui sotto.",
  "reschedule.same": "L'incontro è già a quell'ora.",
  "meeting.noneConfirmed": "Non c'è un incontro confermato in programma da spostare.",
  "meeting.nothingToCancel": "Non c'è una proposta aperta né un incontro confermato da annullare.",
  "email.invite.subject": "Invito: incontro dell'équipe, {when}",
  "email.update.subject": "Incontro dell'équipe spostato: {when}",
  "email.cancel.subject": "Incontro dell'équipe annullato: {when}",
  "email.reminder.subject": "Promemoria: incontro dell'équipe, {when}",
  "email.invite.body":
    "Buongiorno {name},\n\nl'incontro dell'équipe ({purpose}) è fissato per {when}.{place}\n\nIn allegato trovi l'invito: aprilo per aggiungerlo al tuo calendario. Se non puoi partecipare, avvisa chi coordina l'équipe.\n",
  "email.update.body":
    "Buongiorno {name},\n\nl'incontro dell'équipe ({purpose}) è stato spostato: ora è {when}.{place}\n\nIn allegato trovi l'invito aggiornato: aprilo e il tuo calendario si aggiorna.\n",
  "email.cancel.body":
    "Buongiorno {name},\n\nl'incontro dell'équipe ({purpose}) previsto per {when} è annullato. Aprendo l'allegato lo togli dal tuo calendario.\n",
  "email.reminder.body":
    "Buongiorno {name},\n\nle ricordiamo l'incontro dell'équipe ({purpose}): {when}.{place}\n",
  "feed.url":
    "Il tuo calendario personale (lo vedi solo tu): {url}\nAggiungilo come calendario sottoscritto in Outlook, Google Calendar o Apple Calendar: mostra gli incontri confermati di tutte le tue équipe, senza dettagli dei casi. Se il link finisce in mani sbagliate: `/equipe calendario nuovo`.",
  "feed.reset": "Il link precedente non funziona più. Il tuo nuovo calendario personale: {url}",
  "feed.name": "Équipe — incontri",
  "usage.decide": "`/equipe decidi` (apre il modulo: domanda, contesto, tipo di risposta, scadenza)",
  "usage.viewpoint":
    "`/equipe parere maria@example.org dubbi genitori: motivo` (per chi non usa la chat: e-mail, risposta, lato facoltativo, motivo)",
  "usage.decision": "`/equipe decisione` (a che punto è la decisione aperta)",
  "usage.cancel-decision":
    "`/equipe annulla-decisione motivo` (ritira la decisione in corso; il motivo resta nel verbale)",
  "usage.export": "`/equipe verbale` (la decisione più recente, in Markdown, per il fascicolo)",
  "decision.questionMissing": "Scrivi la domanda su cui l'équipe deve decidere.",
  "decision.tooLong": "Troppo lungo: al massimo {max} caratteri.",
  "decision.kindMissing": "Scegli il tipo di risposta: posizione oppure scelta tra opzioni.",
  "decision.optionsCount": "Per una scelta servono da {min} a {max} opzioni, una per riga.",
  "decision.optionsRepeated": "Due opzioni sono uguali: ogni opzione deve essere diversa.",
  "decision.familyReasonMissing":
    "La famiglia risponde sempre, salvo motivi precisi: se togli un familiare da chi deve rispondere, scrivi perché.",
  "decision.participantsNone": "Scegli almeno una persona che deve rispondere.",
  "decision.participantsGone":
    "Nell'elenco c'è chi non fa più parte dell'équipe: chiudi il modulo e riaprilo con `/equipe decidi`.",
  "decision.none":
    "Non c'è una decisione aperta per questa équipe. Chi coordina può aprirne una con `/equipe decidi`.",
  "decision.alreadyOpen":
    "C'è già una decisione aperta per questa équipe: registrane l'esito prima di aprirne un'altra (`/equipe decisione`).",
  "decision.closed":
    "La raccolta dei punti di vista su questa decisione è chiusa: il tuo non è stato registrato. Se è importante, parlane con chi coordina.",
  "decision.notAsked": "Per questa decisione non ti è stato chiesto un punto di vista.",
  "decision.recorded": "L'esito di questa decisione è già registrato.",
  "viewpoint.answerMissing": "Scegli una risposta.",
  "viewpoint.reasonNeeded":
    "Se non sei d'accordo, o hai dubbi, o ti serve più informazione, scrivi il motivo.",
  "viewpoint.sideUnknown":
    "Il lato non è tra quelli del Mondo del Bambino: bambino (bisogni), genitori (risposte), ambiente (famiglia e ambiente).",
  "viewpoint.unreadable":
    "«{value}» non è una risposta: usa d'accordo, dubbi, contrario o info (oppure il numero dell'opzione).",
  "outcome.missing": "Scrivi la decisione presa.",
  "outcome.tooManyActions": "Al massimo {max} azioni.",
  "outcome.actionUnreadable":
    "Non riesco a leggere l'azione «{value}». Una per riga: chi | cosa | entro quando, ad esempio `educatore | chiamare la scuola | 2026-12-10`.",
  "outcome.actionDate": "«{value}» non è una data futura. Esempio: 2026-12-10 o 10/12/2026.",
  "outcome.actionOwner":
    "Non trovo «{value}» nell'équipe: indica l'e-mail, il nome o il ruolo (se una sola persona lo ha).",
  "outcome.reviewDate": "«{value}» non è una data futura. Esempio: 2027-03-15.",
  "outcome.overrideNeeded":
    "Mancano i punti di vista di {names}: per registrare comunque l'esito scrivi il motivo nel campo apposito.",
  "dform.title": "Decisione dell'équipe",
  "dform.question": "Domanda",
  "dform.questionHint": "Ad esempio: includiamo la famiglia nel progetto di educativa domiciliare?",
  "dform.context": "Contesto (breve, senza nomi)",
  "dform.kind": "Tipo di risposta",
  "dform.kindStances": "Posizione: d'accordo, ho dubbi, non d'accordo, serve più informazione",
  "dform.kindOptions": "Scelta tra opzioni",
  "dform.options": "Opzioni (solo per la scelta, una per riga)",
  "dform.deadline": "Rispondere entro",
  "dform.participants": "Chi deve rispondere",
  "dform.participantsHint":
    "Tutti, salvo scelta diversa. Chi non è nell'elenco non riceve la domanda ma può rispondere con `/equipe decisione`.",
  "dform.member": "{name} ({role})",
  "dform.familyReason": "Perché la famiglia non risponde (obbligatorio se togli un familiare)",
  "vform.title": "Il tuo punto di vista",
  "vform.answer": "La tua risposta",
  "vform.reason": "Motivo (obbligatorio se non sei d'accordo)",
  "vform.side": "A quale lato del Mondo del Bambino si riferisce",
  "vform.sideNone": "Nessuno in particolare",
  "oform.title": "Esito della decisione",
  "oform.outcome": "Decisione presa",
  "oform.actions": "Azioni (una per riga: chi | cosa | entro quando)",
  "oform.actionsHint":
    "Esempio: educatore | chiamare la scuola | 2026-12-10. Chi: e-mail, nome o ruolo (se una sola persona lo ha).",
  "oform.review": "Data di verifica (facoltativa)",
  "oform.override": "Motivo per decidere senza tutti i punti di vista (solo se ne manca qualcuno)",
  "stance.agree": "d'accordo",
  "stance.doubts": "ho dubbi",
  "stance.disagree": "non d'accordo",
  "stance.more_info": "serve più informazione",
  "side.child_needs": "i bisogni del bambino",
  "side.parent_responses": "le risposte dei genitori",
  "side.family_environment": "la famiglia e l'ambiente",
  "decision.ask":
    "*{caseCode}* — l'équipe deve decidere: «{question}»{context}\nDai il tuo punto di vista entro {deadline}. Vedrai quelli degli altri dopo aver dato il tuo.",
  "decision.askButton": "Dai il tuo punto di vista",
  "decision.changeButton": "Cambia il tuo punto di vista",
  "decision.opened":
    "Decisione aperta: {count} persone la ricevono in privato. Chi non usa la chat va ascoltato e registrato con `/equipe parere`.",
  "decision.channel":
    "*{caseCode}* — decisione in corso: «{question}». Punti di vista: {answered} su {total}. Scadenza: {deadline}.",
  "decision.channelClosed":
    "*{caseCode}* — decisione «{question}»: raccolta chiusa, {answered} su {total} punti di vista.",
  "viewpoint.saved": "Il tuo punto di vista è registrato: {answer}. Puoi cambiarlo fino alla chiusura.",
  "viewpoint.others": "I punti di vista degli altri finora:",
  "viewpoint.noneYet": "Nessun altro ha ancora risposto.",
  "viewpoint.line": "• {who} ({role}): {answer}{side}{reason}{recorded}",
  "viewpoint.recordedBy": " — registrato da {who} per suo conto",
  "viewpoint.recordDone": "Punto di vista di {who} registrato (da te, per suo conto).",
  "decision.status":
    "*{caseCode}* — «{question}»: {answered} su {total} punti di vista. Scadenza: {deadline}.",
  "decision.channelOptional":
    "Gli altri membri possono dare un punto di vista facoltativo con `/equipe decisione`.",
  "decision.optionalButton": "Dai un punto di vista (facoltativo)",
  "decision.askCancelled": "Decisione ritirata da chi coordina. Motivo: {reason}",
  "decision.channelCancelled": "*{caseCode}* — la decisione «{question}» è stata ritirata. Motivo: {reason}",
  "decision.cancelDone":
    "Decisione «{question}» ritirata. Chi aveva ricevuto la domanda lo vede; i punti di vista già dati restano nel verbale.",
  "decision.cancelled":
    "Questa decisione è stata ritirata da chi coordina: non serve più il tuo punto di vista.",
  "decision.statusHidden": "Vedrai i punti di vista degli altri dopo aver dato il tuo.",
  "decision.missing": "Mancano: {names}.",
  "decision.pictureHeader":
    "*{caseCode}* — la raccolta dei punti di vista su «{question}» è chiusa: {answered} su {total}.",
  "decision.sidesMissing": "Nessuno ha parlato di: {sides}.",
  "decision.allSides": "Ogni lato del Mondo del Bambino è stato toccato da almeno un punto di vista.",
  "decision.familyExcluded": "La famiglia non è stata interpellata. Motivo: {reason}",
  "decision.outcomeButton": "Registra l'esito",
  "decision.outcomeChannel": "*{caseCode}* — decisione su «{question}»: {outcome}",
  "decision.actionsHeader": "Azioni:",
  "decision.actionLine": "• {who}: {what} — entro {due}",
  "decision.reviewLine": "Verifica: {date}.",
  "decision.outcomeMissing": "Esito registrato senza il punto di vista di {names}. Motivo: {reason}",
  "decision.outcomeDone": "Esito registrato e pubblicato nel canale dell'équipe.",
  "decision.reminder":
    "Promemoria: *{caseCode}* — manca il tuo punto di vista su «{question}». Scadenza: {deadline}.",
  "decision.reminderExternal":
    "Promemoria: per *{caseCode}* mancano i punti di vista di {names} su «{question}». Sentili e registrali con `/equipe parere`.",
  "action.reminder": "Promemoria: *{caseCode}* — azione a tuo carico: {what}, entro {due}.",
  "review.due": "*{caseCode}* — è la data di verifica della decisione «{question}». Vuoi convocare l'équipe?",
  "review.button": "Convoca l'incontro",
  "email.action.subject": "Promemoria dall'équipe: {what}",
  "email.action.body":
    "Buongiorno {name},\n\nle ricordiamo l'azione concordata con l'équipe: {what}, entro {due}.\n",
  "md.title": "# Decisione dell'équipe — {caseCode}",
  "md.question": "**Domanda:** {question}",
  "md.context": "**Contesto:** {context}",
  "md.opened": "Aperta da {who} il {date}; scadenza {deadline}.",
  "md.viewpoints": "## Punti di vista",
  "md.outcome": "## Esito",
  "md.noOutcome": "Esito non ancora registrato.",
  "md.cancelled": "Decisione ritirata da {who} il {date}. Motivo: {reason}",
  "md.asked": "**Chi doveva rispondere:** {names}",
  "md.recordedAt": "Registrato da {who} il {date}.",
  "md.trail": "## Registro",
  "md.trailLine": "- {date} — {who}: {action}",
  "export.done":
    "Verbale della decisione per il fascicolo (Markdown), anche in allegato dove la piattaforma lo permette:",
  "audit.decision.opened": "ha aperto la decisione",
  "audit.decision.cancelled": "ha ritirato la decisione",
  "audit.decision.familyExcluded": "ha escluso la famiglia, con motivo",
  "audit.decision.answered": "ha dato il proprio punto di vista",
  "audit.decision.changed": "ha cambiato il proprio punto di vista",
  "audit.decision.recordedFor": "ha registrato un punto di vista per conto di un membro",
  "audit.decision.closed": "la raccolta si è chiusa",
  "audit.decision.override": "ha registrato l'esito senza tutti i punti di vista (override)",
  "audit.decision.outcome": "ha registrato l'esito",
} as const;
