import type { Command } from "../domain/command.ts";
import { DomainError } from "../domain/errors.ts";
import { t } from "../i18n/catalogue.ts";
import { requireOpenPoll } from "./answer-poll.ts";
import { asCoordinator, type CommandContext, type ServiceDeps, toActor } from "./context.ts";
import { pollUpdates } from "./poll-refresh.ts";

/**
 * `/equipe record <email> 1:si 2:no …`: a coordinator records the availability of an external
 * member (the family, a volunteer) after hearing them. Each answer keeps who recorded it.
 */
export async function recordAvailability(
  deps: ServiceDeps,
  ctx: CommandContext,
  input: Extract<Command, { name: "record" }>,
): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, coordinator, now, locale }) => {
    const poll = await repos.meetings.findOpenPoll(equipe.id);
    if (poll === undefined) throw new DomainError("meeting.none");
    const { meeting } = await requireOpenPoll(repos, poll.id, now);
    const member = await repos.members.findExternalByEmail(equipe.id, input.email);
    if (member === undefined) throw new DomainError("member.notFound");
    for (const { slotNumber, answer } of input.answers) {
      const slot = meeting.slots.find((s) => s.position === slotNumber);
      if (slot === undefined)
        throw new DomainError("record.slotUnknown", { n: slotNumber, count: meeting.slots.length });
      await repos.meetings.setAnswer({
        slotId: slot.id,
        memberId: member.id,
        answer,
        recordedByMemberId: coordinator.id,
      });
    }
    const who = member.kind === "external" ? member.displayName : "";
    const messages = await pollUpdates(repos, equipe, meeting, [], true);
    messages.push(toActor(ctx, t(locale, "record.done", { who })));
    await repos.outbox.enqueue(messages, now);
    await repos.audit.record({
      equipeId: equipe.id,
      actorId: coordinator.id,
      action: "availability.recorded",
      subjectId: member.id,
    });
  });
  deps.log("poll.recorded", { platform: ctx.channel.platform });
}
