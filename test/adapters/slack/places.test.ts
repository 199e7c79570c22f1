import { describe, expect, it } from "vitest";
import { directMessageText, isDirectMessage, served } from "../../../adapters/slack/payloads.ts";

describe("Slack places", () => {
  it("serves a listed workspace or Enterprise Grid organisation, and every one without a list", () => {
    expect(served(undefined, "T0ANY")).toBe(true);
    expect(served(["T0A"], "T0A")).toBe(true);
    expect(served(["E0ORG"], "T0B", "E0ORG")).toBe(true);
    expect(served(["T0A"], "T0B")).toBe(false);
    expect(served(["T0A"], "T0B", "E0OTHER")).toBe(false);
    expect(served([], "T0A")).toBe(false);
  });

  it("tells a direct message with the bot from a channel", () => {
    expect(isDirectMessage("D0123")).toBe(true);
    expect(isDirectMessage("C0123")).toBe(false);
    expect(isDirectMessage("G0123")).toBe(false);
  });

  it("reads a typed direct message as a command", () => {
    expect(directMessageText("  /equipe stato FAM-2025-014 ")).toBe("stato FAM-2025-014");
    expect(directMessageText("Equipe aiuto")).toBe("aiuto");
    expect(directMessageText("aggiungi <@U0EDU> educatore")).toBe("aggiungi <@U0EDU> educatore");
    // Slack's own escapes are read back; what the person typed stays their text.
    expect(directMessageText("parere a&amp;b &lt;x&gt;")).toBe("parere a&b <x>");
    expect(directMessageText("equipeX")).toBe("equipeX");
  });
});
