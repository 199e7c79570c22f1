import { DomainError } from "../domain/errors.ts";
import { type Block, primaryButton } from "../domain/message.ts";
import { formatDateTime } from "../domain/time.ts";
import { t } from "../i18n/catalogue.ts";
import {
  type CommandContext,
  readerLocale,
  requireEquipe,
  requireMember,
  type ServiceDeps,
  toActor,
} from "./context.ts";
import { DECISION_ACTIONS, decisionState, names, viewpointLine } from "./decision-messages.ts";

/**
 * `/equipe decision`: where the pending decision stands. The count for everyone; the others'
 * viewpoints only to someone who has given theirs (or once it is closed); who is missing, to
 * coordinators.
 */
export async function decisionStatus(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    const equipe = await requireEquipe(repos, ctx.channel);
    const member = await requireMember(repos, equipe, ctx.actor);
    const decision = await repos.decisions.findPending(equipe.id);
    if (decision === undefined) throw new DomainError("decision.none");
    const locale = readerLocale(ctx, member, equipe, deps);
    const state = await decisionState(repos, decision);
    const lines = [
      t(locale, "decision.status", {
        caseCode: equipe.caseCode,
        question: decision.question,
        answered: state.answered,
        total: state.total,
        deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
      }),
    ];
    const mine = state.viewpoints.some((v) => v.memberId === member.id);
    if (mine || decision.status !== "open")
      lines.push(...state.viewpoints.map((v) => viewpointLine(locale, state, v)));
    else lines.push(t(locale, "decision.statusHidden"));
    if (member.isCoordinator && state.missing.length > 0)
      lines.push(t(locale, "decision.missing", { names: names(state.missing) }));
    const text = lines.join("\n");
    const blocks: Block[] = [{ type: "text", text }];
    // Whoever may answer finds the way to their form here too (the only way for those not asked).
    const participant = state.participants.find((p) => p.memberId === member.id);
    if (participant && decision.status === "open" && now.getTime() < decision.deadline.getTime()) {
      const label = mine
        ? "decision.changeButton"
        : participant.required
          ? "decision.askButton"
          : "decision.optionalButton";
      blocks.push(primaryButton(DECISION_ACTIONS.answer, decision.id, t(locale, label)));
    }
    await repos.outbox.enqueue([toActor(ctx, { text, blocks, attachments: [] })], now);
  });
}
