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
  "personal.decisionHow": "Dillo a {contact} entro {deadline}.",
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
  "personal.decisionHow": "Tell {contact} by {deadline}.",
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
