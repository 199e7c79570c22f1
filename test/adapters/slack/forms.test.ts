import { describe, expect, it } from "vitest";
import { readSubmission, renderModal } from "../../../adapters/slack/forms.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";

const FORM: FormSpec = {
  id: "decide",
  title: "Decisione dell'équipe",
  submit: "Invia",
  cancel: "Annulla",
  metadata: "C0EQUIPE",
  fields: [
    {
      kind: "multiselect",
      name: "participants",
      label: "Chi deve rispondere",
      hint: "Tutti, salvo scelta diversa.",
      options: [
        { value: "m1", label: "Carla (assistente sociale)" },
        { value: "m2", label: "Anna (genitore)" },
        { value: "m3", label: "Elena (educatore/educatrice)" },
      ],
      initial: ["m1", "m2", "m3"],
    },
    { kind: "text", name: "familyReason", label: "Perché", multiline: true, optional: true, maxLength: 1000 },
  ],
};

describe("Slack modals", () => {
  it("shows a multi-select with every choice ticked and reads the chosen ones back joined by commas", () => {
    const modal = renderModal(FORM);
    expect(modal.blocks[0]).toMatchObject({
      type: "input",
      block_id: "participants",
      optional: false,
      hint: { type: "plain_text", text: "Tutti, salvo scelta diversa." },
      element: { type: "multi_static_select", action_id: "value" },
    });
    const element = (modal.blocks[0] as { element: { initial_options: { value: string }[] } }).element;
    expect(element.initial_options.map((o) => o.value)).toEqual(["m1", "m2", "m3"]);
    const state = {
      values: {
        participants: {
          value: { type: "multi_static_select", selected_options: [{ value: "m1" }, { value: "m3" }] },
        },
        familyReason: { value: { type: "plain_text_input", value: null } },
      },
    };
    expect(readSubmission(state, ["participants", "familyReason"])).toEqual({
      participants: "m1,m3",
      familyReason: "",
    });
    expect(readSubmission({ values: "nope" }, ["participants"])).toBeUndefined();
  });
});
