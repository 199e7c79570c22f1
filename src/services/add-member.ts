import { DomainError } from "../domain/errors.ts";
import type { Role } from "../domain/roles.ts";
import { t } from "../i18n/catalogue.ts";
import {
  asCoordinator,
  type CommandContext,
  displayMember,
  roleName,
  type ServiceDeps,
  toChannel,
} from "./context.ts";

/**
 * `/equipe add @user <role> [coordinator]`: adds a chat user of the same workspace, or changes
 * the role of one already there. The équipe's channel sees the change: membership is not secret
 * inside the équipe.
 */
export async function addMember(
  deps: ServiceDeps,
  ctx: CommandContext,
  input: { userId: string; role: Role; coordinator: boolean },
): Promise<void> {
  // Read before the transaction: a roster call must not hold the database's write lock.
  const profile = ctx.directory ? await ctx.directory.lookup(input.userId) : undefined;
  if (ctx.directory && profile === undefined) throw new DomainError("member.notInConversation");
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    const user = { platform: ctx.actor.platform, workspaceId: ctx.actor.workspaceId, userId: input.userId };
    const existing = await repos.members.findChatMember(equipe.id, user);
    if (existing?.isCoordinator && !input.coordinator) {
      // Changing a coordinator's role without the flag demotes them: never the last one.
      const coordinators = (await repos.members.listActive(equipe.id)).filter((m) => m.isCoordinator);
      if (coordinators.length <= 1) throw new DomainError("member.lastCoordinator");
    }
    const { member, created } = await repos.members.upsertChatMember({
      equipeId: equipe.id,
      user,
      role: input.role,
      isCoordinator: input.coordinator,
      locale: undefined,
      profile,
    });
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: created ? "member.added" : "member.updated",
      subjectId: member.id,
    });
    const text = t(locale, created ? "member.added" : "member.updated", {
      who: displayMember(member),
      role: roleName(locale, member),
      coordinator: member.isCoordinator ? t(locale, "member.coordinatorSuffix") : "",
    });
    await repos.outbox.enqueue([toChannel(ctx.channel, text)], now);
  });
  deps.log("member.add", { platform: ctx.channel.platform });
}
