import {
  answersOf,
  MAX_REASON_LENGTH,
  parseViewpoint,
  SIDES,
  type ViewpointForm,
} from "../domain/decision.ts";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import type { DecisionId } from "../domain/ids.ts";
import { type Outgoing, textMessage } from "../domain/message.ts";
import { type Locale, t } from "../i18n/catalogue.ts";
import type { DecisionRecord, EquipeRecord, MemberRecord, Repositories } from "../ports/store.ts";
import { closeDecision } from "./close-decision.ts";
import {
  type CommandContext,
  onlyOnce,
  readerLocale,
  requireEquipe,
  requireMember,
  type ServiceDeps,
  toActor,
} from "./context.ts";
import {
  answerLabel,
  askedChatMembers,
  askFor,
  channelMessages,
  decisionState,
  findDecision,
  sideLabel,
  viewpointLine,
} from "./decision-messages.ts";

/** "No side in particular", as a select needs a value. */
export const NO_SIDE = "none";

export function viewpointForm(locale: Locale, decision: DecisionRecord): FormSpec {
  return {
    id: "viewpoint",
    title: t(locale, "vform.title"),
    submit: t(locale, "form.submit"),
    cancel: t(locale, "form.cancel"),
    metadata: decision.id,
    fields: [
      {
        kind: "select",
        name: "answer",
        label: t(locale, "vform.answer"),
        options: answersOf(decision).map((a) => ({ value: a, label: answerLabel(locale, decision, a) })),
      },
      {
        kind: "text",
        name: "reason",
        label: t(locale, "vform.reason"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
      {
        kind: "select",
        name: "side",
        label: t(locale, "vform.side"),
        options: [
          { value: NO_SIDE, label: t(locale, "vform.sideNone") },
          ...SIDES.map((side) => ({ value: side, label: sideLabel(locale, side) })),
        ],
        initial: NO_SIDE,
        optional: true,
      },
    ],
  };
}

/** Who is answering which decision, and who recorded it for them (external members). */
interface Answering {
  decision: DecisionRecord;
  equipe: EquipeRecord;
  member: MemberRecord;
  recorder: MemberRecord | undefined;
}

/** The acting member's own answer to a decision named by id (from a button or a form). */
async function ownAnswer(
  repos: Repositories,
  ctx: CommandContext,
  decisionId: DecisionId,
): Promise<Answering> {
  const found = await findDecision(repos, decisionId);
  if (found === undefined) throw new DomainError("decision.none");
  return { ...found, member: await requireMember(repos, found.equipe, ctx.actor), recorder: undefined };
}

/** The person was asked for a viewpoint and the decision still takes answers. */
async function requireAnswerable(repos: Repositories, answering: Answering, now: Date): Promise<void> {
  const { decision, member } = answering;
  if (!(await repos.decisions.participants(decision.id)).some((p) => p.memberId === member.id))
    throw new DomainError("decision.notAsked");
  if (decision.status === "cancelled") throw new DomainError("decision.cancelled");
  if (decision.status !== "open" || now.getTime() >= decision.deadline.getTime())
    throw new DomainError("decision.closed");
}

/** The "give your viewpoint" button: the form, if this person may still answer. */
export async function openViewpointForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
): Promise<void> {
  const { decision, equipe, member } = await deps.store.transaction(async (repos) => {
    const answering = await ownAnswer(repos, ctx, decisionId);
    await requireAnswerable(repos, answering, deps.clock.now());
    return answering;
  });
  if (ctx.forms === undefined) throw new DomainError("error.internal");
  await ctx.forms.openForm(viewpointForm(readerLocale(ctx, member, equipe, deps), decision));
}

export async function validateViewpointForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
  form: ViewpointForm,
): Promise<{ errors: Record<string, DomainError>; locale: Locale; form: FormSpec } | undefined> {
  const found = await findDecision(deps.store.repos, decisionId);
  if (found === undefined) return undefined;
  const { decision, equipe } = found;
  const result = parseViewpoint(normalise(form), decision);
  if (result.ok) return undefined;
  const locale = readerLocale(ctx, undefined, equipe, deps);
  return { errors: result.errors, locale, form: viewpointForm(locale, decision) };
}

