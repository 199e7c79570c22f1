import { z } from "zod";
import { textMessage } from "../../content/model.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { mentionOf } from "../../core/people.ts";
import { about, asCoordinator } from "../../core/request.ts";
import type { Role } from "../../domain/roles.ts";
import { t } from "../../i18n/catalogue.ts";
import { BINDING_ACTION, bindingKey, bindingQuestion, platformName } from "./messages.ts";

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

export const actions: readonly ActionDef[] = [decideBinding];
