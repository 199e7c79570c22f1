import type { Message, Rich } from "../../content/model.ts";
import { mentionOf } from "../../core/people.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ChannelRef } from "../../ports/channel.ts";
import type { BindingRequestRecord, EquipeRecord, MemberRecord } from "./repository.ts";

/** The button that answers a request to bind a conversation; its variant says which answer. */
export const BINDING_ACTION = "binding";

/** Each coordinator's copy of the question, updated in place once someone answers. */
export const bindingKey = (
  request: Pick<BindingRequestRecord, "id">,
  coordinator: Pick<MemberRecord, "id">,
) => `binding:${request.id}:${coordinator.id}`;

/** The platform of a conversation, by its name (Slack, Teams). */
export function platformName(locale: Locale, channel: Pick<ChannelRef, "platform">): Rich {
  return t(locale, `platform.${channel.platform}`);
}

/** Who asked, as the coordinators read it: their name as their directory gives it, else a placeholder. */
export function requesterOf(request: BindingRequestRecord): Rich {
  return [{ type: "mention", name: request.requesterName ?? "—", user: request.requester }];
}

/**
 * The question to each coordinator: who asks, for which platform, and what approving does; with
 * Approve / Refuse while it waits, and, once answered, who answered and how (no buttons).
 */
export function bindingQuestion(
  locale: Locale,
  equipe: EquipeRecord,
  request: BindingRequestRecord,
  decidedBy: MemberRecord | undefined,
): Message {
  const params = {
    requester: requesterOf(request),
    platform: platformName(locale, request.channel),
    caseCode: equipe.caseCode,
  };
  if (request.status !== "pending") {
    const key = request.status === "approved" ? "binding.approved" : "binding.refused";
    const coordinator = decidedBy ? [mentionOf(locale, decidedBy)] : [];
    return {
      blocks: [{ type: "text", content: t(locale, key, { ...params, coordinator }) }],
      attachments: [],
    };
  }
  return {
    blocks: [
      { type: "text", content: t(locale, "binding.ask", params) },
      {
        type: "actions",
        buttons: [
          {
            action: `${BINDING_ACTION}:approve`,
            value: request.id,
            label: label(locale, "binding.approve"),
            style: "primary",
            selected: false,
          },
          {
            action: `${BINDING_ACTION}:refuse`,
            value: request.id,
            label: label(locale, "binding.refuse"),
            style: "danger",
            selected: false,
          },
        ],
      },
    ],
    attachments: [],
  };
}
