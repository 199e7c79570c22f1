import { z } from "zod";
import { textMessage } from "../../../content/model.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { type CommandDef, command, optionalCaseCode, usageError } from "../../../core/feature.ts";
import { asCoordinator, asMember, conversationOf, type Request, yours } from "../../../core/request.ts";
import { contactError, readContact } from "../../../domain/command.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { Answer } from "../../../domain/meeting.ts";
import { ownEntry } from "../../../domain/own.ts";
import { t } from "../../../i18n/catalogue.ts";
import { requireOpenPoll } from "../queries.ts";
import { conveneForm } from "./forms.ts";
import { equipeStatus, pollUpdates } from "./messages.ts";

/** How much of a wrong word we repeat back. */
const ECHO_MAX = 30;
const EMAIL_ECHO_MAX = 60;
/** Slot numbers as shown to people: 1-based, at most the poll's maximum. */
const slotNumberSchema = z.coerce.number().int().min(1).max(99);
/** How people write an availability answer, in Italian or English. */
const ANSWER_WORDS: Record<string, Answer> = {
  si: "yes",
  sì: "yes",
  s: "yes",
  yes: "yes",
  y: "yes",
  se: "if_needed",
  "se-necessario": "if_needed",
  forse: "if_needed",
  maybe: "if_needed",
  "if-needed": "if_needed",
  no: "no",
  n: "no",
};

/** `convoca`: checks the caller may convene, then asks their channel to show the form. */
export async function openConveneForm(deps: ServiceDeps, req: Request): Promise<void> {
  const { equipe, locale } = await asCoordinator(
    deps,
    req,
    "conversation",
    async ({ repos, equipe, locale }) => {
      if (await repos.meetings.findOpenPoll(equipe.id)) throw new DomainError("meeting.pollOpen");
      if ((await repos.members.listActive(equipe.id)).length < 2) throw new DomainError("meeting.noMembers");
      return { equipe, locale };
    },
    { once: false },
  );
  if (req.ui === undefined) throw new DomainError("error.internal");
  await req.ui.openForm(conveneForm(locale, equipe.timezone, conversationOf(req).channelId));
}

const convene = command({
  name: "convene",
  words: ["convene", "convoca"],
  usage: "usage.convene",
  run: (deps, req) => openConveneForm(deps, req),
});

/**
 * `stato`: where the équipe stands (the open poll's tallies, best time first; the confirmed
 * meetings ahead; the decision awaiting its outcome), shown only to the caller. Who has not
 * answered yet is shown to coordinators: they are the ones who chase.
 */
const status = command({
  name: "status",
  words: ["status", "stato"],
  usage: "usage.status",
  choosesEquipe: true,
  // In a direct message, the équipe is the person's own (asked which when there are several).
  parse: optionalCaseCode("status"),
  async run(deps, req, { caseCode }) {
    await asMember(
      deps,
      req,
      yours("status", { caseCode }),
      async (scope) => {
        await scope.tell.actor(req, ({ locale }) => equipeStatus(scope, locale, deps.channels), scope.member);
      },
      { once: false },
    );
  },
});

/**
 * `registra email 1:si 2:no …`: a coordinator records the availability of a member outside chat
 * (the family, a volunteer) after hearing them. Each answer keeps who recorded it.
 */
const record = command({
  name: "record",
  words: ["record", "registra"],
  usage: "usage.record",
  parse(args) {
    if (args.length < 2) return usageError("record");
    const read = readContact(args);
    if ("wrong" in read) return contactError(read, EMAIL_ECHO_MAX);
    const { contact, rest: answerWords } = read;
    if (answerWords.length === 0) return usageError("record");
    const answers: { slotNumber: number; answer: Answer }[] = [];
    for (const word of answerWords) {
      const [numberPart, answerPart] = word.split(":");
      const slot = slotNumberSchema.safeParse(numberPart);
      const answer = ownEntry(ANSWER_WORDS, (answerPart ?? "").toLowerCase());
      if (!slot.success || answer === undefined)
        return new DomainError("record.answerUnknown", { value: word.slice(0, ECHO_MAX) });
      answers.push({ slotNumber: slot.data, answer });
    }
    return { contact, answers };
  },
  async run(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell, audit }) => {
        const poll = await repos.meetings.findOpenPoll(equipe.id);
        if (poll === undefined) throw new DomainError("meeting.none");
        const meeting = requireOpenPoll(poll, now);
        const member = await repos.members.findExternal(equipe.id, input.contact);
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
        await pollUpdates(tell, repos, equipe, meeting, [], { open: true });
        await tell.actor(
          req,
          ({ locale }) => textMessage(t(locale, "record.done", { who: member.name ?? "" })),
          coordinator,
        );
        await audit("availability.recorded", member.id);
      },
    );
    deps.log("poll.recorded", {});
  },
});

export const commands: readonly CommandDef[] = [convene, status, record];
