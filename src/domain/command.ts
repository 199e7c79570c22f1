import { z } from "zod";
import { DomainError } from "./errors.ts";

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

/** A phone number has at least this many digits (a short local number) and at most this many (E.164 is 15, with room for a prefix). */
export const PHONE_MIN_DIGITS = 6;
export const PHONE_MAX_DIGITS = 20;
/** Only digits and single spaces, with one leading `+`. */
const PHONE_SHAPE = /^\+?\d+( \d+)*$/;

/**
 * A phone number as a person writes it (`+39 333 1234567`, `0521 123456`): digits and spaces,
 * a leading `+`, 6 to 20 digits. Returned with single spaces; undefined when it is not one.
 */
export function parsePhone(written: string): string | undefined {
  const phone = written.trim().replace(/\s+/g, " ");
  if (!PHONE_SHAPE.test(phone)) return undefined;
  const digits = phoneDigits(phone).length;
  return digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS ? phone : undefined;
}

/** The digits of a phone number: two ways of writing one number compare equal. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, "");

/** Whether a word reads as the start of a phone number (then it is checked as one, never taken for a role). */
export const looksLikePhone = (word: string): boolean => /^\+?\d/.test(word);

/** A member outside chat as a command names them: by e-mail, or by phone number. */
export type Contact = { email: string } | { phone: string };

/**
 * The contact a command starts with: an e-mail address, or a phone number whose groups of digits
 * may be written apart (`+39 333 1234567`; a group is two digits or more, so that an answer
 * such as `2` after it stays an answer). The words after it; or what was wrong with it.
 */
export function readContact(
  words: readonly string[],
): { contact: Contact; rest: string[] } | { wrong: "email" | "phone"; value: string } {
  const [first = "", ...others] = words;
  if (!first.includes("@") && looksLikePhone(first)) {
    let end = 0;
    while (end < others.length && /^\d{2,}$/.test(others[end] ?? "")) end += 1;
    const written = [first, ...others.slice(0, end)].join(" ");
    const phone = parsePhone(written);
    return phone === undefined
      ? { wrong: "phone", value: written }
      : { contact: { phone }, rest: others.slice(end) };
  }
  const email = emailSchema.safeParse(first);
  return email.success
    ? { contact: { email: email.data.toLowerCase() }, rest: others }
    : { wrong: "email", value: first };
}

/** What was wrong with a contact, as a person reads it (the value cut to `echoMax`). */
export function contactError(
  wrong: { wrong: "email" | "phone"; value: string },
  echoMax: number,
): DomainError {
  const value = wrong.value.slice(0, echoMax);
  return wrong.wrong === "phone"
    ? new DomainError("phone.invalid", { value, min: PHONE_MIN_DIGITS, max: PHONE_MAX_DIGITS })
    : new DomainError("email.invalid", { value });
}
