import { z } from "zod";
import { textMessage } from "../../content/model.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { mentionOf } from "../../core/people.ts";
import { about, asCoordinator } from "../../core/request.ts";
import { DomainError } from "../../domain/errors.ts";
import type { EquipeId, MemberId } from "../../domain/ids.ts";
import { t } from "../../i18n/catalogue.ts";
import { refuseLastCoordinator } from "./commands.ts";
import { REMOVE_ACTIONS } from "./messages.ts";

/** `<équipe id>:<member id>`: the member may have left since (a stale click), the équipe stays. */
const memberValue = z
  .string()
  .regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/)
  .transform((value) => {
    const [equipeId, memberId] = value.split(":") as [string, string];
    return { equipeId: equipeId as EquipeId, memberId: memberId as MemberId };
  });
/** The équipe a button names, with the member it is about. */
const aboutMember = (named: { equipeId: EquipeId; memberId: MemberId }) => about(async () => named);

/**
 * "Rimuovi" under the preview: the member leaves the équipe, if they are still in it. Their past
 * answers stay (the record of who said what must not change after the fact); they stop being
 * asked, and their calendar links stop working. The last coordinator cannot be removed.
 */
const remove = action({
  id: REMOVE_ACTIONS.remove,
  value: memberValue,
  async run(deps, req, named) {
    const { memberId } = named;
    await asCoordinator(deps, req, aboutMember(named), async (scope) => {
      const { repos, equipe, member: coordinator, now, tell, audit } = scope;
      // Only active members are found: one removed already makes the click stale.
      const member = (await repos.members.listActive(equipe.id)).find((m) => m.id === memberId);
      if (member === undefined) throw new DomainError("remove.stale");
      if (member.isCoordinator) await refuseLastCoordinator(repos, equipe.id);
      await repos.members.remove(member.id, now);
      await repos.eventTokens.revokeMember(member.id, now);
      await audit("member.removed", member.id);
      await tell.actor(
        req,
        ({ locale }) => textMessage(t(locale, "member.removed", { who: mentionOf(locale, member) })),
        coordinator,
      );
    });
    deps.log("member.remove", {});
  },
});

/** "Annulla" under the preview: nothing changes. */
const keep = action({
  id: REMOVE_ACTIONS.keep,
  value: memberValue,
  async run(deps, req, named) {
    await asCoordinator(
      deps,
      req,
      aboutMember(named),
      ({ tell, member }) =>
        tell.actor(req, ({ locale }) => textMessage(t(locale, "remove.keptDone")), member),
      { once: false },
    );
  },
});

export const actions: readonly ActionDef[] = [remove, keep];
