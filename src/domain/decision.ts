import { z } from "zod";
import type { Locale } from "../i18n/locale.ts";
import { DomainError } from "./errors.ts";
import { MIN_ANSWER_WINDOW_MS, readInstant } from "./meeting.ts";
import { readWhen } from "./time.ts";

/** How a participant can answer when the decision asks for a stance. */
export const STANCES = ["agree", "doubts", "disagree", "more_info"] as const;
export type Stance = (typeof STANCES)[number];
/**
 * The three sides of Il Mondo del Bambino (the P.I.P.P.I. triangle) a viewpoint can speak to:
 * the child's needs, the parents' responses to them, the family and its environment.
 */
export const SIDES = ["child_needs", "parent_responses", "family_environment"] as const;
export type Side = (typeof SIDES)[number];
export const sideSchema = z.enum(SIDES);

/** How someone who recorded a viewpoint on a member's behalf heard it. */
export const HEARD_VIA = ["phone", "in_person", "written"] as const;
export type HeardVia = (typeof HEARD_VIA)[number];
export const heardViaSchema = z.enum(HEARD_VIA);

export const DECISION_KINDS = ["stances", "options"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_STATUSES = ["open", "closed", "recorded", "cancelled"] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** A question fits in a sentence or two; the context is a short paragraph, not the case file. */
export const MAX_QUESTION_LENGTH = 300;
export const MAX_CONTEXT_LENGTH = 1000;
/** A reason is a few sentences: long enough to explain, short enough to read aloud in a meeting. */
export const MAX_REASON_LENGTH = 1000;
/** A choice needs at least two options; more than five is a survey, not a decision. */
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 5;
/** Options become buttons and select items (75 characters in Block Kit). */
export const MAX_OPTION_LENGTH = 75;
export const MAX_OUTCOME_LENGTH = 2000;
export const MAX_ACTIONS = 10;
export const MAX_ACTION_LENGTH = 200;
/** Actions and reviews fall due at this local hour of the day they are given. */
const DUE_HOUR = 9;

/** An answer: a stance (`agree`…) or the 1-based number of an option, as a string `option:2`. */
export type DecisionAnswer = string;

export interface DecisionForm {
  question: string;
  context: string;
  kind: string;
  options: string;
  deadline: string;
  /** Member ids of those who must answer, joined by commas (the form's multi-select). */
  participants: string;
  familyReason: string;
}
export type DecisionFieldErrors = Partial<Record<keyof DecisionForm, DomainError>>;

export interface DecisionDraft {
  question: string;
  context: string | undefined;
  kind: DecisionKind;
  options: string[];
  deadline: Date;
  /** Member ids of those who must answer; every other active member may answer if they wish. */
  required: string[];
  familyRequired: boolean;
  familyExclusionReason: string | undefined;
}

/** Who could be asked: the équipe's active members, the family among them marked. */
export interface Candidate {
  id: string;
  family: boolean;
}

const clean = (text: string) => text.trim().replace(/[ \t]+/g, " ");

/**
 * Validates the decide form: question, kind with its options, deadline, who must answer (at
 * least one member, all of them still in the équipe), and why, if any of the family is left out.
 */
export function parseDecisionForm(
  form: DecisionForm,
  timeZone: string,
  now: Date,
  candidates: Candidate[],
  locale: Locale = "it",
): { ok: true; draft: DecisionDraft } | { ok: false; errors: DecisionFieldErrors } {
  const errors: DecisionFieldErrors = {};
  const question = clean(form.question);
  if (question.length === 0) errors.question = new DomainError("decision.questionMissing");
  else if (question.length > MAX_QUESTION_LENGTH)
    errors.question = new DomainError("decision.tooLong", { max: MAX_QUESTION_LENGTH });
  const context = form.context.trim();
  if (context.length > MAX_CONTEXT_LENGTH)
    errors.context = new DomainError("decision.tooLong", { max: MAX_CONTEXT_LENGTH });
  const kind = z.enum(DECISION_KINDS).safeParse(form.kind);
  if (!kind.success) errors.kind = new DomainError("decision.kindMissing");
  const options = form.options.split(/\r?\n/).map(clean).filter(Boolean);
  if (kind.success && kind.data === "options") {
    if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS)
      errors.options = new DomainError("decision.optionsCount", { min: MIN_OPTIONS, max: MAX_OPTIONS });
    else if (options.some((o) => o.length > MAX_OPTION_LENGTH))
      errors.options = new DomainError("decision.tooLong", { max: MAX_OPTION_LENGTH });
    else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
      errors.options = new DomainError("decision.optionsRepeated");
  }
  const deadline = readInstant(form.deadline, timeZone, now, locale);
  if (deadline instanceof DomainError) errors.deadline = deadline;
  else if (deadline.getTime() < now.getTime() + MIN_ANSWER_WINDOW_MS)
    errors.deadline = new DomainError("meeting.deadlineTooSoon");
  const chosen = new Set(
    form.participants
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  );
  const known = new Set(candidates.map((c) => c.id));
  if (chosen.size === 0) errors.participants = new DomainError("decision.participantsNone");
  else if ([...chosen].some((id) => !known.has(id)))
    errors.participants = new DomainError("decision.participantsGone");
  const familyRequired = candidates.every((c) => !c.family || chosen.has(c.id));
  const familyReason = form.familyReason.trim();
  if (!familyRequired && chosen.size > 0 && familyReason.length === 0)
    errors.familyReason = new DomainError("decision.familyReasonMissing");
  else if (familyReason.length > MAX_REASON_LENGTH)
    errors.familyReason = new DomainError("decision.tooLong", { max: MAX_REASON_LENGTH });
  if (Object.keys(errors).length > 0 || !kind.success || deadline instanceof DomainError)
    return { ok: false, errors };
  return {
    ok: true,
    draft: {
      question,
      context: context || undefined,
      kind: kind.data,
      options: kind.data === "options" ? options : [],
      deadline,
      required: candidates.filter((c) => chosen.has(c.id)).map((c) => c.id),
      familyRequired,
      familyExclusionReason: familyRequired ? undefined : familyReason,
    },
  };
}

