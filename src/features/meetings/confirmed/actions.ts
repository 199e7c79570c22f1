import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import { type ActionDef, action } from "../../../core/feature.ts";
import { asCoordinator } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { MeetingId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";
import { slotValue } from "../poll/actions.ts";
import { CONFIRM_ACTION } from "../poll/messages.ts";
import { aboutMeeting } from "../queries.ts";
import { confirmMeeting, previewConfirm } from "./commands.ts";
import { confirmReasonForm, confirmValue, currentPlan } from "./forms.ts";
import { PREVIEW_ACTIONS } from "./messages.ts";

/** A coordinator's "Conferma N" in the ranked list: the preview of that time, for them only. */
const confirm = action({
  id: CONFIRM_ACTION,
  value: slotValue,
  run: (deps, req, { meetingId, slotId }) =>
    previewConfirm(deps, req, aboutMeeting(meetingId), { meetingId, slotId }),
});

/**
 * "Conferma e invia gli inviti" under the preview: confirms, if the poll is still open and
 * nothing the preview showed has changed (else the newer preview, and nothing done). A time
 * the family said it cannot attend asks for the reason first, in a form.
 */
const send = action({
  id: PREVIEW_ACTIONS.send,
  opensForm: true,
  value: confirmValue,
  async run(deps, req, { meetingId, slotId, fingerprint }) {
    const form = await asCoordinator(deps, req, aboutMeeting(meetingId), async (scope) => {
      const plan = await currentPlan(scope, req, slotId, fingerprint);
      if (plan === undefined) return undefined;
      if (plan.familyCannot.length > 0) return confirmReasonForm(scope.locale, scope.equipe, plan);
      await confirmMeeting(scope, deps, req, plan.meeting, plan.slot, undefined);
      return undefined;
    });
    if (form === undefined) return;
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/** "Annulla" under a preview: nothing changes, and the coordinator is told so. */
const keep = action({
  id: PREVIEW_ACTIONS.keep,
  value: z.uuid().transform((id) => id as MeetingId),
  async run(deps, req, meetingId) {
    await asCoordinator(
      deps,
      req,
      aboutMeeting(meetingId),
      ({ tell, member }) => tell.actor(req, ({ locale }) => textMessage(t(locale, "preview.kept")), member),
      { once: false },
    );
  },
});

export const actions: readonly ActionDef[] = [confirm, send, keep];
