import { z } from "zod";
import { lines, textMessage } from "../../../content/model.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import {
  type FormDef,
  field,
  fieldErrors,
  form,
  type ShownFormState,
  staleness,
  validateFresh,
} from "../../../core/feature.ts";
import { namesOf } from "../../../core/people.ts";
import { reachReport, unreached } from "../../../core/reach.ts";
import { asCoordinator, type Request, type Scope } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormSpec } from "../../../domain/forms.ts";
import type { DecisionId } from "../../../domain/ids.ts";
import { MAX_STEP_REASON_LENGTH, parseReason } from "../../../domain/reason.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import { jobKeys, showDecisionClosed } from "../jobs.ts";
import { aboutDecision, type DecisionState, decisionState, requirePending } from "../queries.ts";
import type { DecisionRecord } from "../repository.ts";

export const WITHDRAW_FORM = "decision-withdraw";

/**
 * What withdrawing would do, and the reason: the question, who was asked and how many have
 * answered; the reason (required) reaches everyone who was asked and stays in the record.
 */
export function withdrawForm(locale: Locale, state: DecisionState, typed: string): FormSpec {
  return {
    id: WITHDRAW_FORM,
    title: label(locale, "withdraw.title"),
    submit: label(locale, "withdraw.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: state.decision.id,
    fields: [
      {
        kind: "text",
        name: "reason",
        label: label(locale, "withdraw.reasonLabel"),
        hint: t(locale, "withdraw.hint", {
          question: state.decision.question,
          names: state.required.length > 0 ? namesOf(locale, state.required) : "—",
          answered: state.answered,
          total: state.total,
        }),
        ...(typed.trim() ? { initial: typed.trim().slice(0, MAX_STEP_REASON_LENGTH) } : {}),
        multiline: true,
        optional: false,
        maxLength: MAX_STEP_REASON_LENGTH,
      },
    ],
  };
}

/** The pending decision, as a form names it: still to decide (else stale, politely). */
function stillPending(scope: Scope<DecisionRecord>): DecisionRecord {
  requirePending(scope.subject);
  return scope.subject;
}

/**
 * Withdraws the pending decision (still collecting, or closed without an outcome): the private
 * questions lose their button and say why, the conversations say it was withdrawn, reminder and
 * deadline are dropped. Viewpoints already given stay in the record, with the reason.
 */
async function withdraw(
  scope: Scope<DecisionRecord>,
  req: Request,
  decision: DecisionRecord,
  reason: string,
): Promise<void> {
  const { repos, equipe, member: coordinator, now, tell, audit } = scope;
  const cancellation = { reason, byMemberId: coordinator.id, at: now };
  if (!(await repos.decisions.cancel(decision.id, cancellation))) throw new DomainError("decision.none");
  const cancelled: DecisionRecord = { ...decision, status: "cancelled", cancellation };
  await repos.jobs.cancelPending(jobKeys.all(decision.id));
  await audit("decision.cancelled", decision.id, reason);
  // Every copy of it says it is closed; those no chat could ask (the family, by e-mail) hear of
  // it too, with the reason.
  const asks = await showDecisionClosed({ repos, equipe, tell }, cancelled, decision.status === "closed");
  const unasked = unreached(asks);
  const notices =
    unasked.length > 0
      ? await tell.members(unasked, ({ locale }) => textMessage(t(locale, "withdraw.notice", { reason })), {
          handOver: true,
        })
      : [];
  // The report says whom it reached: the questions updated in chat, and the notices.
  const reached = [...asks.filter((r) => r.outcome.kind !== "none"), ...notices];
  await tell.actor(
    req,
    ({ locale }) =>
      textMessage(
        lines([
          t(locale, "decision.cancelDone", { question: decision.question }),
          reachReport(locale, reached),
        ]),
      ),
    coordinator,
  );
}

export const withdrawWithReason: FormDef = form({
  id: WITHDRAW_FORM,
  opened: "private",
  values: z.object({ reason: field() }),
  metadata: z.uuid().transform((id) => id as DecisionId),
  authorize: (deps, req, decisionId) =>
    asCoordinator(
      deps,
      req,
      aboutDecision(decisionId),
      async (scope): Promise<ShownFormState> => {
        // Recorded or withdrawn since the form was shown: said beside the reason, which stays typed.
        const stale = staleness(() => stillPending(scope));
        const state = await decisionState(scope.repos, scope.subject);
        return {
          locale: scope.locale,
          form: withdrawForm(scope.locale, state, ""),
          ...(stale ? { stale } : {}),
        };
      },
      { once: false },
    ),
  again: (allowed) => allowed,
  validate: (_deps, _req, allowed, values) =>
    validateFresh(allowed, () => {
      const reason = parseReason(values.reason);
      if (!(reason instanceof DomainError)) return undefined;
      return { errors: fieldErrors(allowed.locale, { reason }), form: allowed.form };
    }),
  async submit(deps: ServiceDeps, req, values, decisionId) {
    await asCoordinator(deps, req, aboutDecision(decisionId), async (scope) => {
      const reason = parseReason(values.reason);
      if (reason instanceof DomainError) throw reason;
      await withdraw(scope, req, stillPending(scope), reason);
    });
    deps.log("decision.cancelled", {});
  },
});
