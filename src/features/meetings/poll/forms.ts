import { randomUUID } from "node:crypto";
import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import { type FormDef, field, fieldErrors, form, scheduleDeadline } from "../../../core/feature.ts";
import { reachReport } from "../../../core/reach.ts";
import { asCoordinator, boundTo } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { FormSpec } from "../../../domain/forms.ts";
import { type MeetingId, newId, type SlotId } from "../../../domain/ids.ts";
import {
  DURATIONS_MINUTES,
  MAX_LOCATION_LENGTH,
  MAX_SLOTS,
  MIN_SLOTS,
  PURPOSES,
  parseProposal,
} from "../../../domain/meeting.ts";
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
      {
        kind: "text",
        name: "slots",
        label: label(locale, "form.slots"),
        hint: t(locale, "form.slotsHint", { min: MIN_SLOTS, max: MAX_SLOTS, timezone }),
        multiline: true,
        optional: false,
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
    asCoordinator(deps, req, boundTo(req), async ({ equipe, locale }) => ({ equipe, locale, metadata }), {
      once: false,
    }),
  async validate(deps, _req, { equipe, locale, metadata }, input) {
    const result = parseProposal(input, equipe.timezone, deps.clock.now());
    if (result.ok) return undefined;
    return {
      errors: fieldErrors(locale, result.errors),
      form: conveneForm(locale, equipe.timezone, metadata),
    };
  },
  async submit(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell, audit }) => {
        if (await repos.meetings.findOpenPoll(equipe.id)) throw new DomainError("meeting.pollOpen");
        const parsed = parseProposal(input, equipe.timezone, now);
        if (!parsed.ok) throw Object.values(parsed.errors)[0] ?? new DomainError("error.internal");
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
          {
            open: true,
          },
        );
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              t(locale, "convene.done", {
                report: reachReport(locale, reached, {
                  notReachedHint: t(locale, "convene.notReachedHint"),
                }),
              }),
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
