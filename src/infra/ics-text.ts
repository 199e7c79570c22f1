/**
 * The low-level rules of RFC 5545 text, written by hand so that a large feed is plain string
 * building: escaping of TEXT values (§3.3.11), quoting of parameter values (§3.2), line folding
 * (§3.1) and the two DATE-TIME forms (§3.3.5).
 */

/** Every content line ends with CRLF (§3.1). */
export const CRLF = "\r\n";
/** Lines SHOULD NOT be longer than 75 octets, excluding the line break (§3.1). */
const LINE_OCTETS = 75;
/** A UTF-16 code unit is at most 3 octets in UTF-8 (a surrogate pair, 2 units, is 4): shorter lines fit. */
const SURELY_SHORT = Math.floor(LINE_OCTETS / 3);

/**
 * Control characters other than HTAB are not allowed in TEXT nor in quoted parameters; line
 * breaks are escaped (TEXT) before this is applied, the rest is dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NEEDS_ESCAPE = /[\\;,\r\n\u0000-\u0008\u000B-\u001F\u007F]/;

/** A TEXT value: backslash, semicolon and comma escaped, any line break as `\n`. */
export function text(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/[\\;,]/g, "\\$&")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(CONTROLS, "");
}

/** A parameter value, always quoted (it may hold `:`, `;` or `,`); DQUOTE cannot be quoted, so it becomes `'`. */
export function quoted(value: string): string {
  return `"${value.replace(CONTROLS, "").replace(/"/g, "'")}"`;
}

/**
 * A CAL-ADDRESS for an e-mail address: a mailto URI (RFC 6068). Characters that cannot stand in a
 * URI, or could end the line, are percent-encoded; the usual address characters stay as typed so
 * clients can match the address to the reader's mailbox.
 */
export function mailto(address: string): string {
  return `mailto:${address.replace(/[^A-Za-z0-9!#$&'*+\-./=?^_`{|}~@]/g, (c) => encodeURIComponent(c))}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYYMMDDTHHMMSS` of the UTC fields of `ms`: the wall clock when `ms` is a shifted wall time. */
export function basicDateTime(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return (
    (year < 1000 ? String(year).padStart(4, "0") : String(year)) +
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    "T" +
    pad2(d.getUTCHours()) +
    pad2(d.getUTCMinutes()) +
    pad2(d.getUTCSeconds())
  );
}

/** A DATE-TIME in UTC (form #2), e.g. `20271020T080000Z`. */
export function utc(instant: Date | number): string {
  return `${basicDateTime(typeof instant === "number" ? instant : instant.getTime())}Z`;
}

/**
 * Folds a content line into physical lines of at most 75 octets of UTF-8, each continuation
 * starting with one space (which counts), never splitting a multi-octet character.
 */
export function fold(line: string): string {
  if (line.length <= SURELY_SHORT) return line;
  if (line.length <= LINE_OCTETS && Buffer.byteLength(line, "utf8") <= LINE_OCTETS) return line;
  let out = "";
  let start = 0;
  let octets = 0;
  let limit = LINE_OCTETS;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i) ?? 0;
    const units = code > 0xffff ? 2 : 1;
    // A lone surrogate is written as U+FFFD: 3 octets, like the rest of the BMP above U+07FF.
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code <= 0xffff ? 3 : 4;
    if (octets + size > limit) {
      out += `${line.slice(start, i)}${CRLF} `;
      start = i;
      octets = 0;
      limit = LINE_OCTETS - 1;
    }
    octets += size;
    i += units;
  }
  return out + line.slice(start);
}

/** One content line, folded, with its CRLF. */
export const contentLine = (line: string): string => fold(line) + CRLF;
