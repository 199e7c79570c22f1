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
