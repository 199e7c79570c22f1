import { type ActionDef, action } from "../../../core/feature.ts";
import { slotValue } from "../poll/actions.ts";
import { CONFIRM_ACTION } from "../poll/messages.ts";
import { aboutMeeting } from "../queries.ts";
import { confirmMeeting } from "./commands.ts";

/** A coordinator's "Conferma N" in the ranked list: the coordinator of the meeting's équipe confirms that time. */
const confirm = action({
  id: CONFIRM_ACTION,
  value: slotValue,
  run: (deps, req, { meetingId, slotId }) =>
    confirmMeeting(deps, req, aboutMeeting(meetingId), { meetingId, slotId }),
});

export const actions: readonly ActionDef[] = [confirm];
