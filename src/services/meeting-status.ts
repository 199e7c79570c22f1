import { DomainError } from "../domain/errors.ts";
import { rankSlots } from "../domain/meeting.ts";
import { formatDateTime } from "../domain/time.ts";
import { type Locale, t } from "../i18n/catalogue.ts";
import type { EquipeRecord, MeetingRecord, Repositories } from "../ports/store.ts";
import {
  type CommandContext,
  displayMember,
  readerLocale,
  requireEquipe,
  requireMember,
  type ServiceDeps,
  toActor,
} from "./context.ts";
import { answeredMembers, purposeName, slotWhen } from "./meeting-messages.ts";

/** Slots with their tallies in the order the coordinator should consider them. */
export async function rankedSlots(repos: Repositories, meeting: MeetingRecord) {
  const answers = await repos.meetings.answers(meeting.id);
  const members = await repos.members.listActive(meeting.equipeId);
  const roles = new Map(members.map((m) => [m.id as string, m.role]));
  // Answers of members removed since keep counting for nobody: only the current équipe decides.
  const current = answers.flatMap((a) => {
    const role = roles.get(a.memberId);
    return role ? [{ slotId: a.slotId as string, answer: a.answer, role }] : [];
  });
  return { ranked: rankSlots(meeting.slots, current), answers, members };
}

/** The tally lines and who is missing, as text for one reader. */
export async function statusText(
  repos: Repositories,
  locale: Locale,
  equipe: EquipeRecord,
  meeting: MeetingRecord,
  showMissing: boolean,
): Promise<string> {
  const { ranked, answers, members } = await rankedSlots(repos, meeting);
  const answered = answeredMembers(meeting, answers);
  const lines = [
    t(locale, "status.header", {
      caseCode: equipe.caseCode,
      purpose: purposeName(locale, meeting),
      answered: members.filter((m) => answered.has(m.id)).length,
      total: members.length,
      deadline: formatDateTime(meeting.deadline, equipe.timezone, locale),
    }),
    ...ranked.map((slot) =>
      t(locale, "status.slot", {
        n: slot.position,
        when: slotWhen(locale, equipe, meeting, slot.startsAt),
        yes: slot.yes,
        ifNeeded: slot.ifNeeded,
        no: slot.no,
        family: slot.familyNo ? t(locale, "status.familyNo") : "",
      }),
    ),
  ];
  if (showMissing) {
    const missing = members.filter((m) => !answered.has(m.id)).map(displayMember);
    lines.push(
      missing.length > 0
        ? t(locale, "status.missing", { names: missing.join(", ") })
        : t(locale, "status.allAnswered"),
    );
  }
  return lines.join("\n");
}

/**
 * `/equipe status`: the open poll's tallies, best slot first, shown only to the caller. Who
 * has not answered yet is shown to coordinators: they are the ones who chase.
 */
export async function meetingStatus(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  await deps.store.transaction(async (repos) => {
    const equipe = await requireEquipe(repos, ctx.channel);
    const reader = await requireMember(repos, equipe, ctx.actor);
    const meeting = await repos.meetings.findOpenPoll(equipe.id);
    if (meeting === undefined) throw new DomainError("meeting.none");
    const locale = readerLocale(ctx, reader, equipe, deps);
    const text = await statusText(repos, locale, equipe, meeting, reader.isCoordinator);
    await repos.outbox.enqueue([toActor(ctx, text)], deps.clock.now());
  });
}
