import { z } from "zod";
import type { Locale } from "../i18n/locale.ts";
import { DomainError } from "./errors.ts";
import { isFamilyRole, type Role } from "./roles.ts";
import { formatDay, formatLongDateTime, readWhen, weekdayName } from "./time.ts";

export const PURPOSES = ["t0", "microplanning", "t1", "t2", "extraordinary"] as const;
export const purposeSchema = z.enum(PURPOSES);
export type Purpose = z.infer<typeof purposeSchema>;

export const ANSWERS = ["yes", "if_needed", "no"] as const;
export const answerSchema = z.enum(ANSWERS);
export type Answer = z.infer<typeof answerSchema>;

export const MEETING_STATUSES = ["polling", "confirmed", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A poll needs a choice, and more than ten times is a poll nobody fills in. */
export const MIN_SLOTS = 2;
export const MAX_SLOTS = 10;
/** Durations offered in the form: from a quick check-in to a half-day review. */
export const DURATIONS_MINUTES = [30, 45, 60, 90, 120, 180] as const;
/** A place or link is a line, not a document: room names and video links fit easily. */
export const MAX_LOCATION_LENGTH = 200;
/** People need time to answer: a deadline closer than this is a typo more often than a plan. */
export const MIN_ANSWER_WINDOW_MS = 60 * 60_000;

export const durationSchema = z.coerce
  .number()
  .int()
  .refine((value) => (DURATIONS_MINUTES as readonly number[]).includes(value));

export interface Proposal {
  purpose: Purpose;
  durationMinutes: number;
  slots: Date[];
  deadline: Date;
  location: string | undefined;
}

/** The pickers of the convene form (a platform's date-and-time chooser), beside the free-text box. */
export const SLOT_PICKERS = ["slot1", "slot2", "slot3"] as const;
export type SlotPicker = (typeof SLOT_PICKERS)[number];

/** Raw form fields, as any platform's form hands them over (a picker left empty: ""). */
export interface ProposalForm {
  purpose: string;
  duration: string;
  slots: string;
  deadline: string;
  location: string;
  slot1?: string | undefined;
  slot2?: string | undefined;
  slot3?: string | undefined;
}

/** A form field that failed, with the catalogue code that says why; the slot box, one per bad line. */
export type FieldErrors = Partial<Record<keyof ProposalForm, DomainError | DomainError[]>>;

/** How much of a typed line is repeated back. */
const ECHO_MAX = 60;

/**
 * A time as typed (or picked), read in the équipe's zone: the instant, or what was wrong with
 * it in the reader's words, naming the line as typed (`shown`) and how to write it right.
 */
export function readInstant(
  text: string,
  timeZone: string,
  now: Date,
  locale: Locale,
  shown: string = text.trim(),
): Date | DomainError {
  const when = readWhen(text, timeZone, now);
  if (when.ok) return when.instant;
  const value = shown.length > ECHO_MAX ? `${shown.slice(0, ECHO_MAX - 1)}…` : shown;
  const problem = when.problem;
  switch (problem.kind) {
    case "weekday":
      return new DomainError("when.weekday", {
        value,
        date: formatDay(problem.date, locale),
        weekday: weekdayName(problem.weekday, locale),
        typed: weekdayName(problem.typed, locale),
        day: `${problem.date.getUTCDate()}/${problem.date.getUTCMonth() + 1}`,
      });
    case "past":
      return new DomainError("when.past", {
        value,
        when: formatLongDateTime(problem.instant, timeZone, locale),
      });
    default:
      return new DomainError(`when.${problem.kind}` as const, { value });
  }
}

/** What a picker's value reads as, for an error: the time written out when it is an instant. */
function pickerShown(raw: string, timeZone: string, locale: Locale): string {
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? formatLongDateTime(instant, timeZone, locale) : raw;
}

/**
 * Validates a proposal of times: picked times and typed lines (one per line) in the équipe's
 * zone, 2 to 10, in the future, not overlapping given the duration; the deadline after now (with
 * room to answer) and before the first slot starts. Every bad line is reported, each by its text.
 */
export function parseProposal(
  form: ProposalForm,
  timeZone: string,
  now: Date,
  locale: Locale = "it",
): { ok: true; proposal: Proposal } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const purpose = purposeSchema.safeParse(form.purpose);
  if (!purpose.success) errors.purpose = new DomainError("meeting.purposeMissing");
  const duration = durationSchema.safeParse(form.duration);
  if (!duration.success) errors.duration = new DomainError("meeting.durationInvalid");
  const minutes = duration.success ? duration.data : 0;

  const slots: Date[] = [];
  let unread = 0;
  for (const picker of SLOT_PICKERS) {
    const raw = (form[picker] ?? "").trim();
    if (raw === "") continue;
    const instant = readInstant(raw, timeZone, now, locale, pickerShown(raw, timeZone, locale));
    if (instant instanceof DomainError) {
      errors[picker] = instant;
      unread += 1;
    } else slots.push(instant);
  }
  const lines = form.slots
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const bad: DomainError[] = [];
  for (const line of lines) {
    const instant = readInstant(line, timeZone, now, locale);
    if (instant instanceof DomainError) bad.push(instant);
    else slots.push(instant);
  }
  if (bad.length > 0) errors.slots = bad;
  slots.sort((a, b) => a.getTime() - b.getTime());
  if (bad.length === 0 && unread === 0) {
    if (slots.length < MIN_SLOTS) errors.slots = new DomainError("meeting.slotsTooFew", { min: MIN_SLOTS });
    else if (slots.length > MAX_SLOTS)
      errors.slots = new DomainError("meeting.slotsTooMany", { max: MAX_SLOTS });
    else if (
      slots.some((slot, i) => i > 0 && slot.getTime() < (slots[i - 1]?.getTime() ?? 0) + minutes * 60_000)
    ) {
      errors.slots = new DomainError("meeting.slotsOverlap");
    }
  }

  const deadline = readInstant(form.deadline, timeZone, now, locale);
  if (deadline instanceof DomainError) {
    errors.deadline = deadline;
  } else if (deadline.getTime() < now.getTime() + MIN_ANSWER_WINDOW_MS) {
    errors.deadline = new DomainError("meeting.deadlineTooSoon");
  } else if (slots[0] !== undefined && deadline.getTime() > slots[0].getTime()) {
    errors.deadline = new DomainError("meeting.deadlineAfterSlots");
  }

  const location = form.location.trim();
  if (location.length > MAX_LOCATION_LENGTH) {
    errors.location = new DomainError("meeting.locationTooLong", { max: MAX_LOCATION_LENGTH });
  }

  if (Object.keys(errors).length > 0 || !purpose.success || deadline instanceof DomainError) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    proposal: {
      purpose: purpose.data,
      durationMinutes: minutes,
      slots,
      deadline,
      location: location === "" ? undefined : location,
    },
  };
}

