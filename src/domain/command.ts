import { z } from "zod";
import { type CaseCode, parseCaseCode } from "./case-code.ts";
import { DomainError } from "./errors.ts";
import type { Answer } from "./meeting.ts";
import { parseRole, type Role } from "./roles.ts";

/**
 * Longest text we read after `/equipe`. The longest real command is an add-external with a
 * long name (well under 300 characters); anything past this is a paste by mistake, and we
 * answer without reading it rather than echo case content back into the channel.
 */
export const MAX_COMMAND_TEXT_LENGTH = 1000;
/** A person's name as typed for an external member: enough for "Maria Grazia De Santis-Rossi". */
export const MAX_EXTERNAL_NAME_LENGTH = 80;
/** RFC 5321 caps a forward path at 254 characters. */
export const MAX_EMAIL_LENGTH = 254;

export const emailSchema = z.string().trim().max(MAX_EMAIL_LENGTH).pipe(z.email());

/** A member named in a command: a chat user by platform id, or an external member by e-mail. */
export type MemberRef = { kind: "user"; userId: string } | { kind: "email"; email: string };

export type Command =
  | { name: "help" }
  | { name: "setup"; caseCode: CaseCode }
  | { name: "add"; userId: string; role: Role; coordinator: boolean }
  | { name: "add-external"; email: string; role: Role; displayName: string }
  | { name: "members" }
  | { name: "remove"; member: MemberRef }
  | { name: "convene" }
  | { name: "status" }
  | { name: "record"; email: string; answers: { slotNumber: number; answer: Answer }[] }
  | { name: "confirm"; slotNumber: number | undefined }
  | { name: "reschedule"; when: string }
  | { name: "cancel" }
  | { name: "feed"; reset: boolean }
  | { name: "decide" }
  | { name: "viewpoint"; email: string; answer: string; side: string; reason: string }
  | { name: "decision" }
  | { name: "cancel-decision"; reason: string }
  | { name: "export" };

export type CommandName = Command["name"];

/** Every subcommand in English and Italian; the first Italian word is the one help shows. */
const SUBCOMMAND_ALIASES: Record<string, CommandName> = {
  help: "help",
  aiuto: "help",
  setup: "setup",
  configura: "setup",
  add: "add",
  aggiungi: "add",
  "add-external": "add-external",
  "aggiungi-esterno": "add-external",
  members: "members",
  membri: "members",
  remove: "remove",
  rimuovi: "remove",
  convene: "convene",
  convoca: "convene",
  status: "status",
  stato: "status",
  record: "record",
  registra: "record",
  confirm: "confirm",
  conferma: "confirm",
  reschedule: "reschedule",
  sposta: "reschedule",
  cancel: "cancel",
  annulla: "cancel",
  feed: "feed",
  calendario: "feed",
  decide: "decide",
  decidi: "decide",
  viewpoint: "viewpoint",
  parere: "viewpoint",
  decision: "decision",
  decisione: "decision",
  "cancel-decision": "cancel-decision",
  "annulla-decisione": "cancel-decision",
  "record-file": "export",
  verbale: "export",
};

/** Stances as people type them when recording someone else's viewpoint. */
const STANCE_WORDS: Record<string, string> = {
  "d'accordo": "agree",
  daccordo: "agree",
  accordo: "agree",
  agree: "agree",
  dubbi: "doubts",
  dubbio: "doubts",
  doubts: "doubts",
  contrario: "disagree",
  contraria: "disagree",
  disaccordo: "disagree",
  disagree: "disagree",
  info: "more_info",
  informazioni: "more_info",
  "more-info": "more_info",
};
/** The side a viewpoint speaks to, written as a word with a colon before the reason. */
const SIDE_WORDS: Record<string, string> = {
  "bambino:": "child_needs",
  "child:": "child_needs",
  "genitori:": "parent_responses",
  "parents:": "parent_responses",
  "ambiente:": "family_environment",
  "famiglia:": "family_environment",
  "environment:": "family_environment",
};

const COORDINATOR_WORDS = new Set(["coordinator", "coordinatore", "coordinatrice"]);
const RESET_WORDS = new Set(["reset", "nuovo", "rinnova"]);
/** How people write an availability answer, in Italian or English. */
const ANSWER_WORDS: Record<string, Answer> = {
  si: "yes",
  sì: "yes",
  s: "yes",
  yes: "yes",
  y: "yes",
  se: "if_needed",
  "se-necessario": "if_needed",
  forse: "if_needed",
  maybe: "if_needed",
  "if-needed": "if_needed",
  no: "no",
  n: "no",
};

/** Slot numbers as shown to people: 1-based, at most the poll's maximum. */
const slotNumberSchema = z.coerce.number().int().min(1).max(99);

/** How a platform writes a user mention in command text (Slack `<@U123|name>`, Teams roster ids). */
export type UserRefParser = (token: string) => string | undefined;

export type ParseResult = { ok: true; command: Command } | { ok: false; error: DomainError };

function usage(name: CommandName): ParseResult {
  return { ok: false, error: new DomainError("command.usage", { command: name }) };
}

