import { type Outgoing, textMessage } from "../domain/message.ts";
import { t } from "../i18n/catalogue.ts";
import type { ChatUserRef } from "../ports/store.ts";
import { displayMember, type ServiceDeps } from "./context.ts";

const DAY_MS = 24 * 60 * 60_000;

/**
 * A member the platform will not let us write to privately (Teams: app not installed for them).
 * Each of their équipes' other coordinators is told, privately, what to do: at most once a day
 * per member, so a burst of reminders does not become a burst of reports.
 */
export async function reportUnreachable(deps: ServiceDeps, user: ChatUserRef): Promise<void> {
  const now = deps.clock.now();
  const day = Math.floor(now.getTime() / DAY_MS);
  await deps.store.transaction(async (repos) => {
    const messages: Outgoing[] = [];
    for (const member of await repos.members.membershipsOf(user)) {
      if (!(await repos.deliveries.firstTime(`unreachable:${member.id}:${day}`))) continue;
      const equipe = await repos.equipes.findById(member.equipeId);
      if (equipe === undefined) continue;
      for (const coordinator of await repos.members.listActive(equipe.id)) {
        if (!coordinator.isCoordinator || coordinator.id === member.id || coordinator.kind !== "chat")
          continue;
        const locale = coordinator.locale ?? equipe.locale;
        const text = t(locale, "unreachable.report", {
          who: displayMember(member),
          caseCode: equipe.caseCode,
        });
        messages.push({ target: { kind: "direct", ...coordinator.user }, message: textMessage(text) });
      }
      await repos.audit.record({
        equipeId: equipe.id,
        actorId: undefined,
        action: "member.unreachable",
        subjectId: member.id,
      });
    }
    await repos.outbox.enqueue(messages, now);
  });
  deps.log("member.unreachable", { platform: user.platform });
}
