import type { SameParams } from "../../i18n/template.ts";

/**
 * Messages of the personal pages feature (issue 13): `/equipe link`, the letter that brings a
 * member outside chat their page link, and the arrival letter with their page and calendar.
 *
 * Templates in the catalogue's neutral syntax (see `src/i18n/template.ts`): `{name}` placeholders,
 * `**strong**`, `` `code` `` and `` `/equipe …` `` command examples, newlines as line breaks; a plural
 * entry is `{ one, other }` on `count`. No platform markup: each renderer writes its own.
 *
 * The letters are read by parents, grandparents and volunteers: plain words, one idea per
 * sentence, the case code only for professionals (the caller decides), never a child's name.
 */

/** Italian: the product's first language. */
export const pagesIt = {
  "usage.link":
    "`/equipe link maria@example.org` oppure `/equipe link +39 333 1234567` (mostra solo a te il link alla pagina personale di chi non usa la chat, per passarglielo; `… invia` per mandarglielo con una lettera che spiega a cosa serve, `… nuovo` per revocarlo e mandarne uno nuovo, `… revoca` per revocarlo, `… qr` per una pagina da mostrare o stampare con il link come codice QR)",
  "pageLink.unknown":
    "In questa équipe nessun membro esterno ha il recapito «{value}». `/equipe membri` mostra i membri e i loro recapiti.",
  "pageLink.inChat":
    "{who} usa la chat: lì riceve le richieste dell'équipe e risponde. La pagina personale è per chi non usa la chat.",
  "pageLink.shown":
    "**Link alla pagina personale di {who}** (lo vedi solo tu). Lì risponde alle richieste dell'équipe: disponibilità per gli incontri, punto di vista sulle decisioni.",
  "pageLink.shownHowTo":
    "Passalo come preferisci: SMS, WhatsApp, stampato, o a voce. Chiedendo di nuovo ritrovi questo stesso link. Per mandarlo con una lettera che spiega a cosa serve: `/equipe link … invia`.",
  "pageLink.shownPersonal":
    "È personale: chi lo ha può rispondere a nome di questa persona. Se finisce in mani sbagliate: `/equipe link … nuovo` (quello di adesso smette di funzionare).",
  "pageLink.revokedBefore": "Link precedente revocato: non funziona più.",
  "pageLink.sent": "Link alla pagina personale per {who}:",
  "pageLink.arrival": "Link alla pagina personale e al calendario degli incontri per {who}:",
  "pageLink.revoked":
    "Link alla pagina personale di {who} revocato: non funziona più. Per mandarne uno nuovo: `/equipe link … nuovo`.",
  "pageLink.noneToRevoke": "{who} non ha un link alla pagina personale attivo: non c'era niente da revocare.",
  "pageLink.wordUnknown":
    "Non conosco «{word}» in questo comando. Dopo il recapito si scrive `invia`, `nuovo`, `revoca` o `qr`, oppure niente. Non ho fatto nulla.",
  "pageLink.qrShown":
    "**Codice QR del link alla pagina personale di {who}** (lo vedi solo tu). Aprilo per mostrarlo dallo schermo o per stamparlo: basta inquadrarlo con la fotocamera del telefono.",
  "pageLink.qrLabel": "Apri la pagina con il codice QR",
  "pageLink.qrHowTo":
    "La pagina si apre solo per {minutes} minuti; poi chiedila di nuovo con `/equipe link … qr`. Il codice resta valido finché il link alla pagina personale non viene rinnovato o revocato.",
  "pageLink.qrPersonal":
    "Chi inquadra il codice apre la pagina personale di {who} e può rispondere a suo nome: dallo solo a questa persona, e non lasciarlo in giro stampato.",
  "pageLink.qrNoLink":
    "{who} non ha un link alla pagina personale attivo, quindi non c'è un codice QR da mostrare. Per farne uno nuovo: `/equipe link … nuovo`.",
  "pageLetter.subject": "La tua pagina personale",
  "pageLetter.plain": "Ecco la tua pagina personale, per lavorare con {equipe}.",
  "pageLetter.professional": "Ecco la tua pagina personale per l'équipe {caseCode}.",
  "pageLetter.can":
    "Dalla pagina puoi:\n• rispondere quando l'équipe ti chiede quando puoi venire a un incontro;\n• dire che cosa pensi delle decisioni, prima che vengano prese;\n• vedere i prossimi incontri e che cosa è stato deciso.",
  "pageLetter.linkLabel": "Apri la tua pagina",
  "pageLetter.howTo":
    "La pagina si apre dal telefono o dal computer, con il link qui sopra: non servono password né app.",
  "pageLetter.personal":
    "Il link è solo tuo: non inoltrarlo e non darlo ad altri, perché chi lo apre può rispondere al posto tuo. Se lo perdi, se pensi che lo abbia qualcun altro, o per averne uno nuovo, chiedi a {contact}.",
  "arrivalLetter.subject": "La tua pagina personale e il calendario degli incontri",
  "arrivalLetter.calendarPlain":
    "C'è anche il tuo calendario degli incontri con {equipe}: gli incontri confermati compaiono da soli, e si aggiornano se vengono spostati o annullati.",
  "arrivalLetter.calendarProfessional":
    "C'è anche il tuo calendario degli incontri dell'équipe {caseCode}: gli incontri confermati compaiono da soli, e si aggiornano se vengono spostati o annullati.",
  "arrivalLetter.personal":
    "I due link sono solo tuoi: non inoltrarli e non darli ad altri, perché chi apre la pagina può rispondere al posto tuo. Se li perdi, se pensi che li abbia qualcun altro, o per averne di nuovi, chiedi a {contact}.",
  "reminderLetter.noLink":
    "Questo messaggio non contiene il link alla tua pagina personale: per averne uno nuovo, chiedi a {contact}.",
  "reminderLetter.personal":
    "Il link è solo tuo: non inoltrarlo e non darlo ad altri. Se non funziona, chiedi a {contact}.",
  "remindByHand.intro": {
    one: "Questa persona ha solo il telefono, quindi Équipe non può scriverle. Mandale tu il messaggio qui sotto (SMS o WhatsApp), copiandolo così com'è.",
    other:
      "Queste persone hanno solo il telefono, quindi Équipe non può scrivere loro. Manda tu a ciascuna il suo messaggio (SMS o WhatsApp), copiandolo così com'è.",
  },
  "remindByHand.who": "**{who}** ({role}), tel. {phone}:",
  "remindByHand.linkLabel": "Link personale di {who}",
  "remindByHand.noLink":
    "{who} non ha un link attivo alla pagina personale: per dargliene uno, `/equipe link … nuovo`.",
  "remindByHand.note":
    "Questo messaggio arriva solo a chi coordina l'équipe. Ogni link è personale: mandalo solo alla persona a cui è destinato, mai nel canale.",
  "remindByHand.summary": "Promemoria da mandare tu, a mano",
  "audit.pageLink.shown": "ha visto il link alla pagina personale di un membro",
  "audit.pageLink.sent": "ha mandato il link alla pagina personale",
  "audit.pageLink.renewed": "ha rinnovato il link alla pagina personale",
  "audit.pageLink.revoked": "ha revocato il link alla pagina personale",
  "audit.pageLink.qrShown": "ha chiesto il codice QR del link alla pagina personale",
  "audit.pageLink.qrOpened": "ha aperto la pagina con il codice QR del link alla pagina personale",
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const pagesEn = {
  "usage.link":
    "`/equipe link maria@example.org` or `/equipe link +39 333 1234567` (shows only you the personal page link of someone outside chat, to hand it over; `… send` to send it with a letter saying what it is for, `… new` to revoke it and send a new one, `… revoke` to revoke it, `… qr` for a page to show or print with the link as a QR code)",
  "pageLink.unknown":
    "No member outside chat in this équipe has the contact “{value}”. `/equipe members` shows the members and their contacts.",
  "pageLink.inChat":
    "{who} uses chat: the équipe's requests reach them there, and they answer there. The personal page is for people outside chat.",
  "pageLink.shown":
    "**Personal page link of {who}** (only you see this). On it they answer the équipe's requests: availability for meetings, viewpoints on decisions.",
  "pageLink.shownHowTo":
    "Hand it over as you prefer: SMS, WhatsApp, printed, or read out. Asking again shows this same link. To send it with a letter saying what it is for: `/equipe link … send`.",
  "pageLink.shownPersonal":
    "It is personal: whoever has it can answer in this person's name. If it falls into the wrong hands: `/equipe link … new` (this one then stops working).",
  "pageLink.revokedBefore": "The previous link is revoked: it no longer works.",
  "pageLink.sent": "Personal page link for {who}:",
  "pageLink.arrival": "Personal page and meetings calendar links for {who}:",
  "pageLink.revoked":
    "The personal page link of {who} is revoked: it no longer works. To send a new one: `/equipe link … new`.",
  "pageLink.noneToRevoke": "{who} has no live personal page link: there was nothing to revoke.",
  "pageLink.wordUnknown":
    "I do not know “{word}” in this command. After the contact, write `send`, `new`, `revoke` or `qr`, or nothing. I did nothing.",
  "pageLink.qrShown":
    "**QR code of the personal page link of {who}** (only you see this). Open it to show it on screen or to print it: a phone's camera is all it takes to scan it.",
  "pageLink.qrLabel": "Open the page with the QR code",
  "pageLink.qrHowTo":
    "The page opens for {minutes} minutes only; after that, ask again with `/equipe link … qr`. The code itself works until the personal page link is renewed or revoked.",
  "pageLink.qrPersonal":
    "Whoever scans the code opens the personal page of {who} and can answer in their name: give it to this person only, and do not leave a printed copy lying around.",
  "pageLink.qrNoLink":
    "{who} has no live personal page link, so there is no QR code to show. To make a new one: `/equipe link … new`.",
  "pageLetter.subject": "Your personal page",
  "pageLetter.plain": "Here is your personal page, for working with {equipe}.",
  "pageLetter.professional": "Here is your personal page for équipe {caseCode}.",
  "pageLetter.can":
    "On the page you can:\n• answer when the équipe asks when you can come to a meeting;\n• say what you think about decisions, before they are taken;\n• see the next meetings and what was decided.",
  "pageLetter.linkLabel": "Open your page",
  "pageLetter.howTo": "The page opens on a phone or a computer, with the link above: no password, no app.",
  "pageLetter.personal":
    "The link is yours alone: do not forward it or give it to anyone, because whoever opens it can answer in your place. If you lose it, if you think someone else has it, or for a new one, ask {contact}.",
  "arrivalLetter.subject": "Your personal page and your meetings calendar",
  "arrivalLetter.calendarPlain":
    "There is also your calendar of meetings with {equipe}: confirmed meetings appear by themselves, and change if they are moved or cancelled.",
  "arrivalLetter.calendarProfessional":
    "There is also your calendar of the meetings of équipe {caseCode}: confirmed meetings appear by themselves, and change if they are moved or cancelled.",
  "arrivalLetter.personal":
    "Both links are yours alone: do not forward them or give them to anyone, because whoever opens the page can answer in your place. If you lose them, if you think someone else has them, or for new ones, ask {contact}.",
  "reminderLetter.noLink":
    "This message does not carry the link to your personal page: for a new one, ask {contact}.",
  "reminderLetter.personal":
    "The link is yours alone: do not forward it or give it to anyone. If it does not work, ask {contact}.",
  "remindByHand.intro": {
    one: "This person has only a phone, so Équipe cannot write to them. Send them the message below yourself (text message or WhatsApp), copied as it is.",
    other:
      "These people have only a phone, so Équipe cannot write to them. Send each of them their message yourself (text message or WhatsApp), copied as it is.",
  },
  "remindByHand.who": "**{who}** ({role}), phone {phone}:",
  "remindByHand.linkLabel": "Personal link of {who}",
  "remindByHand.noLink": "{who} has no live personal page link: to give them one, `/equipe link … new`.",
  "remindByHand.note":
    "Only the équipe's coordinators receive this message. Each link is personal: send it only to the person it is for, never in the channel.",
  "remindByHand.summary": "Reminders for you to send by hand",
  "audit.pageLink.shown": "was shown a member's personal page link",
  "audit.pageLink.sent": "sent a personal page link",
  "audit.pageLink.renewed": "renewed a personal page link",
  "audit.pageLink.revoked": "revoked a personal page link",
  "audit.pageLink.qrShown": "asked for the QR code of a personal page link",
  "audit.pageLink.qrOpened": "opened the page with the QR code of a personal page link",
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof pagesIt, typeof pagesEn> = true;
void check;
