import {
  type Candidate,
  type DecisionFieldErrors,
  type DecisionForm,
  MAX_CONTEXT_LENGTH,
  MAX_OPTION_LENGTH,
  MAX_OPTIONS,
  MAX_QUESTION_LENGTH,
  MAX_REASON_LENGTH,
  parseDecisionForm,
} from "../domain/decision.ts";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import { type DecisionId, newId } from "../domain/ids.ts";
import { formatLocalInput } from "../domain/time.ts";
import { type Locale, t } from "../i18n/catalogue.ts";
import type { DecisionRecord, MemberRecord } from "../ports/store.ts";
import {
  asCoordinator,
  type CommandContext,
  readerLocale,
  requireCoordinator,
  requireEquipe,
  roleName,
  type ServiceDeps,
  scheduleDeadline,
  toActor,
} from "./context.ts";
import { askUpdates, channelMessages, decisionState, isFamily, jobKeys } from "./decision-messages.ts";

/** A week is the usual time an équipe gives itself to hear everyone. */
const DEFAULT_ANSWER_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

/** A member as a choice in a form: their name (roster or typed) and role; never a bare chat id where a name is known. */
function memberChoice(locale: Locale, member: MemberRecord): { value: string; label: string } {
  const name = member.displayName ?? (member.kind === "chat" ? member.user.userId : "—");
  return { value: member.id, label: t(locale, "dform.member", { name, role: roleName(locale, member) }) };
}

/** The équipe's active members as the form's candidates, the family among them marked. */
export const candidatesOf = (members: MemberRecord[]): Candidate[] =>
  members.map((m) => ({ id: m.id, family: isFamily(m) }));

export function decisionForm(
  locale: Locale,
  metadata: string,
  deadlineHint: string,
  members: MemberRecord[],
): FormSpec {
  return {
    id: "decide",
    title: t(locale, "dform.title"),
    submit: t(locale, "form.submit"),
    cancel: t(locale, "form.cancel"),
    metadata,
    fields: [
      {
        kind: "text",
        name: "question",
        label: t(locale, "dform.question"),
        hint: t(locale, "dform.questionHint"),
        multiline: true,
        optional: false,
        maxLength: MAX_QUESTION_LENGTH,
      },
      {
        kind: "text",
        name: "context",
        label: t(locale, "dform.context"),
        multiline: true,
        optional: true,
        maxLength: MAX_CONTEXT_LENGTH,
      },
      {
        kind: "select",
        name: "kind",
        label: t(locale, "dform.kind"),
        options: [
          { value: "stances", label: t(locale, "dform.kindStances") },
          { value: "options", label: t(locale, "dform.kindOptions") },
        ],
        initial: "stances",
      },
      {
        kind: "text",
        name: "options",
        label: t(locale, "dform.options"),
        multiline: true,
        optional: true,
        maxLength: MAX_OPTIONS * (MAX_OPTION_LENGTH + 1),
      },
      {
        kind: "text",
        name: "deadline",
        label: t(locale, "dform.deadline"),
        initial: deadlineHint,
        multiline: false,
        optional: false,
        maxLength: 40,
      },
      {
        kind: "multiselect",
        name: "participants",
        label: t(locale, "dform.participants"),
        hint: t(locale, "dform.participantsHint"),
        options: members.map((m) => memberChoice(locale, m)),
        initial: members.map((m) => m.id),
      },
      {
        kind: "text",
        name: "familyReason",
        label: t(locale, "dform.familyReason"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
    ],
  };
}

/** `/equipe decide`: a coordinator, no decision pending; shows the form where the platform can. */
export async function openDecisionForm(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  const now = deps.clock.now();
  const { equipe, locale, members } = await deps.store.transaction(async (repos) => {
    const equipe = await requireEquipe(repos, ctx.channel);
    const coordinator = await requireCoordinator(repos, equipe, ctx.actor);
    if (await repos.decisions.findPending(equipe.id)) throw new DomainError("decision.alreadyOpen");
    const members = await repos.members.listActive(equipe.id);
    return { equipe, locale: readerLocale(ctx, coordinator, equipe, deps), members };
  });
  if (ctx.forms === undefined) throw new DomainError("error.internal");
  const deadline = formatLocalInput(new Date(now.getTime() + DEFAULT_ANSWER_DAYS * DAY_MS), equipe.timezone);
  await ctx.forms.openForm(decisionForm(locale, ctx.channel.channelId, deadline, members));
}

export async function validateDecisionForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  form: DecisionForm,
): Promise<{ errors: DecisionFieldErrors; locale: Locale; form: FormSpec } | undefined> {
  const equipe = await deps.store.repos.equipes.findByChannel(ctx.channel);
  if (equipe === undefined) return undefined;
  const members = await deps.store.repos.members.listActive(equipe.id);
  const result = parseDecisionForm(form, equipe.timezone, deps.clock.now(), candidatesOf(members));
  if (result.ok) return undefined;
  const locale = readerLocale(ctx, undefined, equipe, deps);
  return {
    errors: result.errors,
    locale,
    form: decisionForm(locale, ctx.channel.channelId, form.deadline, members),
  };
}

/**
 * The form's submission: those who must answer are asked privately (the family too, unless the
 * coordinator gave a reason); every other active member may answer if they wish. The channel
 * shows the count; reminder and deadline are scheduled.
 */
export async function openDecision(
  deps: ServiceDeps,
  ctx: CommandContext,
  form: DecisionForm,
): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    if (await repos.decisions.findPending(equipe.id)) throw new DomainError("decision.alreadyOpen");
    const members = await repos.members.listActive(equipe.id);
    const parsed = parseDecisionForm(form, equipe.timezone, now, candidatesOf(members));
    if (!parsed.ok) throw Object.values(parsed.errors)[0] ?? new DomainError("error.internal");
    const { required, ...draft } = parsed.draft;
    const decision: DecisionRecord = {
      id: newId<"DecisionId">() as DecisionId,
      equipeId: equipe.id,
      ...draft,
      status: "open",
      createdByMemberId: coordinator.id,
      createdAt: now,
      closedAt: undefined,
      outcome: undefined,
      overrideReason: undefined,
      reviewAt: undefined,
      recordedByMemberId: undefined,
      recordedAt: undefined,
      cancellation: undefined,
    };
    const participants = members.map((m) => ({ memberId: m.id, required: required.includes(m.id) }));
    await repos.decisions.create(decision, participants);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "decision.opened",
      subjectId: decision.id,
      at: now,
    });
    if (!draft.familyRequired)
      await repos.audit.record({
        equipeId: equipe.id,
        actorId: coordinator.id,
        action: "decision.familyExcluded",
        subjectId: decision.id,
        at: now,
      });

    const state = await decisionState(repos, decision);
    const asks = askUpdates(equipe, state);
    await repos.outbox.enqueue(
      [
        ...asks,
        ...channelMessages(equipe, state, await repos.equipes.channelsOf(equipe.id)),
        toActor(ctx, t(locale, "decision.opened", { count: asks.length })),
      ],
      now,
    );
    await scheduleDeadline(
      repos,
      deps,
      {
        reminder: { kind: "decision.reminder", key: jobKeys.reminder(decision.id) },
        deadline: { kind: "decision.deadline", key: jobKeys.deadline(decision.id) },
        at: decision.deadline,
        payload: { decisionId: decision.id },
      },
      now,
    );
  });
  deps.log("decision.opened", { platform: ctx.channel.platform });
}
