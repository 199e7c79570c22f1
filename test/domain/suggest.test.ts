import { describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { findNamed, type MemberRecord } from "../../src/domain/equipe.ts";
import type { EquipeId, MemberId } from "../../src/domain/ids.ts";
import { parseRole, type Role, suggestRole, takeRole } from "../../src/domain/roles.ts";
import { editDistance, fold, nearest, tolerance } from "../../src/domain/suggest.ts";
import { parseCommand } from "../../src/features/registry.ts";

const parse = (text: string) => parseCommand(text, parseSlackUserRef);

describe("edit distance (Damerau–Levenshtein, optimal string alignment)", () => {
  it("counts insertions, deletions, substitutions and neighbour swaps as one each", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("configura", "configura")).toBe(0);
    expect(editDistance("confgura", "configura")).toBe(1); // a letter missing
    expect(editDistance("configuraa", "configura")).toBe(1); // one too many
    expect(editDistance("convigura", "configura")).toBe(1); // one wrong
    expect(editDistance("cofnigura", "configura")).toBe(1); // two swapped
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    // Optimal string alignment: no substring is edited twice.
    expect(editDistance("ca", "abc")).toBe(3);
  });

  it("is symmetric and counts characters, not UTF-16 units", () => {
    for (const [a, b] of [
      ["insegnate", "insegnante"],
      ["genitor:", "genitori:"],
      ["abcdef", "fedcba"],
    ] as const)
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    expect(editDistance("😀a", "a")).toBe(1);
  });

  it("folds case, accents and typographic apostrophes, not the letters", () => {
    expect(fold("  Attività ")).toBe("attivita");
    expect(fold("D’ACCORDO")).toBe("d'accordo");
    expect(fold("Équipe")).toBe("equipe");
  });
});

