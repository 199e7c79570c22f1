import { z } from "zod";
import { textMessage } from "../../content/model.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { mentionOf } from "../../core/people.ts";
import { about, asCoordinator } from "../../core/request.ts";
import { DomainError } from "../../domain/errors.ts";
import type { MemberId } from "../../domain/ids.ts";
import { t } from "../../i18n/catalogue.ts";
import { refuseLastCoordinator } from "./commands.ts";
import { REMOVE_ACTIONS } from "./messages.ts";

const memberValue = z.uuid().transform((id) => id as MemberId);
/** A member named by a button, with their équipe. */
const aboutMember = (memberId: MemberId) => about((repos) => repos.members.findById(memberId));

/**
 * "Rimuovi" under the preview: the member leaves the équipe, if they are still in it. Their past
 * answers stay (the record of who said what must not change after the fact); they stop being
 * asked, and their calendar links stop working. The last coordinator cannot be removed.
 */
const remove = action({
  id: REMOVE_ACTIONS.remove,
  value: memberValue,
  async run(deps, req, memberId) {
    await asCoordinator(deps, req, aboutMember(memberId), async (scope) => {
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
  async run(deps, req, memberId) {
    await asCoordinator(
      deps,
      req,
      aboutMember(memberId),
      ({ tell, member }) =>
        tell.actor(req, ({ locale }) => textMessage(t(locale, "remove.keptDone")), member),
      { once: false },
    );
  },
});

export const actions: readonly ActionDef[] = [remove, keep];
