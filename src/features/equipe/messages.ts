import { lines, type Message, type Rich } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { mentionOf } from "../../core/people.ts";
import { formatDateTime } from "../../domain/time.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { ChannelRef } from "../../ports/channel.ts";
import type { Repositories } from "../../ports/store.ts";
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

/** The removal preview's buttons: `member-remove` and `member-keep`, the value `<équipe id>:<member id>`. */
export const REMOVE_ACTIONS = { remove: "member-remove", keep: "member-keep" } as const;

/** What a member stops being part of when removed, read from what is open now. */
export interface RemovalPlan {
  member: MemberRecord;
  poll: { answered: boolean } | undefined;
  meeting: { startsAt: Date } | undefined;
  decision: { question: string; answered: boolean } | undefined;
  /** They have a live calendar feed link of their own (members outside chat). */
  feed: boolean;
  /** The partner organisation they take part for, whose feed then stops showing this équipe through them. */
  organisation: string | undefined;
}

export async function removalPlan(
  repos: Repositories,
  equipe: EquipeRecord,
  member: MemberRecord,
  now: Date,
): Promise<RemovalPlan> {
  const poll = await repos.meetings.findOpenPoll(equipe.id);
  const meeting = await repos.meetings.findNextConfirmed(equipe.id, now);
  const decision = await repos.decisions.findPending(equipe.id);
  const asked = decision
    ? (await repos.decisions.participants(decision.id)).some((p) => p.memberId === member.id)
    : false;
  return {
    member,
    poll: poll
      ? { answered: (await repos.meetings.answers(poll.id)).some((a) => a.memberId === member.id) }
      : undefined,
    meeting: meeting?.startsAt ? { startsAt: meeting.startsAt } : undefined,
    decision:
      decision && asked
        ? {
            question: decision.question,
            answered: (await repos.decisions.viewpoints(decision.id)).some((v) => v.memberId === member.id),
          }
        : undefined,
    feed: (await repos.feeds.live({ kind: "member", memberId: member.id })).length > 0,
    organisation: (await repos.organisations.of(member.id))?.name,
  };
}

/**
 * What removing would do, for the coordinator who asked only: who, and what they lose — their
 * answers to the open poll, the invitation to the next meeting (and its calendar link), the
 * question of the open decision, coordinating — with a click to remove and one to keep them.
 */
export function removalPreview(locale: Locale, equipe: EquipeRecord, plan: RemovalPlan): Message {
  const who = mentionOf(locale, plan.member);
  const parts: Rich[] = [t(locale, "remove.preview", { who: [who] })];
  if (plan.poll) parts.push(t(locale, plan.poll.answered ? "remove.pollAnswered" : "remove.pollPending"));
  if (plan.meeting)
    parts.push(
      t(locale, "remove.meeting", { when: formatDateTime(plan.meeting.startsAt, equipe.timezone, locale) }),
    );
  if (plan.decision)
    parts.push(
      t(locale, plan.decision.answered ? "remove.decisionAnswered" : "remove.decisionPending", {
        question: plan.decision.question,
      }),
    );
  if (plan.feed) parts.push(t(locale, "remove.feed"));
  if (plan.organisation !== undefined)
    parts.push(t(locale, "remove.organisation", { name: plan.organisation }));
  if (plan.member.isCoordinator) parts.push(t(locale, "remove.coordinator"));
  if (!plan.poll && !plan.meeting && !plan.decision && !plan.feed && plan.organisation === undefined)
    parts.push(t(locale, "remove.nothingOpen"));
  parts.push(t(locale, "remove.kept"));
  return {
    blocks: [
      { type: "text", content: lines(parts) },
      {
        type: "actions",
        buttons: [
          {
            action: REMOVE_ACTIONS.remove,
            value: `${equipe.id}:${plan.member.id}`,
            label: plainText(
              t(locale, "remove.button", { who: who.type === "mention" ? who.name : "" }),
            ).slice(0, 75),
            style: "danger",
            selected: false,
          },
          {
            action: REMOVE_ACTIONS.keep,
            value: `${equipe.id}:${plan.member.id}`,
            label: plainText(t(locale, "remove.keepButton")),
            style: "default",
            selected: false,
          },
        ],
      },
    ],
    attachments: [],
  };
}
