import type { SameParams } from "../../i18n/template.ts";

/**
 * Messages of the decisions feature: opening a decision, viewpoints, the outcome and its actions, reminders,
 * the decision record for the case file (Markdown) and its audit trail.
 *
 * Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`): `{name}` placeholders,
 * `**strong**`, `` `code` `` and `` `/equipe …` `` command examples, newlines as line breaks; a plural
 * entry is `{ one, other }` on `count`. No platform markup: each renderer writes its own.
 */

/** Italian: the product's first language. */
export const decisionsIt = {
  "usage.decide": "`/equipe decidi` (apre il modulo: domanda, contesto, tipo di risposta, scadenza)",
  "usage.viewpoint":
    "`/equipe parere maria@example.org dubbi per telefono genitori: motivo` (per chi non usa la chat: e-mail o telefono, risposta, come l'hai sentito — per telefono, di persona o per iscritto — e lato facoltativi, motivo)",
  "usage.decision": "`/equipe decisione` (a che punto è la decisione aperta)",
  "usage.cancel-decision":
    "`/equipe annulla-decisione` oppure `/equipe annulla-decisione motivo` (ritira la decisione in corso: prima ti mostro chi era stato interpellato; il motivo arriva a loro e resta nel verbale)",
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
  "viewpoint.unreadableNear":
    "«{value}» non è una risposta. Forse intendevi {suggestion}? Non ho registrato nulla. Risposte: d'accordo, dubbi, contrario o info (oppure il numero dell'opzione).",
  "viewpoint.sideWord":
    "«{value}» non è un lato del Mondo del Bambino: non ho registrato nulla. Lati: `bambino:`, `genitori:`, `ambiente:`. Se non volevi indicare un lato, togli i due punti.",
  "viewpoint.sideWordNear":
    "«{value}» non è un lato del Mondo del Bambino. Forse intendevi {suggestion}? Non ho registrato nulla. Lati: `bambino:`, `genitori:`, `ambiente:`.",
  "outcome.missing": "Scrivi la decisione presa.",
  "outcome.tooManyActions": "Al massimo {max} azioni.",
  "outcome.actionUnreadable":
    "Non riesco a leggere l'azione «{value}». Una per riga: chi | cosa | entro quando, ad esempio `educatore | chiamare la scuola | 2026-12-10`.",
  "outcome.actionDate": "«{value}» non è una data futura. Esempio: `10/12`, `10 dicembre` o `2026-12-10`.",
  "outcome.actionOwner":
    "Non trovo «{value}» nell'équipe. Chi ne fa parte: {names}. Indica il nome, l'e-mail o il ruolo (se una sola persona lo ha).",
  "outcome.actionOwnerSeveral":
    "«{value}» può essere più di una persona: {names}. Scrivi il nome completo o l'e-mail di chi se ne occupa.",
  "outcome.reviewDate": "«{value}» non è una data futura. Esempio: `15/3` o `15 marzo 2027`.",
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
    "**{caseCode}** — l'équipe deve decidere: «{question}»{context}\nDai il tuo punto di vista entro {deadline}. Vedrai quelli degli altri dopo aver dato il tuo.",
  "decision.askButton": "Dai il tuo punto di vista",
  "decision.askClosed": "**{caseCode}** — decisione dell'équipe: «{question}»{context}",
  "decision.closedExpired": "Decisione chiusa il {date} (scaduta): non raccoglie più punti di vista.",
  "decision.closedAnswered": "Decisione chiusa il {date}: hanno risposto tutti.",
  "decision.closedRecorded": "Decisione chiusa il {date} (esito registrato).",
  "decision.closedWithdrawn": "Decisione chiusa il {date} (ritirata).",
  "decision.statusClosed": "**{caseCode}** — «{question}»: {answered} su {total} punti di vista.",
  "decision.changeButton": "Cambia il tuo punto di vista",
  "decision.opened": "Decisione aperta.\n{report}",
  "decision.notReachedHint": "ascolta tu il loro punto di vista e registralo con `/equipe parere`.",
  "decision.channel":
    "**{caseCode}** — decisione in corso: «{question}». Punti di vista: {answered} su {total}. Scadenza: {deadline}.",
  "decision.channelClosed":
    "**{caseCode}** — decisione «{question}»: raccolta chiusa, {answered} su {total} punti di vista.",
  "viewpoint.saved": "Il tuo punto di vista è registrato: {answer}. Puoi cambiarlo fino alla chiusura.",
  "viewpoint.others": "I punti di vista degli altri finora:",
  "viewpoint.noneYet": "Nessun altro ha ancora risposto.",
  "viewpoint.line": "• {who} ({role}): {answer}{side}{reason}{recorded}",
  "viewpoint.recordedBy": " — registrato da {who} per suo conto{how}",
  "heard.phone": ", sentito per telefono",
  "heard.in_person": ", sentito di persona",
  "heard.written": ", per iscritto",
  "viewpoint.recordDone": "Punto di vista di {who} registrato (da te, per suo conto).",
  "decision.status":
    "**{caseCode}** — «{question}»: {answered} su {total} punti di vista. Scadenza: {deadline}.",
  "decision.channelOptional":
    "Gli altri membri possono dare un punto di vista facoltativo con `/equipe decisione`.",
  "decision.optionalButton": "Dai un punto di vista (facoltativo)",
  "decision.askCancelled": "Decisione ritirata da chi coordina. Motivo: {reason}",
  "withdraw.title": "Ritira la decisione",
  "withdraw.reasonLabel": "Perché la ritiri?",
  "withdraw.hint":
    "«{question}» — interpellati: {names}; hanno risposto {answered} su {total}. Il motivo arriva a chi era stato interpellato e resta nel verbale; i punti di vista già dati restano.",
  "withdraw.submit": "Ritira e avvisa",
  "withdraw.notice":
    "Chi coordina l'équipe ha ritirato una decisione su cui ti era stato chiesto un parere: non serve più. Motivo: {reason}",
  "decision.channelCancelled":
    "**{caseCode}** — la decisione «{question}» è stata ritirata. Motivo: {reason}",
  "decision.cancelDone": "Decisione «{question}» ritirata; i punti di vista già dati restano nel verbale.",
  "decision.cancelled":
    "Questa decisione è stata ritirata da chi coordina: non serve più il tuo punto di vista.",
  "decision.statusHidden": "Vedrai i punti di vista degli altri dopo aver dato il tuo.",
  "decision.missing": "Mancano: {names}.",
  "decision.pictureHeader":
    "**{caseCode}** — la raccolta dei punti di vista su «{question}» è chiusa: {answered} su {total}.",
  "decision.sidesMissing": "Nessuno ha parlato di: {sides}.",
  "decision.allSides": "Ogni lato del Mondo del Bambino è stato toccato da almeno un punto di vista.",
  "decision.familyExcluded": {
    one: "Non è stato chiesto il punto di vista a {names} — motivo: {reason}",
    other: "Non è stato chiesto il punto di vista a questi familiari: {names} — motivo: {reason}",
  },
  "decision.outcomeButton": "Registra l'esito",
  "decision.outcomeChannel": "**{caseCode}** — decisione su «{question}»: {outcome}",
  "decision.actionsHeader": "Azioni:",
  "decision.actionLine": "• {who}: {what} — entro {due}",
  "decision.reviewLine": "Verifica: {date}.",
  "decision.outcomeMissing": "Esito registrato senza il punto di vista di {names}. Motivo: {reason}",
  "decision.outcomeDone": "Esito registrato e pubblicato nel canale dell'équipe.",
  "decision.reminder":
    "Promemoria: **{caseCode}** — manca il tuo punto di vista su «{question}». Scadenza: {deadline}.",
  "decision.reminderExternal": {
    one: "Promemoria: per **{caseCode}** manca il punto di vista di {names} su «{question}»: chiedilo e registralo con `/equipe parere`.",
    other:
      "Promemoria: per **{caseCode}** mancano i punti di vista di {names} su «{question}»: chiedili e registrali con `/equipe parere`.",
  },
  "decision.reminderLetter.subject": "Promemoria: che cosa ne pensi?",
  "decision.reminderLetter.subjectProfessional": "Promemoria: punto di vista per l'équipe {caseCode}",
  "decision.reminderLetter.plain":
    "Promemoria: {equipe} vuole sapere che cosa pensi di una decisione, prima di prenderla. Puoi rispondere fino a {deadline}.",
  "decision.reminderLetter.professional":
    "Promemoria: **{caseCode}** — manca il tuo punto di vista su una decisione. Scadenza: {deadline}.",
  "decision.reminderLetter.link": "Di' che cosa ne pensi",
  "decision.reminderShort.plain":
    "Promemoria: {equipe} vuole sapere che cosa pensi di una decisione. Rispondi entro {deadline} da qui: {link}",
  "decision.reminderShort.professional":
    "Promemoria équipe {caseCode}: manca il tuo punto di vista su una decisione. Rispondi entro {deadline} da qui: {link}",
  "decision.reminderByHand":
    "**{caseCode}** — promemoria per il punto di vista su «{question}» (scadenza: {deadline}).",
  "decision.inviteLetter.subject": "Che cosa ne pensi?",
  "decision.inviteLetter.subjectProfessional": "Punto di vista per l'équipe {caseCode}",
  "decision.inviteLetter.plain":
    "Prima di prendere una decisione, {equipe} vuole sapere che cosa ne pensi. Puoi rispondere fino a {deadline}, e cambiare idea fino ad allora.",
  "decision.inviteLetter.professional":
    "**{caseCode}** — è chiesto il tuo punto di vista su una decisione. Scadenza: {deadline}.",
  "decision.inviteShort.plain":
    "Prima di prendere una decisione, {equipe} vuole sapere che cosa ne pensi. Rispondi entro {deadline} da qui: {link}",
  "decision.inviteShort.professional":
    "Équipe {caseCode}: è chiesto il tuo punto di vista su una decisione. Rispondi entro {deadline} da qui: {link}",
  "decision.inviteByHand":
    "**{caseCode}** — nuova decisione, «{question}» (scadenza: {deadline}): chi è fuori dalla chat e ha solo il telefono riceve il link da te.",
  "action.reminderLetter.plain": "Promemoria: con {equipe} hai preso un impegno: {what}, entro {due}.",
  "action.reminderShort.link": " La tua pagina: {link}",
  "action.reminderByHand": "**{caseCode}** — promemoria di un'azione: {what}, entro {due}.",
  "action.reminder": "Promemoria: **{caseCode}** — azione a tuo carico: {what}, entro {due}.",
  "review.due":
    "**{caseCode}** — è la data di verifica della decisione «{question}». Vuoi convocare l'équipe?",
  "review.button": "Convoca l'incontro",
  "email.action.subject": "Promemoria dall'équipe: {what}",
  "md.title": "Decisione dell'équipe — {caseCode}",
  "md.question": "**Domanda:** {question}",
  "md.context": "**Contesto:** {context}",
  "md.opened": "Aperta da {who} il {date}; scadenza {deadline}.",
  "md.collecting": "Raccolta dei punti di vista in corso: situazione al {date}.",
  "md.closed": "Raccolta dei punti di vista chiusa il {date}.",
  "md.viewpoints": "Punti di vista",
  "md.viewpoint": "**{who}**: {stance}",
  "md.stance": "{answer} ({date}){side}{recorded}{reason}",
  "md.earlier": "prima: {stance}",
  "md.side": " — riguarda {side}",
  "md.recorded": " — raccolto da {who}{how}",
  "md.how.phone": " per telefono",
  "md.how.in_person": " di persona",
  "md.how.written": " per iscritto",
  "md.reason": " — motivo: {reason}",
  "md.noViewpoints": "Nessun punto di vista registrato.",
  "md.missing": {
    one: "Non ha dato il punto di vista: {names}.",
    other: "Non hanno dato il punto di vista: {names}.",
  },
  "md.outcome": "Esito",
  "md.noOutcome": "Esito non ancora registrato.",
  "md.review": "Verifica prevista il {date}.",
  "md.cancelled": "Decisione ritirata da {who} il {date}. Motivo: {reason}",
  "md.asked": "**Chi doveva rispondere:** {names}",
  "md.recordedAt": "Esito registrato da {who} il {date}.",
  "md.trail": "Registro",
  "md.minutes": "Presa nell'incontro del {date}: verbale dell'incontro, versione {number}.",
  "md.trailLine": "{date} — {who}: {action}",
  "md.trailAuto": "{date} — {action}",
  "md.produced": "Verbale prodotto il {date}.",
  "md.actionLine": "{who}: {what} — entro {due}",
  "export.done":
    "Verbale della decisione per il fascicolo (Markdown), anche in allegato dove la piattaforma lo permette:",
  "audit.decision.opened": "ha aperto la decisione",
  "audit.decision.cancelled": "ha ritirato la decisione",
  "audit.decision.familyExcluded":
    "non ha chiesto il punto di vista a tutta la famiglia, indicando il motivo",
  "audit.decision.answered": "ha dato il proprio punto di vista",
  "audit.decision.changed": "ha cambiato il proprio punto di vista",
  "audit.decision.recordedFor": "ha registrato un punto di vista per conto di un membro",
  "audit.decision.closed": "la raccolta dei punti di vista si è chiusa",
  "audit.decision.override": "ha registrato l'esito senza tutti i punti di vista, indicando il motivo",
  "audit.decision.outcome": "ha registrato l'esito",
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const decisionsEn = {
  "usage.decide": "`/equipe decide` (opens the form: question, context, kind of answer, deadline)",
  "usage.viewpoint":
    "`/equipe viewpoint maria@example.org doubts by phone parents: reason` (for people outside chat: e-mail or phone, answer, how you heard it — by phone, in person or in writing — and side, both optional, reason)",
  "usage.decision": "`/equipe decision` (where the open decision stands)",
  "usage.cancel-decision":
    "`/equipe cancel-decision` or `/equipe cancel-decision reason` (withdraws the decision in progress: first I show who was asked; the reason reaches them and stays in the record)",
  "usage.export": "`/equipe record-file` (the latest decision, as Markdown, for the case file)",
  "decision.questionMissing": "Write the question the équipe must decide.",
  "decision.tooLong": "Too long: at most {max} characters.",
  "decision.kindMissing": "Choose the kind of answer: a stance or a choice among options.",
  "decision.optionsCount": "A choice needs {min} to {max} options, one per line.",
  "decision.optionsRepeated": "Two options are the same: each option must differ.",
  "decision.familyReasonMissing":
    "The family always answers unless there is a precise reason: if you take a family member off the list, say why.",
  "decision.participantsNone": "Choose at least one person who must answer.",
  "decision.participantsGone":
    "Someone on the list is no longer in the équipe: close the form and open it again with `/equipe decide`.",
  "decision.none": "This équipe has no open decision. A coordinator can open one with `/equipe decide`.",
  "decision.alreadyOpen":
    "This équipe already has an open decision: record its outcome before opening another (`/equipe decision`).",
  "decision.closed":
    "Viewpoints on this decision are closed: yours was not recorded. If it matters, talk to the coordinator.",
  "decision.notAsked": "You were not asked for a viewpoint on this decision.",
  "decision.recorded": "This decision's outcome is already recorded.",
  "viewpoint.answerMissing": "Choose an answer.",
  "viewpoint.reasonNeeded": "If you do not agree, have doubts or need more information, write why.",
  "viewpoint.sideUnknown":
    "That side is not one of Il Mondo del Bambino: child (needs), parents (responses), environment (family and environment).",
  "viewpoint.unreadable":
    "“{value}” is not an answer: use agree, doubts, disagree or info (or the option's number).",
  "viewpoint.unreadableNear":
    "“{value}” is not an answer. Did you mean {suggestion}? Nothing was recorded. Answers: agree, doubts, disagree or info (or the option's number).",
  "viewpoint.sideWord":
    "“{value}” is not a side of Il Mondo del Bambino: nothing was recorded. Sides: `child:`, `parents:`, `environment:`. If you did not mean a side, remove the colon.",
  "viewpoint.sideWordNear":
    "“{value}” is not a side of Il Mondo del Bambino. Did you mean {suggestion}? Nothing was recorded. Sides: `child:`, `parents:`, `environment:`.",
  "outcome.missing": "Write the decision taken.",
  "outcome.tooManyActions": "At most {max} actions.",
  "outcome.actionUnreadable":
    "I cannot read the action “{value}”. One per line: who | what | by when, for example `educator | call the school | 2026-12-10`.",
  "outcome.actionDate":
    "“{value}” is not a future date. Example: `10/12` (day first), `Dec 10` or `2026-12-10`.",
  "outcome.actionOwner":
    "I cannot find “{value}” in the équipe. Its members: {names}. Give their name, e-mail, or role (if only one person has it).",
  "outcome.actionOwnerSeveral":
    "“{value}” could be more than one person: {names}. Write the full name or the e-mail of who takes it on.",
  "outcome.reviewDate": "“{value}” is not a future date. Example: `15/3` (day first) or `March 15 2027`.",
  "outcome.overrideNeeded":
    "The viewpoints of {names} are missing: to record the outcome anyway, write the reason in its field.",
  "dform.title": "Équipe decision",
  "dform.question": "Question",
  "dform.questionHint": "For example: do we include the family in the home education plan?",
  "dform.context": "Context (short, no names)",
  "dform.kind": "Kind of answer",
  "dform.kindStances": "Stance: agree, doubts, disagree, need more information",
  "dform.kindOptions": "Choice among options",
  "dform.options": "Options (for a choice only, one per line)",
  "dform.deadline": "Answer by",
  "dform.participants": "Who must answer",
  "dform.participantsHint":
    "Everyone, unless you choose otherwise. People not on the list are not asked but can answer with `/equipe decision`.",
  "dform.member": "{name} ({role})",
  "dform.familyReason": "Why the family does not answer (required if you take a family member off)",
  "vform.title": "Your viewpoint",
  "vform.answer": "Your answer",
  "vform.reason": "Reason (required unless you agree)",
  "vform.side": "Which side of Il Mondo del Bambino it speaks to",
  "vform.sideNone": "None in particular",
  "oform.title": "Decision outcome",
  "oform.outcome": "Decision taken",
  "oform.actions": "Actions (one per line: who | what | by when)",
  "oform.actionsHint":
    "Example: educator | call the school | 2026-12-10. Who: e-mail, name, or role (if only one person has it).",
  "oform.review": "Review date (optional)",
  "oform.override": "Reason to decide without every viewpoint (only if some are missing)",
  "stance.agree": "agree",
  "stance.doubts": "have doubts",
  "stance.disagree": "disagree",
  "stance.more_info": "need more information",
  "side.child_needs": "the child's needs",
  "side.parent_responses": "the parents' responses",
  "side.family_environment": "family and environment",
  "decision.ask":
    "**{caseCode}** — the équipe must decide: “{question}”{context}\nGive your viewpoint by {deadline}. You will see the others' after giving yours.",
  "decision.askButton": "Give your viewpoint",
  "decision.askClosed": "**{caseCode}** — équipe decision: “{question}”{context}",
  "decision.closedExpired": "Decision closed on {date} (deadline passed): it takes no more viewpoints.",
  "decision.closedAnswered": "Decision closed on {date}: everybody has answered.",
  "decision.closedRecorded": "Decision closed on {date} (outcome recorded).",
  "decision.closedWithdrawn": "Decision closed on {date} (withdrawn).",
  "decision.statusClosed": "**{caseCode}** — “{question}”: {answered} of {total} viewpoints.",
  "decision.changeButton": "Change your viewpoint",
  "decision.opened": "Decision opened.\n{report}",
  "decision.notReachedHint": "hear their viewpoint yourself and record it with `/equipe viewpoint`.",
  "decision.channel":
    "**{caseCode}** — decision in progress: “{question}”. Viewpoints: {answered} of {total}. Deadline: {deadline}.",
  "decision.channelClosed":
    "**{caseCode}** — decision “{question}”: closed, {answered} of {total} viewpoints.",
  "viewpoint.saved": "Your viewpoint is recorded: {answer}. You can change it until the decision closes.",
  "viewpoint.others": "The others' viewpoints so far:",
  "viewpoint.noneYet": "Nobody else has answered yet.",
  "viewpoint.line": "• {who} ({role}): {answer}{side}{reason}{recorded}",
  "viewpoint.recordedBy": " — recorded by {who} on their behalf{how}",
  "heard.phone": ", heard by phone",
  "heard.in_person": ", heard in person",
  "heard.written": ", in writing",
  "viewpoint.recordDone": "Viewpoint of {who} recorded (by you, on their behalf).",
  "decision.status": "**{caseCode}** — “{question}”: {answered} of {total} viewpoints. Deadline: {deadline}.",
  "decision.channelOptional": "Other members may give an optional viewpoint with `/equipe decision`.",
  "decision.optionalButton": "Give a viewpoint (optional)",
  "decision.askCancelled": "Decision withdrawn by the coordinator. Reason: {reason}",
  "withdraw.title": "Withdraw the decision",
  "withdraw.reasonLabel": "Why withdraw it?",
  "withdraw.hint":
    "“{question}” — asked: {names}; {answered} of {total} have answered. The reason reaches those asked and stays in the record; viewpoints already given stay.",
  "withdraw.submit": "Withdraw and tell them",
  "withdraw.notice":
    "The équipe's coordinator withdrew a decision you had been asked about: it is no longer needed. Reason: {reason}",
  "decision.channelCancelled": "**{caseCode}** — the decision “{question}” was withdrawn. Reason: {reason}",
  "decision.cancelDone": "Decision “{question}” withdrawn; viewpoints already given stay in the record.",
  "decision.cancelled": "This decision was withdrawn by the coordinator: your viewpoint is no longer needed.",
  "decision.statusHidden": "You will see the others' viewpoints after giving yours.",
  "decision.missing": "Missing: {names}.",
  "decision.pictureHeader": "**{caseCode}** — viewpoints on “{question}” are closed: {answered} of {total}.",
  "decision.sidesMissing": "Nobody spoke to: {sides}.",
  "decision.allSides": "Every side of Il Mondo del Bambino was spoken to by at least one viewpoint.",
  "decision.familyExcluded": {
    one: "{names} was not asked for a viewpoint — reason: {reason}",
    other: "{names} were not asked for a viewpoint — reason: {reason}",
  },
  "decision.outcomeButton": "Record the outcome",
  "decision.outcomeChannel": "**{caseCode}** — decision on “{question}”: {outcome}",
  "decision.actionsHeader": "Actions:",
  "decision.actionLine": "• {who}: {what} — by {due}",
  "decision.reviewLine": "Review: {date}.",
  "decision.outcomeMissing": "Outcome recorded without the viewpoint of {names}. Reason: {reason}",
  "decision.outcomeDone": "Outcome recorded and posted to the équipe's channel.",
  "decision.reminder":
    "Reminder: **{caseCode}** — your viewpoint on “{question}” is missing. Deadline: {deadline}.",
  "decision.reminderExternal": {
    one: "Reminder: for **{caseCode}** the viewpoint of {names} on “{question}” is missing: ask for it and record it with `/equipe viewpoint`.",
    other:
      "Reminder: for **{caseCode}** the viewpoints of {names} on “{question}” are missing: ask for them and record them with `/equipe viewpoint`.",
  },
  "decision.reminderLetter.subject": "Reminder: what do you think?",
  "decision.reminderLetter.subjectProfessional": "Reminder: viewpoint for équipe {caseCode}",
  "decision.reminderLetter.plain":
    "Reminder: {equipe} wants to know what you think about a decision, before taking it. You can answer until {deadline}.",
  "decision.reminderLetter.professional":
    "Reminder: **{caseCode}** — your viewpoint on a decision is missing. Deadline: {deadline}.",
  "decision.reminderLetter.link": "Say what you think",
  "decision.reminderShort.plain":
    "Reminder: {equipe} wants to know what you think about a decision. Answer by {deadline} here: {link}",
  "decision.reminderShort.professional":
    "Reminder, équipe {caseCode}: your viewpoint on a decision is missing. Answer by {deadline} here: {link}",
  "decision.reminderByHand":
    "**{caseCode}** — reminders about the viewpoint on “{question}” (deadline: {deadline}).",
  "decision.inviteLetter.subject": "What do you think?",
  "decision.inviteLetter.subjectProfessional": "Viewpoint for équipe {caseCode}",
  "decision.inviteLetter.plain":
    "Before taking a decision, {equipe} wants to know what you think. You can answer until {deadline}, and change your mind until then.",
  "decision.inviteLetter.professional":
    "**{caseCode}** — your viewpoint on a decision is asked. Deadline: {deadline}.",
  "decision.inviteShort.plain":
    "Before taking a decision, {equipe} wants to know what you think. Answer by {deadline} here: {link}",
  "decision.inviteShort.professional":
    "Équipe {caseCode}: your viewpoint on a decision is asked. Answer by {deadline} here: {link}",
  "decision.inviteByHand":
    "**{caseCode}** — new decision, “{question}” (deadline: {deadline}): members outside chat with only a phone get the link from you.",
  "action.reminderLetter.plain": "Reminder: with {equipe} you took something on: {what}, by {due}.",
  "action.reminderShort.link": " Your page: {link}",
  "action.reminderByHand": "**{caseCode}** — a reminder of an action: {what}, by {due}.",
  "action.reminder": "Reminder: **{caseCode}** — an action for you: {what}, by {due}.",
  "review.due": "**{caseCode}** — today is the review date of the decision “{question}”. Convene the équipe?",
  "review.button": "Convene the meeting",
  "email.action.subject": "Reminder from the équipe: {what}",
  "md.title": "Équipe decision — {caseCode}",
  "md.question": "**Question:** {question}",
  "md.context": "**Context:** {context}",
  "md.opened": "Opened by {who} on {date}; deadline {deadline}.",
  "md.collecting": "Viewpoints are still being collected: as of {date}.",
  "md.closed": "Viewpoints closed on {date}.",
  "md.viewpoints": "Viewpoints",
  "md.viewpoint": "**{who}**: {stance}",
  "md.stance": "{answer} ({date}){side}{recorded}{reason}",
  "md.earlier": "earlier: {stance}",
  "md.side": " — about {side}",
  "md.recorded": " — recorded by {who}{how}",
  "md.how.phone": ", heard by phone",
  "md.how.in_person": ", heard in person",
  "md.how.written": ", in writing",
  "md.reason": " — reason: {reason}",
  "md.noViewpoints": "No viewpoint was recorded.",
  "md.missing": {
    one: "No viewpoint from {names}.",
    other: "No viewpoints from {names}.",
  },
  "md.outcome": "Outcome",
  "md.noOutcome": "Outcome not recorded yet.",
  "md.review": "Review planned on {date}.",
  "md.cancelled": "Decision withdrawn by {who} on {date}. Reason: {reason}",
  "md.asked": "**Who had to answer:** {names}",
  "md.recordedAt": "Outcome recorded by {who} on {date}.",
  "md.trail": "Trail",
  "md.minutes": "Taken at the meeting on {date}: meeting minutes, version {number}.",
  "md.trailLine": "{date} — {who}: {action}",
  "md.trailAuto": "{date} — {action}",
  "md.produced": "Record produced on {date}.",
  "md.actionLine": "{who}: {what} — by {due}",
  "export.done": "Decision record for the case file (Markdown), also attached where the platform allows:",
  "audit.decision.opened": "opened the decision",
  "audit.decision.cancelled": "withdrew the decision",
  "audit.decision.familyExcluded": "did not ask every family member, giving the reason",
  "audit.decision.answered": "gave their viewpoint",
  "audit.decision.changed": "changed their viewpoint",
  "audit.decision.recordedFor": "recorded a viewpoint on a member's behalf",
  "audit.decision.closed": "viewpoints closed",
  "audit.decision.override": "recorded the outcome without every viewpoint, giving the reason",
  "audit.decision.outcome": "recorded the outcome",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof decisionsIt, typeof decisionsEn> = true;
void check;
