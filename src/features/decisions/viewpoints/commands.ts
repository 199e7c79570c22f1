import { type Block, lines, primaryButton } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { namesOf } from "../../../core/people.ts";
import { asMember } from "../../../core/request.ts";
import { contactError, readContact } from "../../../domain/command.ts";
import type { HeardVia } from "../../../domain/decision.ts";
import { DomainError } from "../../../domain/errors.ts";
import { ownEntry } from "../../../domain/own.ts";
import { fold, nearest } from "../../../domain/suggest.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { t } from "../../../i18n/catalogue.ts";
import { DECISION_ACTIONS, decisionClosedLine, viewpointLine } from "../messages.ts";
import { decisionState, othersVisibleTo, requireAnswerable } from "../queries.ts";
import { storeViewpoint } from "./forms.ts";

const ECHO_MAX = 30;
const EMAIL_ECHO_MAX = 60;
/** Stances as people type them when recording someone else's viewpoint. */
const STANCE_WORDS: Record<string, string> = {
  "d'accordo": "agree",
  daccordo: "agree",
  accordo: "agree",
  agree: "agree",
  dubbi: "doubts",
  dubbio: "doubts",
  doubts: "doubts",
  contrario: "disagree",
  contraria: "disagree",
  disaccordo: "disagree",
  disagree: "disagree",
  info: "more_info",
  informazioni: "more_info",
  "more-info": "more_info",
};
/** The side a viewpoint speaks to, written as a word with a colon before the reason. */
const SIDE_WORDS: Record<string, string> = {
  "bambino:": "child_needs",
  "child:": "child_needs",
  "genitori:": "parent_responses",
  "parents:": "parent_responses",
  "ambiente:": "family_environment",
  "famiglia:": "family_environment",
  "environment:": "family_environment",
};

/** The value of a word in one of these word lists: exact, case and accents aside. */
function known(words: Record<string, string>, word: string): string | undefined {
  const key = fold(word);
  return ownEntry(words, key);
}

/** How the viewpoint was heard, as people say it right after the answer (two words, either language). */
const HEARD_VIA_WORDS: Record<string, HeardVia> = {
  "per telefono": "phone",
  "al telefono": "phone",
  "by phone": "phone",
  "di persona": "in_person",
  "in person": "in_person",
  "per iscritto": "written",
  "in writing": "written",
};

/** The words after the answer without a leading "per telefono" / "di persona" / "per iscritto", and which it was. */
function takeHeardVia(words: string[]): { heardVia: HeardVia | undefined; rest: string[] } {
  const phrase = words.slice(0, 2).join(" ").toLowerCase();
  const heardVia = ownEntry(HEARD_VIA_WORDS, phrase);
  return heardVia ? { heardVia, rest: words.slice(2) } : { heardVia: undefined, rest: words };
}

/**
 * `parere email risposta [per telefono|di persona|per iscritto] [lato:] motivo`: a member records the viewpoint of a member outside
 * chat, heard by them. The record says who recorded it.
 */
