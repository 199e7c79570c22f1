import { z } from "zod";

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
