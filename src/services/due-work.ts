import type { MeetingId } from "../domain/ids.ts";
import { type Block, type Outgoing, textMessage } from "../domain/message.ts";
import { formatDateTime } from "../domain/time.ts";
import { type Locale, t } from "../i18n/catalogue.ts";
import {
  type CommandContext,
  DuplicateDelivery,
  displayMember,
  onlyOnce,
  type ServiceDeps,
} from "./context.ts";
import { answeredMembers, purposeName } from "./meeting-messages.ts";
import { meetingNotices } from "./meeting-notices.ts";
import { rankedSlots, statusText } from "./meeting-status.ts";
import { pollUpdates } from "./poll-refresh.ts";

export const CONFIRM_ACTION = "confirm";
/** The ranked list offers one-click confirmation for the best few slots; the rest by number. */
const CONFIRM_BUTTONS = 3;

/** A job's run is a delivery like any other: recorded once, so a re-run after a crash is a no-op. */
const jobCtx = (jobId: string): Pick<CommandContext, "deliveryKey"> => ({ deliveryKey: `job:${jobId}` });

export async function once(
  deps: ServiceDeps,
  jobId: string,
  work: Parameters<ServiceDeps["store"]["transaction"]>[0],
) {
  try {
    await deps.store.transaction(async (repos) => {
      await onlyOnce(repos, jobCtx(jobId));
      return work(repos);
    });
  } catch (error) {
    if (!(error instanceof DuplicateDelivery)) throw error;
  }
}

/** 24 h before the deadline: a reminder to each chat member who has not answered every slot,
 * and to the coordinators a list of the external members whose answers are still missing. */
export async function remindPoll(deps: ServiceDeps, jobId: string, meetingId: MeetingId): Promise<void> {
  const now = deps.clock.now();
  await once(deps, jobId, async (repos) => {
    const meeting = await repos.meetings.findById(meetingId);
    if (meeting === undefined || meeting.status !== "polling" || meeting.deadline <= now) return;
    const equipe = await repos.equipes.findById(meeting.equipeId);
    if (equipe === undefined) return;
    const answered = answeredMembers(meeting, await repos.meetings.answers(meeting.id));
    const members = await repos.members.listActive(equipe.id);
    const missing = members.filter((m) => !answered.has(m.id));
    const messages: Outgoing[] = [];
    for (const member of missing) {
      if (member.kind !== "chat") continue;
      const locale = member.locale ?? equipe.locale;
      const text = t(locale, "reminder.poll", {
        caseCode: equipe.caseCode,
        purpose: purposeName(locale, meeting),
        deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
      });
      messages.push({
        target: { kind: "direct", ...member.user },
        message: textMessage(text),
      });
    }
    const externals = missing.filter((m) => m.kind === "external").map(displayMember);
    if (externals.length > 0) {
      for (const coordinator of members) {
        if (coordinator.kind !== "chat" || !coordinator.isCoordinator) continue;
        const locale = coordinator.locale ?? equipe.locale;
        const text = t(locale, "reminder.pollExternal", {
          caseCode: equipe.caseCode,
          names: externals.join(", "),
        });
        messages.push({
          target: { kind: "direct", ...coordinator.user },
          message: textMessage(text),
        });
      }
    }
    await repos.outbox.enqueue(messages, now);
  });
  deps.log("job.pollReminder", { meeting: meetingId });
}

/** At the deadline: the polls close, and each coordinator receives the slots ranked, with
 * one-click confirmation for the best ones the family can attend. */
export async function closePoll(deps: ServiceDeps, jobId: string, meetingId: MeetingId): Promise<void> {
  const now = deps.clock.now();
  await once(deps, jobId, async (repos) => {
    const meeting = await repos.meetings.findById(meetingId);
    if (meeting === undefined || meeting.status !== "polling") return;
    const equipe = await repos.equipes.findById(meeting.equipeId);
    if (equipe === undefined) return;
    const members = await repos.members.listActive(equipe.id);
    const messages = await pollUpdates(repos, equipe, meeting, members, false);
    const { ranked } = await rankedSlots(repos, meeting);
    const suitable = ranked.filter((slot) => !slot.familyNo).slice(0, CONFIRM_BUTTONS);
    // The tallies are read once per language, not once per coordinator.
    const statusByLocale = new Map<Locale, string>();
    for (const coordinator of members) {
      if (coordinator.kind !== "chat" || !coordinator.isCoordinator) continue;
      const locale = coordinator.locale ?? equipe.locale;
      if (!statusByLocale.has(locale)) {
        statusByLocale.set(locale, await statusText(repos, locale, equipe, meeting, true));
      }
      const header = t(locale, "ranked.header", {
        caseCode: equipe.caseCode,
        purpose: purposeName(locale, meeting),
      });
      const blocks: Block[] = [
        { type: "text", text: header },
        { type: "text", text: statusByLocale.get(locale) ?? "" },
      ];
      if (suitable.length > 0) {
        blocks.push({
          type: "actions",
          buttons: suitable.map((slot, index) => ({
            actionId: `${CONFIRM_ACTION}:${slot.position}`,
            value: `${meeting.id}:${slot.slotId}`,
            label: t(locale, "confirm.button", { n: slot.position }),
            style: index === 0 ? "primary" : "default",
            selected: false,
          })),
        });
      } else {
        blocks.push({ type: "context", text: t(locale, "ranked.noneForFamily") });
      }
      messages.push({
        target: { kind: "direct", ...coordinator.user },
        message: { text: header, blocks, attachments: [] },
      });
    }
    await repos.outbox.enqueue(messages, now);
  });
  deps.log("job.pollDeadline", { meeting: meetingId });
}

/** 24 h before a confirmed meeting: every member is reminded (chat DM, e-mail). */
export async function remindMeeting(
  deps: ServiceDeps,
  jobId: string,
  meetingId: MeetingId,
  sequence: number,
): Promise<void> {
  const now = deps.clock.now();
  await once(deps, jobId, async (repos) => {
    const meeting = await repos.meetings.findById(meetingId);
    // A moved meeting has a new reminder of its own; this one belongs to the old time.
    if (meeting === undefined || meeting.status !== "confirmed" || meeting.sequence !== sequence) return;
    const equipe = await repos.equipes.findById(meeting.equipeId);
    if (equipe === undefined) return;
    const { messages } = await meetingNotices(repos, deps, equipe, meeting, "reminder");
    await repos.outbox.enqueue(messages, now);
  });
  deps.log("job.meetingReminder", { meeting: meetingId });
}
