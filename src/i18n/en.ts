import type { it } from "./it.ts";

/** English catalogue: every key of the Italian one, nothing more. */
export const en: Record<keyof typeof it, string> = {
  "error.internal": "Something went wrong on our side: nothing was changed. Please try again in a minute.",
  "command.tooLong":
    "The command is too long (at most {max} characters). Type only the subcommand and its data, for example `/equipe add @user educator`.",
  "command.unknown": "I don't know the subcommand “{word}”. Type `/equipe help` for the list of commands.",
  "command.usage": "The command is not in the expected form. Write it like this:\n{usage}",
  "usage.help": "`/equipe help`",
  "usage.setup": "`/equipe setup FAM-2025-014` (the case code, never the child's name)",
  "usage.add": "`/equipe add @user educator` or `/equipe add @user social-worker coordinator`",
  "usage.add-external": "`/equipe add-external maria@example.org parent Maria R.` (e-mail, role, name)",
  "usage.members": "`/equipe members`",
  "usage.remove": "`/equipe remove @user` or `/equipe remove maria@example.org`",
  "usage.convene": "`/equipe convene`",
  "usage.status": "`/equipe status`",
  "usage.confirm": "`/equipe confirm 2` (the number of the time, from `/equipe status`)",
  "usage.reschedule": "`/equipe reschedule`",
  "usage.cancel": "`/equipe cancel`",
  "usage.feed": "`/equipe feed` or `/equipe feed reset` (to revoke the link and get a new one)",
  "caseCode.invalid":
    "“{value}” is not a valid case code. Use the case's pseudonymous code, for example `FAM-2025-014` (prefix, year, number), never a name.",
  "caseCode.taken":
    "Case {caseCode} already has an équipe in another channel; ask its coordinator to add you.",
  "role.unknown": "I don't know the role “{word}”. Possible roles: {roles}.",
  "email.invalid": "“{value}” is not a valid e-mail address. Example: `maria@example.org`.",
  "member.notAMention": "Name the person with a mention, for example `@maria.rossi`.",
  "member.nameTooLong": "The name is too long (at most {max} characters). First name and initial are enough.",
  "member.notFound": "This person is not in the équipe. `/equipe members` shows who is.",
  "member.lastCoordinator": "I can't remove the équipe's last coordinator: name another coordinator first.",
  "auth.notCoordinator": "Only the équipe's coordinators can do this. Ask one of them if needed.",
  "auth.notMember":
    "You are not a member of this équipe, so you can't do this. Ask its coordinator to add you.",
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
  "members.header": "*Équipe of case {caseCode}* — {count} members",
  "members.externalSuffix": "external, by e-mail",
  "members.none": "The équipe has no members yet.",
  "help.text":
    "*Équipe* — coordination of the multidisciplinary équipe.\n{commands}\nRoles: {roles}.\nCommands also work in Italian (`/equipe aiuto`).",
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
  "command.notYet": "This command arrives with the next version of Équipe.",
};
