import type { Block } from "../../content/model.ts";
import { type CommandDef, command } from "../../core/feature.ts";
import { asCoordinator } from "../../core/request.ts";
import { parseCaseCode } from "../../domain/case-code.ts";
import { DomainError } from "../../domain/errors.ts";
import { label, t } from "../../i18n/catalogue.ts";
import { CASE_ACTIONS, openThings } from "./actions.ts";

const ECHO_MAX = 30;

/**
 * `esporta-caso`: what the export holds and whose data it is, and the button that makes it —
 * privately, to the coordinator who asked.
 */
const exportCase = command({
  name: "export-case",
  words: ["export-case", "esporta-caso"],
  usage: "usage.exportCase",
  async run(deps, req) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ equipe, member, tell }) => {
        await tell.actor(
          req,
          ({ locale }) => {
            const blocks: Block[] = [
              { type: "text", content: t(locale, "case.exportConfirm", { caseCode: equipe.caseCode }) },
              {
                type: "actions",
                buttons: [
                  {
                    action: CASE_ACTIONS.export,
                    value: equipe.id,
                    label: label(locale, "case.exportButton"),
                    style: "primary",
                    selected: false,
                  },
                ],
              },
            ];
            return { blocks, attachments: [] };
          },
          member,
        );
      },
      { once: false },
    );
  },
});

/**
 * `cancella-caso <code>`: with the case's own code typed (the first confirmation), once nothing is
 * under way (no open poll, no meeting ahead, no decision awaiting its outcome), what erasing means
 * and the button that does it (the second).
 */
const eraseCase = command<{ typed: string | undefined }>({
  name: "erase-case",
  words: ["erase-case", "cancella-caso"],
  usage: "usage.eraseCase",
  parse: (args) => {
    if (args.length > 1) return new DomainError("command.usage", { command: "erase-case" });
    return { typed: args[0] };
  },
  async run(deps, req, { typed }) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member, now, tell, locale }) => {
        if (typed === undefined) throw new DomainError("case.eraseCodeNeeded", { caseCode: equipe.caseCode });
        if (parseCaseCode(typed) !== equipe.caseCode)
          throw new DomainError("case.eraseCodeWrong", {
            typed: typed.slice(0, ECHO_MAX),
            caseCode: equipe.caseCode,
          });
        await openThings(repos, equipe, now, locale);
        await tell.actor(
          req,
          ({ locale }) => ({
            blocks: [
              { type: "text", content: t(locale, "case.eraseConfirm", { caseCode: equipe.caseCode }) },
              {
                type: "actions",
                buttons: [
                  {
                    action: CASE_ACTIONS.erase,
                    value: equipe.id,
                    label: label(locale, "case.eraseButton"),
                    style: "danger",
                    selected: false,
                  },
                ],
              },
            ],
            attachments: [],
          }),
          member,
        );
      },
      { once: false },
    );
  },
});

export const commands: readonly CommandDef[] = [exportCase, eraseCase];
