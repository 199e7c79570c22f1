import { text } from "../../src/content/model.ts";
import type { FormSpec } from "../../src/domain/forms.ts";

/** A decide form cut down to who must answer (a multi-select, all ticked) and the family's reason. */
export const PARTICIPANTS_FORM: FormSpec = {
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
      hint: [text("Tutti, salvo scelta diversa.")],
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
