import { describe, expect, it } from "vitest";
import { markdownDocument, markdownText } from "../../src/content/markdown.ts";
import { type Message, strong, text } from "../../src/content/model.ts";
import { plainLine, plainMessage, plainText } from "../../src/content/plain.ts";
import { FORM_URL, hostileContent, hostileShown, markdownView, PAYLOADS } from "../support/display.ts";

/** Plain text and Markdown notify nobody: both mentions are the name. */
const NAMES = { slack: "Elena Educatrice", teams: "Elena Educatrice", command: "/equipe aiuto" };

describe("plain text", () => {
  it("is the payloads exactly as typed, links with their address", () => {
    const plain = plainText(hostileContent());
    expect(plain).toBe(hostileShown({ ...NAMES, link: `il modulo: ${FORM_URL}` }));
    for (const payload of PAYLOADS) expect(plain).toContain(payload);
  });

  it("writes commands the channel's way, a message as paragraphs and a line cut to fit", () => {
    expect(plainText(hostileContent(), { command: (t) => `@Équipe ${t}` })).toContain("@Équipe aiuto");
    const message: Message = {
      blocks: [
        { type: "text", content: [text("<!channel>")] },
        { type: "actions", buttons: [] },
        { type: "preformatted", text: "*x*" },
      ],
      attachments: [],
    };
    expect(plainMessage(message)).toBe("<!channel>\n\n*x*");
    expect(plainLine(hostileContent(), 20)).toBe("Motivo: <!channel> …");
  });
});

describe("Markdown (the case file)", () => {
  it("shows every payload literally, with only the intended link and bold", () => {
    const view = markdownView(markdownText(hostileContent()));
    expect(view.text).toBe(hostileShown({ ...NAMES, link: "il modulo" }));
    for (const payload of PAYLOADS) expect(view.text).toContain(payload);
    expect(view.mentions).toEqual([]);
    expect(view.links).toEqual([{ label: "il modulo", url: FORM_URL }]);
    expect(view.emphasised).toEqual(["urgente"]);
    expect(view.code).toEqual(["/equipe aiuto"]);
  });

  it("keeps people's text literal inside a document's paragraphs and list items", () => {
    const document = markdownDocument([
      { type: "paragraph", content: [text("# non un titolo "), strong("*sì*")] },
      { type: "list", items: [[text("[x](https://evil.example) <at>x</at>")]] },
    ]);
    const view = markdownView(document);
    // The list item's own marker is the document's markup; nothing else is.
    expect(view.text).toBe("# non un titolo *sì*\n[x](https://evil.example) <at>x</at>");
    expect(view.emphasised).toEqual(["*sì*"]);
    expect(view.links).toEqual([]);
  });
});

describe("the Markdown decoder", () => {
  it("catches emphasis, links, headings and raw HTML that were not escaped", () => {
    const view = markdownView(
      "# titolo\n**capo** [la scuola](https://evil.example) <script>x</script> &amp;",
    );
    expect(view.formatted).toBe(true);
    expect(view.emphasised).toEqual(["capo"]);
    expect(view.links).toEqual([{ label: "la scuola", url: "https://evil.example" }]);
    expect(view.text).toBe("titolo\ncapo la scuola x &");
  });
});
