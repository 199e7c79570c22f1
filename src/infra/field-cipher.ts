import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Case content at rest (summary sections, comments, minutes, decision texts and reasons, queued
 * message bodies) is sealed field by field with AES-256-GCM (node's crypto). The key is derived
 * from the data key (EQUIPE_DATA_KEY) for this one purpose; its id — a digest of the key, never
 * the key — is written beside every sealed row (`keyId`) and inside every sealed value, so that a
 * new data key can be brought in while rows sealed with the previous ones are still read, and
 * re-sealed (`npm run rekey`).
 *
 * A sealed value is `e1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts). The additional
 * authenticated data names the place it belongs to (`Decision.question:<row id>`): a value moved
 * to another row or column does not open.
 */
export interface FieldCipher {
  /** The id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plain: string, place: string): string;
  /** The value sealed for this place; throws when it was not (tampered, moved, or an unknown key). */
  open(sealed: string, place: string): string;
  /** The id of the key a sealed value was sealed with (undefined when it is not a sealed value). */
  keyOf(sealed: string): string | undefined;
}

const VERSION = "e1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PURPOSE = "equipe data at rest v1";
const ID_PURPOSE = "equipe data at rest key id v1";

/** A sealed value did not open: its key is unknown here, or it was changed or moved. */
export class SealedValueError extends Error {
  constructor(why: string) {
    super(`a sealed value did not open: ${why}`);
    this.name = "SealedValueError";
  }
}

interface RingKey {
  id: string;
  key: Buffer;
}

function ringKey(dataKey: Uint8Array): RingKey {
  const key = Buffer.from(hkdfSync("sha256", dataKey, new Uint8Array(0), PURPOSE, 32));
  const id = createHash("sha256")
    .update(Buffer.from(hkdfSync("sha256", dataKey, new Uint8Array(0), ID_PURPOSE, 32)))
    .digest("base64url")
    .slice(0, 12);
  return { id, key };
}

/** The id of the key a data key seals with (what rows sealed with it carry in `keyId`). */
export const keyIdOf = (dataKey: Uint8Array): string => ringKey(dataKey).id;

/**
 * The cipher of a data key, which also opens what earlier data keys sealed (`previous`, from
 * EQUIPE_DATA_KEYS_PREVIOUS while a rotation is under way).
 */
export function fieldCipher(dataKey: Uint8Array, previous: readonly Uint8Array[] = []): FieldCipher {
  const current = ringKey(dataKey);
  const ring = new Map<string, Buffer>([[current.id, current.key]]);
  for (const old of previous) {
    const entry = ringKey(old);
    if (!ring.has(entry.id)) ring.set(entry.id, entry.key);
  }
  const parts = (sealed: string) => {
    const split = sealed.split(".");
    return split.length === 5 && split[0] === VERSION ? split : undefined;
  };
  return {
    keyId: current.id,
    seal(plain, place) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(place, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [
        VERSION,
        current.id,
        iv.toString("base64url"),
        body.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
      ].join(".");
    },
    open(sealed, place) {
      const split = parts(sealed);
      if (split === undefined) throw new SealedValueError("not a sealed value");
      const [, id = "", iv = "", body = "", tag = ""] = split;
      const key = ring.get(id);
      if (key === undefined) throw new SealedValueError(`key ${id} is not known here`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(place, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new SealedValueError("changed, or sealed for another place");
      }
    },
    keyOf(sealed) {
      return parts(sealed)?.[1];
    },
  };
}

/** Seals a value that may be absent (an optional column): absent stays absent. */
export function sealOptional(
  cipher: FieldCipher,
  plain: string | null | undefined,
  place: string,
): string | null {
  return plain === null || plain === undefined ? null : cipher.seal(plain, place);
}

/** Opens a value that may be absent. */
export function openOptional(
  cipher: FieldCipher,
  sealed: string | null | undefined,
  place: string,
): string | null {
  return sealed === null || sealed === undefined ? null : cipher.open(sealed, place);
}
