import { z } from "zod";
import { textMessage } from "../../content/model.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { mentionOf } from "../../core/people.ts";
import { about, asCoordinator } from "../../core/request.ts";
import { DomainError } from "../../domain/errors.ts";
import type { EquipeId, MemberId } from "../../domain/ids.ts";
import type { Role } from "../../domain/roles.ts";
import { t } from "../../i18n/catalogue.ts";
import { refuseLastCoordinator } from "./commands.ts";
import { BINDING_ACTION, bindingKey, bindingQuestion, platformName, REMOVE_ACTIONS } from "./messages.ts";

/** Someone who joins by having a conversation bound says their role themselves afterwards. */
const REQUESTER_ROLE: Role = "other";

/**
 * A coordinator answers a request to bind one more conversation. Only a coordinator of the
 * request's équipe may (anyone else, or a made-up id, gets the usual refusal and nothing is
 * written); the first answer counts. Approving binds the conversation, makes the requester a
 * coordinating member (so that they can add the people of that conversation: members are the
 * équipe's, whichever conversation adds them), and says so everywhere; refusing tells the requester.
 */
const decideBinding = action({
  id: BINDING_ACTION,
  value: z.uuid(),
  variant: z.enum(["approve", "refuse"]),
  async run(deps, req, requestId, answer) {
    await asCoordinator(
      deps,
      req,
      about((repos) => repos.bindingRequests.findById(requestId)),
      async ({ repos, equipe, subject: request, member: coordinator, now, tell, audit }) => {
        const { caseCode } = equipe;
        if (request.status !== "pending") {
          await tell.actor(
            req,
            ({ locale }) => textMessage(t(locale, "binding.alreadyDecided")),
            coordinator,
          );
          return;
        }
        const approve = answer === "approve";
        const taken = approve ? await repos.equipes.findByChannel(request.channel) : undefined;
        const status: "approved" | "refused" = approve && taken === undefined ? "approved" : "refused";
        if (!(await repos.bindingRequests.decide(request.id, status, coordinator.id, now))) {
          await tell.actor(
            req,
            ({ locale }) => textMessage(t(locale, "binding.alreadyDecided")),
            coordinator,
          );
          return;
        }
        const decided = { ...request, status, decidedByMemberId: coordinator.id };
        // Every coordinator's copy of the question now says who answered, and how.
        for (const other of (await repos.members.listActive(equipe.id)).filter((m) => m.isCoordinator))
          await tell.member(other, ({ locale }) => bindingQuestion(locale, equipe, decided, coordinator), {
            key: bindingKey(request, other),
          });
        if (taken !== undefined) {
          await audit("channel.refused", request.id);
          await tell.actor(req, ({ locale }) => textMessage(t(locale, "binding.channelTaken")), coordinator);
          await tell.person(request.requester, request.requesterLocale, ({ locale }) =>
            textMessage(t(locale, "binding.refusedYou", { caseCode })),
          );
          return;
        }
        if (status === "refused") {
          await audit("channel.refused", request.id);
          await tell.person(request.requester, request.requesterLocale, ({ locale }) =>
            textMessage(t(locale, "binding.refusedYou", { caseCode })),
          );
          return;
        }
        const existing = await repos.members.findByChatUser(equipe.id, request.requester);
        const { member: requester } = await repos.members.upsertChatMember({
          equipeId: equipe.id,
          user: request.requester,
          role: existing?.role ?? REQUESTER_ROLE,
          isCoordinator: true,
          locale: request.requesterLocale,
          profile:
            request.requesterName !== undefined
              ? { displayName: request.requesterName, email: existing?.email }
              : undefined,
          at: now,
        });
        await audit(existing ? "member.updated" : "member.added", requester.id);
        // The conversations there already hear of the new one before it is bound.
        await tell.conversations(({ locale }) =>
          textMessage(
            t(locale, "binding.announce", {
              caseCode,
              platform: platformName(locale, request.channel),
              requester: [mentionOf(locale, requester)],
              coordinator: [mentionOf(locale, coordinator)],
            }),
          ),
        );
        await repos.equipes.bindChannel(equipe.id, request.channel);
        await audit("channel.bound", request.id);
        await tell.conversation(request.channel, ({ locale }) =>
          textMessage(
            t(locale, "binding.welcome", {
              caseCode,
              requester: [mentionOf(locale, requester)],
              coordinator: [mentionOf(locale, coordinator)],
            }),
          ),
        );
        await tell.member(requester, ({ locale }) =>
          textMessage(
            t(locale, "binding.approvedYou", { caseCode, coordinator: [mentionOf(locale, coordinator)] }),
          ),
        );
      },
    );
    deps.log("channel.binding", { answer });
  },
});

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
      // Their calendar feed stops, and so does their organisation's view of this équipe through them.
      await repos.feeds.revokeAll({ kind: "member", memberId: member.id }, now);
      await repos.organisations.leave(member.id, now);
      // Their personal page link dies with the membership.
      await repos.pageLinks.revokeAll(member.id, now);
      // And so do the links a coordinator was given: the summary's editor, a case's export.
      await repos.summaries.revokeEditLinks(member.id, now);
      await repos.cases.dropExportLinks(member.id);
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

export const actions: readonly ActionDef[] = [decideBinding, remove, keep];
