import {
  type Block,
  lineBreak,
  lines,
  type Message,
  primaryButton,
  type Rich,
  text,
  textMessage,
} from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { mentionOf, namesOf, roleName } from "../../core/people.ts";
import type { ByLink, Tell } from "../../core/reach.ts";
import { type DecisionAnswer, SIDES, type Side, STANCES, type Stance } from "../../domain/decision.ts";
import { isFamilyRole } from "../../domain/roles.ts";
import { formatDateTime } from "../../domain/time.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { EquipeRecord, MemberRecord } from "../equipe/repository.ts";
import { equipeOf, readsCaseCode } from "../meetings/messages.ts";
import { reminderLetter } from "../pages/messages.ts";
import type { DecisionState } from "./queries.ts";
import type { DecisionRecord, ParticipantRecord, ViewpointRecord } from "./repository.ts";

/** Buttons of the decision flow; the value is always the decision id. */
export const DECISION_ACTIONS = {
  answer: "decide:answer",
  outcome: "decide:outcome",
  /** On the review notice: opens the convene form for the decision's équipe. */
  reviewConvene: "decide:review-convene",
} as const;

/** Keys under which a decision's live messages are updated in place. */
export const messageKeys = {
  ask: (decision: DecisionRecord, member: MemberRecord) => `decision:${decision.id}:ask:${member.id}`,
  /** A coordinator's full picture with the button to record the outcome, sent when it closes. */
  picture: (decision: DecisionRecord, coordinator: MemberRecord) =>
    `decision:${decision.id}:picture:${coordinator.id}`,
  channel: (decision: DecisionRecord, conversationId: string) =>
    `decision:${decision.id}:channel:${conversationId}`,
};

/** The family of the équipe (parents, children): required unless the coordinator says why not. */
export const isFamily = (member: MemberRecord) => isFamilyRole(member.role);

const STANCE_LABELS = {
  agree: "stance.agree",
  doubts: "stance.doubts",
  disagree: "stance.disagree",
  more_info: "stance.more_info",
} as const satisfies Record<Stance, `stance.${Stance}`>;

/** An answer as people read it: the stance in their language, or the option's own text. */
export function answerLabel(locale: Locale, decision: DecisionRecord, answer: DecisionAnswer): Rich {
  if (answer.startsWith("option:")) return [text(decision.options[Number(answer.slice(7)) - 1] ?? answer)];
  const stance = STANCES.find((s) => s === answer);
  return stance ? t(locale, STANCE_LABELS[stance]) : [text(answer)];
}

export const sideLabel = (locale: Locale, side: Side): Rich => t(locale, `side.${side}`);

/** One viewpoint: who, their role, the answer, the side, the reason, who recorded it for them. */
export function viewpointLine(locale: Locale, state: DecisionState, viewpoint: ViewpointRecord): Rich {
  const member = state.members.get(viewpoint.memberId);
  const recorder = viewpoint.recordedByMemberId ? state.members.get(viewpoint.recordedByMemberId) : undefined;
  return t(locale, "viewpoint.line", {
    who: member ? [mentionOf(locale, member)] : "—",
    role: member ? roleName(locale, member) : "",
    answer: answerLabel(locale, state.decision, viewpoint.answer),
    side: viewpoint.side ? [text(" ["), ...sideLabel(locale, viewpoint.side), text("]")] : "",
    reason: viewpoint.reason ? ` — ${viewpoint.reason}` : "",
    recorded: recorder
      ? t(locale, "viewpoint.recordedBy", {
          who: [mentionOf(locale, recorder)],
          how: viewpoint.heardVia ? t(locale, `heard.${viewpoint.heardVia}`) : "",
        })
      : "",
  });
}

/**
 * The line every copy of a closed decision shows: when it closed and why (deadline passed,
 * everybody answered, outcome recorded, withdrawn); nothing while it is open.
 */
export function decisionClosedLine(
  locale: Locale,
  equipe: EquipeRecord,
  decision: DecisionRecord,
): Rich | undefined {
  const date = (at: Date) => formatDateTime(at, equipe.timezone, locale);
  if (decision.cancellation)
    return t(locale, "decision.closedWithdrawn", { date: date(decision.cancellation.at) });
  if (decision.status === "recorded")
    return t(locale, "decision.closedRecorded", {
      date: date(decision.recordedAt ?? decision.closedAt ?? decision.deadline),
    });
  if (decision.status !== "closed") return undefined;
  const closedAt = decision.closedAt ?? decision.deadline;
  return closedAt.getTime() < decision.deadline.getTime()
    ? t(locale, "decision.closedAnswered", { date: date(closedAt) })
    : t(locale, "decision.closedExpired", { date: date(closedAt) });
}

