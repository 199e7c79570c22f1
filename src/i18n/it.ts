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
  "usage.reschedule": "`/equipe sposta`",
  "usage.cancel": "`/equipe annulla`",
  "usage.feed":
    "`/equipe calendario` oppure `/equipe calendario nuovo` (per revocare il link e averne uno nuovo)",
  "caseCode.invalid":
    "«{value}» non è un codice caso valido. Usa il codice pseudonimo del caso, ad esempio `FAM-2025-014` (prefisso, anno, numero), mai un nome.",
  "caseCode.taken":
    "Il caso {caseCode} ha già un'équipe in un altro canale; chiedi alla sua coordinatrice o al suo coordinatore di aggiungerti.",
  "role.unknown": "Non conosco il ruolo «{word}». Ruoli possibili: {roles}.",
  "email.invalid": "«{value}» non è un indirizzo e-mail valido. Esempio: `maria@example.org`.",
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
  "command.notYet": "Questo comando arriva con la prossima versione di Équipe.",
} as const;
