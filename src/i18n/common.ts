import type { SameParams } from "./template.ts";

/**
 * Messages shared by every feature: errors, the command line itself, roles, help, forms, files, e-mail greeting.
 *
 * Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`): `{name}` placeholders,
 * `**strong**`, `` `code` `` and `` `/equipe …` `` command examples, newlines as line breaks; a plural
 * entry is `{ one, other }` on `count`. No platform markup: each renderer writes its own.
 */

/** Italian: the product's first language. */
export const commonIt = {
  "error.internal":
    "Qualcosa non ha funzionato da parte nostra: non è stato modificato nulla. Riprova tra un minuto.",
  "command.tooLong":
    "Il comando è troppo lungo (massimo {max} caratteri). Scrivi solo il sottocomando e i suoi dati, ad esempio `/equipe aggiungi @@ educatore`.",
  "command.unknown": "Non conosco il sottocomando «{word}». Scrivi `/equipe aiuto` per l'elenco dei comandi.",
  "command.didYouMean":
    "Non conosco il sottocomando «{word}». Forse intendevi {suggestion}? Non ho fatto nulla: se è quello, si scrive così:\n{usage}",
  "command.example": "Si scrive così:\n{usage}",
  "word.unknown": "Non conosco «{word}» in questo comando. Forse intendevi {suggestion}? Non ho fatto nulla.",
  "command.usage": "Il comando non è scritto nella forma attesa. Si scrive così:\n{usage}",
  "usage.help": "`/equipe aiuto`",
  "role.unknown":
    "Non conosco il ruolo «{word}». Se nessuno di questi va bene, usa `altro`. Ruoli possibili: {roles}.",
  "role.didYouMean":
    "Non conosco il ruolo «{word}». Forse intendevi {suggestion}? Non ho fatto nulla. Ruoli possibili: {roles}.",
  "email.invalid": "«{value}» non è un indirizzo e-mail valido. Esempio: `maria@example.org`.",
  "form.submitted": "Inviato.",
  "form.tooLate":
    "Il modulo non si è aperto in tempo: Slack dà tre secondi per aprirlo e in questo momento Équipe è molto occupata. Non è stato fatto nulla: ripeti il comando o il clic tra qualche istante.",
  "form.contentCut":
    "… Il testo continua, ma questa finestra non riesce a mostrarlo tutto: chiedi il testo completo a chi coordina l'équipe, che può esportarlo.",
  "dialog.unavailable":
    "Questa finestra non si può aprire. Se c'è un motivo, te l'ho scritto nella chat con Équipe.",
  "dialog.refused": "Non è stato inviato nulla. Il motivo te l'ho scritto nella chat con Équipe.",
  "file.declined": "Va bene, il file non è stato salvato. Il testo resta nel messaggio qui sopra.",
  "file.expired":
    "Questo file non è più disponibile (si tiene per un giorno). Chiedilo di nuovo: ad esempio `/equipe verbale`.",
  "file.uploadFailed":
    "Non sono riuscito a salvare il file nel tuo OneDrive. Riprova più tardi chiedendolo di nuovo; il testo resta nel messaggio qui sopra.",
  "unreachable.report":
    "Non riesco a scrivere in privato a {who} (équipe {caseCode}): l'app Équipe non è ancora installata per questa persona, quindi l'ultimo messaggio («{about}») non le è arrivato. Chiedile di aggiungere l'app (in Teams: App → cerca «Équipe» → Aggiungi) o di scrivere «aiuto» in una chat privata con Équipe: da quel momento i messaggi le arriveranno. Intanto avvisala tu.",
  "org.notServed":
    "Questo servizio non è attivo per la vostra organizzazione, quindi non posso rispondere qui. Se pensate che dovrebbe esserlo, rivolgetevi a chi gestisce Équipe nel vostro ente.",
  "place.useConversation":
    "Questo comando si usa nella conversazione dell'équipe del caso {caseCode}, non in un messaggio diretto: scrivilo lì. Qui funzionano `/equipe stato`, `/equipe calendario` e `/equipe aiuto`.",
  "place.useConversationSeveral":
    "Questo comando si usa nella conversazione dell'équipe, non in un messaggio diretto: scrivilo nella conversazione dell'équipe giusta (casi {caseCodes}). Qui funzionano `/equipe stato`, `/equipe calendario` e `/equipe aiuto`.",
  "place.useConversationNone":
    "Questo comando si usa nella conversazione di un'équipe, non in un messaggio diretto. Qui funziona `/equipe aiuto`.",
  "place.noEquipe":
    "Non fai parte di nessuna équipe, quindi qui non c'è nulla da mostrarti. Chiedi a chi coordina la tua équipe di aggiungerti.",
  "place.which":
    "Fai parte di più équipe: quale intendi? Scegli il caso qui sotto, oppure scrivi il comando con il codice del caso, ad esempio {example}.",
  "auth.notCoordinator": "Solo chi coordina l'équipe può farlo. Se serve, chiedi a chi la coordina.",
  "auth.notMember":
    "Non fai parte di questa équipe, quindi non puoi farlo. Chiedi a chi la coordina di aggiungerti.",
  "help.text":
    "**Équipe** — coordinamento dell'équipe multidisciplinare.\n{commands}\nRuoli: {roles}.\nI comandi esistono anche in inglese (`/equipe help`).",
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
  "form.submit": "Invia",
  "form.cancel": "Annulla",
  "email.greeting": "Buongiorno {name},",
  "reach.byEmail": "esterno/a, via e-mail",
  "reach.byEmailAt": "esterno/a, via e-mail ({email})",
  "reach.none": "esterno/a, senza recapito",
  "reach.byPhone": "esterno/a, da avvisare di persona o al telefono",
  "reach.byPhoneAt": "esterno/a, da avvisare di persona o al telefono: {phone}",
  "reach.phoneSuffix": ", tel. {phone}",
  "reach.handOverNote":
    "Non ha un indirizzo e-mail, quindi Équipe non può scriverle: inviti e avvisi per questa persona arriveranno in privato a chi coordina, con il testo da passarle.",
  "report.sending": {
    one: "In consegna a {count} persona: {how}.",
    other: "In consegna a {count} persone: {how}.",
  },
  "report.inChat": "{count} in chat",
  "report.byEmail": "{count} per e-mail",
  "report.copies": {
    one: "{count} persona riceve anche una copia per e-mail, per il proprio calendario.",
    other: "{count} persone ricevono anche una copia per e-mail, per il proprio calendario.",
  },
  "report.nobodyDirect": "Nessuno lo riceve direttamente.",
  "report.waitingEmail": {
    one: "In attesa: {names} — l'e-mail non è ancora configurata su questo server: il messaggio è conservato e partirà appena lo sarà. Se è urgente, avvisa tu.",
    other:
      "In attesa: {names} — l'e-mail non è ancora configurata su questo server: i messaggi sono conservati e partiranno appena lo sarà. Se è urgente, avvisa tu.",
  },
  "report.waitingChat": {
    one: "In attesa: {names} — {platform} non è collegato a questo server ora: il messaggio è conservato e partirà appena lo sarà.",
    other:
      "In attesa: {names} — {platform} non è collegato a questo server ora: i messaggi sono conservati e partiranno appena lo sarà.",
  },
  "report.handedOver": {
    one: "Da passare a voce: {names} non ha né chat né e-mail, Équipe non può scriverle. Chi coordina ha ricevuto in privato il testo da passarle.",
    other:
      "Da passare a voce: {names} non hanno né chat né e-mail, Équipe non può scrivere loro. Chi coordina ha ricevuto in privato i testi da passare.",
  },
  "report.noAddress": {
    one: "Non raggiunto/a: {names} — nessun recapito (né chat, né e-mail, né telefono).",
    other: "Non raggiunti: {names} — nessun recapito (né chat, né e-mail, né telefono).",
  },
  "report.noLink": {
    one: "Non può rispondere da sé: {names} — non ha un link personale attivo (gliene dà uno nuovo `/equipe link` con il suo recapito e `nuovo`).",
    other:
      "Non possono rispondere da sé: {names} — non hanno un link personale attivo (ne dà uno nuovo `/equipe link` con il recapito e `nuovo`).",
  },
  "report.meanwhile": "Intanto: {hint}",
  "report.needsChat": {
    one: "Non raggiunto/a: {names} — serve una risposta che si può dare solo in chat: {hint}",
    other: "Non raggiunti: {names} — serve una risposta che si può dare solo in chat: {hint}",
  },
  "report.failuresTold": "Se una consegna non riesce, chi coordina viene avvisato.",
  "handOver.header":
    "**Da passare a {who}** ({role}{phone}, équipe {caseCode}): non ha né chat né e-mail, quindi Équipe non può scriverle. Copia il testo qui sotto e mandaglielo (SMS, messaggio) o leggiglielo al telefono:",
  "handOver.phone": ", tel. {phone}",
  "handOver.note": "Questo messaggio arriva solo a chi coordina l'équipe: non incollarlo nel canale.",
  "handOver.summary": "Da passare a {who}",
  "undelivered.emailRefused":
    "Un messaggio per {who} (équipe {caseCode}) non è stato consegnato: il server di posta ha rifiutato l'indirizzo {email}. Riguardava: «{about}». Avvisa tu questa persona e controlla l'indirizzo con `/equipe membri`.",
  "undelivered.organisationRefused":
    "La lettera per l'organizzazione {name} (équipe {caseCode}) non è stata consegnata: il server di posta ha rifiutato l'indirizzo {email}. Riguardava: «{about}». Controlla l'indirizzo con chi ha registrato l'organizzazione; con l'indirizzo giusto registrala di nuovo con `/equipe organizzazione`.",
  "undelivered.organisationWaiting":
    "La lettera per l'organizzazione {name} ({email}, équipe {caseCode}) aspetta da più di un giorno, perché su questo server manca ancora l'invio di e-mail. Riguardava: «{about}». È conservata e partirà appena l'e-mail sarà attiva; chiedi a chi gestisce Équipe di attivarla.",
  "undelivered.organisationNotDelivered":
    "La lettera per l'organizzazione {name} ({email}, équipe {caseCode}) non è stata consegnata. Riguardava: «{about}». Se serve, contatta tu l'organizzazione; `/equipe calendario-esterno organizzazione` seguito dall'indirizzo la invia di nuovo.",
  "undelivered.chatRefused":
    "Un messaggio per {who} (équipe {caseCode}) non è stato consegnato: la chat lo ha rifiutato (account non trovato o disattivato). Riguardava: «{about}». Avvisa tu questa persona.",
  "undelivered.gaveUp":
    "Un messaggio per {who} (équipe {caseCode}) non è stato consegnato, nemmeno dopo ripetuti tentativi. Riguardava: «{about}». Avvisa tu questa persona.",
  "undelivered.stillWaiting":
    "Un messaggio per {who} (équipe {caseCode}) aspetta da più di un giorno, perché su questo server manca ancora il collegamento a {channel}. Riguardava: «{about}». È conservato e partirà appena il collegamento ci sarà; intanto avvisa tu questa persona e chiedi a chi gestisce Équipe di attivarlo.",
  "undelivered.expiredWaiting":
    "Un messaggio per {who} (équipe {caseCode}) non è stato consegnato in tempo: su questo server mancava il collegamento a {channel} e ora il momento a cui si riferiva è passato, quindi non verrà più inviato. Riguardava: «{about}». Se serve, avvisa tu questa persona.",
  "undelivered.expired":
    "Un messaggio per {who} (équipe {caseCode}) non è stato consegnato in tempo: l'invio non è riuscito o è stato ritardato, e ora il momento a cui si riferiva è passato, quindi non verrà più inviato. Riguardava: «{about}». Se serve, avvisa tu questa persona.",
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const commonEn = {
  "error.internal": "Something went wrong on our side: nothing was changed. Please try again in a minute.",
  "command.tooLong":
    "The command is too long (at most {max} characters). Type only the subcommand and its data, for example `/equipe add @@ educator`.",
  "command.unknown": "I don't know the subcommand “{word}”. Type `/equipe help` for the list of commands.",
  "command.didYouMean":
    "I don't know the subcommand “{word}”. Did you mean {suggestion}? Nothing was done: if so, write it like this:\n{usage}",
  "command.example": "Write it like this:\n{usage}",
  "word.unknown": "I don't know “{word}” in this command. Did you mean {suggestion}? Nothing was done.",
  "command.usage": "The command is not in the expected form. Write it like this:\n{usage}",
  "usage.help": "`/equipe help`",
  "role.unknown":
    "I don't know the role “{word}”. If none of these fits, use `other`. Possible roles: {roles}.",
  "role.didYouMean":
    "I don't know the role “{word}”. Did you mean {suggestion}? Nothing was done. Possible roles: {roles}.",
  "email.invalid": "“{value}” is not a valid e-mail address. Example: `maria@example.org`.",
  "form.submitted": "Sent.",
  "form.tooLate":
    "The form did not open in time: Slack allows three seconds to open it, and Équipe is very busy right now. Nothing was done: repeat the command or the click in a moment.",
  "form.contentCut":
    "… The text goes on, but this window cannot show all of it: ask the équipe's coordinator for the full text, which they can export.",
  "dialog.unavailable":
    "This window cannot be opened. If there is a reason, I wrote it to you in your chat with Équipe.",
  "dialog.refused": "Nothing was sent. I wrote you the reason in your chat with Équipe.",
  "file.declined": "All right, the file was not saved. The text is still in the message above.",
  "file.expired":
    "This file is no longer available (it is kept for a day). Ask for it again, e.g. `/equipe record-file`.",
  "file.uploadFailed":
    "I could not save the file to your OneDrive. Try again later by asking for it again; the text is still in the message above.",
  "unreachable.report":
    "I cannot write privately to {who} (équipe {caseCode}): the Équipe app is not installed for them yet, so the latest message (“{about}”) did not reach them. Ask them to add the app (in Teams: Apps → search for “Équipe” → Add) or to write “help” in a private chat with Équipe: from then on messages will reach them. Meanwhile, let them know yourself.",
  "org.notServed":
    "This service is not active for your organisation, so I cannot answer here. If you think it should be, ask whoever runs Équipe for your organisation.",
  "place.useConversation":
    "This command is used in the conversation of the équipe of case {caseCode}, not in a direct message: type it there. Here `/equipe status`, `/equipe feed` and `/equipe help` work.",
  "place.useConversationSeveral":
    "This command is used in the équipe's conversation, not in a direct message: type it in the conversation of the right équipe (cases {caseCodes}). Here `/equipe status`, `/equipe feed` and `/equipe help` work.",
  "place.useConversationNone":
    "This command is used in an équipe's conversation, not in a direct message. Here `/equipe help` works.",
  "place.noEquipe":
    "You are not a member of any équipe, so there is nothing to show you here. Ask your équipe's coordinator to add you.",
  "place.which":
    "You are in several équipes: which one do you mean? Choose the case below, or type the command with the case code, for example {example}.",
  "auth.notCoordinator": "Only the équipe's coordinators can do this. Ask one of them if needed.",
  "auth.notMember":
    "You are not a member of this équipe, so you can't do this. Ask its coordinator to add you.",
  "help.text":
    "**Équipe** — coordination of the multidisciplinary équipe.\n{commands}\nRoles: {roles}.\nCommands also work in Italian (`/equipe aiuto`).",
  "role.social_worker": "social worker",
  "role.educator": "educator",
  "role.teacher": "teacher",
  "role.psychologist": "psychologist",
  "role.health_worker": "health worker",
  "role.coach": "coach",
  "role.parent": "parent",
  "role.child": "child",
  "role.support_family": "support family",
  "role.volunteer": "volunteer",
  "role.relative": "relative",
  "role.other": "other role",
  "form.submit": "Send",
  "form.cancel": "Cancel",
  "email.greeting": "Hello {name},",
  "reach.byEmail": "external, by e-mail",
  "reach.byEmailAt": "external, by e-mail ({email})",
  "reach.none": "external, no address",
  "reach.byPhone": "external, to be told in person or by phone",
  "reach.byPhoneAt": "external, to be told in person or by phone: {phone}",
  "reach.phoneSuffix": ", phone {phone}",
  "reach.handOverNote":
    "They have no e-mail address, so Équipe cannot write to them: invitations and notices for them will reach the coordinators privately, with the text to pass on.",
  "report.sending": {
    one: "On its way to {count} person: {how}.",
    other: "On its way to {count} people: {how}.",
  },
  "report.inChat": "{count} in chat",
  "report.byEmail": "{count} by e-mail",
  "report.copies": {
    one: "{count} person also gets a copy by e-mail, for their calendar.",
    other: "{count} people also get a copy by e-mail, for their calendar.",
  },
  "report.nobodyDirect": "Nobody receives it directly.",
  "report.waitingEmail": {
    one: "Waiting: {names} — e-mail is not set up on this server yet: the message is kept and will go out as soon as it is. If it is urgent, tell them yourself.",
    other:
      "Waiting: {names} — e-mail is not set up on this server yet: the messages are kept and will go out as soon as it is. If it is urgent, tell them yourself.",
  },
  "report.waitingChat": {
    one: "Waiting: {names} — {platform} is not connected to this server now: the message is kept and will go out as soon as it is.",
    other:
      "Waiting: {names} — {platform} is not connected to this server now: the messages are kept and will go out as soon as it is.",
  },
  "report.handedOver": {
    one: "To pass on in person: {names} has neither chat nor e-mail, so Équipe cannot write to them. The coordinators received, privately, the text to pass on.",
    other:
      "To pass on in person: {names} have neither chat nor e-mail, so Équipe cannot write to them. The coordinators received, privately, the texts to pass on.",
  },
  "report.noAddress": {
    one: "Not reached: {names} — there is no way to reach this person (no chat, e-mail or phone).",
    other: "Not reached: {names} — there is no way to reach these people (no chat, e-mail or phone).",
  },
  "report.noLink": {
    one: "Cannot answer by themselves: {names} — this person has no live personal link (`/equipe link` with their contact and `new` gives a new one).",
    other:
      "Cannot answer by themselves: {names} — these people have no live personal link (`/equipe link` with each one's contact and `new` gives a new one).",
  },
  "report.meanwhile": "Meanwhile: {hint}",
  "report.needsChat": {
    one: "Not reached: {names} — it needs an answer that can only be given in chat, where this person is not: {hint}",
    other:
      "Not reached: {names} — it needs an answer that can only be given in chat, where these people are not: {hint}",
  },
  "report.failuresTold": "If a delivery fails, the coordinators are told.",
  "handOver.header":
    "**To pass on to {who}** ({role}{phone}, équipe {caseCode}): they have neither chat nor e-mail, so Équipe cannot write to them. Copy the text below and send it to them (text message) or read it to them on the phone:",
  "handOver.phone": ", phone {phone}",
  "handOver.note": "Only the équipe's coordinators receive this message: do not paste it in the channel.",
  "handOver.summary": "To pass on to {who}",
  "undelivered.emailRefused":
    "A message for {who} (équipe {caseCode}) was not delivered: the mail server refused the address {email}. It was about: “{about}”. Tell this person yourself and check the address with `/equipe members`.",
  "undelivered.organisationRefused":
    "The letter for the organisation {name} (équipe {caseCode}) was not delivered: the mail server refused the address {email}. It was about: “{about}”. Check the address with whoever registered the organisation; with the right address, register it again with `/equipe organisation`.",
  "undelivered.organisationWaiting":
    "The letter for the organisation {name} ({email}, équipe {caseCode}) has been waiting for more than a day, because this server cannot send e-mail yet. It was about: “{about}”. It is kept and will go out once e-mail is set up; ask whoever runs Équipe to set it up.",
  "undelivered.organisationNotDelivered":
    "The letter for the organisation {name} ({email}, équipe {caseCode}) was not delivered. It was about: “{about}”. If needed, contact the organisation yourself; `/equipe external-feed organisation` followed by the address sends it again.",
  "undelivered.chatRefused":
    "A message for {who} (équipe {caseCode}) was not delivered: the chat refused it (account not found or deactivated). It was about: “{about}”. Tell this person yourself.",
  "undelivered.gaveUp":
    "A message for {who} (équipe {caseCode}) was not delivered, even after repeated attempts. It was about: “{about}”. Tell this person yourself.",
  "undelivered.stillWaiting":
    "A message for {who} (équipe {caseCode}) has been waiting for more than a day, because this server is not connected to {channel} yet. It was about: “{about}”. It is kept and will go out once it is; meanwhile tell this person yourself and ask whoever runs Équipe to set it up.",
  "undelivered.expiredWaiting":
    "A message for {who} (équipe {caseCode}) was not delivered in time: this server was not connected to {channel}, and the moment it was about has now passed, so it will not be sent. It was about: “{about}”. If needed, tell this person yourself.",
  "undelivered.expired":
    "A message for {who} (équipe {caseCode}) was not delivered in time: sending it failed or was delayed, and the moment it was about has now passed, so it will not be sent. It was about: “{about}”. If needed, tell this person yourself.",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof commonIt, typeof commonEn> = true;
void check;
