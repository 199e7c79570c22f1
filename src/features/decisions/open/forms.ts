import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import {
  type FormDef,
  field,
  fieldErrors,
  firstError,
  form,
  scheduleDeadline,
} from "../../../core/feature.ts";
import { personLabel, roleName } from "../../../core/people.ts";
import { reachReport } from "../../../core/reach.ts";
import { asCoordinator, boundTo } from "../../../core/request.ts";
import {
  type Candidate,
  MAX_CONTEXT_LENGTH,
  MAX_OPTION_LENGTH,
  MAX_OPTIONS,
  MAX_QUESTION_LENGTH,
  MAX_REASON_LENGTH,
  parseDecisionForm,
} from "../../../domain/decision.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormSpec } from "../../../domain/forms.ts";
import { type DecisionId, newId } from "../../../domain/ids.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MemberRecord } from "../../equipe/repository.ts";
import { decisionDeadline, decisionReminder, jobKeys } from "../jobs.ts";
import { isFamily, tellAsks, tellCount } from "../messages.ts";
import { decisionState } from "../queries.ts";
import type { DecisionRecord } from "../repository.ts";

export const DECIDE_FORM = "decide";
/** Conversation ids from the platforms are short. */
const ID_MAX = 512;
const DEADLINE_FIELD_MAX = 40;

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
    id: DECIDE_FORM,
    title: label(locale, "dform.title"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata,
    fields: [
      {
        kind: "text",
        name: "question",
        label: label(locale, "dform.question"),
        hint: t(locale, "dform.questionHint"),
        multiline: true,
        optional: false,
        maxLength: MAX_QUESTION_LENGTH,
      },
      {
        kind: "text",
        name: "context",
        label: label(locale, "dform.context"),
        multiline: true,
        optional: true,
        maxLength: MAX_CONTEXT_LENGTH,
      },
      {
        kind: "select",
        name: "kind",
        label: label(locale, "dform.kind"),
        options: [
          { value: "stances", label: label(locale, "dform.kindStances") },
          { value: "options", label: label(locale, "dform.kindOptions") },
        ],
        initial: "stances",
      },
      {
        kind: "text",
        name: "options",
        label: label(locale, "dform.options"),
        multiline: true,
        optional: true,
        maxLength: MAX_OPTIONS * (MAX_OPTION_LENGTH + 1),
      },
      {
        kind: "text",
        name: "deadline",
        label: label(locale, "dform.deadline"),
        initial: deadlineHint,
        multiline: false,
        optional: false,
        maxLength: DEADLINE_FIELD_MAX,
      },
      {
        kind: "multiselect",
        name: "participants",
        label: label(locale, "dform.participants"),
        hint: t(locale, "dform.participantsHint"),
        options: members.map((m) => ({
          value: m.id,
          label: plainText(t(locale, "dform.member", { name: personLabel(m), role: roleName(locale, m) })),
        })),
        initial: members.map((m) => m.id),
      },
      {
        kind: "text",
        name: "familyReason",
        label: label(locale, "dform.familyReason"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
    ],
  };
}

const values = z.object({
  question: field(),
  context: field(),
  kind: field(),
  options: field(),
  deadline: field(),
  participants: field(),
  familyReason: field(),
});

/**
 * The decide form: those who must answer are asked privately (the family too, unless the
 * coordinator gave a reason); every other active member may answer if they wish. The
 * conversations show the count; reminder and deadline are scheduled.
 */
export const decide: FormDef = form({
  id: DECIDE_FORM,
  opened: "conversation",
  values,
  metadata: z.string().min(1).max(ID_MAX),
  authorize: (deps, req, metadata) =>
    asCoordinator(
      deps,
      req,
      boundTo(req),
      async ({ repos, equipe, locale }) => ({
        equipe,
        locale,
        metadata,
        members: await repos.members.listActive(equipe.id),
        alreadyOpen: (await repos.decisions.findPending(equipe.id)) !== undefined,
      }),
      { once: false },
    ),
  async validate(deps, _req, { equipe, locale, metadata, members, alreadyOpen }, input) {
    // A decision opened meanwhile: said in the form, which keeps its text.
    if (alreadyOpen) throw new DomainError("decision.alreadyOpen");
    const result = parseDecisionForm(input, equipe.timezone, deps.clock.now(), candidatesOf(members), locale);
    if (result.ok) return undefined;
    return {
      errors: fieldErrors(locale, result.errors),
      form: decisionForm(locale, metadata, input.deadline, members),
    };
  },
  again: ({ locale, metadata, members }) => ({
    form: decisionForm(locale, metadata, "", members),
    locale,
  }),
  async submit(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell, audit, locale }) => {
        if (await repos.decisions.findPending(equipe.id)) throw new DomainError("decision.alreadyOpen");
        const members = await repos.members.listActive(equipe.id);
        const parsed = parseDecisionForm(input, equipe.timezone, now, candidatesOf(members), locale);
        if (!parsed.ok) throw firstError(parsed.errors);
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
        await repos.decisions.create(
          decision,
          members.map((m) => ({ memberId: m.id, required: required.includes(m.id) })),
        );
        await audit("decision.opened", decision.id);
        if (!draft.familyRequired) await audit("decision.familyExcluded", decision.id);
        const state = await decisionState(repos, decision);
        const reached = await tellAsks(tell, equipe, state, undefined, { contact: coordinator });
        await tellCount(tell, equipe, state);
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              t(locale, "decision.opened", {
                report: reachReport(locale, reached, {
                  notReachedHint: t(locale, "decision.notReachedHint"),
                }),
              }),
            ),
          coordinator,
        );
        await scheduleDeadline(
          repos,
          deps,
          {
            reminder: { job: decisionReminder, key: jobKeys.reminder(decision.id) },
            deadline: { job: decisionDeadline, key: jobKeys.deadline(decision.id) },
            at: decision.deadline,
            payload: { decisionId: decision.id },
          },
          now,
        );
      },
    );
    deps.log("decision.opened", {});
  },
});
