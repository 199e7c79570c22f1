import { describe, expect, it } from "vitest";
import {
  fieldCipher,
  keyIdOf,
  openOptional,
  SealedValueError,
  sealOptional,
} from "../../src/infra/field-cipher.ts";

const OLD = Buffer.alloc(32, 1);
const NEW = Buffer.alloc(32, 2);
const PLACE = "Decision.question:d1";

/** One part of a sealed value (`e1.<key id>.<iv>.<ciphertext>.<tag>`) changed by one bit. */
function flipped(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("field cipher", () => {
  it("opens what it sealed, for the same place, and never shows the text", () => {
    const cipher = fieldCipher(NEW);
    const sealed = cipher.seal("Proseguiamo con l'educativa domiciliare?", PLACE);
    expect(sealed).toMatch(/^e1\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("Proseguiamo");
    expect(cipher.open(sealed, PLACE)).toBe("Proseguiamo con l'educativa domiciliare?");
    // A fresh IV each time: equal texts do not look equal at rest.
    expect(cipher.seal("sì", PLACE)).not.toBe(cipher.seal("sì", PLACE));
    expect(cipher.open(cipher.seal("", PLACE), PLACE)).toBe("");
  });

  it("refuses a value changed anywhere: its text, its tag, its IV", () => {
    const cipher = fieldCipher(NEW);
    const sealed = cipher.seal("Motivo riservato", PLACE);
    for (const part of [2, 3, 4])
      expect(() => cipher.open(flipped(sealed, part), PLACE)).toThrow(SealedValueError);
    expect(() => cipher.open("Motivo riservato", PLACE)).toThrow(/not a sealed value/);
    expect(() => cipher.open(sealed.split(".").slice(0, 4).join("."), PLACE)).toThrow(SealedValueError);
  });

  it("refuses a value moved to another row or column", () => {
    const cipher = fieldCipher(NEW);
    const sealed = cipher.seal("Motivo riservato", PLACE);
    expect(() => cipher.open(sealed, "Decision.question:d2")).toThrow(/another place/);
    expect(() => cipher.open(sealed, "Decision.context:d1")).toThrow(SealedValueError);
  });

  it("refuses a value sealed with a key it does not know, naming the key's id only", () => {
    const sealed = fieldCipher(OLD).seal("x", PLACE);
    expect(() => fieldCipher(NEW).open(sealed, PLACE)).toThrow(`key ${keyIdOf(OLD)} is not known here`);
    expect(fieldCipher(NEW).keyOf(sealed)).toBe(keyIdOf(OLD));
  });

  it("opens what a previous key sealed, and seals with the current one", () => {
    const old = fieldCipher(OLD);
    const sealedBefore = old.seal("Prima della rotazione", PLACE);
    const rotated = fieldCipher(NEW, [OLD]);
    expect(rotated.keyId).toBe(keyIdOf(NEW));
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(rotated.open(sealedBefore, PLACE)).toBe("Prima della rotazione");
    const sealedAfter = rotated.seal("Dopo", PLACE);
    expect(rotated.keyOf(sealedAfter)).toBe(keyIdOf(NEW));
    // The old key alone cannot read what the new one sealed.
    expect(() => old.open(sealedAfter, PLACE)).toThrow(SealedValueError);
  });

  it("key ids are digests, stable and distinct, never the key", () => {
    expect(keyIdOf(NEW)).toBe(keyIdOf(Buffer.from(NEW)));
    expect(keyIdOf(NEW)).not.toBe(keyIdOf(OLD));
    expect(NEW.toString("base64url")).not.toContain(keyIdOf(NEW));
    expect(fieldCipher(NEW).keyOf("plain text")).toBeUndefined();
  });

  it("keeps an absent optional value absent", () => {
    const cipher = fieldCipher(NEW);
    expect(sealOptional(cipher, null, PLACE)).toBeNull();
    expect(sealOptional(cipher, undefined, PLACE)).toBeNull();
    expect(openOptional(cipher, null, PLACE)).toBeNull();
    expect(openOptional(cipher, sealOptional(cipher, "c", PLACE), PLACE)).toBe("c");
  });
});
