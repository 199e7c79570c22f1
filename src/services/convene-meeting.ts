import { randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import { type MeetingId, type MemberId, newId, type SlotId } from "../domain/ids.ts";
import {
  DURATIONS_MINUTES,
  type FieldErrors,
  MAX_LOCATION_LENGTH,
  MAX_SLOTS,
  MIN_SLOTS,
  type ProposalForm,
  PURPOSES,
  parseProposal,
} from "../domain/meeting.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import type { MeetingRecord } from "../ports/store.ts";
import {
  asCoordinator,
  type CommandContext,
  readerLocale,
  requireCoordinator,
  requireEquipe,
  type ServiceDeps,
  scheduleDeadline,
  toActor,
} from "./context.ts";
import { pollUpdates } from "./poll-refresh.ts";

/** Longest text a person may type in the slot box: ten times plus generous spacing. */
const SLOTS_FIELD_MAX = 400;
const DEADLINE_FIELD_MAX = 40;
/** The usual length of an équipe meeting. */
const DEFAULT_DURATION = "90";

export const jobKeys = {
  pollReminder: (meetingId: string) => `meeting:${meetingId}:poll-reminder`,
  pollDeadline: (meetingId: string) => `meeting:${meetingId}:poll-deadline`,
};

async function checkCanConvene(deps: ServiceDeps, ctx: CommandContext) {
  return deps.store.transaction(async (repos) => {
    const equipe = await requireEquipe(repos, ctx.channel);
    const coordinator = await requireCoordinator(repos, equipe, ctx.actor);
    if (await repos.meetings.findOpenPoll(equipe.id)) throw new DomainError("meeting.pollOpen");
    const members = await repos.members.listActive(equipe.id);
    if (members.length < 2) throw new DomainError("meeting.noMembers");
    return { equipe, locale: readerLocale(ctx, coordinator, equipe, deps) };
  });
}

export function conveneForm(locale: Locale, timezone: string, metadata: string): FormSpec {
  return {
    id: "convene",
    title: t(locale, "form.title"),
    submit: t(locale, "form.submit"),
    cancel: t(locale, "form.cancel"),
    metadata,
    fields: [
      {
        kind: "select",
        name: "purpose",
        label: t(locale, "form.purpose"),
        options: PURPOSES.map((p) => ({ value: p, label: t(locale, `purpose.${p}` as MessageKey) })),
      },
      {
        kind: "select",
        name: "duration",
        label: t(locale, "form.duration"),
        options: DURATIONS_MINUTES.map((m) => ({
          value: String(m),
          label: t(locale, "form.durationOption", { minutes: m }),
        })),
        initial: DEFAULT_DURATION,
      },
      {
        kind: "text",
        name: "slots",
        label: t(locale, "form.slots"),
        hint: t(locale, "form.slotsHint", { min: MIN_SLOTS, max: MAX_SLOTS, timezone }),
        multiline: true,
        optional: false,
        maxLength: SLOTS_FIELD_MAX,
      },
      {
        kind: "text",
        name: "deadline",
        label: t(locale, "form.deadline"),
        hint: t(locale, "form.deadlineHint"),
        multiline: false,
        optional: false,
        maxLength: DEADLINE_FIELD_MAX,
      },
      {
        kind: "text",
        name: "location",
        label: t(locale, "form.location"),
        multiline: false,
        optional: true,
        maxLength: MAX_LOCATION_LENGTH,
      },
    ],
  };
}

/** `/equipe convene`: checks the caller may convene, then asks their platform to show the form. */
export async function openConveneForm(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  const { equipe, locale } = await checkCanConvene(deps, ctx);
  if (ctx.forms === undefined) throw new DomainError("error.internal");
  await ctx.forms.openForm(conveneForm(locale, equipe.timezone, ctx.channel.channelId));
}

/**
 * Validates the submitted form without touching the database, so that a platform can show
 * field errors inline inside its acknowledgement window.
 */
export async function validateConveneForm(
  deps: ServiceDeps,
  ctx: CommandContext,
  form: ProposalForm,
): Promise<{ errors: FieldErrors; locale: Locale; timezone: string } | undefined> {
  const equipe = await deps.store.repos.equipes.findByChannel(ctx.channel);
  if (equipe === undefined) return undefined;
  const result = parseProposal(form, equipe.timezone, deps.clock.now());
  return result.ok
    ? undefined
    : {
        errors: result.errors,
        locale: readerLocale(ctx, undefined, equipe, deps),
        timezone: equipe.timezone,
      };
}

/**
 * The form's submission: creates the poll, sends each chat member their private poll, posts
 * the live count to the équipe's channels and schedules the reminder and the deadline.
 */
export async function conveneMeeting(
  deps: ServiceDeps,
  ctx: CommandContext,
  form: ProposalForm,
): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    if (await repos.meetings.findOpenPoll(equipe.id)) throw new DomainError("meeting.pollOpen");
    const parsed = parseProposal(form, equipe.timezone, now);
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
      createdByMemberId: coordinator.id as MemberId,
      slots: proposal.slots.map((startsAt, index) => ({
        id: newId<"SlotId">() as SlotId,
        position: index + 1,
        startsAt,
      })),
    };
    await repos.meetings.create(meeting);
    const members = await repos.members.listActive(equipe.id);
    const messages = await pollUpdates(repos, equipe, meeting, members, true);
    const chatCount = members.filter((m) => m.kind === "chat").length;
    messages.push(toActor(ctx, t(locale, "convene.done", { count: chatCount })));
    await repos.outbox.enqueue(messages, now);
    await scheduleDeadline(
      repos,
      deps,
      {
        reminder: { kind: "poll.reminder", key: jobKeys.pollReminder(meeting.id) },
        deadline: { kind: "poll.deadline", key: jobKeys.pollDeadline(meeting.id) },
        at: proposal.deadline,
        payload: { meetingId: meeting.id },
      },
      now,
    );
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "meeting.convened",
      subjectId: meeting.id,
    });
  });
  deps.log("meeting.convened", { platform: ctx.channel.platform });
}
