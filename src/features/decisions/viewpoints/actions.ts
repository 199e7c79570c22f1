import { z } from "zod";
import { type ActionDef, action } from "../../../core/feature.ts";
import { asMember } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { DecisionId } from "../../../domain/ids.ts";
import { DECISION_ACTIONS } from "../messages.ts";
import { aboutDecision, requireAnswerable } from "../queries.ts";
import { viewpointForm } from "./forms.ts";

/** A decision id, as the core writes it into the decision's buttons. */
export const decisionValue = z.uuid().transform((id) => id as DecisionId);

/** "Give your viewpoint": the form, if this person is in the équipe, was asked, and may still answer. */
const answer = action({
  id: DECISION_ACTIONS.answer,
  opensForm: true,
  value: decisionValue,
  async run(deps, req, decisionId) {
    const form = await asMember(
      deps,
      req,
      aboutDecision(decisionId),
      async ({ repos, subject: decision, member, now, locale }) => {
        await requireAnswerable(repos, now, decision, member);
        return viewpointForm(locale, decision);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

export const actions: readonly ActionDef[] = [answer];
