import { type DecisionAnswer, SIDES, type Side } from "../domain/decision.ts";
import type { DecisionId } from "../domain/ids.ts";
import { type Block, type MessageModel, type Outgoing, primaryButton } from "../domain/message.ts";
import { isFamilyRole } from "../domain/roles.ts";
import { formatDateTime } from "../domain/time.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import type {
  ChatMemberRecord,
  DecisionRecord,
  EquipeRecord,
  MemberRecord,
  ParticipantRecord,
  Repositories,
  ViewpointRecord,
} from "../ports/store.ts";
import { displayMember, roleName } from "./context.ts";

/** Button actions of the decision flow; the value is always the decision id. */
export const DECISION_ACTIONS = {
  answer: "decide:answer",
  outcome: "decide:outcome",
} as const;

export const decisionKeys = {
  ask: (decision: DecisionRecord, member: MemberRecord) => `decision:${decision.id}:ask:${member.id}`,
  channel: (decision: DecisionRecord, channelId: string) => `decision:${decision.id}:channel:${channelId}`,
};

export const jobKeys = {
  /** Every job of one decision (reminder, deadline, actions, review). */
  all: (id: string) => `decision:${id}:`,
  reminder: (id: string) => `decision:${id}:reminder`,
  deadline: (id: string) => `decision:${id}:deadline`,
  action: (id: string, position: number) => `decision:${id}:action:${position}`,
  review: (id: string) => `decision:${id}:review`,
};

export function answerLabel(locale: Locale, decision: DecisionRecord, answer: DecisionAnswer): string {
  if (answer.startsWith("option:")) return decision.options[Number(answer.slice(7)) - 1] ?? answer;
  return t(locale, `stance.${answer}` as MessageKey);
}

export const sideLabel = (locale: Locale, side: Side) => t(locale, `side.${side}` as MessageKey);

/** A decision and its équipe, by the id a button or a job carries; undefined if either is gone. */
export async function findDecision(
  repos: Repositories,
  decisionId: DecisionId,
): Promise<{ decision: DecisionRecord; equipe: EquipeRecord } | undefined> {
  const decision = await repos.decisions.findById(decisionId);
  const equipe = decision ? await repos.equipes.findById(decision.equipeId) : undefined;
  return decision && equipe ? { decision, equipe } : undefined;
}

/** Everything about a decision's answers that messages need, read once. */
export interface DecisionState {
  decision: DecisionRecord;
  members: Map<string, MemberRecord>;
  participants: ParticipantRecord[];
  viewpoints: ViewpointRecord[];
  /** Those who must answer (still in the équipe), in the équipe's order. */
  required: MemberRecord[];
  /** Of those, who has not answered. */
  missing: MemberRecord[];
  answered: number;
  total: number;
}

export async function decisionState(repos: Repositories, decision: DecisionRecord): Promise<DecisionState> {
  const members = new Map(
    (await repos.members.listActive(decision.equipeId)).map((m) => [m.id as string, m]),
  );
  const participants = (await repos.decisions.participants(decision.id)).filter((p) =>
    members.has(p.memberId),
  );
  const viewpoints = (await repos.decisions.viewpoints(decision.id)).filter((v) => members.has(v.memberId));
  const answeredIds = new Set(viewpoints.map((v) => v.memberId as string));
  const requiredIds = new Set(participants.filter((p) => p.required).map((p) => p.memberId as string));
  const required = [...members.values()].filter((m) => requiredIds.has(m.id));
  const missing = required.filter((m) => !answeredIds.has(m.id));
  return {
    decision,
    members,
    participants,
    viewpoints,
    required,
    missing,
    answered: required.length - missing.length,
    total: required.length,
  };
}

export function viewpointLine(locale: Locale, state: DecisionState, viewpoint: ViewpointRecord): string {
  const member = state.members.get(viewpoint.memberId);
  const recorder = viewpoint.recordedByMemberId ? state.members.get(viewpoint.recordedByMemberId) : undefined;
  return t(locale, "viewpoint.line", {
    who: member ? displayMember(member) : "—",
    role: member ? roleName(locale, member) : "",
    answer: answerLabel(locale, state.decision, viewpoint.answer),
    side: viewpoint.side ? ` [${sideLabel(locale, viewpoint.side)}]` : "",
    reason: viewpoint.reason ? ` — ${viewpoint.reason}` : "",
    recorded: recorder ? t(locale, "viewpoint.recordedBy", { who: displayMember(recorder) }) : "",
  });
}

