import type { SameParams } from "../../i18n/template.ts";

/**
 * Messages of the équipe feature: setting up an équipe, its case code, adding and removing members.
 *
 * Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`): `{name}` placeholders,
 * `**strong**`, `` `code` `` and `` `/equipe …` `` command examples, newlines as line breaks; a plural
 * entry is `{ one, other }` on `count`. No platform markup: each renderer writes its own.
 */

/** Italian: the product's first language. */
export const equipeIt = {
  "usage.setup": "`/equipe configura FAM-2025-014` (il codice del caso, mai il nome del bambino)",
  "usage.add":
    "`/equipe aggiungi @@ educatore` oppure `/equipe aggiungi @@ assistente-sociale coordinatore` (cambiando il ruolo, chi coordina continua a coordinare; per smettere aggiungi `non-coordinatore`)",
  "usage.add-external":
    "`/equipe aggiungi-esterno maria@example.org genitore Maria R.` oppure `/equipe aggiungi-esterno +39 333 1234567 genitore Maria R.` (e-mail e/o telefono, ruolo, nome)",
  "usage.members": "`/equipe membri`",
  "usage.remove":
    "`/equipe rimuovi @@` oppure `/equipe rimuovi maria@example.org` oppure `/equipe rimuovi +39 333 1234567`",
  "phone.invalid":
    "«{value}» non è un numero di telefono valido: usa solo cifre e spazi, con un + iniziale se serve, da {min} a {max} cifre. Esempio: `+39 333 1234567`.",
  "contact.missing":
    "«{value}» non è né un indirizzo e-mail né un numero di telefono. Scrivi prima il recapito, poi ruolo e nome, ad esempio `/equipe aggiungi-esterno +39 333 1234567 genitore Maria R.`",
  "caseCode.invalid":
    "«{value}» non è un codice caso valido. Usa il codice pseudonimo del caso, ad esempio `FAM-2025-014` (prefisso, anno, numero), mai un nome.",
  "member.notInConversation":
    "Questa persona non fa parte di questa conversazione: aggiungila prima al canale o alla chat, poi ripeti il comando.",
  "member.notAMention": "Indica la persona con una menzione, ad esempio `@@`.",
  "member.nameTooLong":
    "Il nome è troppo lungo (massimo {max} caratteri). Basta nome e iniziale del cognome.",
  "member.notFound": "Questa persona non fa parte dell'équipe. `/equipe membri` mostra chi ne fa parte.",
  "usage.organisation":
    "`/equipe organizzazione @@ segreteria@scuola.example.it Scuola Rodari` (la persona partecipa per quell'organizzazione, riconosciuta dall'e-mail del suo contatto: il calendario dell'organizzazione mostrerà gli incontri di questa équipe, solo codice e orario); `/equipe organizzazione togli @@`; `/equipe organizzazione` per l'elenco",
  "organisation.contactInvalid":
    "«{value}» non è un indirizzo e-mail: l'organizzazione si riconosce dall'e-mail del suo contatto (ad esempio `segreteria@scuola.example.it`), scritta dopo la persona e prima del nome dell'organizzazione.",
  "organisation.nameTooLong": "Il nome dell'organizzazione è troppo lungo: al massimo {max} caratteri.",
  "organisation.none":
    "Nessuna organizzazione partecipa a questa équipe. Per registrarne una: `/equipe organizzazione @@ segreteria@scuola.example.it Scuola Rodari`.",
  "organisation.header":
    "Organizzazioni che partecipano all'équipe {caseCode} (il loro calendario mostra solo codice e orario degli incontri):",
  "organisation.line": "{name} ({email}), tramite",
  "organisation.notMember": "Questa persona non partecipa per nessuna organizzazione.",
  "organisation.left":
    "{who} non partecipa più per {name}: il calendario di {name} non mostra più gli incontri di questa équipe (se nessun altro vi partecipa per {name}).",
  "organisation.joined": "{who} partecipa per {name}.",
  "organisation.moved": "Prima partecipava per {name}: non più.",
  "organisation.knownAs":
    "L'organizzazione con quell'indirizzo è registrata come «{name}»: il nome resta quello.",
  "organisation.already": "Questa persona partecipa già per {name}.",
  "organisation.feedAlready":
    "{name} ha già il suo calendario: da ora mostra anche gli incontri di questa équipe. Per rimandare il link al suo contatto: `/equipe calendario-esterno` con l'indirizzo.",
  "organisation.feedRevoked":
    "Il link al calendario di {name} è stato revocato e non ce n'è uno valido: per mandarne uno nuovo al suo contatto ({email}), `/equipe calendario-esterno` con quell'indirizzo e `nuovo`.",
  "audit.organisation.created": "ha registrato un'organizzazione",
  "audit.organisation.joined": "ha registrato la partecipazione per un'organizzazione",
  "audit.organisation.left": "ha tolto la partecipazione per un'organizzazione",
  "audit.feed.sent": "ha mandato il link a un calendario",
  "audit.feed.renewed": "ha rinnovato il link a un calendario",
  "audit.feed.revoked": "ha revocato il link a un calendario",
  "member.lastCoordinator":
    "Non posso togliere l'ultima persona che coordina l'équipe: prima nomina un'altra coordinatrice o un altro coordinatore.",
  "equipe.notBound":
    "Questo canale non è ancora collegato a un'équipe. Chi coordina può collegarlo con `/equipe configura FAM-2025-014`.",
  "equipe.alreadyBound": "Questo canale è già collegato all'équipe del caso {caseCode}.",
  "setup.done":
    "Canale collegato all'équipe del caso {caseCode}. Tu la coordini. Ora aggiungi i membri con `/equipe aggiungi @@ ruolo`.",
  "setup.bound": "Canale collegato anche all'équipe del caso {caseCode}.",
  "setup.inDirect":
    "`/equipe configura` si usa nel canale o nella chat da collegare all'équipe, non in un messaggio diretto.",
  "setup.asked":
    "Il caso {caseCode} ha già un'équipe. Ho chiesto a chi la coordina di approvare il collegamento di questa conversazione: ti scrivo appena qualcuno risponde. Fino ad allora qui non arriva nulla dell'équipe.",
  "setup.alreadyAsked":
    "Questa conversazione ha già una richiesta di collegamento in attesa dell'approvazione di chi coordina l'équipe: aspetta la risposta prima di chiederne un'altra.",
  "setup.announced":
    "Questo canale è collegato anche a un'altra conversazione ({platform}): ciò che l'équipe del caso {caseCode} pubblica qui compare anche lì.",
  "binding.ask":
    "{requester} chiede di collegare una conversazione {platform} all'équipe del caso {caseCode}.\nSe approvi, ciò che l'équipe pubblica nelle sue conversazioni comparirà anche lì, e {requester} la coordinerà da lì (per aggiungere le persone di quella conversazione). I membri restano quelli dell'équipe: nessuno viene aggiunto da solo.",
  "binding.approve": "Approva",
  "binding.refuse": "Rifiuta",
  "binding.approved":
    "Richiesta di {requester} (conversazione {platform}, caso {caseCode}): **approvata** da {coordinator}.",
  "binding.refused":
    "Richiesta di {requester} (conversazione {platform}, caso {caseCode}): **rifiutata** da {coordinator}.",
  "binding.alreadyDecided":
    "A questa richiesta ha già risposto un'altra persona che coordina: non è cambiato nulla.",
  "binding.channelTaken":
    "Quella conversazione nel frattempo è stata collegata a un'équipe: non è cambiato nulla.",
  "binding.welcome":
    "Questa conversazione è ora collegata all'équipe del caso {caseCode} (approvato da {coordinator}). {requester} la coordina da qui: le persone di questa conversazione entrano nell'équipe con `/equipe aggiungi @@ ruolo`. I membri sono gli stessi in tutte le conversazioni dell'équipe.",
  "binding.announce":
    "Anche una conversazione {platform} è ora collegata all'équipe del caso {caseCode} (chiesto da {requester}, approvato da {coordinator}): ciò che l'équipe pubblica qui compare anche lì.",
  "binding.approvedYou":
    "La conversazione che hai chiesto è ora collegata all'équipe del caso {caseCode}: ha approvato {coordinator}. Ora fai parte dell'équipe e la coordini; il tuo ruolo si cambia con `/equipe aggiungi @@ ruolo` (continui a coordinare).",
  "binding.refusedYou":
    "Chi coordina l'équipe del caso {caseCode} non ha approvato il collegamento della conversazione che hai chiesto. Se serve, parlane con la coordinatrice o il coordinatore.",
  "platform.slack": "Slack",
  "platform.teams": "Teams",
  "member.added": "{who} è ora nell'équipe come {role}{coordinator}.",
  "member.updated": "{who} faceva già parte dell'équipe: ora il ruolo è {role}{coordinator}.",
  "member.coordinatorSuffix": " (coordina)",
  "member.forOrganisation": ", per {name}",
  "member.stoppedCoordinatingSuffix": " e non coordina più l'équipe",
  "member.lastCoordinatorRole":
    "Sei l'unica persona che coordina l'équipe: non puoi smettere di coordinarla, o nessuno potrebbe più gestirla. Non ho cambiato nulla. Per cambiare solo il ruolo, ripeti il comando senza `non-coordinatore`; per passare il coordinamento, prima nomina un'altra persona con `/equipe aggiungi @@ assistente-sociale coordinatore`.",
  "member.removed": "{who} non fa più parte dell'équipe.",
  "remove.preview": "**Prima di rimuovere** {who} dall'équipe:",
  "remove.pollPending": "· non potrà più rispondere alla proposta di orari aperta.",
  "remove.pollAnswered": "· le sue disponibilità per la proposta di orari aperta non conteranno più.",
  "remove.meeting":
    "· perde l'invito all'incontro del {when}: non riceverà spostamenti o annullamenti, e il suo link al calendario smette di funzionare.",
  "remove.decisionPending": "· non potrà più dare il suo punto di vista su «{question}».",
  "remove.decisionAnswered":
    "· il suo punto di vista su «{question}» resta nel verbale, ma non potrà più cambiarlo.",
  "remove.coordinator": "· non coordinerà più l'équipe.",
  "remove.feed": "· il link al suo calendario degli incontri smette di funzionare.",
  "remove.organisation":
    "· non partecipa più per {name}: il calendario di {name} non mostrerà più gli incontri di questa équipe (se nessun altro vi partecipa per {name}).",
  "remove.nothingOpen": "· nessuna proposta, incontro o decisione in corso la riguarda.",
  "remove.kept": "Le risposte già date restano nel registro.",
  "remove.button": "Rimuovi {who}",
  "remove.keepButton": "Annulla",
  "remove.keptDone": "Va bene: non ho rimosso nessuno.",
  "remove.stale": "Questa persona non fa più parte dell'équipe: non ho fatto nulla.",
  "members.header": {
    one: "**Équipe del caso {caseCode}** — {count} membro",
    other: "**Équipe del caso {caseCode}** — {count} membri",
  },
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const equipeEn = {
  "usage.setup": "`/equipe setup FAM-2025-014` (the case code, never the child's name)",
  "usage.add":
    "`/equipe add @@ educator` or `/equipe add @@ social-worker coordinator` (a coordinator whose role changes keeps coordinating; to stop, add `not-coordinator`)",
  "usage.add-external":
    "`/equipe add-external maria@example.org parent Maria R.` or `/equipe add-external +39 333 1234567 parent Maria R.` (e-mail and/or phone, role, name)",
  "usage.members": "`/equipe members`",
  "usage.remove":
    "`/equipe remove @@` or `/equipe remove maria@example.org` or `/equipe remove +39 333 1234567`",
  "phone.invalid":
    "“{value}” is not a valid phone number: use only digits and spaces, with a leading + if needed, {min} to {max} digits. Example: `+39 333 1234567`.",
  "contact.missing":
    "“{value}” is neither an e-mail address nor a phone number. Write the contact first, then role and name, for example `/equipe add-external +39 333 1234567 parent Maria R.`",
  "caseCode.invalid":
    "“{value}” is not a valid case code. Use the case's pseudonymous code, for example `FAM-2025-014` (prefix, year, number), never a name.",
  "member.notInConversation":
    "This person is not part of this conversation: add them to the channel or chat first, then repeat the command.",
  "member.notAMention": "Name the person with a mention, for example `@@`.",
  "member.nameTooLong": "The name is too long (at most {max} characters). First name and initial are enough.",
  "member.notFound": "This person is not in the équipe. `/equipe members` shows who is.",
  "usage.organisation":
    "`/equipe organisation @@ office@school.example.org Rodari School` (the person takes part for that organisation, known by its contact's e-mail: the organisation's calendar will show this équipe's meetings, code and time only); `/equipe organisation remove @@`; `/equipe organisation` for the list",
  "organisation.contactInvalid":
    "“{value}” is not an e-mail address: an organisation is known by its contact's e-mail (for example `office@school.example.org`), written after the person and before the organisation's name.",
  "organisation.nameTooLong": "The organisation's name is too long: at most {max} characters.",
  "organisation.none":
    "No organisation takes part in this équipe. To register one: `/equipe organisation @@ office@school.example.org Rodari School`.",
  "organisation.header":
    "Organisations taking part in équipe {caseCode} (their calendar shows only the code and time of meetings):",
  "organisation.line": "{name} ({email}), through",
  "organisation.notMember": "This person takes part for no organisation.",
  "organisation.left":
    "{who} no longer takes part for {name}: the calendar of {name} no longer shows this équipe's meetings (unless someone else takes part for {name}).",
  "organisation.joined": "{who} takes part for {name}.",
  "organisation.moved": "They used to take part for {name}: no longer.",
  "organisation.knownAs": "The organisation with that address is registered as “{name}”: the name stays.",
  "organisation.already": "This person already takes part for {name}.",
  "organisation.feedAlready":
    "{name} already has its calendar: from now on it shows this équipe's meetings too. To send the link to its contact again: `/equipe external-feed` with the address.",
  "organisation.feedRevoked":
    "The calendar link of {name} was revoked and there is no valid one: to send a new one to its contact ({email}), `/equipe external-feed` with that address and `new`.",
  "audit.organisation.created": "registered an organisation",
  "audit.organisation.joined": "registered someone as taking part for an organisation",
  "audit.organisation.left": "ended someone's taking part for an organisation",
  "audit.feed.sent": "sent a calendar link",
  "audit.feed.renewed": "renewed a calendar link",
  "audit.feed.revoked": "revoked a calendar link",
  "member.lastCoordinator": "I can't remove the équipe's last coordinator: name another coordinator first.",
  "equipe.notBound":
    "This channel is not linked to an équipe yet. A coordinator can link it with `/equipe setup FAM-2025-014`.",
  "equipe.alreadyBound": "This channel is already linked to the équipe of case {caseCode}.",
  "setup.done":
    "Channel linked to the équipe of case {caseCode}. You are its coordinator. Now add members with `/equipe add @@ role`.",
  "setup.bound": "Channel also linked to the équipe of case {caseCode}.",
  "setup.inDirect":
    "`/equipe setup` is used in the channel or chat to link to the équipe, not in a direct message.",
  "setup.asked":
    "Case {caseCode} already has an équipe. I asked its coordinators to approve linking this conversation: I'll write to you as soon as one answers. Until then nothing of the équipe comes here.",
  "setup.alreadyAsked":
    "This conversation already has a request to be linked waiting for the coordinators' approval: wait for the answer before asking again.",
  "setup.announced":
    "This channel is also linked to another conversation ({platform}): what the équipe of case {caseCode} posts here shows there too.",
  "binding.ask":
    "{requester} asks to link a {platform} conversation to the équipe of case {caseCode}.\nIf you approve, what the équipe posts in its conversations will show there too, and {requester} will coordinate it from there (to add the people of that conversation). Members stay the équipe's: nobody is added by themselves.",
  "binding.approve": "Approve",
  "binding.refuse": "Refuse",
  "binding.approved":
    "Request from {requester} ({platform} conversation, case {caseCode}): **approved** by {coordinator}.",
  "binding.refused":
    "Request from {requester} ({platform} conversation, case {caseCode}): **refused** by {coordinator}.",
  "binding.alreadyDecided": "Another coordinator has already answered this request: nothing was changed.",
  "binding.channelTaken": "That conversation has been linked to an équipe meanwhile: nothing was changed.",
  "binding.welcome":
    "This conversation is now linked to the équipe of case {caseCode} (approved by {coordinator}). {requester} coordinates it from here: people of this conversation join the équipe with `/equipe add @@ role`. Members are the same in all of the équipe's conversations.",
  "binding.announce":
    "A {platform} conversation is now also linked to the équipe of case {caseCode} (asked by {requester}, approved by {coordinator}): what the équipe posts here shows there too.",
  "binding.approvedYou":
    "The conversation you asked for is now linked to the équipe of case {caseCode}: {coordinator} approved. You are now in the équipe and coordinate it; change your role with `/equipe add @@ role` (you keep coordinating).",
  "binding.refusedYou":
    "The coordinators of the équipe of case {caseCode} did not approve linking the conversation you asked for. If needed, talk to them.",
  "platform.slack": "Slack",
  "platform.teams": "Teams",
  "member.added": "{who} is now in the équipe as {role}{coordinator}.",
  "member.updated": "{who} was already in the équipe: their role is now {role}{coordinator}.",
  "member.coordinatorSuffix": " (coordinator)",
  "member.forOrganisation": ", for {name}",
  "member.stoppedCoordinatingSuffix": " and no longer coordinates the équipe",
  "member.lastCoordinatorRole":
    "You are the équipe's only coordinator: you can't stop coordinating it, or nobody could manage it any more. Nothing was changed. To change only the role, repeat the command without `not-coordinator`; to hand over, first name someone else with `/equipe add @@ social-worker coordinator`.",
  "member.removed": "{who} is no longer in the équipe.",
  "remove.preview": "**Before removing** {who} from the équipe:",
  "remove.pollPending": "· they can no longer answer the open time poll.",
  "remove.pollAnswered": "· their availability for the open time poll will no longer count.",
  "remove.meeting":
    "· they lose the invitation to the meeting on {when}: no moves or cancellations will reach them, and their calendar link stops working.",
  "remove.decisionPending": "· they can no longer give their viewpoint on “{question}”.",
  "remove.decisionAnswered":
    "· their viewpoint on “{question}” stays in the record, but they can no longer change it.",
  "remove.coordinator": "· they will no longer coordinate the équipe.",
  "remove.feed": "· the link to their meetings calendar stops working.",
  "remove.organisation":
    "· they no longer take part for {name}: the calendar of {name} will no longer show this équipe's meetings (unless someone else takes part for {name}).",
  "remove.nothingOpen": "· no open poll, meeting or decision concerns them.",
  "remove.kept": "Answers already given stay in the record.",
  "remove.button": "Remove {who}",
  "remove.keepButton": "Cancel",
  "remove.keptDone": "All right: I removed nobody.",
  "remove.stale": "This person is no longer in the équipe: I did nothing.",
  "members.header": {
    one: "**Équipe of case {caseCode}** — {count} member",
    other: "**Équipe of case {caseCode}** — {count} members",
  },
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof equipeIt, typeof equipeEn> = true;
void check;