const normalise = (form: ViewpointForm): ViewpointForm => ({
  ...form,
  side: form.side === NO_SIDE ? "" : form.side,
});

/**
 * Stores a viewpoint (given by the member, or recorded for an external member by someone who
 * heard them), then: the giver sees the others' viewpoints (now that theirs is in), the channel
 * count moves, and when every required answer is in the decision closes.
 */
async function storeViewpoint(
  deps: ServiceDeps,
  ctx: CommandContext,
  locate: (repos: Repositories) => Promise<Answering>,
  form: ViewpointForm,
): Promise<void> {
  const now = deps.clock.now();
  let onBehalf = false;
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const answering = await locate(repos);
    await requireAnswerable(repos, answering, now);
    const { decision, equipe, member, recorder } = answering;
    onBehalf = recorder !== undefined;
    const parsed = parseViewpoint(normalise(form), decision);
    if (!parsed.ok) throw Object.values(parsed.errors)[0] ?? new DomainError("error.internal");
    const change = await repos.decisions.setViewpoint(
      decision.id,
      { memberId: member.id, ...parsed.viewpoint, recordedByMemberId: recorder?.id },
      now,
    );
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: (recorder ?? member).id,
      action: recorder
        ? "decision.recordedFor"
        : change === "created"
          ? "decision.answered"
          : "decision.changed",
      subjectId: decision.id,
      at: now,
    });
    const state = await decisionState(repos, decision);
    const reader = recorder ?? member;
    const locale = readerLocale(ctx, reader, equipe, deps);
    const others = state.viewpoints.filter((v) => v.memberId !== member.id);
    const summary = recorder
      ? t(locale, "viewpoint.recordDone", { who: member.kind === "external" ? member.displayName : "" })
      : [
          t(locale, "viewpoint.saved", { answer: answerLabel(locale, decision, parsed.viewpoint.answer) }),
          others.length > 0 ? t(locale, "viewpoint.others") : t(locale, "viewpoint.noneYet"),
          ...others.map((v) => viewpointLine(locale, state, v)),
        ].join("\n");
    const messages: Outgoing[] = [
      ctx.channel.channelId === ""
        ? { target: { kind: "direct", ...ctx.actor }, message: textMessage(summary) }
        : toActor(ctx, summary),
    ];
    // The private question, now with "change": only those who were asked have one.
    const asked = askedChatMembers(state).find((m) => m.id === member.id);
    if (asked) messages.push(askFor(equipe, state, asked));
    messages.push(...channelMessages(equipe, state, await repos.equipes.channelsOf(equipe.id)));
    await repos.outbox.enqueue(messages, now);
    if (state.missing.length === 0) await closeDecision(repos, equipe, decision, now);
  });
  deps.log("decision.viewpoint", { platform: ctx.actor.platform, onBehalf });
}

/** A participant's own viewpoint, from their form. */
export async function giveViewpoint(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
  form: ViewpointForm,
): Promise<void> {
  await storeViewpoint(deps, ctx, (repos) => ownAnswer(repos, ctx, decisionId), form);
}

/** `/equipe viewpoint <email> <answer> [side:] <reason>`: an external member's viewpoint, heard and recorded. */
export async function recordViewpoint(
  deps: ServiceDeps,
  ctx: CommandContext,
  input: { email: string; answer: string; side: string; reason: string },
): Promise<void> {
  // The stance words people type map onto the decision's answers; a number picks an option.
  const answer = /^\d+$/.test(input.answer) ? `option:${input.answer}` : input.answer;
  await storeViewpoint(
    deps,
    ctx,
    async (repos) => {
      const equipe = await requireEquipe(repos, ctx.channel);
      const recorder = await requireMember(repos, equipe, ctx.actor);
      const decision = await repos.decisions.findPending(equipe.id);
      if (decision === undefined) throw new DomainError("decision.none");
      const member = await repos.members.findExternalByEmail(equipe.id, input.email);
      if (member === undefined) throw new DomainError("member.notFound");
      return { decision, equipe, member, recorder };
    },
    { answer, reason: input.reason, side: input.side },
  );
}
