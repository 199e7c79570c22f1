import type { DecisionId } from "../domain/ids.ts";
import { type Outgoing, primaryButton, textMessage } from "../domain/message.ts";
import { formatDateTime } from "../domain/time.ts";
import { t } from "../i18n/catalogue.ts";
import type { Repositories } from "../ports/store.ts";
import { closeDecision } from "./close-decision.ts";
import { displayMember, type ServiceDeps } from "./context.ts";
import { decisionState, findDecision } from "./decision-messages.ts";
import { once } from "./due-work.ts";

/** Button on the review notice: opens the convene form for the decision's équipe. */
export const REVIEW_CONVENE_ACTION = "decide:review-convene";

/** Runs a job's work once (see due-work), with the clock read before the transaction. */
async function onceAt(
  deps: ServiceDeps,
  jobId: string,
  work: (repos: Repositories, now: Date) => Promise<void>,
) {
  const now = deps.clock.now();
  await once(deps, jobId, (repos) => work(repos, now));
}

/** Before the deadline: a reminder to each chat participant still silent; coordinators hear which externals are. */
export async function remindDecision(
  deps: ServiceDeps,
  jobId: string,
  decisionId: DecisionId,
): Promise<void> {
  await onceAt(deps, jobId, async (repos, now) => {
    const found = await findDecision(repos, decisionId);
    if (found === undefined || found.decision.status !== "open") return;
    const { decision, equipe } = found;
    const state = await decisionState(repos, decision);
    const messages: Outgoing[] = [];
    for (const member of state.missing) {
      if (member.kind !== "chat") continue;
      const locale = member.locale ?? equipe.locale;
      const text = t(locale, "decision.reminder", {
        caseCode: equipe.caseCode,
        question: decision.question,
        deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
      });
      messages.push({ target: { kind: "direct", ...member.user }, message: textMessage(text) });
    }
    const externals = state.missing.filter((m) => m.kind === "external").map(displayMember);
    if (externals.length > 0) {
      for (const coordinator of state.members.values()) {
        if (coordinator.kind !== "chat" || !coordinator.isCoordinator) continue;
        const locale = coordinator.locale ?? equipe.locale;
        const text = t(locale, "decision.reminderExternal", {
          caseCode: equipe.caseCode,
          names: externals.join(", "),
          question: decision.question,
        });
        messages.push({ target: { kind: "direct", ...coordinator.user }, message: textMessage(text) });
      }
    }
    await repos.outbox.enqueue(messages, now);
  });
}

/** At the deadline: the decision closes and coordinators get the full picture. */
export async function decisionDeadline(
  deps: ServiceDeps,
  jobId: string,
  decisionId: DecisionId,
): Promise<void> {
  await onceAt(deps, jobId, async (repos, now) => {
    const found = await findDecision(repos, decisionId);
    if (found === undefined || found.decision.status !== "open") return;
    await closeDecision(repos, found.equipe, found.decision, now);
  });
}

/** Before an action falls due: a reminder to its owner, in chat or by e-mail. */
export async function remindAction(
  deps: ServiceDeps,
  jobId: string,
  decisionId: DecisionId,
  position: number,
): Promise<void> {
  await onceAt(deps, jobId, async (repos, now) => {
    const found = await findDecision(repos, decisionId);
    if (found === undefined) return;
    const { equipe } = found;
    const action = (await repos.decisions.actions(decisionId)).find((a) => a.position === position);
    const owner = action
      ? (await repos.members.listActive(equipe.id)).find((m) => m.id === action.memberId)
      : undefined;
    if (action === undefined || owner === undefined) return;
    const locale = owner.locale ?? equipe.locale;
    const words = {
      caseCode: equipe.caseCode,
      what: action.what,
      due: formatDateTime(action.dueAt, equipe.timezone, locale),
    };
    const message: Outgoing =
      owner.kind === "chat"
        ? {
            target: { kind: "direct", ...owner.user },
            message: textMessage(t(locale, "action.reminder", words)),
          }
        : {
            target: {
              kind: "email",
              to: owner.email,
              subject: t(locale, "email.action.subject", words).slice(0, 200),
            },
            message: textMessage(t(locale, "email.action.body", { ...words, name: owner.displayName })),
          };
    await repos.outbox.enqueue([message], now);
  });
}

/** On the review date: each coordinator is offered to convene the équipe with one click. */
export async function reviewDue(deps: ServiceDeps, jobId: string, decisionId: DecisionId): Promise<void> {
  await onceAt(deps, jobId, async (repos, now) => {
    const found = await findDecision(repos, decisionId);
    if (found === undefined || found.decision.reviewAt === undefined) return;
    const { decision, equipe } = found;
    const messages: Outgoing[] = [];
    for (const coordinator of await repos.members.listActive(equipe.id)) {
      if (coordinator.kind !== "chat" || !coordinator.isCoordinator) continue;
      const locale = coordinator.locale ?? equipe.locale;
      const text = t(locale, "review.due", {
        caseCode: equipe.caseCode,
        question: decision.question,
      });
      messages.push({
        target: { kind: "direct", ...coordinator.user },
        message: {
          text,
          blocks: [
            { type: "text", text },
            primaryButton(REVIEW_CONVENE_ACTION, decision.id, t(locale, "review.button")),
          ],
          attachments: [],
        },
      });
    }
    await repos.outbox.enqueue(messages, now);
  });
}