export const names = (members: MemberRecord[]) => members.map(displayMember).join(", ");

/** The private question to one participant, with the button that opens their viewpoint form. */
export function askMessage(
  locale: Locale,
  equipe: EquipeRecord,
  state: DecisionState,
  answered: boolean,
): MessageModel {
  const { decision } = state;
  const text = t(locale, "decision.ask", {
    caseCode: equipe.caseCode,
    question: decision.question,
    context: decision.context ? `\n${decision.context}` : "",
    deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
  });
  const blocks: Block[] = [{ type: "text", text }];
  if (decision.cancellation)
    blocks.push({
      type: "context",
      text: t(locale, "decision.askCancelled", { reason: decision.cancellation.reason }),
    });
  if (decision.status === "open") {
    blocks.push(
      primaryButton(
        DECISION_ACTIONS.answer,
        decision.id,
        t(locale, answered ? "decision.changeButton" : "decision.askButton"),
      ),
    );
  }
  return { text, blocks, attachments: [] };
}

/** One chat member's private question as it stands now, keyed so that each version replaces the last. */
export function askFor(equipe: EquipeRecord, state: DecisionState, member: ChatMemberRecord): Outgoing {
  const answered = state.viewpoints.some((v) => v.memberId === member.id);
  return {
    target: { kind: "direct", ...member.user },
    message: askMessage(member.locale ?? equipe.locale, equipe, state, answered),
    key: decisionKeys.ask(state.decision, member),
  };
}

/** The chat members who were asked (required participants): only they have a private question. */
export function askedChatMembers(state: DecisionState): ChatMemberRecord[] {
  return state.required.filter((m): m is ChatMemberRecord => m.kind === "chat");
}

/** Every private question as it stands now (closed, withdrawn), to those who were asked. */
export function askUpdates(equipe: EquipeRecord, state: DecisionState): Outgoing[] {
  return askedChatMembers(state).map((member) => askFor(equipe, state, member));
}

/** The channel's count: how many have answered, never what they said. */
export function channelMessages(
  equipe: EquipeRecord,
  state: DecisionState,
  channels: { platform: "slack" | "teams"; workspaceId: string; channelId: string }[],
): Outgoing[] {
  const locale = equipe.locale;
  const { decision } = state;
  const open = decision.status === "open";
  const count = t(locale, open ? "decision.channel" : "decision.channelClosed", {
    caseCode: equipe.caseCode,
    question: decision.question,
    answered: state.answered,
    total: state.total,
    deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
  });
  const optional = open && state.participants.some((p) => !p.required);
  const text = decision.cancellation
    ? t(locale, "decision.channelCancelled", {
        caseCode: equipe.caseCode,
        question: decision.question,
        reason: decision.cancellation.reason,
      })
    : optional
      ? `${count}\n${t(locale, "decision.channelOptional")}`
      : count;
  return channels.map((channel) => ({
    target: { kind: "channel", ...channel },
    message: { text, blocks: [{ type: "text", text }], attachments: [] },
    key: decisionKeys.channel(decision, channel.channelId),
  }));
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
): MessageModel {
  const { decision } = state;
  const header = t(locale, "decision.pictureHeader", {
    caseCode: equipe.caseCode,
    question: decision.question,
    answered: state.answered,
    total: state.total,
  });
  const lines = state.viewpoints.map((v) => viewpointLine(locale, state, v));
  const blocks: Block[] = [{ type: "text", text: header }];
  if (lines.length > 0) blocks.push({ type: "text", text: lines.join("\n") });
  if (state.missing.length > 0)
    blocks.push({ type: "text", text: t(locale, "decision.missing", { names: names(state.missing) }) });
  const silent = silentSides(state);
  blocks.push({
    type: "context",
    text:
      silent.length > 0
        ? t(locale, "decision.sidesMissing", { sides: silent.map((s) => sideLabel(locale, s)).join(", ") })
        : t(locale, "decision.allSides"),
  });
  if (decision.familyExclusionReason)
    blocks.push({
      type: "context",
      text: t(locale, "decision.familyExcluded", { reason: decision.familyExclusionReason }),
    });
  if (withButton) {
    blocks.push(primaryButton(DECISION_ACTIONS.outcome, decision.id, t(locale, "decision.outcomeButton")));
  }
  return { text: header, blocks, attachments: [] };
}

/** The family members of the équipe (parents, children): required unless the coordinator says why not. */
export const isFamily = (member: MemberRecord) => isFamilyRole(member.role);
