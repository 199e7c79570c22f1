import type { MemberRef } from "../domain/command.ts";
import { DomainError } from "../domain/errors.ts";
import { t } from "../i18n/catalogue.ts";
import { asCoordinator, type CommandContext, displayMember, type ServiceDeps, toActor } from "./context.ts";

/**
 * `/equipe remove @user|email`. The member's past answers stay (the record of who said what
 * must not change after the fact); they simply stop being asked. The last coordinator cannot
 * be removed, or nobody could manage the équipe any more.
 */
export async function removeMember(deps: ServiceDeps, ctx: CommandContext, ref: MemberRef): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    const member =
      ref.kind === "user"
        ? await repos.members.findChatMember(equipe.id, { ...ctx.actor, userId: ref.userId })
        : await repos.members.findExternalByEmail(equipe.id, ref.email);
    if (member === undefined) throw new DomainError("member.notFound");
    if (member.isCoordinator) {
      const coordinators = (await repos.members.listActive(equipe.id)).filter((m) => m.isCoordinator);
      if (coordinators.length <= 1) throw new DomainError("member.lastCoordinator");
    }
    await repos.members.remove(member.id, now);
    await repos.eventTokens.revokeMember(member.id, now);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "member.removed",
      subjectId: member.id,
    });
    await repos.outbox.enqueue(
      [toActor(ctx, t(locale, "member.removed", { who: displayMember(member) }))],
      now,
    );
  });
  deps.log("member.remove", { platform: ctx.channel.platform });
}
