import type { Locale } from "../../src/i18n/locale.ts";
import { escapeHtml } from "./render.ts";

/**
 * The words of the pages themselves (titles, buttons, errors, the frame around what the core
 * says), in plain Italian first (Designers Italia, "Linguaggio") and in English. `{name}` is a
 * placeholder, filled with text that is escaped, or with content the page renders itself. Titles
 * say nothing about the case: a browser's history and tabs are seen by others.
 */
const it = {
  brand: "Équipe",
  "title.personal": "Équipe — la tua pagina",
  "title.poll": "Équipe — quando puoi venire",
  "title.done": "Équipe — risposte salvate",
  "title.closed": "Équipe — scelta degli orari chiusa",
  "title.forbidden": "Équipe — risposte non salvate",
  "title.notSaved": "Équipe — risposte non salvate",
  "title.decision": "Équipe — il tuo punto di vista",
  "title.decisionDone": "Équipe — punto di vista salvato",
  "title.decisionClosed": "Équipe — decisione chiusa",
  "title.decisionForbidden": "Équipe — punto di vista non salvato",
  "title.decided": "Équipe — cosa è stato deciso",
  "title.errorPrefix": "Errore: ",
  "lang.switch": "English",
  footer: "Questa pagina è solo tua: non inoltrare il link a nessuno.",
  back: "Torna alla tua pagina",

  "personal.heading": "La tua pagina",
  "personal.hello": "Ciao {name}",
  "personal.equipe": "Qui trovi quello che riguarda te e {equipe}.",
  "personal.waiting": "Cosa ti chiediamo",
  "personal.nothing": "Per ora non c'è niente da fare.",
  "personal.poll": "Dicci quando puoi venire al prossimo incontro. Rispondi entro {deadline}.",
  "personal.pollLink": "Scegli gli orari",
  "personal.pollAnswered":
    "Hai già detto quando puoi venire al prossimo incontro. Puoi cambiare le risposte fino a {deadline}.",
  "personal.pollChange": "Cambia le risposte",
  "personal.decision": "L'équipe vuole sapere cosa ne pensi di questa domanda:",
  "personal.decisionHow": "Rispondi entro {deadline}.",
  "personal.decisionAnswered":
    "Hai già dato il tuo punto di vista su questa domanda. Puoi cambiarlo fino a {deadline}.",
  "personal.decisionOptional": "Per te rispondere è facoltativo, ma chi decide leggerà quello che scrivi.",
  "personal.decisionLink": "Dai il tuo punto di vista",
  "personal.decisionChange": "Cambia il tuo punto di vista",
  "personal.decided": "Cosa è stato deciso",
  "personal.decidedText": "Le decisioni prese dall'équipe e quello che ti è chiesto di fare.",
  "personal.decidedLink": "Guarda cosa è stato deciso",
  "personal.summary": "La sintesi",
  "personal.summaryToRead": "Sintesi: versione {number} — da leggere.",
  "personal.summaryToReadBy": "Sintesi: versione {number} — da leggere entro il {date}.",
  "personal.summaryAcknowledged": "Sintesi: versione {number} — presa visione il {date}.",
  "personal.summaryNothingNew": "Sintesi: versione {number} — niente di nuovo per te.",
  "personal.summaryLink": "Leggi la sintesi",
  "personal.meetings": "I prossimi incontri",
  "personal.noMeetings": "Non ci sono incontri fissati.",
  "personal.addToCalendar": "Aggiungi al calendario",
  "personal.addToCalendarWhich": "l'incontro di {when}",
  "personal.feed": "Il tuo calendario",
  "personal.feedText":
    "Collega il tuo calendario a questo indirizzo: vedrai da solo gli incontri dell'équipe, anche quelli nuovi o spostati.",
  "personal.feedLink": "Collega il calendario",
  place: "Luogo: {place}",

  "poll.heading": "Quando puoi venire?",
  "poll.what": "{title}, {minutes} minuti.",
  "poll.how": "Per ogni orario scegli una risposta. Puoi cambiarle fino a {deadline}.",
  "answer.yes": "Sì",
  "answer.if_needed": "Se necessario",
  "answer.no": "No",
  "answer.none": "nessuna risposta",
  "poll.submit": "Invia le risposte",
  "poll.missing": "Scegli una risposta per {when}",
  "error.summary": "C'è un problema",
  "error.label": "Errore:",

  "decision.heading": "Sei d'accordo?",
  "decision.headingOptions": "Cosa scegli?",
  "decision.intro":
    "Prima di decidere, l'équipe vuole sapere cosa ne pensi. Questa è la domanda, come l'ha scritta chi coordina:",
  "decision.context": "Per capire meglio:",
  "decision.when": "Puoi rispondere fino a {deadline}. Fino ad allora puoi anche cambiare idea.",
  "decision.optional":
    "Per te rispondere è facoltativo: l'équipe non aspetta la tua risposta per decidere, ma chi decide la leggerà.",
  "decision.answer": "La tua risposta",
  "stance.agree": "Sì, sono d'accordo",
  "stance.doubts": "Ho dei dubbi",
  "stance.disagree": "No, non sono d'accordo",
  "stance.more_info": "Mi servono più informazioni",
  "decision.reason": "Perché?",
  "decision.reasonRule":
    "Se non sei d'accordo, hai dei dubbi o ti servono più informazioni, scrivi perché: serve a chi decide. Se sei d'accordo, puoi lasciarlo vuoto. Al massimo {max} caratteri.",
  "decision.reasonRuleFree": "Se vuoi, scrivi perché. Al massimo {max} caratteri.",
  "decision.side": "Di cosa parla soprattutto quello che dici? (facoltativo)",
  "decision.sideHint":
    "L'équipe guarda la vita del bambino da tre lati. Se quello che dici riguarda soprattutto uno di questi, sceglilo: aiuta a non dimenticarne nessuno.",
  "side.none": "Nessuno in particolare",
  "side.child_needs": "Quello di cui ha bisogno il bambino o la bambina",
  "side.parent_responses": "Come i genitori rispondono a questi bisogni",
  "side.family_environment": "La famiglia, la casa, le persone e i luoghi intorno",
  "decision.submit": "Invia il tuo punto di vista",
  "decision.othersHidden": "Vedrai cosa ne pensano gli altri dopo aver dato il tuo punto di vista.",
  "decision.yours": "Il tuo punto di vista",
  "decision.yourAnswer": "Risposta: {answer}",
  "decision.yourReason": "Perché: {reason}",
  "decision.yourSide": "Riguarda: {side}",
  "decision.others": "Cosa ne pensano gli altri finora",
  "decision.othersClosed": "I punti di vista dell'équipe",
  "decision.noOthers": "Nessun altro ha ancora risposto.",
  "decision.noOthersClosed": "Nessun altro ha risposto.",

  "decisionDone.heading": "Punto di vista salvato",
  "decisionDone.text": "Grazie. Chi coordina l'équipe lo vede, e conta come quello di tutti gli altri.",
  "decisionDone.change": "Puoi cambiarlo fino a {deadline}.",

  "decisionClosed.heading": "Non si raccolgono più punti di vista",
  "decisionClosed.closed":
    "Chi coordina l'équipe ora scrive cosa è stato deciso: lo troverai nella tua pagina.",
  "decisionClosed.recordedHeading": "La decisione è stata presa",
  "decisionClosed.outcome": "Cosa è stato deciso:",
  "decisionClosed.cancelledHeading": "La decisione è stata ritirata",
  "decisionClosed.cancelled": "Chi coordina l'équipe l'ha ritirata, con questo motivo:",
  "decisionClosed.nothing": "Non devi fare niente.",
  "decisionClosed.question": "La domanda era:",

  "decisionForbidden.heading": "Il tuo punto di vista non è stato salvato",
  "decisionForbidden.text":
    "Il modulo è arrivato incompleto o non è più valido, quindi non abbiamo salvato niente. Apri di nuovo la pagina e invia ancora il tuo punto di vista.",
  "decisionForbidden.link": "Apri di nuovo la domanda",
  "decisionNotSaved.link": "Guarda di nuovo la domanda",

  "decided.heading": "Cosa è stato deciso",
  "decided.none": "Non ci sono ancora decisioni prese che ti riguardano.",
  "decided.on": "Decisione registrata {date}.",
  "decided.outcome": "Cosa è stato deciso:",
  "decided.yourActions": "Cosa ti è chiesto di fare",
  "decided.action": "entro {due}",
  "decided.actionPast": "era da fare entro {due}",
  "decided.noActions": "Da questa decisione non ti è chiesto niente.",

  "done.heading": "Risposte salvate",
  "done.text": "Grazie. Chi coordina l'équipe vede le tue risposte.",
  "done.yours": "Le tue risposte",
  "done.change": "Puoi cambiarle fino a {deadline}.",

  "closed.heading": "La scelta degli orari è chiusa",
  "closed.expired":
    "Il tempo per rispondere è finito {deadline}. Chi coordina l'équipe ora sceglie l'orario: quando l'incontro è fissato, lo trovi nella tua pagina.",
  "closed.confirmed": "L'incontro è fissato: {when}.",
  "closed.cancelled": "L'incontro è stato annullato. Non devi fare niente.",

  "forbidden.heading": "Le risposte non sono state salvate",
  "forbidden.text":
    "Il modulo è arrivato incompleto o non è più valido, quindi non abbiamo salvato niente. Apri di nuovo la pagina e invia ancora le risposte.",
  "forbidden.link": "Apri di nuovo la scelta degli orari",

  "notSaved.heading": "Non tutte le risposte sono state salvate",
  "notSaved.text": "Ecco cosa è successo:",
  "notSaved.link": "Guarda di nuovo la scelta degli orari",

  "notFound.title": "Équipe — pagina non trovata",
  "notFound.heading": "Pagina non trovata",
  "notFound.text":
    "Il link non funziona: forse è incompleto, oppure non è più valido. Controlla di averlo copiato tutto, o chiedi un nuovo link a chi coordina l'équipe.",
  "tooMany.title": "Équipe — troppi tentativi",
  "tooMany.heading": "Troppi tentativi",
  "tooMany.text":
    "Da questa connessione sono arrivati troppi link che non funzionano. Riprova fra {minutes} minuti.",
  "failure.title": "Équipe — qualcosa non ha funzionato",
  "failure.heading": "Qualcosa non ha funzionato",
  "failure.text":
    "Non è colpa tua. Riprova fra qualche minuto; se non funziona ancora, chiedi a chi coordina l'équipe.",
  "badRequest.title": "Équipe — richiesta non valida",
  "badRequest.heading": "Richiesta non valida",
  "badRequest.text":
    "La pagina non è riuscita a leggere quello che è stato inviato. Torna indietro e riprova.",
  "title.summaryEdit": "Équipe — editor della sintesi",
  "title.summaryVersion": "Équipe — versione della sintesi",
  "title.summaryRead": "Équipe — la sintesi da leggere",
  "title.summaryForbidden": "Équipe — niente è stato salvato",
  "summaryEdit.heading": "Sintesi del caso {caseCode}",
  "summaryEdit.intro":
    "Scrivi ogni sezione e scegli chi la legge. «Salva la bozza» la tiene per te; «Fai circolare» crea una nuova versione numerata e avvisa chi legge le sezioni cambiate.",
  "summaryEdit.latest": "Ultima versione circolata: la {number}, il {date}.",
  "summaryEdit.noVersion": "Nessuna versione è ancora circolata.",
  "summaryEdit.draft": "Stai modificando una bozza salvata il {date}, non ancora circolata.",
  "summaryEdit.answers": "Fatto",
  "summaryEdit.notDone": "Non è stato fatto niente",
  "summaryEdit.textHint": "Al massimo {max} caratteri. Una riga vuota separa i paragrafi.",
  "summaryEdit.readers": "Chi legge «{title}»",
  "summaryEdit.readersHint":
    "Tutti, famiglia compresa; oppure solo i ruoli che scegli. Chi coordina legge sempre tutto.",
  "summaryEdit.onlyRoles": "Oppure solo questi ruoli:",
  "summaryEdit.noteHint": "In poche parole: i lettori lo vedono nell'avviso. Al massimo {max} caratteri.",
  "summaryEdit.dateHint": "Facoltativo. Chi non ha preso visione entro quel giorno riceve un promemoria.",
  "summaryEdit.history": "Versioni circolate",
  "summaryEdit.historyNone": "Ancora nessuna.",
  "summaryEdit.historyLine": "Versione {number}, circolata il {date}",
  "summaryEdit.print": "pagina da stampare",
  "summaryEdit.markdown": "file Markdown",
  "summaryEdit.printWhich": "della versione {number}",
  "summaryVersion.printHint": "Per stamparla o salvarla in PDF usa il comando Stampa del browser.",
  "summaryVersion.back": "Torna all'editor",
  "summaryForbidden.heading": "Niente è stato salvato",
  "summaryForbidden.text":
    "Il modulo è arrivato incompleto o non è più valido, quindi non abbiamo salvato niente. Apri di nuovo la pagina e riprova.",
  "summaryForbidden.editor": "Apri di nuovo l'editor",
  "summaryForbidden.read": "Apri di nuovo la sintesi",
  "summaryRead.intro":
    "Qui leggi solo le parti della sintesi pensate per te. Nessun altro vede questa pagina.",
  "summaryRead.circulated": "Circolata il {date}.",
  "summaryRead.asked": "Ti chiediamo di leggere e di confermare la presa visione di: {sections}.",
  "summaryRead.askedBy":
    "Ti chiediamo di leggere e di confermare la presa visione entro il {date} di: {sections}.",
  "summaryRead.nothingNew": "Niente di nuovo da confermare per te in questa versione.",
  "summaryRead.readers": "La leggono: {audience}",
  "summaryRead.new": "nuova per te",
  "summaryRead.changedSince": "Che cosa è cambiato dalla versione {number}, di cui avevi preso visione:",
  "summaryRead.sameSince": "Invariata dalla versione {number}, di cui hai già preso visione.",
  "summaryRead.full": "Leggi il testo completo",
  "summaryRead.changesOnly": "Mostra solo che cosa è cambiato",
  "summaryRead.ackHeading": "Presa visione",
  "summaryRead.ackSubmit": "Conferma",
  "summaryRead.requestHeading": "Vuoi aggiungere o correggere qualcosa?",
  "summaryRead.requestSubmit": "Invia la richiesta",
  "summaryRead.noSection": "Scegli una sezione",
  "title.minutesEdit": "Équipe — editor del verbale",
  "title.minutesVersion": "Équipe — versione del verbale",
  "title.minutesRead": "Équipe — il verbale da leggere",
  "minutesEdit.heading": "Verbale dell'incontro del {date}",
  "minutesEdit.case": "Caso {caseCode}.",
  "minutesEdit.intro":
    "Segna chi era presente e le decisioni prese, poi scrivi che cosa si è detto e i prossimi passi, e scegli chi legge ogni parte. «Salva la bozza» lo tiene per te; «Fai circolare» crea una nuova versione numerata e avvisa chi la legge.",
  "minutesEdit.facts": "L'incontro",
  "minutesEdit.attendees": "Chi era presente",
  "minutesEdit.attendeesHint": "Segna ogni persona dell'équipe presente all'incontro.",
  "minutesEdit.decisions": "Decisioni prese in questo incontro",
  "minutesEdit.decisionsHint":
    "Segna le decisioni prese all'incontro: il loro esito verrà collegato a questo verbale.",
  "minutesEdit.noDecisions": "L'équipe non ha ancora decisioni da collegare a questo verbale.",
  "minutesEdit.unavailable": "Il verbale non si può scrivere",
  "minutesRead.heading": "Verbale dell'incontro del {date} — versione {number}",
  "minutesRead.intro": "Qui leggi solo le parti del verbale pensate per te. Nessun altro vede questa pagina.",
  "minutesRead.facts": "L'incontro",
  "personal.minutes": "I verbali degli incontri",
  "personal.minutesToRead": "Verbale dell'incontro del {date}: versione {number} — da leggere.",
  "personal.minutesToReadBy":
    "Verbale dell'incontro del {date}: versione {number} — da leggere entro il {by}.",
  "personal.minutesAcknowledged":
    "Verbale dell'incontro del {date}: versione {number} — presa visione il {on}.",
  "personal.minutesNothingNew":
    "Verbale dell'incontro del {date}: versione {number} — niente di nuovo per te.",
  "personal.minutesLink": "Leggi il verbale",
  "personal.minutesLinkWhich": "dell'incontro del {date}",
  "summaryRead.answers": "Fatto",
} as const;

