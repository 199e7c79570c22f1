import { type CommandDef, command } from "../../../core/feature.ts";
import { asCoordinator, conversationOf } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import { formatLocalInput } from "../../../domain/time.ts";
import { decisionForm } from "./forms.ts";

/** A week is the usual time an équipe gives itself to hear everyone. */
const DEFAULT_ANSWER_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

/** `decidi`: a coordinator, no decision pending; shows the form where the channel can. */
const decide = command({
  name: "decide",
  words: ["decide", "decidi"],
  usage: "usage.decide",
  async run(deps, req) {
    const { equipe, locale, members, now } = await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, locale, now }) => {
        if (await repos.decisions.findPending(equipe.id)) throw new DomainError("decision.alreadyOpen");
        return { equipe, locale, now, members: await repos.members.listActive(equipe.id) };
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    const deadline = formatLocalInput(
      new Date(now.getTime() + DEFAULT_ANSWER_DAYS * DAY_MS),
      equipe.timezone,
    );
    await req.ui.openForm(decisionForm(locale, conversationOf(req).channelId, deadline, members));
  },
});

export const commands: readonly CommandDef[] = [decide];
