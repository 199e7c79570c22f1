import { t } from "../i18n/catalogue.ts";
import {
  type CommandContext,
  displayMember,
  readerLocale,
  requireEquipe,
  requireMember,
  roleName,
  type ServiceDeps,
  toActor,
} from "./context.ts";

/**
 * `/equipe members`, shown only to the caller. E-mail addresses of external members are shown
 * to coordinators only: they are the ones who correct them.
 */
export async function listMembers(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  await deps.store.transaction(async (repos) => {
    const equipe = await requireEquipe(repos, ctx.channel);
    const reader = await requireMember(repos, equipe, ctx.actor);
    const locale = readerLocale(ctx, reader, equipe, deps);
    const members = await repos.members.listActive(equipe.id);
    const lines = members.map((member) => {
      const parts = [displayMember(member), roleName(locale, member)];
      if (member.isCoordinator) parts[1] += t(locale, "member.coordinatorSuffix");
      if (member.kind === "external") {
        parts.push(
          reader.isCoordinator
            ? `${t(locale, "members.externalSuffix")} (${member.email})`
            : t(locale, "members.externalSuffix"),
        );
      }
      return `• ${parts.join(" — ")}`;
    });
    const header = t(locale, "members.header", { caseCode: equipe.caseCode, count: members.length });
    await repos.outbox.enqueue([toActor(ctx, [header, ...lines].join("\n"))], deps.clock.now());
  });
}
