import type { DecisionId, MeetingId } from "./domain/ids.ts";
import type { JobHandler } from "./infra/job-runner.ts";
import type { ServiceDeps } from "./services/context.ts";
import { decisionDeadline, remindAction, remindDecision, reviewDue } from "./services/decision-jobs.ts";
import { closePoll, remindMeeting, remindPoll } from "./services/due-work.ts";

/** Job kinds written by the services, and the use case each one runs. */
export function jobHandlers(deps: ServiceDeps): Record<string, JobHandler> {
  return {
    "poll.reminder": (id, payload) => remindPoll(deps, id, payload.meetingId as MeetingId),
    "poll.deadline": (id, payload) => closePoll(deps, id, payload.meetingId as MeetingId),
    "meeting.reminder": (id, payload) =>
      remindMeeting(deps, id, payload.meetingId as MeetingId, Number(payload.sequence)),
    "decision.reminder": (id, payload) => remindDecision(deps, id, payload.decisionId as DecisionId),
    "decision.deadline": (id, payload) => decisionDeadline(deps, id, payload.decisionId as DecisionId),
    "decision.action": (id, payload) =>
      remindAction(deps, id, payload.decisionId as DecisionId, Number(payload.position)),
    "decision.review": (id, payload) => reviewDue(deps, id, payload.decisionId as DecisionId),
  };
}
