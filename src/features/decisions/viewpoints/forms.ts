import { z } from "zod";
import { lines, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import { type FormDef, field, fieldErrors, form } from "../../../core/feature.ts";
import { mentionOf } from "../../../core/people.ts";
import { asMember, type Request, type Scope } from "../../../core/request.ts";
import {
  answersOf,
  type HeardVia,
  MAX_REASON_LENGTH,
  parseViewpoint,
  SIDES,
  type ViewpointForm,
} from "../../../domain/decision.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormSpec } from "../../../domain/forms.ts";
import type { DecisionId } from "../../../domain/ids.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MemberRecord } from "../../equipe/repository.ts";
import { closeDecision } from "../jobs.ts";
import { answerLabel, sideLabel, tellAsks, tellCount, viewpointLine } from "../messages.ts";
import { aboutDecision, decisionState, requireAnswerable } from "../queries.ts";
import type { DecisionRecord } from "../repository.ts";

export const VIEWPOINT_FORM = "viewpoint";
/** "No side in particular", as a select needs a value. */
export const NO_SIDE = "none";

export function viewpointForm(locale: Locale, decision: DecisionRecord): FormSpec {
  return {
    id: VIEWPOINT_FORM,
    title: label(locale, "vform.title"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: decision.id,
    fields: [
      {
        kind: "select",
        name: "answer",
        label: label(locale, "vform.answer"),
        options: answersOf(decision).map((a) => ({
          value: a,
          label: plainText(answerLabel(locale, decision, a)),
        })),
      },
      {
        kind: "text",
        name: "reason",
        label: label(locale, "vform.reason"),
        multiline: true,
        optional: true,
        maxLength: MAX_REASON_LENGTH,
      },
      {
        kind: "select",
        name: "side",
        label: label(locale, "vform.side"),
        options: [
          { value: NO_SIDE, label: label(locale, "vform.sideNone") },
          ...SIDES.map((side) => ({ value: side, label: plainText(sideLabel(locale, side)) })),
        ],
        initial: NO_SIDE,
        optional: true,
      },
    ],
  };
}

const normalise = (input: ViewpointForm): ViewpointForm => ({
  ...input,
  side: input.side === NO_SIDE ? "" : input.side,
});

/**
 * Stores a viewpoint (given by the member, or recorded for a member outside chat by someone who
 * heard them), then: the giver sees the others' viewpoints (now that theirs is in), the count
 * moves, and when every required answer is in the decision closes.
 */
export async function storeViewpoint(
  req: Request,
  scope: Scope<unknown>,
  decision: DecisionRecord,
  member: MemberRecord,
  recorder: MemberRecord | undefined,
  input: ViewpointForm,
  /** How the recorder heard it, where they said. */
  heardVia?: HeardVia,
): Promise<void> {
  const { repos, equipe, now, tell, audit } = scope;
  const parsed = parseViewpoint(normalise(input), decision);
  if (!parsed.ok) throw Object.values(parsed.errors)[0] ?? new DomainError("error.internal");
  const change = await repos.decisions.setViewpoint(
    decision.id,
    {
      memberId: member.id,
      ...parsed.viewpoint,
      recordedByMemberId: recorder?.id,
      heardVia: recorder ? heardVia : undefined,
    },
    now,
  );
  await audit(
    recorder ? "decision.recordedFor" : change === "created" ? "decision.answered" : "decision.changed",
    decision.id,
  );
  const state = await decisionState(repos, decision);
  const others = state.viewpoints.filter((v) => v.memberId !== member.id);
  await tell.actor(
    req,
    ({ locale }) =>
      textMessage(
        recorder
          ? t(locale, "viewpoint.recordDone", { who: [mentionOf(locale, member)] })
          : lines([
              t(locale, "viewpoint.saved", {
                answer: answerLabel(locale, decision, parsed.viewpoint.answer),
              }),
              others.length > 0 ? t(locale, "viewpoint.others") : t(locale, "viewpoint.noneYet"),
              ...others.map((v) => viewpointLine(locale, state, v)),
            ]),
      ),
    recorder ?? member,
  );
  // The private question, now with "change": only those who were asked have one.
  await tellAsks(tell, equipe, state, member);
  await tellCount(tell, equipe, state);
  if (state.missing.length === 0) await closeDecision(scope, decision);
}

/** A participant's own viewpoint, from the form their button opened. */
export const viewpoint: FormDef = form({
  id: VIEWPOINT_FORM,
  opened: "private",
  values: z.object({ answer: field(), reason: field(), side: field() }),
  metadata: z.uuid().transform((id) => id as DecisionId),
  authorize: (deps, req, decisionId) =>
    asMember(
      deps,
      req,
      aboutDecision(decisionId),
      async ({ repos, subject: decision, member, now, locale }) => {
        // Who may answer is settled here; a decision that closed meanwhile is said in the form.
        const closed = await requireAnswerable(repos, now, decision, member).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof DomainError && error.code !== "decision.notAsked") return error;
            throw error;
          },
        );
        return { decision, locale, closed };
      },
      { once: false },
    ),
  async validate(_deps, _req, { decision, locale, closed }, input) {
    if (closed) throw closed;
    const result = parseViewpoint(normalise(input), decision);
    if (result.ok) return undefined;
    return { errors: fieldErrors(locale, result.errors), form: viewpointForm(locale, decision) };
  },
  again: ({ decision, locale }) => ({ form: viewpointForm(locale, decision), locale }),
  async submit(deps, req, input, decisionId) {
    await asMember(deps, req, aboutDecision(decisionId), async (scope) => {
      await requireAnswerable(scope.repos, scope.now, scope.subject, scope.member);
      await storeViewpoint(req, scope, scope.subject, scope.member, undefined, input);
    });
    deps.log("decision.viewpoint", { onBehalf: false });
  },
});
