import { describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { MAX_COMMAND_TEXT_LENGTH } from "../../src/domain/command.ts";
import { parseCommand } from "../../src/features/registry.ts";

const parse = (text: string) => parseCommand(text, parseSlackUserRef);

describe("command parser", () => {
  it("reads an empty command as help, in either language", () => {
    expect(parse("")).toEqual({ ok: true, command: { name: "help" } });
    expect(parse("aiuto")).toEqual({ ok: true, command: { name: "help" } });
    expect(parse("HELP")).toEqual({ ok: true, command: { name: "help" } });
  });

  it("parses setup with a normalised case code (Italian alias too)", () => {
    expect(parse("configura fam-2025-014")).toEqual({
      ok: true,
      command: { name: "setup", caseCode: "FAM-2025-014" },
    });
    expect(parse("setup FAM-2025-014")).toMatchObject({ ok: true });
  });

  it("refuses a case code that looks like a name", () => {
    const result = parse("setup ROSSI-MARIO");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("caseCode.invalid");
  });

  it("parses add with a Slack mention, an Italian role and the coordinator flag", () => {
    expect(parse("aggiungi <@U0ABC123|maria> educatrice")).toEqual({
      ok: true,
      // No flag: coordinating stays as it is (a new member does not coordinate).
      command: { name: "add", userId: "U0ABC123", role: "educator", coordinator: undefined },
    });
    expect(parse("add <@U0ABC123> social-worker coordinator")).toEqual({
      ok: true,
      command: { name: "add", userId: "U0ABC123", role: "social_worker", coordinator: true },
    });
  });

  it("explains what was wrong with add", () => {
    const noMention = parse("add maria educatore");
    expect(!noMention.ok && noMention.error.code).toBe("member.notAMention");
    const badRole = parse("add <@U0ABC123> astronauta");
    expect(!badRole.ok && badRole.error.code).toBe("role.unknown");
    const badFlag = parse("add <@U0ABC123> educatore boss");
    expect(!badFlag.ok && badFlag.error).toMatchObject({ code: "command.usage", params: { command: "add" } });
  });

  it("parses add-external with a multi-word name and lower-cases the e-mail", () => {
    expect(parse("aggiungi-esterno Maria.R@Example.org genitore Maria Rossi")).toEqual({
      ok: true,
      command: {
        name: "add-external",
        email: "maria.r@example.org",
        role: "parent",
        displayName: "Maria Rossi",
      },
    });
  });

  it("refuses an e-mail that is not one, and a contact that is neither an e-mail nor a phone", () => {
    const result = parse("add-external maria@example genitore Maria");
    expect(!result.ok && result.error.code).toBe("email.invalid");
    const neither = parse("add-external maria-at-example genitore Maria");
    expect(!neither.ok && neither.error).toMatchObject({
      code: "contact.missing",
      params: { value: "maria-at-example" },
    });
    const phone = parse("add-external +39 333-12 genitore Maria");
    expect(!phone.ok && phone.error.code).toBe("phone.invalid");
  });

  it("reads an external member's phone, in groups, with or without an e-mail", () => {
    expect(parse("add-external +39 333 1234567 volontario Luca V.")).toMatchObject({
      ok: true,
      command: { email: undefined, phone: "+39 333 1234567", role: "volunteer", displayName: "Luca V." },
    });
    expect(parse("add-external luca@example.org 0521 123456 volontario Luca")).toMatchObject({
      ok: true,
      command: { email: "luca@example.org", phone: "0521 123456", displayName: "Luca" },
    });
  });

  it("refuses 10 kB of text without reading it", () => {
    const result = parse(`add ${"x".repeat(10_240)}`);
    expect(!result.ok && result.error).toMatchObject({
      code: "command.tooLong",
      params: { max: MAX_COMMAND_TEXT_LENGTH },
    });
  });

  it("names an unknown subcommand, truncated", () => {
    const result = parse(`${"z".repeat(100)} now`);
    expect(!result.ok && result.error).toMatchObject({
      code: "command.unknown",
      params: { word: "z".repeat(30) },
    });
  });

  it("parses remove by mention, by e-mail or by phone", () => {
    expect(parse("rimuovi <@U0ABC123>")).toEqual({
      ok: true,
      command: { name: "remove", member: { userId: "U0ABC123" } },
    });
    expect(parse("remove Maria@Example.org")).toEqual({
      ok: true,
      command: { name: "remove", member: { contact: { email: "maria@example.org" } } },
    });
    expect(parse("rimuovi +39 333 1234567")).toEqual({
      ok: true,
      command: { name: "remove", member: { contact: { phone: "+39 333 1234567" } } },
    });
    expect(parse("remove someone").ok).toBe(false);
    expect(parse("remove 333-12").ok).toBe(false);
  });
});
