import { type ActionDef, action } from "../../../core/feature.ts";
import { asCoordinator, inEquipeConversation } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import { openConveneForm } from "../../meetings/poll/commands.ts";
import { DECISION_ACTIONS } from "../messages.ts";
import { aboutDecision, requirePending } from "../queries.ts";
import { decisionValue } from "../viewpoints/actions.ts";
import { outcomeForm } from "./forms.ts";

/** "Record the outcome": the form, for a coordinator of the decision's équipe, while the outcome is not recorded. */
const recordOutcome = action({
  id: DECISION_ACTIONS.outcome,
  opensForm: true,
  value: decisionValue,
  async run(deps, req, decisionId) {
    const form = await asCoordinator(
      deps,
      req,
      aboutDecision(decisionId),
      async ({ subject, locale }) => {
        requirePending(subject);
        return outcomeForm(locale, subject);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/** The review notice's button: the convene form, as if typed in the équipe's conversation. */
const reviewConvene = action({
  id: DECISION_ACTIONS.reviewConvene,
  opensForm: true,
  value: decisionValue,
  async run(deps, req, decisionId) {
    const inConversation = await asCoordinator(
      deps,
      req,
      aboutDecision(decisionId),
      ({ repos, equipe }) => inEquipeConversation(repos, equipe, req),
      { once: false },
    );
    await openConveneForm(deps, inConversation);
  },
});

export const actions: readonly ActionDef[] = [recordOutcome, reviewConvene];
