import { describe, expect, it } from "vitest";
import { renderErrors, renderModal } from "../../../adapters/slack/forms.ts";
import { lineBreak, type Rich, strong, text } from "../../../src/content/model.ts";
import { contentForm } from "../../support/content-form.ts";
import { HOSTILE_TEXT, SECRET_SECTION } from "../../support/dialog-feature.ts";
import { PAYLOADS, slackView } from "../../support/display.ts";

/** Block Kit's own limits for a modal: 100 blocks, 3000 characters of text in a block. */
const MAX_VIEW_BLOCKS = 100;
const MAX_BLOCK_TEXT = 3000;

/** A section of `count` paragraphs of `size` characters each. */
const paragraphs = (count: number, size: number): Rich =>
  Array.from({ length: count }, (_, i) => [text(`${i}`.padEnd(size, "x"))]).flatMap((p, i) =>
    i === 0 ? p : [lineBreak, ...p],
  );

/** Every text a block shows, joined (rich-text runs only). */
const richTexts = (block: unknown): string =>
  (block as { elements: { elements: { text?: string }[] }[] }).elements
    .flatMap((e) => e.elements)
    .map((e) => e.text ?? "")
    .join("");

describe("Slack modals with content to read", () => {
  it("shows the content as rich text people's text literal, and the inputs after it", () => {
    const payloads = PAYLOADS.join(" ");
    const modal = renderModal(contentForm([SECRET_SECTION, [text(payloads)]]));
    expect(modal.blocks.map((b) => b.type)).toEqual(["rich_text", "rich_text", "input", "input"]);
    const view = slackView({ blocks: modal.blocks });
    expect(view.text).toContain(`Bisogni del bambino\n${HOSTILE_TEXT}\nSecondo paragrafo.`);
    expect(view.text).toContain(payloads);
    expect(view.broadcasts).toEqual([]);
    expect(view.mentions).toEqual([]);
    expect(view.links).toEqual([]);
    expect(view.emphasised).toEqual(["Bisogni del bambino"]);
    // Only inputs are named after fields: Slack returns nothing of the content in view.state.
    expect(modal.blocks.flatMap((b) => ("block_id" in b && b.block_id ? [b.block_id] : []))).toEqual([
      "note",
      "answer",
    ]);
  });

  it("splits long content into blocks of at most 3000 characters, at line breaks", () => {
    const modal = renderModal(contentForm([paragraphs(5, 2000)]));
    const content = modal.blocks.filter((b) => b.type === "rich_text");
    expect(content).toHaveLength(5);
    for (const block of content) expect(richTexts(block).length).toBeLessThanOrEqual(MAX_BLOCK_TEXT);
    expect(content.map(richTexts).join("\n")).toBe(
      Array.from({ length: 5 }, (_, i) => `${i}`.padEnd(2000, "x")).join("\n"),
    );
  });

  it("fills a modal to its 100 blocks without a cut when the content fits exactly", () => {
    const modal = renderModal(contentForm([paragraphs(98, 2900)]));
    expect(modal.blocks).toHaveLength(MAX_VIEW_BLOCKS);
    expect(modal.blocks.some((b) => b.type === "context")).toBe(false);
  });

  it("cuts content a modal cannot hold, says so, and keeps every input", () => {
    for (const [locale, said] of [
      ["it", "… Il testo continua"],
      ["en", "… The text goes on"],
    ] as const) {
      const modal = renderModal(
        contentForm([paragraphs(60, 2900), [strong("Accordi")], paragraphs(80, 2900)]),
        locale,
      );
      expect(modal.blocks).toHaveLength(MAX_VIEW_BLOCKS);
      const types = modal.blocks.map((b) => b.type);
      expect(types.slice(-3)).toEqual(["context", "input", "input"]);
      expect(types.filter((type) => type === "context")).toHaveLength(1);
      expect(slackView({ blocks: modal.blocks.slice(-3, -2) }).text).toContain(said);
      for (const block of modal.blocks)
        if (block.type === "rich_text") expect(richTexts(block).length).toBeLessThanOrEqual(MAX_BLOCK_TEXT);
      // What is shown is the beginning, in order: the first section whole, then the second's title.
      expect(richTexts(modal.blocks[60])).toBe("Accordi");
    }
  });

  it("shows an error meant for a content field beside the first input (Slack shows errors only there)", () => {
    const form = contentForm([SECRET_SECTION]);
    expect(
      renderErrors({ s0: [text("Cambiata nel frattempo.")], note: [text("Scrivi una nota.")] }, form),
    ).toEqual({
      note: "Cambiata nel frattempo.\nScrivi una nota.",
    });
    expect(renderErrors({ note: [text("Scrivi una nota.")] })).toEqual({ note: "Scrivi una nota." });
  });
});
