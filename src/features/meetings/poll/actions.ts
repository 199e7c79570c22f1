import { z } from "zod";
import { type ActionDef, action } from "../../../core/feature.ts";
import { asMember } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { MeetingId, SlotId } from "../../../domain/ids.ts";
import { answerSchema } from "../../../domain/meeting.ts";
import { aboutMeeting, requireOpenPoll } from "../queries.ts";
import { POLL_ACTION, pollUpdates } from "./messages.ts";

/** `<meeting id>:<slot id>`, as the core writes it into poll and confirmation buttons. */
export const slotValue = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
  .transform((value) => {
    const [meetingId, slotId] = value.split(":") as [string, string];
    return { meetingId: meetingId as MeetingId, slotId: slotId as SlotId };
  });

/**
 * A member's click on Sì / Se necessario / No in their private poll. Who clicks is established
 * first; then a change of mind replaces the earlier answer until the deadline, and their poll
 * and the conversations' count update in place.
 */
const answer = action({
  id: POLL_ACTION,
  value: slotValue,
  variant: answerSchema,
  async run(deps, req, { meetingId, slotId }, choice) {
    await asMember(
      deps,
      req,
      aboutMeeting(meetingId),
      async ({ repos, equipe, subject, member, now, tell, audit }) => {
        const meeting = requireOpenPoll(subject, now);
        if (!meeting.slots.some((slot) => slot.id === slotId)) throw new DomainError("meeting.stale");
        await repos.meetings.setAnswer({
          slotId,
          memberId: member.id,
          answer: choice,
          recordedByMemberId: undefined,
        });
        await pollUpdates(tell, repos, equipe, meeting, [member], { open: true });
        await audit("availability.answered", meeting.id);
      },
    );
    deps.log("poll.answered", {});
  },
});

export const actions: readonly ActionDef[] = [answer];