describe("nearest valid word", () => {
  it("tolerates more slips in longer words, none in very short ones", () => {
    expect([1, 2, 3, 4, 5, 6, 10, 11, 20].map(tolerance)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it("suggests the nearest word within tolerance, accent- and case-insensitively", () => {
    expect(nearest("confgura", ["configura", "convoca", "conferma"])).toEqual(["configura"]);
    expect(nearest("CONFGURA", ["configura"])).toEqual(["configura"]);
    expect(nearest("attivitá", ["attività"])).toEqual(["attività"]);
    expect(nearest("setpu", ["setup", "help"])).toEqual(["setup"]);
  });

  it("suggests nothing when nothing is close, and never a word shorter than the slip", () => {
    expect(nearest("pediatra", ["insegnante", "genitore", "altro"])).toEqual([]);
    expect(nearest("xyz", ["xya"])).toEqual([]); // too short to correct
    expect(nearest("abcd", ["a"])).toEqual([]);
  });

  it("returns every word at the smallest distance, in the order given, once", () => {
    expect(nearest("genitor:", ["genitori:", "genitore:", "genitori:", "bambino:"])).toEqual([
      "genitori:",
      "genitore:",
    ]);
  });
});

describe("roles as people write them", () => {
  it("accepts a role written with a space, an apostrophe or an accent", () => {
    expect(parseRole("assistente sociale")).toBe("social_worker");
    expect(parseRole("Assistente_Sociale")).toBe("social_worker");
    expect(parseRole("famiglia d'appoggio")).toBe("support_family");
    expect(parseRole("famiglia d’appoggio")).toBe("support_family");
    expect(parseRole("papà")).toBe("parent");
    expect(parseRole("social worker")).toBe("social_worker");
    expect(parseRole("toString")).toBeUndefined();
  });

  it("reads the role at the start of a command's words, the longest one first", () => {
    expect(takeRole(["assistente", "sociale", "coordinatore"])).toEqual({
      ok: true,
      role: "social_worker",
      rest: ["coordinatore"],
    });
    expect(takeRole(["famiglia", "d'appoggio", "Rossi"])).toEqual({
      ok: true,
      role: "support_family",
      rest: ["Rossi"],
    });
    expect(takeRole(["genitore", "Maria", "R."])).toEqual({
      ok: true,
      role: "parent",
      rest: ["Maria", "R."],
    });
  });

  it("offers the nearest role word for a slip, in the language it was typed in, and never takes it", () => {
    expect(takeRole(["insegnate"])).toEqual({ ok: false, word: "insegnate", suggestion: "insegnante" });
    expect(takeRole(["assistente", "socale"])).toEqual({
      ok: false,
      word: "assistente socale",
      suggestion: "assistente-sociale",
    });
    expect(suggestRole("teachr")).toEqual(["teacher"]);
    expect(suggestRole("educatrce")).toEqual(["educatrice"]);
  });

  it("suggests nothing for a word no role is close to (the reader is told about `altro`)", () => {
    expect(takeRole(["pediatra"])).toEqual({ ok: false, word: "pediatra", suggestion: undefined });
    expect(suggestRole("astronauta")).toEqual([]);
  });
});

describe("did you mean, in commands", () => {
  it("refuses a mistyped subcommand with the nearest one, and runs nothing", () => {
    const result = parse("confgura FAM-2025-014");
    expect(!result.ok && result.error).toMatchObject({
      code: "command.didYouMean",
      params: { word: "confgura", suggestion: "configura", command: "setup" },
    });
    const english = parse("memebrs");
    expect(!english.ok && english.error).toMatchObject({ params: { suggestion: "members" } });
  });

  it("refuses a mistyped role with the nearest one and the command it was in", () => {
    const result = parse("aggiungi <@U0ABC123> insegnate");
    expect(!result.ok && result.error).toMatchObject({
      code: "role.unknown",
      params: { word: "insegnate", suggestion: "insegnante", command: "add" },
    });
    const far = parse("aggiungi-esterno p@example.org pediatra Paolo");
    expect(!far.ok && far.error).toMatchObject({
      code: "role.unknown",
      params: { word: "pediatra", suggestion: "", command: "add-external" },
    });
  });

  it("accepts a role with a space and the coordinator flag after it", () => {
    expect(parse("aggiungi <@U0ABC123> assistente sociale coordinatrice")).toEqual({
      ok: true,
      command: { name: "add", userId: "U0ABC123", role: "social_worker", coordinator: true },
    });
    expect(parse("aggiungi <@U0ABC123> educatore non coordinatore")).toEqual({
      ok: true,
      command: { name: "add", userId: "U0ABC123", role: "educator", coordinator: false },
    });
    const slip = parse("aggiungi <@U0ABC123> educatore cordinatore");
    expect(!slip.ok && slip.error).toMatchObject({
      code: "word.unknown",
      params: { suggestion: "coordinatore", command: "add" },
    });
  });

  it("refuses a mistyped side instead of swallowing it into the reason", () => {
    const result = parse("parere mamma@example.org contrario genitor: non se la sente");
    expect(!result.ok && result.error).toMatchObject({
      code: "viewpoint.sideWordNear",
      params: { value: "genitor:", suggestion: "genitori:", command: "viewpoint" },
    });
    const none = parse("parere mamma@example.org contrario nota: non se la sente");
    expect(!none.ok && none.error).toMatchObject({ code: "viewpoint.sideWord" });
    expect(parse("parere mamma@example.org contrario Genitori: non se la sente")).toMatchObject({
      ok: true,
      command: { side: "parent_responses", reason: "non se la sente" },
    });
    expect(parse("parere mamma@example.org d’accordo va bene così")).toMatchObject({
      ok: true,
      command: { answer: "agree", side: "", reason: "va bene così" },
    });
  });

  it("refuses a mistyped stance with the nearest one", () => {
    const result = parse("parere mamma@example.org contrari motivo");
    expect(!result.ok && result.error).toMatchObject({
      code: "viewpoint.unreadableNear",
      params: { suggestion: "contrario" },
    });
  });
});

const member = (id: string, role: Role, name?: string, email?: string): MemberRecord => ({
  id: id as MemberId,
  equipeId: "e" as EquipeId,
  role,
  isCoordinator: false,
  locale: undefined,
  name,
  email,
  phone: undefined,
  chat: undefined,
});

describe("who an action line names", () => {
  const elena = member("1", "educator", "Elena Educatrice");
  const tommaso = member("2", "teacher", "Tommaso Insegnante");
  const anna = member("3", "parent", "Anna B.", "anna@example.org");
  const marco = member("4", "parent", "Marco B.", "marco@example.org");
  const elenaV = member("5", "volunteer", "Elena Verdi", "elena@example.org");
  const team = [elena, tommaso, anna, marco];

  it("finds a member by first name, full name, e-mail or a role only they have", () => {
    expect(findNamed(team, "Elena", parseRole)).toEqual({ kind: "one", member: elena });
    expect(findNamed(team, "elena educatrice", parseRole)).toEqual({ kind: "one", member: elena });
    expect(findNamed(team, "@Élena", parseRole)).toEqual({ kind: "one", member: elena });
    expect(findNamed(team, "Anna@Example.org", parseRole)).toEqual({ kind: "one", member: anna });
    expect(findNamed(team, "insegnante", parseRole)).toEqual({ kind: "one", member: tommaso });
  });

  it("says when a first name or a role matches two people, naming both", () => {
    expect(findNamed(team, "genitore", parseRole)).toEqual({ kind: "several", members: [anna, marco] });
    expect(findNamed([...team, elenaV], "Elena", parseRole)).toEqual({
      kind: "several",
      members: [elena, elenaV],
    });
    // The full name settles it.
    expect(findNamed([...team, elenaV], "Elena Verdi", parseRole)).toEqual({ kind: "one", member: elenaV });
  });

  it("finds nobody for a word that names nobody", () => {
    expect(findNamed(team, "pediatra", parseRole)).toEqual({ kind: "none" });
    expect(findNamed(team, "psicologo", parseRole)).toEqual({ kind: "none" });
    expect(findNamed(team, " ", parseRole)).toEqual({ kind: "none" });
  });
});