export interface SlotTally {
  slotId: string;
  position: number;
  startsAt: Date;
  yes: number;
  ifNeeded: number;
  no: number;
  /** A parent or child said no: the slot is never suggested first. */
  familyNo: boolean;
}

/**
 * Ranks slots for the coordinator: no "no" from the family first, then fewest "no", then most
 * "sì", then most "se necessario", then the earlier time.
 */
export function rankSlots(
  slots: readonly { id: string; position: number; startsAt: Date }[],
  answers: readonly { slotId: string; answer: Answer; role: Role }[],
): SlotTally[] {
  const tallies = slots.map(
    (slot): SlotTally => ({
      slotId: slot.id,
      position: slot.position,
      startsAt: slot.startsAt,
      yes: 0,
      ifNeeded: 0,
      no: 0,
      familyNo: false,
    }),
  );
  const byId = new Map(tallies.map((tally) => [tally.slotId, tally]));
  for (const answer of answers) {
    const tally = byId.get(answer.slotId);
    if (tally === undefined) continue;
    if (answer.answer === "yes") tally.yes += 1;
    else if (answer.answer === "if_needed") tally.ifNeeded += 1;
    else {
      tally.no += 1;
      if (isFamilyRole(answer.role)) tally.familyNo = true;
    }
  }
  return tallies.sort(
    (a, b) =>
      Number(a.familyNo) - Number(b.familyNo) ||
      a.no - b.no ||
      b.yes - a.yes ||
      b.ifNeeded - a.ifNeeded ||
      a.startsAt.getTime() - b.startsAt.getTime(),
  );
}
