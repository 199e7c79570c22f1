import {
  MAX_OUTCOME_LENGTH,
  MAX_REASON_LENGTH,
  type OutcomeFieldErrors,
  type OutcomeForm,
  parseOutcome,
} from "../domain/decision.ts";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import type { DecisionId } from "../domain/ids.ts";
import { type Outgoing, textMessage } from "../domain/message.ts";
import { parseRole } from "../domain/roles.ts";
import { formatDateTime } from "../domain/time.ts";
import { type Locale, t } from "../i18n/catalogue.ts";
import type {
  DecisionActionRecord,
  DecisionRecord,
  EquipeRecord,
  MemberRecord,
  Repositories,
} from "../ports/store.ts";
import { closeDecision } from "./close-decision.ts";
import {
  type CommandContext,
  displayMember,
  onlyOnce,
  readerLocale,
  requireCoordinator,
  roleName,
  type ServiceDeps,
} from "./context.ts";
import { decisionState, findDecision, jobKeys, names } from "./decision-messages.ts";

export function outcomeForm(locale: Locale, decision: DecisionRecord): FormSpec {
  return {
    id: "outcome",
    title: t(locale, "oform.title"),
    submit: t(locale, "form.submit"),
    cancel: t(locale, "form.cancel"),
    metadata: decision.id,
    fields: [
      {
        kind: "text",
        name: "outcome",
        label: t(locale, "oform.outcome"),
        hint: decision.question.slice(0, 150),
        multiline: true,
        optional: false,
        maxLength: MAX_OUTCOME_LENGTH,
      },
      {
        kind: "text",
        name: "actions",
        label: t(locale, "oform.actions"),
        hint: t(locale, "oform.actionsHint"),
        multiline: true,
        optional: true,
        maxLength: 2000,
      },
      {
        kind: "text",
        name: "review",
        label: t(locale, "oform.review"),
        multiline: false,
        optional: true,
        maxLength: 40,
      },
      {
        kind: "text",
        name: "override",
        label: t(locale, "oform.override"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
    ],
  };
}

/** The one member an action line names: by e-mail, by name, or by a role only one member has. */
function resolveOwner(members: MemberRecord[], who: string): MemberRecord | undefined {
  const lower = who.toLowerCase().replace(/^@/, "");
  const byEmail = members.find((m) => m.email?.toLowerCase() === lower);
  if (byEmail) return byEmail;
  const byName = members.filter((m) => m.displayName?.toLowerCase() === lower);
  if (byName.length === 1) return byName[0];
  const role = parseRole(lower);
  const byRole = role ? members.filter((m) => m.role === role) : [];
  return byRole.length === 1 ? byRole[0] : undefined;
}

/** A decision whose outcome is still to record, and one of its équipe's coordinators acting. */
async function requirePending(repos: Repositories, ctx: CommandContext, decisionId: DecisionId) {
  const found = await findDecision(repos, decisionId);
  if (found === undefined) throw new DomainError("decision.none");
  const { decision, equipe } = found;
  const coordinator = await requireCoordinator(repos, equipe, ctx.actor);
  if (decision.status === "cancelled") throw new DomainError("decision.cancelled");
  if (decision.status === "recorded") throw new DomainError("decision.recorded");
  return { decision, equipe, coordinator };
}

interface Checked {
  decision: DecisionRecord;
  equipe: EquipeRecord;
  coordinator: MemberRecord;
  locale: Locale;
  errors: OutcomeFieldErrors;
  actions: DecisionActionRecord[];
  draft: ReturnType<typeof parseOutcome>;
  missing: MemberRecord[];
}

/** Everything recording an outcome checks, inside the caller's transaction. */
async function check(
  repos: Repositories,
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
  form: OutcomeForm,
  now: Date,
): Promise<Checked> {
  const { decision, equipe, coordinator } = await requirePending(repos, ctx, decisionId);
  const locale = readerLocale(ctx, coordinator, equipe, deps);
  const draft = parseOutcome(form, equipe.timezone, now);
  const errors: OutcomeFieldErrors = draft.ok ? {} : { ...draft.errors };
  const state = await decisionState(repos, decision);
  const members = [...state.members.values()];
  const actions: DecisionActionRecord[] = [];
  if (draft.ok) {
    for (const [i, action] of draft.draft.actions.entries()) {
      const owner = resolveOwner(members, action.who);
      if (owner === undefined)
        errors.actions ??= new DomainError("outcome.actionOwner", { value: action.who.slice(0, 40) });
      else actions.push({ position: i + 1, memberId: owner.id, what: action.what, dueAt: action.due });
    }
    // Deciding without a required voice is allowed, but never silently.
    if (state.missing.length > 0 && draft.draft.override === undefined)
      // Form errors are plain text on every platform: names, not mentions.
      errors.override = new DomainError("outcome.overrideNeeded", {
        names: state.missing.map((m) => m.displayName ?? roleName(locale, m)).join(", "),
      });
  }
  return { decision, equipe, coordinator, locale, errors, actions, draft, missing: state.missing };
}

/** The "record the outcome" button: the form, for a coordinator, while the outcome is not recorded. */
export async function openOutcomeForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
): Promise<void> {
  const { decision, locale } = await deps.store.transaction(async (repos) => {
    const { decision, equipe, coordinator } = await requirePending(repos, ctx, decisionId);
    return { decision, locale: readerLocale(ctx, coordinator, equipe, deps) };
  });
  if (ctx.forms === undefined) throw new DomainError("error.internal");
  await ctx.forms.openForm(outcomeForm(locale, decision));
}

export async function validateOutcomeForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
  form: OutcomeForm,
): Promise<{ errors: OutcomeFieldErrors; locale: Locale; form: FormSpec } | undefined> {
  const checked = await deps.store
    .transaction((repos) => check(repos, deps, ctx, decisionId, form, deps.clock.now()))
    .catch(() => undefined);
  if (checked === undefined || Object.keys(checked.errors).length === 0) return undefined;
  return {
    errors: checked.errors,
    locale: checked.locale,
    form: outcomeForm(checked.locale, checked.decision),
  };
}

