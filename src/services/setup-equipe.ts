import type { CaseCode } from "../domain/case-code.ts";
import { DomainError } from "../domain/errors.ts";
import { type EquipeId, newId } from "../domain/ids.ts";
import type { Role } from "../domain/roles.ts";
import { t } from "../i18n/catalogue.ts";
import {
  type CommandContext,
  onlyOnce,
  readerLocale,
  type ServiceDeps,
  toActor,
  toChannel,
} from "./context.ts";

/** The coordinator who sets up an équipe is, in P.I.P.P.I., usually its social worker. */
const SETUP_ROLE: Role = "social_worker";

/**
 * `/equipe setup <CASE-CODE>`: binds the channel to the case's équipe. A new case gets a new
 * équipe with the caller as coordinator; an existing case can be bound to a further channel
 * only by one of its coordinators.
 */
export async function setupEquipe(deps: ServiceDeps, ctx: CommandContext, caseCode: CaseCode): Promise<void> {
  // The roster's name for the coordinator too, where the platform has one (Teams mentions need it).
  const profile = ctx.directory ? await ctx.directory.lookup(ctx.actor.userId) : undefined;
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const bound = await repos.equipes.findByChannel(ctx.channel);
    if (bound !== undefined) throw new DomainError("equipe.alreadyBound", { caseCode: bound.caseCode });

    const existing = await repos.equipes.findByCaseCode(caseCode);
    if (existing !== undefined) {
      const member = await repos.members.findChatMember(existing.id, ctx.actor);
      if (member?.isCoordinator !== true) throw new DomainError("caseCode.taken", { caseCode });
      await repos.equipes.bindChannel(existing.id, ctx.channel);
      await repos.audit.record({ equipeId: existing.id, actorId: member.id, action: "channel.bound" });
      const locale = readerLocale(ctx, member, existing, deps);
      await repos.outbox.enqueue([toChannel(ctx.channel, t(locale, "setup.bound", { caseCode }))], now);
      return;
    }

    const equipe = {
      id: newId<"EquipeId">() as EquipeId,
      caseCode,
      timezone: deps.defaults.timezone,
      locale: ctx.actor.locale ?? deps.defaults.locale,
    };
    await repos.equipes.create(equipe);
    await repos.equipes.bindChannel(equipe.id, ctx.channel);
    const { member } = await repos.members.upsertChatMember({
      equipeId: equipe.id,
      user: ctx.actor,
      role: SETUP_ROLE,
      isCoordinator: true,
      locale: ctx.actor.locale,
      profile,
    });
    await repos.audit.record({ equipeId: equipe.id, actorId: member.id, action: "equipe.created" });
    const locale = readerLocale(ctx, member, equipe, deps);
    await repos.outbox.enqueue([toActor(ctx, t(locale, "setup.done", { caseCode }))], now);
  });
  deps.log("equipe.setup", { platform: ctx.channel.platform });
}