/** The private question to one participant, with the button that opens their viewpoint form. */
export function askMessage(
  locale: Locale,
  equipe: EquipeRecord,
  state: DecisionState,
  answered: boolean,
): Message {
  const { decision } = state;
  const words = {
    caseCode: equipe.caseCode,
    question: decision.question,
    context: decision.context ? [lineBreak, text(decision.context)] : "",
  };
  const closed = decisionClosedLine(locale, equipe, decision);
  const content =
    closed === undefined
      ? t(locale, "decision.ask", {
          ...words,
          deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
        })
      : t(locale, "decision.askClosed", words);
  const blocks: Block[] = [{ type: "text", content }];
  if (closed) blocks.push({ type: "note", content: closed });
  if (decision.cancellation)
    blocks.push({
      type: "note",
      content: t(locale, "decision.askCancelled", { reason: decision.cancellation.reason }),
    });
  if (decision.status === "open")
    blocks.push(
      primaryButton(
        DECISION_ACTIONS.answer,
        decision.id,
        plainText(t(locale, answered ? "decision.changeButton" : "decision.askButton")),
      ),
    );
  return { blocks, attachments: [] };
}

/**
 * Each required participant's private question as it stands now (asked, answered, closed,
 * withdrawn), live: each version replaces the last. Says who could not be asked (a member
 * outside chat is heard by a member, who records their viewpoint).
 */
export async function tellAsks(
  tell: Tell,
  equipe: EquipeRecord,
  state: DecisionState,
  only?: MemberRecord,
  invite?: { contact: MemberRecord | undefined },
) {
  const asked = only ? state.required.filter((m) => m.id === only.id) : state.required;
  if (invite !== undefined && state.decision.status === "open") {
    // A new decision: members in chat get the question with its buttons; the others, by e-mail
    // or by the coordinators' hand, their link to the decision's page, where they answer.
    return tell.remind(
      asked,
      ({ locale }) => askMessage(locale, equipe, state, false),
      decisionByLink("invitation", equipe, state.decision, invite.contact),
      {
        until: state.decision.deadline,
        key: (member) => messageKeys.ask(state.decision, member),
        answer: true,
      },
    );
  }
  const reached = [];
  for (const member of asked) {
    const answered = state.viewpoints.some((v) => v.memberId === member.id);
    reached.push(
      await tell.member(member, ({ locale }) => askMessage(locale, equipe, state, answered), {
        key: messageKeys.ask(state.decision, member),
        answer: true,
        // An open question is pointless after its deadline; its closed version must still go.
        ...(state.decision.status === "open" ? { until: state.decision.deadline } : {}),
      }),
    );
  }
  return reached;
}

/** The conversations' count: how many have answered, never what they said. */
export async function tellCount(tell: Tell, equipe: EquipeRecord, state: DecisionState): Promise<void> {
  const { decision } = state;
  const open = decision.status === "open";
  const optional = open && state.participants.some((p) => !p.required);
  await tell.conversations(
    ({ locale }) => {
      const closed = decisionClosedLine(locale, equipe, decision);
      if (decision.cancellation)
        return textMessage(
          lines([
            t(locale, "decision.channelCancelled", {
              caseCode: equipe.caseCode,
              question: decision.question,
              reason: decision.cancellation.reason,
            }),
            ...(closed ? [closed] : []),
          ]),
        );
      const count = t(locale, open ? "decision.channel" : "decision.channelClosed", {
        caseCode: equipe.caseCode,
        question: decision.question,
        answered: state.answered,
        total: state.total,
        deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
      });
      if (closed) return textMessage(lines([count, closed]));
      return textMessage(optional ? lines([count, t(locale, "decision.channelOptional")]) : count);
    },
    { key: (conversation) => messageKeys.channel(decision, conversation) },
  );
}

/**
 * The family members who were not asked (taken off the list of those who must answer): exactly
 * whom the coordinator's reason is about — the child alone, say, while the parents were asked.
 */
export function familyNotAsked(
  participants: readonly ParticipantRecord[],
  members: ReadonlyMap<string, MemberRecord>,
): MemberRecord[] {
  return participants
    .filter((p) => !p.required)
    .map((p) => members.get(p.memberId))
    .filter((m): m is MemberRecord => m !== undefined && isFamily(m));
}

/** Sides of the triangle no viewpoint spoke to. */
export function silentSides(state: DecisionState): Side[] {
  const spoken = new Set(state.viewpoints.map((v) => v.side));
  return SIDES.filter((side) => !spoken.has(side));
}

