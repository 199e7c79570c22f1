import { describe, expect, it } from "vitest";
import { readSubmission, renderModal } from "../../../adapters/slack/forms.ts";
import { type Rich, text } from "../../../src/content/model.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";
import { PARTICIPANTS_FORM } from "../../support/forms.ts";

/** A hint as content, whether the shared fixture holds it as content already or as a string. */
const asRich = (hint: Rich | string): Rich => (typeof hint === "string" ? [text(hint)] : hint);
const FORM: FormSpec = {
  ...PARTICIPANTS_FORM,
  fields: PARTICIPANTS_FORM.fields.map((field) =>
    field.kind === "select" || field.kind === "content" || field.hint === undefined
      ? field
      : { ...field, hint: asRich(field.hint) },
  ),
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

  it("shows Slack's own date-and-time picker and reads its UNIX seconds back as an instant", () => {
    const modal = renderModal({
      ...FORM,
      fields: [
        {
          kind: "datetime",
          name: "slot1",
          label: "Orario 1",
          hint: [text("Ora di Europe/Rome.")],
          optional: true,
        },
        {
          kind: "datetime",
          name: "slot2",
          label: "Orario 2",
          initial: "2026-12-09T09:00:00.000Z",
          optional: false,
        },
      ],
    });
    expect(modal.blocks[0]).toEqual({
      type: "input",
      block_id: "slot1",
      label: { type: "plain_text", text: "Orario 1" },
      optional: true,
      hint: { type: "plain_text", text: "Ora di Europe/Rome." },
      element: { type: "datetimepicker", action_id: "value" },
    });
    expect(modal.blocks[1]).toMatchObject({
      optional: false,
      element: { type: "datetimepicker", action_id: "value", initial_date_time: 1796806800 },
    });
    // What Slack posts in view.state for a datetimepicker: `selected_date_time`, seconds; null when empty.
    const state = {
      values: {
        slot1: { value: { type: "datetimepicker", selected_date_time: 1796806800 } },
        slot2: { value: { type: "datetimepicker", selected_date_time: null } },
      },
    };
    expect(readSubmission(state, ["slot1", "slot2", "slot3"])).toEqual({
      slot1: "2026-12-09T09:00:00.000Z",
      slot2: "",
      slot3: "",
    });
    const forged = { values: { slot1: { value: { type: "datetimepicker", selected_date_time: "soon" } } } };
    expect(readSubmission(forged, ["slot1"])).toBeUndefined();
  });
});
