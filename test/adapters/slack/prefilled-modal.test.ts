import { describe, expect, it } from "vitest";
import { renderModal } from "../../../adapters/slack/forms.ts";
import { SUMMARY, sectionKeysOf } from "../../../src/domain/summary.ts";
import { editor, longestSection, MINUTES } from "../../support/summary-editor.ts";

/** Block Kit's limit for a plain_text_input: its max_length, and so what it may be pre-filled with. */
const SLACK_INPUT_LIMIT = 3000;

type Element = { type: string; max_length?: number; initial_value?: string };
type ModalBlock = {
  type: string;
  block_id?: string;
  element?: Element;
  elements?: { elements?: { text?: string }[] }[];
};

const inputsOf = (blocks: unknown[]) =>
  (blocks as ModalBlock[]).flatMap((block) =>
    block.element ? [{ id: block.block_id, ...block.element }] : [],
  );
/** The text of a modal's rich-text blocks, as Slack shows it. */
const textOf = (blocks: unknown[]) =>
  (blocks as ModalBlock[])
    .flatMap((block) => block.elements ?? [])
    .flatMap((element) => element.elements ?? [])
    .map((element) => element.text ?? "")
    .join("");

describe("Slack modals pre-filled with more than an input takes", () => {
  it("says where to edit a summary of the longest sections, in the reader's language, instead of a modal Slack refuses", () => {
    for (const [locale, where, command] of [
      ["it", "editor web", "/equipe sintesi"],
      ["en", "web editor", "/equipe summary"],
    ] as const) {
      const modal = renderModal(
        editor(locale, (i) => longestSection("ABCDEF"[i] ?? "Z")),
        locale,
      );
      expect(inputsOf(modal.blocks)).toEqual([]);
      expect(modal.submit).toBeUndefined();
      expect(textOf(modal.blocks)).toContain(where);
      expect(textOf(modal.blocks)).toContain(command);
    }
    const minutes = renderModal(
      editor("en", (i) => longestSection("MN"[i] ?? "Z"), MINUTES),
      "en",
    );
    expect(textOf(minutes.blocks)).toContain("/equipe minutes");
  });

  it("opens a normal summary's editor with every pre-filled value whole, and limits Slack accepts", () => {
    const texts = sectionKeysOf(SUMMARY).map((key) =>
      `Testo di ${key}: «incontro» ogni due settimane.\n`.repeat(40),
    );
    const modal = renderModal(
      editor("it", (i) => texts[i] ?? ""),
      "it",
    );
    const inputs = inputsOf(modal.blocks);
    sectionKeysOf(SUMMARY).forEach((key, i) => {
      expect(inputs.find((input) => input.id === `text_${key}`)?.initial_value).toBe(texts[i]);
    });
    for (const input of inputs.filter((element) => element.type === "plain_text_input"))
      expect(input.max_length).toBeLessThanOrEqual(SLACK_INPUT_LIMIT);
    expect(modal.submit).toBeDefined();
  });
});
