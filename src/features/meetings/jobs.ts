import { z } from "zod";
import { textMessage } from "../../content/model.ts";
import { type JobDef, job } from "../../core/feature.ts";
import { namesOf } from "../../core/people.ts";
import { asJob } from "../../core/request.ts";
import type { MeetingId } from "../../domain/ids.ts";
import { formatDateTime } from "../../domain/time.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { tellMeeting } from "./confirmed/messages.ts";
import { meetingContact, purposeName } from "./messages.ts";
import { closePoll, pollByLink } from "./poll/messages.ts";
import { aboutMeeting, answeredMembers } from "./queries.ts";

/** Every job key of the meetings feature, in one place. */
export const jobKeys = {
  /** Every job of one meeting (poll reminder and deadline, meeting reminders). */
  all: (meetingId: string) => `meeting:${meetingId}:`,
  pollReminder: (meetingId: string) => `meeting:${meetingId}:poll-reminder`,
  pollDeadline: (meetingId: string) => `meeting:${meetingId}:poll-deadline`,
  /** The reminders of one meeting, whatever time it had. */
  reminders: (meetingId: string) => `meeting:${meetingId}:reminder:`,
  reminder: (meetingId: string, sequence: number) => `meeting:${meetingId}:reminder:${sequence}`,
};

const meetingPayload = z.object({ meetingId: z.uuid().transform((id) => id as MeetingId) });

/**
 * Before the deadline: a reminder to each member who has not answered every time — in chat, or
 * outside it by e-mail with their link to the poll's page (phone-only members: the coordinators
 * get the message to pass on); the coordinators hear whose answers they must still record.
 */
export const pollReminder = job({
  kind: "poll.reminder",
  payload: meetingPayload,
  async run(deps, jobId, { meetingId }) {
    await asJob(
      deps,
      jobId,
      aboutMeeting(meetingId),
      async ({ repos, equipe, subject: meeting, now, tell }) => {
        // A reminder whose moment has passed is dropped, never sent late.
        if (meeting.status !== "polling" || meeting.deadline <= now) return;
        const answered = answeredMembers(meeting, await repos.meetings.answers(meeting.id));
        const missing = (await repos.members.listActive(equipe.id)).filter((m) => !answered.has(m.id));
        const contact = await meetingContact(repos, equipe, meeting);
        const deadline = (locale: Locale) => formatDateTime(meeting.deadline, equipe.timezone, locale);
        await tell.remind(
          missing,
          ({ locale }) =>
            textMessage(
              t(locale, "reminder.poll", {
                caseCode: equipe.caseCode,
                purpose: purposeName(locale, meeting),
                deadline: deadline(locale),
              }),
            ),
          pollByLink("reminder", equipe, meeting, contact),
          {
            toHear: ({ locale }, toRecord) =>
              textMessage(
                t(locale, "reminder.pollExternal", {
                  caseCode: equipe.caseCode,
                  names: namesOf(locale, toRecord),
                  count: toRecord.length,
                }),
              ),
            until: meeting.deadline,
          },
        );
      },
    );
    deps.log("job.pollReminder", { meeting: meetingId });
  },
});

/**
 * At the deadline: the polls close, and each coordinator receives the times ranked, with
 * one-click confirmation for the best ones the family can attend.
 */
export const pollDeadline = job({
  kind: "poll.deadline",
  payload: meetingPayload,
  async run(deps, jobId, { meetingId }) {
    await asJob(deps, jobId, aboutMeeting(meetingId), async (scope) => {
      const meeting = scope.subject;
      if (meeting.status !== "polling") return;
      // Every copy says it closed at the deadline; each coordinator gets the ranked list, live, so
      // that a confirmation by any of them takes every confirm button away.
      await closePoll(scope, meeting);
    });
    deps.log("job.pollDeadline", { meeting: meetingId });
  },
});

/** Before a confirmed meeting: every member is reminded (chat, or e-mail). */
export const meetingReminder = job({
  kind: "meeting.reminder",
  payload: meetingPayload.extend({ sequence: z.coerce.number().int().min(0) }),
  async run(deps, jobId, { meetingId, sequence }) {
    await asJob(deps, jobId, aboutMeeting(meetingId), async (scope) => {
      const meeting = scope.subject;
      // A moved meeting has a reminder of its own; this one belongs to the old time.
      if (meeting.status !== "confirmed" || meeting.sequence !== sequence) return;
      // After an outage, a reminder for a meeting that has begun is dropped, not sent late.
      if (meeting.startsAt === undefined || meeting.startsAt.getTime() <= scope.now.getTime()) {
        deps.log("job.meetingReminderDropped", { meeting: meetingId });
        return;
      }
      await tellMeeting(scope, deps, meeting, "reminder");
    });
    deps.log("job.meetingReminder", { meeting: meetingId });
  },
});

export const jobs: readonly JobDef[] = [pollReminder, pollDeadline, meetingReminder];
