import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * The key the pages' forms are signed with, from the data key (EQUIPE_DATA_KEY): one purpose,
 * one key, as for capability links (src/core/links.ts).
 */
export function formKeyFrom(dataKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", dataKey, new Uint8Array(0), "equipe page forms v1", 32));
}

/**
 * A form's CSRF token: HMAC-SHA256 under the form key of the page link's row (by its stored,
 * unique token hash) and the form's name. Another site cannot make it without the key; a form of
 * one link, or for one meeting, is refused by another; a revoked or renewed link's forms die
 * with it.
 */
export function formToken(key: Uint8Array, linkHash: string, form: string): string {
  return createHmac("sha256", key).update(`${linkHash}\n${form}`).digest("base64url");
}

/** Whether a submitted token is this form's, compared in constant time; anything else (absent, a list) is not. */
export function isFormToken(key: Uint8Array, linkHash: string, form: string, presented: unknown): boolean {
  if (typeof presented !== "string") return false;
  const expected = Buffer.from(formToken(key, linkHash, form));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