export type WordKey = keyof typeof it;

const en: Record<WordKey, string> = {
  brand: "Équipe",
  "title.personal": "Équipe — your page",
  "title.poll": "Équipe — when can you come",
  "title.done": "Équipe — answers saved",
  "title.closed": "Équipe — time poll closed",
  "title.forbidden": "Équipe — answers not saved",
  "title.notSaved": "Équipe — answers not saved",
  "title.decision": "Équipe — your viewpoint",
  "title.decisionDone": "Équipe — viewpoint saved",
  "title.decisionClosed": "Équipe — decision closed",
  "title.decisionForbidden": "Équipe — viewpoint not saved",
  "title.decided": "Équipe — what was decided",
  "title.errorPrefix": "Error: ",
  "lang.switch": "Italiano",
  footer: "This page is yours alone: do not forward the link to anyone.",
  back: "Back to your page",

  "personal.heading": "Your page",
  "personal.hello": "Hello {name}",
  "personal.equipe": "Here is what concerns you and {equipe}.",
  "personal.waiting": "What we ask of you",
  "personal.nothing": "There is nothing to do for now.",
  "personal.poll": "Tell us when you can come to the next meeting. Answer by {deadline}.",
  "personal.pollLink": "Choose times",
  "personal.pollAnswered":
    "You have told us when you can come to the next meeting. You can change your answers until {deadline}.",
  "personal.pollChange": "Change your answers",
  "personal.decision": "The équipe would like to know what you think about this question:",
  "personal.decisionHow": "Answer by {deadline}.",
  "personal.decisionAnswered":
    "You have given your viewpoint on this question. You can change it until {deadline}.",
  "personal.decisionOptional": "Answering is optional for you, but whoever decides will read what you write.",
  "personal.decisionLink": "Give your viewpoint",
  "personal.decisionChange": "Change your viewpoint",
  "personal.decided": "What was decided",
  "personal.decidedText": "The équipe's decisions and what you are asked to do.",
  "personal.decidedLink": "See what was decided",
  "personal.summary": "The summary",
  "personal.summaryToRead": "Summary: version {number} — to read.",
  "personal.summaryToReadBy": "Summary: version {number} — to read by {date}.",
  "personal.summaryAcknowledged": "Summary: version {number} — acknowledged on {date}.",
  "personal.summaryNothingNew": "Summary: version {number} — nothing new for you.",
  "personal.summaryLink": "Read the summary",
  "personal.meetings": "Next meetings",
  "personal.noMeetings": "No meetings are scheduled.",
  "personal.addToCalendar": "Add to calendar",
  "personal.addToCalendarWhich": "the meeting on {when}",
  "personal.feed": "Your calendar",
  "personal.feedText":
    "Connect your calendar to this address: it will show the équipe's meetings by itself, new or moved ones too.",
  "personal.feedLink": "Connect your calendar",
  place: "Place: {place}",

  "poll.heading": "When can you come?",
  "poll.what": "{title}, {minutes} minutes.",
  "poll.how": "Choose an answer for each time. You can change them until {deadline}.",
  "answer.yes": "Yes",
  "answer.if_needed": "If needed",
  "answer.no": "No",
  "answer.none": "no answer",
  "poll.submit": "Send answers",
  "poll.missing": "Choose an answer for {when}",
  "error.summary": "There is a problem",
  "error.label": "Error:",

  "decision.heading": "Do you agree?",
  "decision.headingOptions": "What do you choose?",
  "decision.intro":
    "Before deciding, the équipe would like to know what you think. This is the question, as the coordinator wrote it:",
  "decision.context": "To understand it better:",
  "decision.when": "You can answer until {deadline}. Until then you can also change your mind.",
  "decision.optional":
    "Answering is optional for you: the équipe does not wait for your answer to decide, but whoever decides will read it.",
  "decision.answer": "Your answer",
  "stance.agree": "Yes, I agree",
  "stance.doubts": "I have doubts",
  "stance.disagree": "No, I do not agree",
  "stance.more_info": "I need more information",
  "decision.reason": "Why?",
  "decision.reasonRule":
    "If you do not agree, have doubts or need more information, write why: it helps whoever decides. If you agree, you can leave it empty. At most {max} characters.",
  "decision.reasonRuleFree": "If you like, write why. At most {max} characters.",
  "decision.side": "What is it mostly about? (optional)",
  "decision.sideHint":
    "The équipe looks at the child's life from three sides. If what you say is mostly about one of them, choose it: it helps not to forget any.",
  "side.none": "None in particular",
  "side.child_needs": "What the child needs",
  "side.parent_responses": "How the parents respond to those needs",
  "side.family_environment": "The family, the home, the people and places around",
  "decision.submit": "Send your viewpoint",
  "decision.othersHidden": "You will see what the others think after giving your viewpoint.",
  "decision.yours": "Your viewpoint",
  "decision.yourAnswer": "Answer: {answer}",
  "decision.yourReason": "Why: {reason}",
  "decision.yourSide": "About: {side}",
  "decision.others": "What the others think so far",
  "decision.othersClosed": "The équipe's viewpoints",
  "decision.noOthers": "Nobody else has answered yet.",
  "decision.noOthersClosed": "Nobody else answered.",

  "decisionDone.heading": "Viewpoint saved",
  "decisionDone.text":
    "Thank you. The équipe's coordinator can see it, and it counts as everyone else's does.",
  "decisionDone.change": "You can change it until {deadline}.",

  "decisionClosed.heading": "Viewpoints are no longer collected",
  "decisionClosed.closed":
    "The équipe's coordinator is now writing down what was decided: you will find it on your page.",
  "decisionClosed.recordedHeading": "The decision has been taken",
  "decisionClosed.outcome": "What was decided:",
  "decisionClosed.cancelledHeading": "The decision was withdrawn",
  "decisionClosed.cancelled": "The équipe's coordinator withdrew it, for this reason:",
  "decisionClosed.nothing": "There is nothing you need to do.",
  "decisionClosed.question": "The question was:",

  "decisionForbidden.heading": "Your viewpoint was not saved",
  "decisionForbidden.text":
    "The form arrived incomplete or is no longer valid, so nothing was saved. Open the page again and send your viewpoint again.",
  "decisionForbidden.link": "Open the question again",
  "decisionNotSaved.link": "Look at the question again",

  "decided.heading": "What was decided",
  "decided.none": "No decisions that concern you have been taken yet.",
  "decided.on": "Decision recorded on {date}.",
  "decided.outcome": "What was decided:",
  "decided.yourActions": "What you are asked to do",
  "decided.action": "by {due}",
  "decided.actionPast": "was due by {due}",
  "decided.noActions": "Nothing is asked of you from this decision.",

  "done.heading": "Answers saved",
  "done.text": "Thank you. The équipe's coordinator can see your answers.",
  "done.yours": "Your answers",
  "done.change": "You can change them until {deadline}.",

  "closed.heading": "The time poll is closed",
  "closed.expired":
    "The time to answer ended on {deadline}. The équipe's coordinator is now choosing the time: once the meeting is set, you will find it on your page.",
  "closed.confirmed": "The meeting is set: {when}.",
  "closed.cancelled": "The meeting was cancelled. There is nothing you need to do.",

  "forbidden.heading": "Your answers were not saved",
  "forbidden.text":
    "The form arrived incomplete or is no longer valid, so nothing was saved. Open the page again and send your answers again.",
  "forbidden.link": "Open the time poll again",

  "notSaved.heading": "Not all your answers were saved",
  "notSaved.text": "This is what happened:",
  "notSaved.link": "Look at the time poll again",

  "notFound.title": "Équipe — page not found",
  "notFound.heading": "Page not found",
  "notFound.text":
    "The link does not work: it may be incomplete, or no longer valid. Check that you copied all of it, or ask the équipe's coordinator for a new link.",
  "tooMany.title": "Équipe — too many attempts",
  "tooMany.heading": "Too many attempts",
  "tooMany.text":
    "Too many links that do not work came from this connection. Try again in {minutes} minutes.",
  "failure.title": "Équipe — something went wrong",
  "failure.heading": "Something went wrong",
  "failure.text":
    "It is not your fault. Try again in a few minutes; if it still does not work, ask the équipe's coordinator.",
  "badRequest.title": "Équipe — request not valid",
  "badRequest.heading": "Request not valid",
  "badRequest.text": "The page could not read what was sent. Go back and try again.",
  "title.summaryEdit": "Équipe — summary editor",
  "title.summaryVersion": "Équipe — summary version",
  "title.summaryRead": "Équipe — the summary to read",
  "title.summaryForbidden": "Équipe — nothing was saved",
  "summaryEdit.heading": "Case summary {caseCode}",
  "summaryEdit.intro":
    "Write each section and choose who reads it. “Save the draft” keeps it for you; “Circulate” makes a new numbered version and tells the readers of the sections that changed.",
  "summaryEdit.latest": "Latest version circulated: number {number}, on {date}.",
  "summaryEdit.noVersion": "No version has been circulated yet.",
  "summaryEdit.draft": "You are editing a draft saved on {date}, not circulated yet.",
  "summaryEdit.answers": "Done",
  "summaryEdit.notDone": "Nothing was done",
  "summaryEdit.textHint": "At most {max} characters. An empty line separates paragraphs.",
  "summaryEdit.readers": "Who reads “{title}”",
  "summaryEdit.readersHint":
    "Everyone, the family included; or only the roles you choose. Coordinators always read all of it.",
  "summaryEdit.onlyRoles": "Or only these roles:",
  "summaryEdit.noteHint": "In a few words: readers see it in the notice. At most {max} characters.",
  "summaryEdit.dateHint": "Optional. Whoever has not acknowledged it by that day gets a reminder.",
  "summaryEdit.history": "Versions circulated",
  "summaryEdit.historyNone": "None yet.",
  "summaryEdit.historyLine": "Version {number}, circulated on {date}",
  "summaryEdit.print": "printable page",
  "summaryEdit.markdown": "Markdown file",
  "summaryEdit.printWhich": "of version {number}",
  "summaryVersion.printHint": "To print it or save it as PDF, use your browser's Print command.",
  "summaryVersion.back": "Back to the editor",
  "summaryForbidden.heading": "Nothing was saved",
  "summaryForbidden.text":
    "The form arrived incomplete or is no longer valid, so nothing was saved. Open the page again and try again.",
  "summaryForbidden.editor": "Open the editor again",
  "summaryForbidden.read": "Open the summary again",
  "summaryRead.intro":
    "Here you read only the parts of the summary meant for you. Nobody else sees this page.",
  "summaryRead.circulated": "Circulated on {date}.",
  "summaryRead.asked": "Please read and acknowledge: {sections}.",
  "summaryRead.askedBy": "Please read and acknowledge by {date}: {sections}.",
  "summaryRead.nothingNew": "Nothing new for you to acknowledge in this version.",
  "summaryRead.readers": "Read by: {audience}",
  "summaryRead.new": "new to you",
  "summaryRead.changedSince": "What changed since version {number}, which you acknowledged:",
  "summaryRead.sameSince": "Unchanged since version {number}, which you acknowledged.",
  "summaryRead.full": "Read the full text",
  "summaryRead.changesOnly": "Show only what changed",
  "summaryRead.ackHeading": "Acknowledgement",
  "summaryRead.ackSubmit": "Confirm",
  "summaryRead.requestHeading": "Would you like to add or correct something?",
  "summaryRead.requestSubmit": "Send the request",
  "summaryRead.noSection": "Choose a section",
  "title.minutesEdit": "Équipe — minutes editor",
  "title.minutesVersion": "Équipe — minutes version",
  "title.minutesRead": "Équipe — the minutes to read",
  "minutesEdit.heading": "Minutes of the meeting on {date}",
  "minutesEdit.case": "Case {caseCode}.",
  "minutesEdit.intro":
    "Mark who attended and the decisions taken, then write what was discussed and the next steps, and choose who reads each part. “Save the draft” keeps it for you; “Circulate” makes a new numbered version and tells its readers.",
  "minutesEdit.facts": "The meeting",
  "minutesEdit.attendees": "Who attended",
  "minutesEdit.attendeesHint": "Mark every member of the équipe who attended the meeting.",
  "minutesEdit.decisions": "Decisions taken at this meeting",
  "minutesEdit.decisionsHint":
    "Mark the decisions taken at the meeting: their outcome will be linked to these minutes.",
  "minutesEdit.noDecisions": "The équipe has no decisions yet to link to these minutes.",
  "minutesEdit.unavailable": "The minutes cannot be written",
  "minutesRead.heading": "Minutes of the meeting on {date} — version {number}",
  "minutesRead.intro":
    "Here you read only the parts of the minutes meant for you. Nobody else sees this page.",
  "minutesRead.facts": "The meeting",
  "personal.minutes": "Meeting minutes",
  "personal.minutesToRead": "Minutes of the meeting on {date}: version {number} — to read.",
  "personal.minutesToReadBy": "Minutes of the meeting on {date}: version {number} — to read by {by}.",
  "personal.minutesAcknowledged":
    "Minutes of the meeting on {date}: version {number} — acknowledged on {on}.",
  "personal.minutesNothingNew": "Minutes of the meeting on {date}: version {number} — nothing new for you.",
  "personal.minutesLink": "Read the minutes",
  "personal.minutesLinkWhich": "of the meeting on {date}",
  "summaryRead.answers": "Done",
};

/** Both languages' words, for the test that each has every key and the same placeholders. */
export const WORDS: Record<Locale, Record<WordKey, string>> = { it, en };

/** A placeholder's value: text (escaped when filled) or HTML the page made itself. */
export type WordParam = string | number | { html: string };

/**
 * A line of the pages as HTML: the words escaped, each placeholder filled with its value (text
 * escaped, HTML as given). A placeholder without a value stays visible rather than vanishing.
 */
export function say(locale: Locale, key: WordKey, params: Record<string, WordParam> = {}): string {
  return WORDS[locale][key]
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      const value = name === undefined ? undefined : params[name];
      if (value === undefined) return escapeHtml(part);
      return typeof value === "object" ? value.html : escapeHtml(String(value));
    })
    .join("");
}

/** A line as plain text (a page's title, an attribute): no placeholders filled with HTML. */
export function plain(locale: Locale, key: WordKey, params: Record<string, string | number> = {}): string {
  return WORDS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}
