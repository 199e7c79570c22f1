import type { Role } from "../domain/roles.ts";
import { t } from "../i18n/catalogue.ts";
import { asCoordinator, type CommandContext, roleName, type ServiceDeps, toActor } from "./context.ts";

/**
 * `/equipe add-external <email> <role> <name>`: a member without a chat account (the family,
 * a support family, a volunteer), reached by e-mail. Their e-mail address is never posted to
 * the channel; only the coordinator who added them sees the confirmation.
 */
export async function addExternalMember(
  deps: ServiceDeps,
  ctx: CommandContext,
  input: { email: string; role: Role; displayName: string },
): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    const { member, created } = await repos.members.upsertExternalMember({
      equipeId: equipe.id,
      email: input.email,
      role: input.role,
      displayName: input.displayName,
    });
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: created ? "member.added" : "member.updated",
      subjectId: member.id,
    });
    const text = t(locale, created ? "member.added" : "member.updated", {
      who: input.displayName,
      role: roleName(locale, member),
      coordinator: "",
    });
    await repos.outbox.enqueue([toActor(ctx, text)], now);
  });
  deps.log("member.addExternal", { platform: ctx.channel.platform });
}
