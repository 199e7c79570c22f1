import { randomUUID } from "node:crypto";
import { z } from "zod";
import { lines, textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import {
  type FormDef,
  field,
  fieldErrors,
  firstError,
  form,
  scheduleDeadline,
} from "../../../core/feature.ts";
import { reachReport } from "../../../core/reach.ts";
import { asCoordinator, boundTo } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormField, FormSpec } from "../../../domain/forms.ts";
import { type MeetingId, newId, type SlotId } from "../../../domain/ids.ts";
import {
  DURATIONS_MINUTES,
  MAX_LOCATION_LENGTH,
  MAX_SLOTS,
  MIN_SLOTS,
  PURPOSES,
  parseProposal,
  SLOT_PICKERS,
} from "../../../domain/meeting.ts";
import { formatLongDateTime, formatLongRange } from "../../../domain/time.ts";
import { label, t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import { jobKeys, pollDeadline, pollReminder } from "../jobs.ts";
import type { MeetingRecord } from "../repository.ts";
import { pollUpdates } from "./messages.ts";

/** Longest text a person may type in the slot box: ten times plus generous spacing. */
const SLOTS_FIELD_MAX = 400;
const DEADLINE_FIELD_MAX = 40;
/** The usual length of an équipe meeting. */
const DEFAULT_DURATION = "90";
/** Conversation and object ids from the platforms are short. */
const ID_MAX = 512;

export const CONVENE_FORM = "convene";

export function conveneForm(locale: Locale, timezone: string, metadata: string): FormSpec {
  return {
    id: CONVENE_FORM,
    title: label(locale, "form.title"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata,
    fields: [
      {
        kind: "select",
        name: "purpose",
        label: label(locale, "form.purpose"),
        options: PURPOSES.map((p) => ({ value: p, label: plainText(t(locale, `purpose.${p}`)) })),
      },
      {
        kind: "select",
        name: "duration",
        label: label(locale, "form.duration"),
        options: DURATIONS_MINUTES.map((m) => ({
          value: String(m),
          label: plainText(t(locale, "form.durationOption", { minutes: m })),
        })),
        initial: DEFAULT_DURATION,
      },
      // The platform's own pickers for the first times; the box below for more, or for typing.
      ...SLOT_PICKERS.map(
        (name, i): FormField => ({
          kind: "datetime",
          name,
          label: plainText(
            t(locale, i < MIN_SLOTS ? "form.slotPicker" : "form.slotPickerOptional", { n: i + 1 }),
          ),
          ...(i === 0 ? { hint: t(locale, "form.slotPickerHint", { timezone }) } : {}),
          optional: true,
        }),
      ),
      {
        kind: "text",
        name: "slots",
        label: label(locale, "form.slots"),
        hint: t(locale, "form.slotsHint", { min: MIN_SLOTS, max: MAX_SLOTS, timezone }),
        multiline: true,
        optional: true,
        maxLength: SLOTS_FIELD_MAX,
      },
      {
        kind: "text",
        name: "deadline",
        label: label(locale, "form.deadline"),
        hint: t(locale, "form.deadlineHint"),
        multiline: false,
        optional: false,
        maxLength: DEADLINE_FIELD_MAX,
      },
      {
        kind: "text",
        name: "location",
        label: label(locale, "form.location"),
        multiline: false,
        optional: true,
        maxLength: MAX_LOCATION_LENGTH,
      },
    ],
  };
}

const values = z.object({
  purpose: field(),
  duration: field(),
  // A picker may be absent from a submission (a client without it, a call made by code): empty.
  slot1: field().default(""),
  slot2: field().default(""),
  slot3: field().default(""),
  slots: field(),
  deadline: field(),
  location: field(),
});

/**
 * The convene form's submission: creates the poll, sends each member who can answer their
 * private poll, posts the live count to the équipe's conversations and schedules the reminder
 * and the deadline. Members outside chat are recorded by the coordinator.
 */
export const convene: FormDef = form({
  id: CONVENE_FORM,
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
        pollOpen: (await repos.meetings.findOpenPoll(equipe.id)) !== undefined,
      }),
      { once: false },
    ),
  async validate(deps, _req, { equipe, locale, metadata, pollOpen }, input) {
    // A poll opened meanwhile (by another coordinator, or in another window): said in the form, which keeps its text.
    if (pollOpen) throw new DomainError("meeting.pollOpen");
    const result = parseProposal(input, equipe.timezone, deps.clock.now(), locale);
    if (result.ok) return undefined;
    return {
      errors: fieldErrors(locale, result.errors),
      form: conveneForm(locale, equipe.timezone, metadata),
    };
  },
  again: ({ equipe, locale, metadata }) => ({ form: conveneForm(locale, equipe.timezone, metadata), locale }),
  async submit(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell, audit, locale }) => {
        if (await repos.meetings.findOpenPoll(equipe.id)) throw new DomainError("meeting.pollOpen");
        const parsed = parseProposal(input, equipe.timezone, now, locale);
        if (!parsed.ok) throw firstError(parsed.errors);
        const { proposal } = parsed;
        const meeting: MeetingRecord = {
          id: newId<"MeetingId">() as MeetingId,
          equipeId: equipe.id,
          icalUid: `${randomUUID()}@equipe`,
          purpose: proposal.purpose,
          durationMinutes: proposal.durationMinutes,
          location: proposal.location,
          deadline: proposal.deadline,
          status: "polling",
          confirmedSlotId: undefined,
          startsAt: undefined,
          sequence: 0,
          createdByMemberId: coordinator.id,
          slots: proposal.slots.map((startsAt, index) => ({
            id: newId<"SlotId">() as SlotId,
            position: index + 1,
            startsAt,
          })),
        };
        await repos.meetings.create(meeting);
        const reached = await pollUpdates(
          tell,
          repos,
          equipe,
          meeting,
          await repos.members.listActive(equipe.id),
          { open: true, invite: true },
        );
        // The times echoed back in full, so that a misread one is seen at once.
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              lines([
                t(locale, "convene.done", {
                  report: reachReport(locale, reached, {
                    notReachedHint: t(locale, "convene.notReachedHint"),
                  }),
                }),
                t(locale, "convene.echo", { timezone: equipe.timezone }),
                ...meeting.slots.map((slot) =>
                  t(locale, "poll.slot", {
                    n: slot.position,
                    when: formatLongRange(slot.startsAt, meeting.durationMinutes, equipe.timezone, locale),
                  }),
                ),
                t(locale, "convene.echoDeadline", {
                  deadline: formatLongDateTime(meeting.deadline, equipe.timezone, locale),
                }),
                t(locale, "convene.echoFix"),
              ]),
            ),
          coordinator,
        );
        await scheduleDeadline(
          repos,
          deps,
          {
            reminder: { job: pollReminder, key: jobKeys.pollReminder(meeting.id) },
            deadline: { job: pollDeadline, key: jobKeys.pollDeadline(meeting.id) },
            at: proposal.deadline,
            payload: { meetingId: meeting.id },
          },
          now,
        );
        await audit("meeting.convened", meeting.id);
      },
    );
    deps.log("meeting.convened", {});
  },
});
