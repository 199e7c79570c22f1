import { DomainError } from "../domain/errors.ts";
import { t } from "../i18n/catalogue.ts";
import { meetingReminderKey } from "./confirm-meeting.ts";
import { asCoordinator, type CommandContext, type ServiceDeps, toChannel } from "./context.ts";
import { purposeName } from "./meeting-messages.ts";
import { meetingNotices } from "./meeting-notices.ts";
import { pollUpdates } from "./poll-refresh.ts";

/**
 * `/equipe cancel`: cancels the open poll (its private polls close, pending reminders are
 * dropped) or, when none is open, the next confirmed meeting — every member then receives the
 * cancellation, with METHOD:CANCEL for their calendar.
 */
export async function cancelMeeting(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now }) => {
    const poll = await repos.meetings.findOpenPoll(equipe.id);
    const meeting = poll ?? (await repos.meetings.findNextConfirmed(equipe.id, now));
    if (meeting === undefined) throw new DomainError("meeting.nothingToCancel");
    await repos.jobs.cancelPending(`meeting:${meeting.id}:`);
    if (poll) {
      await repos.meetings.update(poll.id, { status: "cancelled" });
      const members = await repos.members.listActive(equipe.id);
      const closed = (await pollUpdates(repos, equipe, poll, members, false)).filter(
        (m) => m.target.kind === "direct",
      );
      const notices = (await repos.equipes.channelsOf(equipe.id)).map((channel) =>
        toChannel(
          channel,
          t(equipe.locale, "cancel.poll", {
            caseCode: equipe.caseCode,
            purpose: purposeName(equipe.locale, poll),
          }),
        ),
      );
      await repos.outbox.enqueue([...closed, ...notices], now);
    } else {
      // A cancellation is a change of the event: iTIP wants the sequence raised.
      const cancelled = { ...meeting, status: "cancelled" as const, sequence: meeting.sequence + 1 };
      await repos.meetings.update(meeting.id, { status: "cancelled", sequence: cancelled.sequence });
      await repos.jobs.cancelPending(meetingReminderKey(meeting.id, meeting.sequence));
      const { messages } = await meetingNotices(repos, deps, equipe, cancelled, "cancel");
      await repos.outbox.enqueue(messages, now);
    }
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "meeting.cancelled",
      subjectId: meeting.id,
    });
  });
  deps.log("meeting.cancelled", { platform: ctx.actor.platform });
}