export interface ViewpointForm {
  answer: string;
  reason: string;
  side: string;
}
export type ViewpointFieldErrors = Partial<Record<keyof ViewpointForm, DomainError>>;
export interface Viewpoint {
  answer: DecisionAnswer;
  reason: string | undefined;
  side: Side | undefined;
}

/** The answers a decision accepts: its stances, or `option:N` for each of its options. */
export function answersOf(decision: { kind: DecisionKind; options: string[] }): DecisionAnswer[] {
  return decision.kind === "stances" ? [...STANCES] : decision.options.map((_, i) => `option:${i + 1}`);
}

/** A viewpoint: a known answer; a reason for any stance other than agreement; an optional side. */
export function parseViewpoint(
  form: ViewpointForm,
  decision: { kind: DecisionKind; options: string[] },
): { ok: true; viewpoint: Viewpoint } | { ok: false; errors: ViewpointFieldErrors } {
  const errors: ViewpointFieldErrors = {};
  const answer = form.answer.trim();
  if (!answersOf(decision).includes(answer)) errors.answer = new DomainError("viewpoint.answerMissing");
  const reason = form.reason.trim();
  if (reason.length > MAX_REASON_LENGTH)
    errors.reason = new DomainError("decision.tooLong", { max: MAX_REASON_LENGTH });
  else if (
    reason.length === 0 &&
    decision.kind === "stances" &&
    answer !== "agree" &&
    errors.answer === undefined
  )
    errors.reason = new DomainError("viewpoint.reasonNeeded");
  const side = form.side.trim() === "" ? undefined : sideSchema.safeParse(form.side.trim());
  if (side !== undefined && !side.success) errors.side = new DomainError("viewpoint.sideUnknown");
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    viewpoint: { answer, reason: reason || undefined, side: side?.success ? side.data : undefined },
  };
}

/**
 * When an action or review falls due: a day written as people write it (`10/12`, `10 dicembre`,
 * `2026-12-10`, `domani`; the year, when left out, that of the next such day) at the équipe's
 * morning hour, or a day and time. Undefined when it cannot be read or is past.
 */
export function parseDueDate(text: string, timeZone: string, now: Date): Date | undefined {
  const trimmed = text.trim();
  const morning = readWhen(`${trimmed} ${DUE_HOUR}:00`, timeZone, now);
  if (morning.ok) return morning.instant;
  const typed = readWhen(trimmed, timeZone, now);
  return typed.ok ? typed.instant : undefined;
}

export interface OutcomeForm {
  outcome: string;
  actions: string;
  review: string;
  override: string;
}
export type OutcomeFieldErrors = Partial<Record<keyof OutcomeForm, DomainError>>;

/** One action line as typed: `who | what | 2026-12-10`; `who` is resolved by the service. */
export interface ActionDraft {
  who: string;
  what: string;
  due: Date;
}

export interface OutcomeDraft {
  outcome: string;
  actions: ActionDraft[];
  review: Date | undefined;
  override: string | undefined;
}

/** Validates the outcome form; whether an override is needed is the service's to say. */
export function parseOutcome(
  form: OutcomeForm,
  timeZone: string,
  now: Date,
): { ok: true; draft: OutcomeDraft } | { ok: false; errors: OutcomeFieldErrors } {
  const errors: OutcomeFieldErrors = {};
  const outcome = form.outcome.trim();
  if (outcome.length === 0) errors.outcome = new DomainError("outcome.missing");
  else if (outcome.length > MAX_OUTCOME_LENGTH)
    errors.outcome = new DomainError("decision.tooLong", { max: MAX_OUTCOME_LENGTH });
  const actions: ActionDraft[] = [];
  const lines = form.actions
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > MAX_ACTIONS)
    errors.actions = new DomainError("outcome.tooManyActions", { max: MAX_ACTIONS });
  for (const line of lines.slice(0, MAX_ACTIONS)) {
    const [who, what, when, ...rest] = line.split("|").map((part) => part.trim());
    const due = when ? parseDueDate(when, timeZone, now) : undefined;
    if (!who || !what || !when || rest.length > 0 || what.length > MAX_ACTION_LENGTH) {
      errors.actions ??= new DomainError("outcome.actionUnreadable", { value: line.slice(0, 60) });
    } else if (due === undefined || due.getTime() <= now.getTime()) {
      errors.actions ??= new DomainError("outcome.actionDate", { value: when.slice(0, 30) });
    } else {
      actions.push({ who, what, due });
    }
  }
  let review: Date | undefined;
  if (form.review.trim() !== "") {
    review = parseDueDate(form.review, timeZone, now);
    if (review === undefined || review.getTime() <= now.getTime())
      errors.review = new DomainError("outcome.reviewDate", { value: form.review.trim().slice(0, 30) });
  }
  const override = form.override.trim();
  if (override.length > MAX_REASON_LENGTH)
    errors.override = new DomainError("decision.tooLong", { max: MAX_REASON_LENGTH });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, draft: { outcome, actions, review, override: override || undefined } };
}
