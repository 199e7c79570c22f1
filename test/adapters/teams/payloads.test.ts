import { describe, expect, it } from "vitest";
import {
  activitySchema,
  channelOf,
  commandText,
  parseTeamsUserRef,
} from "../../../adapters/teams/payloads.ts";
import { renderForm, renderMessage } from "../../../adapters/teams/render.ts";
import { command, type Inline, type Rich, strong, text, textMessage } from "../../../src/content/model.ts";
import type { FieldErrors, FormSpec } from "../../../src/domain/forms.ts";
import { adaptiveCardView } from "../../support/display.ts";
import { PARTICIPANTS_FORM } from "../../support/forms.ts";

/** A hint as content, whether the shared fixture holds it as content already or as a string. */
const asRich = (hint: Rich | string): Rich => (typeof hint === "string" ? [text(hint)] : hint);

const base = {
  type: "message",
  id: "1",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  channelId: "msteams",
  from: { id: "29:maria", name: "Maria" },
  recipient: { id: "28:bot", name: "Équipe" },
  conversation: { id: "19:abc@thread.tacv2;messageid=1700", conversationType: "channel", tenantId: "t1" },
  channelData: { tenant: { id: "t1" }, channel: { id: "19:abc@thread.tacv2" } },
};

const activity = (fields: Record<string, unknown>) => activitySchema.parse({ ...base, ...fields });

describe("Teams messages as commands", () => {
  it("drops the bot's mention and turns other mentions into ids", () => {
    const text = commandText(
      activity({
        text: "<at>Équipe</at> aggiungi <at>Luca Bianchi</at> educatore",
        entities: [
          { type: "mention", text: "<at>Équipe</at>", mentioned: { id: "28:bot", name: "Équipe" } },
          {
            type: "mention",
            text: "<at>Luca Bianchi</at>",
            mentioned: { id: "29:luca", name: "Luca Bianchi" },
          },
        ],
      }),
    );
    expect(text).toBe("aggiungi <@29:luca> educatore");
    expect(parseTeamsUserRef("<@29:luca>")).toBe("29:luca");
    expect(parseTeamsUserRef("Luca")).toBeUndefined();
  });

  it("reads a personal chat without a mention, HTML and a copied /equipe prefix", () => {
    const personal = { conversation: { id: "a:1", conversationType: "personal", tenantId: "t1" } };
    expect(commandText(activity({ ...personal, text: "<p>/equipe&nbsp;stato</p>" }))).toBe("stato");
    expect(commandText(activity({ ...personal, text: "équipe help" }))).toBe("help");
    expect(commandText(activity({ ...personal, text: "  membri " }))).toBe("membri");
  });

  it("binds a channel thread to its channel, and a chat to itself", () => {
    expect(channelOf(activity({}))).toEqual({
      platform: "teams",
      workspaceId: "t1",
      channelId: "19:abc@thread.tacv2",
    });
    const chat = activity({
      conversation: { id: "19:chat@thread.v2", conversationType: "groupChat", tenantId: "t1" },
    });
    expect(channelOf(chat).channelId).toBe("19:chat@thread.v2");
  });

  it("refuses what is not an activity", () => {
    expect(activitySchema.safeParse({ ...base, serviceUrl: "not a url" }).success).toBe(false);
    expect(activitySchema.safeParse({ ...base, text: "x".repeat(5000) }).success).toBe(false);
  });
});

describe("rendering for Teams", () => {
  it("writes bold, mentions with their entity and commands as Teams users type them", () => {
    const luca: Inline = {
      type: "mention",
      name: "Luca Bianchi",
      user: { platform: "teams", workspaceId: "t1", userId: "29:luca" },
    };
    const rendered = renderMessage(
      textMessage([strong("FAM-2025-014"), text(" — "), luca, text(" · "), command("aiuto")]),
    );
    expect(rendered.text).toBe("**FAM-2025-014** — <at>Luca Bianchi</at> · `@Équipe aiuto`");
    expect(rendered.entities).toEqual([
      { type: "mention", text: "<at>Luca Bianchi</at>", mentioned: { id: "29:luca", name: "Luca Bianchi" } },
    ]);
  });

  it("sends text alone as a message and anything with buttons or links as an Adaptive Card 1.5", () => {
    expect(renderMessage(textMessage([text("ciao")]))).toEqual({ text: "ciao", textFormat: "markdown" });
    const card = renderMessage({
      blocks: [
        { type: "text", content: [text("x")] },
        { type: "link", label: "Aggiungi al calendario", url: "https://e.example/calendar/event/t.ics" },
        {
          type: "actions",
          buttons: [{ action: "poll:yes", value: "m:s", label: "Sì", style: "primary", selected: true }],
        },
      ],
      attachments: [{ filename: "a.ics", mimeType: "text/calendar", content: "BEGIN:VCALENDAR" }],
    });
    const content = card.attachments?.[0]?.content as { version: string; body: { actions?: unknown[] }[] };
    expect(content.version).toBe("1.5");
    expect(JSON.stringify(content)).toContain('"Action.OpenUrl"');
    expect(JSON.stringify(content)).toContain('"title":"✓ Sì"');
    expect(card.attachments).toHaveLength(1);
  });

  it("shows a multi-select as ticked checkboxes, keeping what was typed after an error", () => {
    type Body = { type: string; id?: string; value?: string; isMultiSelect?: boolean }[];
    const form: FormSpec = {
      ...PARTICIPANTS_FORM,
      fields: PARTICIPANTS_FORM.fields.map((field) =>
        field.kind === "select" || field.kind === "content" || field.hint === undefined
          ? field
          : { ...field, hint: asRich(field.hint) },
      ),
    };
    const cardOf = (errors: FieldErrors, values: Record<string, string>) =>
      renderForm(form, errors, values).content as { body: Body };
    const fresh = cardOf({}, {});
    expect(fresh.body.find((e) => e.id === "participants")).toMatchObject({
      type: "Input.ChoiceSet",
      isMultiSelect: true,
      style: "expanded",
      value: "m1,m2,m3",
    });
    expect(adaptiveCardView(fresh).text).toContain("Tutti, salvo scelta diversa.");
    const again = cardOf({ participants: [text("Scegli almeno una persona.")] }, { participants: "m2" });
    expect(again.body.find((e) => e.id === "participants")?.value).toBe("m2");
    expect(adaptiveCardView(again).text).toContain("Scegli almeno una persona.");
  });
});