export function parseCommand(text: string, parseUserRef: UserRefParser): ParseResult {
  if (text.length > MAX_COMMAND_TEXT_LENGTH) {
    return {
      ok: false,
      error: new DomainError("command.tooLong", { max: MAX_COMMAND_TEXT_LENGTH }),
    };
  }
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...args] = tokens;
  if (first === undefined) return { ok: true, command: { name: "help" } };
  const name = SUBCOMMAND_ALIASES[first.toLowerCase()];
  if (name === undefined) {
    return { ok: false, error: new DomainError("command.unknown", { word: first.slice(0, 30) }) };
  }
  switch (name) {
    case "help":
    case "members":
    case "convene":
    case "status":
    case "cancel":
    case "decide":
    case "decision":
    case "export":
      return args.length === 0 ? { ok: true, command: { name } } : usage(name);
    case "setup": {
      if (args.length !== 1 || args[0] === undefined) return usage(name);
      const caseCode = parseCaseCode(args[0]);
      if (caseCode === undefined) {
        return { ok: false, error: new DomainError("caseCode.invalid", { value: args[0].slice(0, 30) }) };
      }
      return { ok: true, command: { name, caseCode } };
    }
    case "add": {
      const [who, roleWord, flag, ...rest] = args;
      if (who === undefined || roleWord === undefined || rest.length > 0) return usage(name);
      const userId = parseUserRef(who);
      if (userId === undefined) return { ok: false, error: new DomainError("member.notAMention") };
      const role = parseRole(roleWord);
      if (role === undefined)
        return { ok: false, error: new DomainError("role.unknown", { word: roleWord }) };
      if (flag !== undefined && !COORDINATOR_WORDS.has(flag.toLowerCase())) return usage(name);
      return { ok: true, command: { name, userId, role, coordinator: flag !== undefined } };
    }
    case "add-external": {
      const [emailWord, roleWord, ...nameWords] = args;
      if (emailWord === undefined || roleWord === undefined || nameWords.length === 0) return usage(name);
      const email = emailSchema.safeParse(emailWord);
      if (!email.success)
        return { ok: false, error: new DomainError("email.invalid", { value: emailWord.slice(0, 60) }) };
      const role = parseRole(roleWord);
      if (role === undefined)
        return { ok: false, error: new DomainError("role.unknown", { word: roleWord }) };
      const displayName = nameWords.join(" ");
      if (displayName.length > MAX_EXTERNAL_NAME_LENGTH) {
        return { ok: false, error: new DomainError("member.nameTooLong", { max: MAX_EXTERNAL_NAME_LENGTH }) };
      }
      return { ok: true, command: { name, email: email.data.toLowerCase(), role, displayName } };
    }
    case "remove": {
      const [who, ...rest] = args;
      if (who === undefined || rest.length > 0) return usage(name);
      const userId = parseUserRef(who);
      if (userId !== undefined) return { ok: true, command: { name, member: { kind: "user", userId } } };
      const email = emailSchema.safeParse(who);
      if (email.success) {
        return { ok: true, command: { name, member: { kind: "email", email: email.data.toLowerCase() } } };
      }
      return usage(name);
    }
    case "reschedule":
      return args.length === 2 ? { ok: true, command: { name, when: args.join(" ") } } : usage(name);
    case "record": {
      const [emailWord, ...answerWords] = args;
      if (emailWord === undefined || answerWords.length === 0) return usage(name);
      const email = emailSchema.safeParse(emailWord);
      if (!email.success)
        return { ok: false, error: new DomainError("email.invalid", { value: emailWord.slice(0, 60) }) };
      const answers = [];
      for (const word of answerWords) {
        const [numberPart, answerPart] = word.split(":");
        const slot = slotNumberSchema.safeParse(numberPart);
        const answer = ANSWER_WORDS[(answerPart ?? "").toLowerCase()];
        if (!slot.success || answer === undefined) {
          return { ok: false, error: new DomainError("record.answerUnknown", { value: word.slice(0, 30) }) };
        }
        answers.push({ slotNumber: slot.data, answer });
      }
      return { ok: true, command: { name, email: email.data.toLowerCase(), answers } };
    }
    case "confirm": {
      if (args.length > 1) return usage(name);
      if (args[0] === undefined) return { ok: true, command: { name, slotNumber: undefined } };
      const slot = slotNumberSchema.safeParse(args[0]);
      return slot.success ? { ok: true, command: { name, slotNumber: slot.data } } : usage(name);
    }
    case "viewpoint": {
      const [emailWord, answerWord, ...rest] = args;
      if (emailWord === undefined || answerWord === undefined) return usage(name);
      const email = emailSchema.safeParse(emailWord);
      if (!email.success)
        return { ok: false, error: new DomainError("email.invalid", { value: emailWord.slice(0, 60) }) };
      const answer = /^\d$/.test(answerWord)
        ? answerWord
        : STANCE_WORDS[answerWord.toLowerCase().replace("’", "'")];
      if (answer === undefined)
        return {
          ok: false,
          error: new DomainError("viewpoint.unreadable", { value: answerWord.slice(0, 30) }),
        };
      const sideWord = rest[0]?.toLowerCase();
      const side = sideWord !== undefined ? (SIDE_WORDS[sideWord] ?? "") : "";
      const reason = (side ? rest.slice(1) : rest).join(" ");
      return { ok: true, command: { name, email: email.data.toLowerCase(), answer, side, reason } };
    }
    case "cancel-decision": {
      // The reason is kept in the record: the équipe must be able to say why it did not decide.
      // (The command's own limit keeps it within a viewpoint reason's length.)
      const reason = args.join(" ");
      return reason.length === 0 ? usage(name) : { ok: true, command: { name, reason } };
    }
    case "feed": {
      if (args.length === 0) return { ok: true, command: { name, reset: false } };
      if (args.length === 1 && args[0] !== undefined && RESET_WORDS.has(args[0].toLowerCase())) {
        return { ok: true, command: { name, reset: true } };
      }
      return usage(name);
    }
  }
}
