import { z } from "zod";
import { lines, type Rich, text, textMessage } from "../../../content/model.ts";
import { type FormDef, field, fieldErrors, form } from "../../../core/feature.ts";
import { mentionOf, namesOf, plainName } from "../../../core/people.ts";
import { asCoordinator, type Scope } from "../../../core/request.ts";
import {
  MAX_OUTCOME_LENGTH,
  MAX_REASON_LENGTH,
  type OutcomeDraft,
  type OutcomeFieldErrors,
  type OutcomeForm,
  parseOutcome,
} from "../../../domain/decision.ts";
import { findNamed } from "../../../domain/equipe.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormSpec } from "../../../domain/forms.ts";
import type { DecisionId } from "../../../domain/ids.ts";
import { parseRole } from "../../../domain/roles.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MemberRecord } from "../../equipe/repository.ts";
import { actionReminder, closeDecision, jobKeys, reviewDue, showDecisionClosed } from "../jobs.ts";
import { aboutDecision, decisionState, requirePending } from "../queries.ts";
import type { DecisionActionRecord, DecisionRecord } from "../repository.ts";

export const OUTCOME_FORM = "outcome";
/** Actions are a handful of lines: `chi | cosa | entro quando`. */
const ACTIONS_FIELD_MAX = 2000;
const DATE_FIELD_MAX = 40;
/** The question shown as the outcome field's hint, cut to what a hint can hold. */
const HINT_QUESTION_MAX = 150;
/** How much of an unknown owner we repeat back. */
const ECHO_MAX = 40;

