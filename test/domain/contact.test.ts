import { describe, expect, it } from "vitest";
import { parsePhone, phoneDigits, readContact } from "../../src/domain/command.ts";

describe("phone numbers as people write them", () => {
  it("accepts digits and spaces with a leading +, 6 to 20 digits", () => {
    expect(parsePhone("+39 333 1234567")).toBe("+39 333 1234567");
    expect(parsePhone("0521  123456")).toBe("0521 123456");
    expect(parsePhone("123456")).toBe("123456");
    expect(parsePhone("12345")).toBeUndefined();
    expect(parsePhone("1".repeat(21))).toBeUndefined();
    expect(parsePhone("333-1234567")).toBeUndefined();
    expect(parsePhone("39+333")).toBeUndefined();
    expect(parsePhone("++39 333")).toBeUndefined();
    expect(phoneDigits("+39 333 1234567")).toBe(phoneDigits("+393331234567"));
  });

  it("reads the contact a command starts with, a number's groups included, and says what was wrong", () => {
    expect(readContact(["+39", "333", "1234567", "1:si"])).toEqual({
      contact: { phone: "+39 333 1234567" },
      rest: ["1:si"],
    });
    // A one-digit answer after a number stays an answer.
    expect(readContact(["+393331234567", "2", "motivo"])).toEqual({
      contact: { phone: "+393331234567" },
      rest: ["2", "motivo"],
    });
    expect(readContact(["Maria@Example.org", "1:no"])).toEqual({
      contact: { email: "maria@example.org" },
      rest: ["1:no"],
    });
    expect(readContact(["333-12", "1:si"])).toEqual({ wrong: "phone", value: "333-12" });
    expect(readContact(["maria", "1:si"])).toEqual({ wrong: "email", value: "maria" });
  });
});