const record = command({
  name: "viewpoint",
  words: ["viewpoint", "parere"],
  usage: "usage.viewpoint",
  parse(args) {
    if (args.length < 2) return usageError("viewpoint");
    const read = readContact(args);
    if ("wrong" in read) return contactError(read, EMAIL_ECHO_MAX);
    const { contact } = read;
    const [answerWord, ...afterAnswer] = read.rest;
    if (answerWord === undefined) return usageError("viewpoint");
    const answer = /^\d$/.test(answerWord) ? answerWord : known(STANCE_WORDS, answerWord);
    if (answer === undefined) {
      const value = answerWord.slice(0, ECHO_MAX);
      const [suggestion] = nearest(answerWord, Object.keys(STANCE_WORDS));
      return suggestion === undefined
        ? new DomainError("viewpoint.unreadable", { value, command: "viewpoint" })
        : new DomainError("viewpoint.unreadableNear", { value, suggestion, command: "viewpoint" });
    }
    const { heardVia, rest } = takeHeardVia(afterAnswer);
    // A first word ending with a colon names a side; one that names none is refused, never read as reason.
    const sideWord = rest[0]?.endsWith(":") ? rest[0] : undefined;
    const side = sideWord === undefined ? "" : known(SIDE_WORDS, sideWord);
    if (side === undefined) {
      const value = (sideWord ?? "").slice(0, ECHO_MAX);
      const [suggestion] = nearest(sideWord ?? "", Object.keys(SIDE_WORDS));
      return suggestion === undefined
        ? new DomainError("viewpoint.sideWord", { value, command: "viewpoint" })
        : new DomainError("viewpoint.sideWordNear", { value, suggestion, command: "viewpoint" });
    }
    const reason = (side ? rest.slice(1) : rest).join(" ");
    return { contact, answer, side, reason, heardVia };
  },
  async run(deps, req, input) {
    await asMember(deps, req, "conversation", async (scope) => {
      const { repos, equipe, member: recorder } = scope;
      const decision = await repos.decisions.findPending(equipe.id);
      if (decision === undefined) throw new DomainError("decision.none");
      const member = await repos.members.findExternal(equipe.id, input.contact);
      if (member === undefined) throw new DomainError("member.notFound");
      await requireAnswerable(repos, scope.now, decision, member);
      // The stance words map onto the decision's answers; a number picks an option.
      const answer = /^\d+$/.test(input.answer) ? `option:${input.answer}` : input.answer;
      await storeViewpoint(
        req,
        scope,
        decision,
        member,
        recorder,
        { answer, reason: input.reason, side: input.side },
        input.heardVia,
      );
    });
    deps.log("decision.viewpoint", { onBehalf: true });
  },
});

/**
 * `decisione`: where the pending decision stands. The count for everyone; the others'
 * viewpoints only to someone who has given theirs (or once it is closed); who is missing, to
 * coordinators; and the way to the form to whoever may answer.
 */
const status = command({
  name: "decision",
  words: ["decision", "decisione"],
  usage: "usage.decision",
  async run(deps, req) {
    await asMember(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member, now, tell }) => {
        // The decision awaiting its outcome; else the latest one, which says how it closed.
        const decision =
          (await repos.decisions.findPending(equipe.id)) ?? (await repos.decisions.findLatest(equipe.id));
        if (decision === undefined) throw new DomainError("decision.none");
        const state = await decisionState(repos, decision);
        const mine = state.viewpoints.some((v) => v.memberId === member.id);
        const participant = state.participants.find((p) => p.memberId === member.id);
        await tell.actor(
          req,
          ({ locale }) => {
            const words = {
              caseCode: equipe.caseCode,
              question: decision.question,
              answered: state.answered,
              total: state.total,
            };
            const closed = decisionClosedLine(locale, equipe, decision);
            const parts = closed
              ? [t(locale, "decision.statusClosed", words), closed]
              : [
                  t(locale, "decision.status", {
                    ...words,
                    deadline: formatDateTime(decision.deadline, equipe.timezone, locale),
                  }),
                ];
            if (othersVisibleTo(state, member))
              parts.push(...state.viewpoints.map((v) => viewpointLine(locale, state, v)));
            else parts.push(t(locale, "decision.statusHidden"));
            if (member.isCoordinator && state.missing.length > 0)
              parts.push(t(locale, "decision.missing", { names: namesOf(locale, state.missing) }));
            const blocks: Block[] = [{ type: "text", content: lines(parts) }];
            // Whoever may answer finds the way to their form here too (the only way for those not asked).
            if (participant && decision.status === "open" && now.getTime() < decision.deadline.getTime()) {
              const key = mine
                ? "decision.changeButton"
                : participant.required
                  ? "decision.askButton"
                  : "decision.optionalButton";
              blocks.push(primaryButton(DECISION_ACTIONS.answer, decision.id, plainText(t(locale, key))));
            }
            return { blocks, attachments: [] };
          },
          member,
        );
      },
      { once: false },
    );
  },
});

export const commands: readonly CommandDef[] = [record, status];
