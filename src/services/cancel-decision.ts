import { DomainError } from "../domain/errors.ts";
import { t } from "../i18n/catalogue.ts";
import type { DecisionRecord } from "../ports/store.ts";
import { asCoordinator, type CommandContext, type ServiceDeps, toActor } from "./context.ts";
import { askUpdates, channelMessages, decisionState, jobKeys } from "./decision-messages.ts";

/**
 * `/equipe cancel-decision <reason>`: a coordinator withdraws the pending decision (still
 * collecting, or closed without an outcome). The private questions lose their button and say
 * why, the channel says it was withdrawn, reminder and deadline are dropped. Viewpoints already
 * given stay in the record, with the reason, for the case file.
 */
export async function cancelDecision(deps: ServiceDeps, ctx: CommandContext, reason: string): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    const pending = await repos.decisions.findPending(equipe.id);
    if (pending === undefined) throw new DomainError("decision.none");
    const cancellation = { reason, byMemberId: coordinator.id, at: now };
    if (!(await repos.decisions.cancel(pending.id, cancellation))) throw new DomainError("decision.none");
    const decision: DecisionRecord = { ...pending, status: "cancelled", cancellation };
    await repos.jobs.cancelPending(jobKeys.all(decision.id));
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "decision.cancelled",
      subjectId: decision.id,
      at: now,
    });
    const state = await decisionState(repos, decision);
    await repos.outbox.enqueue(
      [
        ...askUpdates(equipe, state),
        ...channelMessages(equipe, state, await repos.equipes.channelsOf(equipe.id)),
        toActor(ctx, t(locale, "decision.cancelDone", { question: decision.question })),
      ],
      now,
    );
  });
  deps.log("decision.cancelled", { platform: ctx.channel.platform });
}
