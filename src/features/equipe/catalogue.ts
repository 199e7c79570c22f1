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
    "`/equipe aggiungi @utente educatore` oppure `/equipe aggiungi @utente assistente-sociale coordinatore`",
  "usage.add-external":
    "`/equipe aggiungi-esterno maria@example.org genitore Maria R.` (e-mail, ruolo, nome)",
  "usage.members": "`/equipe membri`",
  "usage.remove": "`/equipe rimuovi @utente` oppure `/equipe rimuovi maria@example.org`",
  "caseCode.invalid":
    "«{value}» non è un codice caso valido. Usa il codice pseudonimo del caso, ad esempio `FAM-2025-014` (prefisso, anno, numero), mai un nome.",
  "caseCode.taken":
    "Il caso {caseCode} ha già un'équipe in un altro canale; chiedi alla sua coordinatrice o al suo coordinatore di aggiungerti.",
  "member.notInConversation":
    "Questa persona non fa parte di questa conversazione: aggiungila prima al canale o alla chat, poi ripeti il comando.",
  "member.notAMention": "Indica la persona con una menzione, ad esempio `@maria.rossi`.",
  "member.nameTooLong":
    "Il nome è troppo lungo (massimo {max} caratteri). Basta nome e iniziale del cognome.",
  "member.notFound": "Questa persona non fa parte dell'équipe. `/equipe membri` mostra chi ne fa parte.",
  "member.lastCoordinator":
    "Non posso togliere l'ultima persona che coordina l'équipe: prima nomina un'altra coordinatrice o un altro coordinatore.",
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
  "remove.preview": "**Prima di rimuovere** {who} dall'équipe:",
  "remove.pollPending": "· non potrà più rispondere alla proposta di orari aperta.",
  "remove.pollAnswered": "· le sue disponibilità per la proposta di orari aperta non conteranno più.",
  "remove.meeting":
    "· perde l'invito all'incontro del {when}: non riceverà spostamenti o annullamenti, e il suo link al calendario smette di funzionare.",
  "remove.decisionPending": "· non potrà più dare il suo punto di vista su «{question}».",
  "remove.decisionAnswered":
    "· il suo punto di vista su «{question}» resta nel verbale, ma non potrà più cambiarlo.",
  "remove.coordinator": "· non coordinerà più l'équipe.",
  "remove.nothingOpen": "· nessuna proposta, incontro o decisione in corso la riguarda.",
  "remove.kept": "Le risposte già date restano nel registro.",
  "remove.button": "Rimuovi {who}",
  "remove.keepButton": "Annulla",
  "remove.keptDone": "Va bene: non ho rimosso nessuno.",
  "remove.stale": "Questa persona non fa già più parte dell'équipe: non ho fatto nulla.",
  "members.header": {
    one: "**Équipe del caso {caseCode}** — {count} membro",
    other: "**Équipe del caso {caseCode}** — {count} membri",
  },
} as const;

/** English: every key of the Italian one, nothing more, with the same placeholders. */
export const equipeEn = {
  "usage.setup": "`/equipe setup FAM-2025-014` (the case code, never the child's name)",
  "usage.add": "`/equipe add @user educator` or `/equipe add @user social-worker coordinator`",
  "usage.add-external": "`/equipe add-external maria@example.org parent Maria R.` (e-mail, role, name)",
  "usage.members": "`/equipe members`",
  "usage.remove": "`/equipe remove @user` or `/equipe remove maria@example.org`",
  "caseCode.invalid":
    "“{value}” is not a valid case code. Use the case's pseudonymous code, for example `FAM-2025-014` (prefix, year, number), never a name.",
  "caseCode.taken":
    "Case {caseCode} already has an équipe in another channel; ask its coordinator to add you.",
  "member.notInConversation":
    "This person is not part of this conversation: add them to the channel or chat first, then repeat the command.",
  "member.notAMention": "Name the person with a mention, for example `@maria.rossi`.",
  "member.nameTooLong": "The name is too long (at most {max} characters). First name and initial are enough.",
  "member.notFound": "This person is not in the équipe. `/equipe members` shows who is.",
  "member.lastCoordinator": "I can't remove the équipe's last coordinator: name another coordinator first.",
  "equipe.notBound":
    "This channel is not linked to an équipe yet. A coordinator can link it with `/equipe setup FAM-2025-014`.",
  "equipe.alreadyBound": "This channel is already linked to the équipe of case {caseCode}.",
  "setup.done":
    "Channel linked to the équipe of case {caseCode}. You are its coordinator. Now add members with `/equipe add @user role`.",
  "setup.bound": "Channel also linked to the équipe of case {caseCode}.",
  "member.added": "{who} is now in the équipe as {role}{coordinator}.",
  "member.updated": "{who} was already in the équipe: their role is now {role}{coordinator}.",
  "member.coordinatorSuffix": " (coordinator)",
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
  "remove.nothingOpen": "· no open poll, meeting or decision concerns them.",
  "remove.kept": "Answers already given stay in the record.",
  "remove.button": "Remove {who}",
  "remove.keepButton": "Cancel",
  "remove.keptDone": "All right: I removed nobody.",
  "remove.stale": "This person is no longer in the équipe already: I did nothing.",
  "members.header": {
    one: "**Équipe of case {caseCode}** — {count} member",
    other: "**Équipe of case {caseCode}** — {count} members",
  },
} as const;

/** The compiler checks that both languages take the same placeholders, key by key. */
const check: SameParams<typeof equipeIt, typeof equipeEn> = true;
void check;
