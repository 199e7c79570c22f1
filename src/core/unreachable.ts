import type { ChatUserRef } from "../content/model.ts";
import { textMessage } from "../content/model.ts";
import { t } from "../i18n/catalogue.ts";
import type { ServiceDeps } from "./deps.ts";
import { mentionOf } from "./people.ts";
import { Tell } from "./reach.ts";

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
    for (const member of await repos.members.membershipsOf(user)) {
      if (!(await repos.deliveries.firstTime(`unreachable:${member.id}:${day}`))) continue;
      const equipe = await repos.equipes.findById(member.equipeId);
      if (equipe === undefined) continue;
      const tell = new Tell(deps, repos, equipe, now);
      await tell.coordinators(
        ({ locale }) =>
          textMessage(
            t(locale, "unreachable.report", { who: [mentionOf(locale, member)], caseCode: equipe.caseCode }),
          ),
        { except: member },
      );
      await repos.audit.record({
        equipeId: equipe.id,
        actorId: undefined,
        action: "member.unreachable",
        subjectId: member.id,
        at: now,
      });
      await tell.flush();
    }
  });
  deps.log("member.unreachable", { platform: user.platform });
}
