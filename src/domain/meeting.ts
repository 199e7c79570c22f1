import { z } from "zod";
import { DomainError } from "./errors.ts";
import { isFamilyRole, type Role } from "./roles.ts";
import { parseLocalDateTime, zonedToUtc } from "./time.ts";

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

/** Raw form fields, as any platform's form hands them over. */
export interface ProposalForm {
  purpose: string;
  duration: string;
  slots: string;
  deadline: string;
  location: string;
}

/** A form field that failed, with the catalogue code that says why. */
export type FieldErrors = Partial<Record<keyof ProposalForm, DomainError>>;

export function parseInstant(text: string, timeZone: string): Date | "unparsed" | "nonexistent" {
  const local = parseLocalDateTime(text);
  if (local === undefined) return "unparsed";
  return zonedToUtc(local, timeZone) ?? "nonexistent";
}

/**
 * Validates a proposal of times: slots one per line in the équipe's zone, 2 to 10, in the
 * future, not overlapping given the duration; the deadline after now (with room to answer)
 * and before the first slot starts.
 */
export function parseProposal(
  form: ProposalForm,
  timeZone: string,
  now: Date,
): { ok: true; proposal: Proposal } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const purpose = purposeSchema.safeParse(form.purpose);
  if (!purpose.success) errors.purpose = new DomainError("meeting.purposeMissing");
  const duration = durationSchema.safeParse(form.duration);
  if (!duration.success) errors.duration = new DomainError("meeting.durationInvalid");
  const minutes = duration.success ? duration.data : 0;

  const lines = form.slots
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const slots: Date[] = [];
  for (const line of lines.slice(0, MAX_SLOTS + 1)) {
    const instant = parseInstant(line, timeZone);
    if (instant === "unparsed") {
      errors.slots ??= new DomainError("meeting.slotUnreadable", { value: line.slice(0, 40) });
    } else if (instant === "nonexistent") {
      errors.slots ??= new DomainError("meeting.slotNonexistent", { value: line.slice(0, 40) });
    } else {
      slots.push(instant);
    }
  }
  slots.sort((a, b) => a.getTime() - b.getTime());
  if (errors.slots === undefined) {
    if (lines.length < MIN_SLOTS) errors.slots = new DomainError("meeting.slotsTooFew", { min: MIN_SLOTS });
    else if (lines.length > MAX_SLOTS)
      errors.slots = new DomainError("meeting.slotsTooMany", { max: MAX_SLOTS });
    else if (slots.some((slot) => slot.getTime() <= now.getTime()))
      errors.slots = new DomainError("meeting.slotPast");
    else if (
      slots.some((slot, i) => i > 0 && slot.getTime() < (slots[i - 1]?.getTime() ?? 0) + minutes * 60_000)
    ) {
      errors.slots = new DomainError("meeting.slotsOverlap");
    }
  }

  const deadline = parseInstant(form.deadline, timeZone);
  if (deadline === "unparsed" || deadline === "nonexistent") {
    errors.deadline = new DomainError("meeting.deadlineUnreadable");
  } else if (deadline.getTime() < now.getTime() + MIN_ANSWER_WINDOW_MS) {
    errors.deadline = new DomainError("meeting.deadlineTooSoon");
  } else if (slots[0] !== undefined && deadline.getTime() > slots[0].getTime()) {
    errors.deadline = new DomainError("meeting.deadlineAfterSlots");
  }

  const location = form.location.trim();
  if (location.length > MAX_LOCATION_LENGTH) {
    errors.location = new DomainError("meeting.locationTooLong", { max: MAX_LOCATION_LENGTH });
  }

  if (
    Object.keys(errors).length > 0 ||
    !purpose.success ||
    deadline === "unparsed" ||
    deadline === "nonexistent"
  ) {
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