export function outcomeForm(locale: Locale, decision: DecisionRecord): FormSpec {
  return {
    id: OUTCOME_FORM,
    title: label(locale, "oform.title"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: decision.id,
    fields: [
      {
        kind: "text",
        name: "outcome",
        label: label(locale, "oform.outcome"),
        hint: [text(decision.question.slice(0, HINT_QUESTION_MAX))],
        multiline: true,
        optional: false,
        maxLength: MAX_OUTCOME_LENGTH,
      },
      {
        kind: "text",
        name: "actions",
        label: label(locale, "oform.actions"),
        hint: t(locale, "oform.actionsHint"),
        multiline: true,
        optional: true,
        maxLength: ACTIONS_FIELD_MAX,
      },
      {
        kind: "text",
        name: "review",
        label: label(locale, "oform.review"),
        multiline: false,
        optional: true,
        maxLength: DATE_FIELD_MAX,
      },
      {
        kind: "text",
        name: "override",
        label: label(locale, "oform.override"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
    ],
  };
}

/**
 * How each of several members can be told apart in a form: their name with their role, and
 * their e-mail where the name alone would not do (the reader is a coordinator, who sees e-mails).
 */
function distinguish(locale: Locale, members: readonly MemberRecord[]): string {
  const same = (a: MemberRecord, b: MemberRecord) =>
    a !== b && (a.name ?? "").toLowerCase() === (b.name ?? "").toLowerCase();
  return members
    .map((m) => {
      const shown = plainName(locale, m);
      return m.email && members.some((other) => same(m, other)) ? `${shown} — ${m.email}` : shown;
    })
    .join("; ");
}

/**
 * The one member an action line names (e-mail, full name, first name, or a role only one member
 * has); when the words name two people or nobody, the refusal says who there is.
 */
function resolveOwner(
  locale: Locale,
  members: MemberRecord[],
  who: string,
): { owner: MemberRecord } | { error: DomainError } {
  const value = who.slice(0, ECHO_MAX);
  const found = findNamed(members, who, parseRole);
  if (found.kind === "one") return { owner: found.member };
  if (found.kind === "several")
    return {
      error: new DomainError("outcome.actionOwnerSeveral", {
        value,
        names: distinguish(locale, found.members),
      }),
    };
  return { error: new DomainError("outcome.actionOwner", { value, names: distinguish(locale, members) }) };
}

interface Checked {
  errors: OutcomeFieldErrors;
  actions: DecisionActionRecord[];
  draft: OutcomeDraft | undefined;
  missing: MemberRecord[];
}

/** Everything recording an outcome checks: the fields, each action's owner, and the override when a voice is missing. */
async function check(scope: Scope<unknown>, decision: DecisionRecord, input: OutcomeForm): Promise<Checked> {
  const { repos, equipe, now, locale } = scope;
  const parsed = parseOutcome(input, equipe.timezone, now);
  const errors: OutcomeFieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const state = await decisionState(repos, decision);
  const actions: DecisionActionRecord[] = [];
  if (parsed.ok) {
    for (const [i, action] of parsed.draft.actions.entries()) {
      const resolved = resolveOwner(locale, [...state.members.values()], action.who);
      if ("error" in resolved) errors.actions ??= resolved.error;
      else
        actions.push({ position: i + 1, memberId: resolved.owner.id, what: action.what, dueAt: action.due });
    }
    // Deciding without a required voice is allowed, but never silently.
    if (state.missing.length > 0 && parsed.draft.override === undefined)
      errors.override = new DomainError("outcome.overrideNeeded", { names: namesOf(locale, state.missing) });
  }
  return { errors, actions, draft: parsed.ok ? parsed.draft : undefined, missing: state.missing };
}

/** The outcome as the conversations read it: decision, actions with owners, review, override. */
function outcomeText(
  locale: Locale,
  scope: Scope<unknown>,
  decision: DecisionRecord,
  draft: OutcomeDraft,
  actions: DecisionActionRecord[],
  owners: Map<string, MemberRecord>,
  missing: MemberRecord[],
  override: string | undefined,
): Rich {
  const { equipe } = scope;
  const parts: Rich[] = [
    t(locale, "decision.outcomeChannel", {
      caseCode: equipe.caseCode,
      question: decision.question,
      outcome: draft.outcome,
    }),
  ];
  if (actions.length > 0) {
    parts.push(t(locale, "decision.actionsHeader"));
    for (const action of actions) {
      const owner = owners.get(action.memberId);
      parts.push(
        t(locale, "decision.actionLine", {
          who: owner ? [mentionOf(locale, owner)] : "—",
          what: action.what,
          due: formatDateTime(action.dueAt, equipe.timezone, locale),
        }),
      );
    }
  }
  if (draft.review)
    parts.push(
      t(locale, "decision.reviewLine", { date: formatDateTime(draft.review, equipe.timezone, locale) }),
    );
  if (override)
    parts.push(t(locale, "decision.outcomeMissing", { names: namesOf(locale, missing), reason: override }));
  return lines(parts);
}

/**
 * Records the outcome: closes the decision if it was still open, posts the outcome to the
 * équipe's conversations (naming any missing viewpoint and the reason to go ahead), schedules
 * each action's reminder and the review, and keeps the trail.
 */
export const outcome: FormDef = form({
  id: OUTCOME_FORM,
  opened: "private",
  values: z.object({ outcome: field(), actions: field(), review: field(), override: field() }),
  metadata: z.uuid().transform((id) => id as DecisionId),
  authorize: (deps, req, decisionId) =>
    asCoordinator(
      deps,
      req,
      aboutDecision(decisionId),
      // Whether the outcome is still to record is the state's to say, in the form (validate).
      async ({ subject, locale }) => ({ decisionId, decision: subject, locale }),
      { once: false },
    ),
  // The checks read the équipe as it is now, in a read of their own.
  validate: (deps, req, { decisionId }, input) =>
    asCoordinator(
      deps,
      req,
      aboutDecision(decisionId),
      async (scope) => {
        requirePending(scope.subject);
        const { errors } = await check(scope, scope.subject, input);
        if (Object.keys(errors).length === 0) return undefined;
        return { errors: fieldErrors(scope.locale, errors), form: outcomeForm(scope.locale, scope.subject) };
      },
      { once: false },
    ),
  again: ({ decision, locale }) => ({ form: outcomeForm(locale, decision), locale }),
  async submit(deps, req, input, decisionId) {
    await asCoordinator(deps, req, aboutDecision(decisionId), async (scope) => {
      const decision = scope.subject;
      requirePending(decision);
      const { repos, equipe, member: coordinator, now, tell, audit } = scope;
      const { errors, actions, draft, missing } = await check(scope, decision, input);
      if (draft === undefined || Object.keys(errors).length > 0)
        throw Object.values(errors)[0] ?? new DomainError("error.internal");
      if (decision.status === "open") await closeDecision(scope, decision, false);
      const override = missing.length > 0 ? draft.override : undefined;
      await repos.decisions.recordOutcome(decision.id, {
        outcome: draft.outcome,
        overrideReason: override,
        reviewAt: draft.review,
        recordedByMemberId: coordinator.id,
        at: now,
        actions,
      });
      await showDecisionClosed(
        scope,
        { ...decision, status: "recorded", closedAt: decision.closedAt ?? now, recordedAt: now },
        decision.status === "closed",
      );
      if (override) await audit("decision.override", decision.id);
      await audit("decision.outcome", decision.id);
      const owners = new Map((await repos.members.listActive(equipe.id)).map((m) => [m.id as string, m]));
      await tell.conversations(({ locale }) =>
        textMessage(outcomeText(locale, scope, decision, draft, actions, owners, missing, override)),
      );
      await tell.actor(req, ({ locale }) => textMessage(t(locale, "decision.outcomeDone")), coordinator);
      for (const action of actions) {
        const remindAt = new Date(
          Math.max(now.getTime(), action.dueAt.getTime() - deps.reminders.beforeDeadlineMs),
        );
        await actionReminder.schedule(
          repos,
          jobKeys.action(decision.id, action.position),
          remindAt,
          { decisionId: decision.id, position: action.position },
          now,
        );
      }
      if (draft.review)
        await reviewDue.schedule(
          repos,
          jobKeys.review(decision.id),
          draft.review,
          { decisionId: decision.id },
          now,
        );
    });
    deps.log("decision.outcome", {});
  },
});