/** The full picture for a coordinator: every viewpoint, who is missing, the sides nobody spoke to. */
export function pictureMessage(
  locale: Locale,
  equipe: EquipeRecord,
  state: DecisionState,
  withButton: boolean,
): Message {
  const { decision } = state;
  const header = t(locale, "decision.pictureHeader", {
    caseCode: equipe.caseCode,
    question: decision.question,
    answered: state.answered,
    total: state.total,
  });
  const blocks: Block[] = [{ type: "text", content: header }];
  if (state.viewpoints.length > 0)
    blocks.push({
      type: "text",
      content: lines(state.viewpoints.map((v) => viewpointLine(locale, state, v))),
    });
  if (state.missing.length > 0)
    blocks.push({
      type: "text",
      content: t(locale, "decision.missing", { names: namesOf(locale, state.missing) }),
    });
  const silent = silentSides(state);
  blocks.push({
    type: "note",
    content:
      silent.length > 0
        ? t(locale, "decision.sidesMissing", {
            sides: silent.map((s) => plainText(sideLabel(locale, s))).join(", "),
          })
        : t(locale, "decision.allSides"),
  });
  const notAsked = familyNotAsked(state.participants, state.members);
  if (decision.familyExclusionReason && notAsked.length > 0)
    blocks.push({
      type: "note",
      content: t(locale, "decision.familyExcluded", {
        names: namesOf(locale, notAsked),
        count: notAsked.length,
        reason: decision.familyExclusionReason,
      }),
    });
  // Once the outcome is recorded or the decision withdrawn (by any coordinator), no button: it says so.
  const settled = decision.status === "recorded" || decision.status === "cancelled";
  const closed = settled ? decisionClosedLine(locale, equipe, decision) : undefined;
  if (closed) blocks.push({ type: "note", content: closed });
  if (withButton && !settled)
    blocks.push(
      primaryButton(DECISION_ACTIONS.outcome, decision.id, plainText(t(locale, "decision.outcomeButton"))),
    );
  return { summary: header, blocks, attachments: [] };
}

/** Each coordinator's full picture, live (keyed): a later version replaces it in place. */
export async function tellPictures(
  tell: Tell,
  members: readonly MemberRecord[],
  equipe: EquipeRecord,
  state: DecisionState,
): Promise<void> {
  for (const coordinator of members.filter((m) => m.isCoordinator))
    await tell.member(coordinator, ({ locale }) => pictureMessage(locale, equipe, state, true), {
      key: messageKeys.picture(state.decision, coordinator),
    });
}

/**
 * How members outside chat are asked for their viewpoint, on a new decision (`invitation`) or
 * before its deadline (`reminder`): a letter with their link straight to the decision's page, or
 * the same in a few words for the coordinators to pass on. The question stays behind the link: a
 * letter or a text message travels far. A parent reads the équipe by its coordinator.
 */
export function decisionByLink(
  kind: "invitation" | "reminder",
  equipe: EquipeRecord,
  decision: DecisionState["decision"],
  contact: MemberRecord | undefined,
): ByLink {
  const deadline = (locale: Locale) => formatDateTime(decision.deadline, equipe.timezone, locale);
  const prefix = kind === "invitation" ? "decision.inviteLetter" : "decision.reminderLetter";
  const shortPrefix = kind === "invitation" ? "decision.inviteShort" : "decision.reminderShort";
  return {
    place: { kind: "decision", id: decision.id },
    letter: ({ locale, member }, link) => {
      const words = { caseCode: equipe.caseCode, deadline: deadline(locale) };
      const professional = readsCaseCode(member);
      return reminderLetter(
        locale,
        {
          subject: professional
            ? t(locale, `${prefix}.subjectProfessional`, words)
            : t(locale, `${prefix}.subject`),
          text: professional
            ? t(locale, `${prefix}.professional`, words)
            : t(locale, `${prefix}.plain`, { ...words, equipe: equipeOf(locale, contact) }),
          linkLabel: t(locale, "decision.reminderLetter.link"),
        },
        link,
        contact,
      );
    },
    short: ({ locale, member }, link) => {
      const words = { deadline: deadline(locale), link };
      return readsCaseCode(member)
        ? t(locale, `${shortPrefix}.professional`, { ...words, caseCode: equipe.caseCode })
        : t(locale, `${shortPrefix}.plain`, { ...words, equipe: equipeOf(locale, contact) });
    },
    byHand: ({ locale }) =>
      t(locale, kind === "invitation" ? "decision.inviteByHand" : "decision.reminderByHand", {
        caseCode: equipe.caseCode,
        question: decision.question,
        deadline: deadline(locale),
      }),
  };
}
