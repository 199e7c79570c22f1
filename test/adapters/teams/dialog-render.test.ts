import { describe, expect, it } from "vitest";
import { BOT_NAME, renderForm, renderMessage } from "../../../adapters/teams/render.ts";
import type { Button } from "../../../src/content/model.ts";
import type { FormSpec } from "../../../src/domain/forms.ts";
import { adaptiveCardView, FORM_URL, hostileContent, hostileShown, PAYLOADS } from "../../support/display.ts";

type Card = { body: { type: string; text?: string; wrap?: boolean; actions?: { data?: unknown }[] }[] };

const button = (dialog?: boolean): Button => ({
  action: "summary-read",
  value: "v1",
  label: "Leggi",
  style: "default",
  selected: false,
  ...(dialog === undefined ? {} : { dialog }),
});

const cardOf = (attachment: { content?: unknown } | undefined) => attachment?.content as Card;

describe("Teams dialogs: buttons and content", () => {
  it("renders a dialog button as an Action.Submit asking for task/fetch, every other button as before", () => {
    const activity = renderMessage({
      blocks: [
        { type: "text", content: [{ type: "text", text: "Versione 3" }] },
        { type: "actions", buttons: [button(true), button(false), button()] },
      ],
      attachments: [],
    });
    const actions = cardOf(activity.attachments?.[0]).body.flatMap((e) => e.actions ?? []);
    expect(actions.map((a) => a.data)).toEqual([
      { msteams: { type: "task/fetch" }, equipe: "action", actionId: "summary-read", value: "v1" },
      { equipe: "action", actionId: "summary-read", value: "v1" },
      { equipe: "action", actionId: "summary-read", value: "v1" },
    ]);
  });

  it("shows a form's content as a wrapping TextBlock, people's text literal, members by name", () => {
    const form: FormSpec = {
      id: "read",
      title: "Sintesi",
      submit: "Presa visione",
      cancel: "Chiudi",
      metadata: "FAM-2027-301",
      confidential: true,
      fields: [{ kind: "content", name: "s0", content: hostileContent() }],
    };
    const card = cardOf(renderForm(form));
    const block = card.body.find((e) => e.type === "TextBlock");
    expect(block?.wrap).toBe(true);
    // No mention can be made in a dialog's card: the Teams account is named, no tag is written.
    expect(block?.text).not.toMatch(/(^|[^\\])<at>/);
    const view = adaptiveCardView(card);
    expect(view.text).toContain(
      hostileShown({
        slack: "Elena Educatrice",
        teams: "Elena Educatrice",
        link: "il modulo",
        command: `@${BOT_NAME} aiuto`,
      }),
    );
    for (const payload of PAYLOADS) expect(view.text).toContain(payload);
    expect(view.mentions).toEqual([]);
    expect(view.broadcasts).toEqual([]);
    expect(view.links).toEqual([{ label: "il modulo", url: FORM_URL }]);
    // Nothing of the content is an input: the form submits nothing of it.
    expect(card.body.filter((e) => e.type.startsWith("Input."))).toEqual([]);
  });
});