/**
 * Records the outcome: closes the decision if it was still open, posts the outcome to the
 * équipe's channels (naming any missing viewpoint and the reason to go ahead), schedules each
 * action's reminder and the review, and keeps the trail.
 */
export async function recordOutcome(
  deps: ServiceDeps,
  ctx: CommandContext,
  decisionId: DecisionId,
  form: OutcomeForm,
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const checked = await check(repos, deps, ctx, decisionId, form, now);
    const { decision, equipe, coordinator, locale, errors, actions, draft, missing } = checked;
    if (!draft.ok || Object.keys(errors).length > 0)
      throw Object.values(errors)[0] ?? new DomainError("error.internal");
    if (decision.status === "open") await closeDecision(repos, equipe, decision, now, false);
    const override = missing.length > 0 ? draft.draft.override : undefined;
    await repos.decisions.recordOutcome(decision.id, {
      outcome: draft.draft.outcome,
      overrideReason: override,
      reviewAt: draft.draft.review,
      recordedByMemberId: coordinator.id,
      at: now,
      actions,
    });
    if (override)
      await repos.audit.record({
        equipeId: equipe.id,
        actorId: coordinator.id,
        action: "decision.override",
        subjectId: decision.id,
        at: now,
      });
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "decision.outcome",
      subjectId: decision.id,
      at: now,
    });

    const members = new Map((await repos.members.listActive(equipe.id)).map((m) => [m.id as string, m]));
    const channelLocale = equipe.locale;
    const lines = [
      t(channelLocale, "decision.outcomeChannel", {
        caseCode: equipe.caseCode,
        question: decision.question,
        outcome: draft.draft.outcome,
      }),
    ];
    if (actions.length > 0) {
      lines.push(t(channelLocale, "decision.actionsHeader"));
      for (const action of actions) {
        const owner = members.get(action.memberId);
        lines.push(
          t(channelLocale, "decision.actionLine", {
            who: owner ? displayMember(owner) : "—",
            what: action.what,
            due: formatDateTime(action.dueAt, equipe.timezone, channelLocale),
          }),
        );
      }
    }
    if (draft.draft.review)
      lines.push(
        t(channelLocale, "decision.reviewLine", {
          date: formatDateTime(draft.draft.review, equipe.timezone, channelLocale),
        }),
      );
    if (override)
      lines.push(t(channelLocale, "decision.outcomeMissing", { names: names(missing), reason: override }));
    const text = lines.join("\n");
    const messages: Outgoing[] = (await repos.equipes.channelsOf(equipe.id)).map((channel) => ({
      target: { kind: "channel", ...channel },
      message: textMessage(text),
    }));
    messages.push({
      target: { kind: "direct", ...ctx.actor },
      message: textMessage(t(locale, "decision.outcomeDone")),
    });
    await repos.outbox.enqueue(messages, now);

    for (const action of actions) {
      const remindAt = new Date(
        Math.max(now.getTime(), action.dueAt.getTime() - deps.reminders.beforeDeadlineMs),
      );
      await repos.jobs.schedule({
        kind: "decision.action",
        key: jobKeys.action(decision.id, action.position),
        dueAt: remindAt,
        payload: { decisionId: decision.id, position: String(action.position) },
      });
    }
    if (draft.draft.review)
      await repos.jobs.schedule({
        kind: "decision.review",
        key: jobKeys.review(decision.id),
        dueAt: draft.draft.review,
        payload: { decisionId: decision.id },
      });
  });
  deps.log("decision.outcome", { platform: ctx.actor.platform });
}
