import { z } from "zod";
import { lineBreak, type Message, type Rich, strong, text } from "../../src/content/model.ts";
import { action, command, type Feature, field, form } from "../../src/core/feature.ts";
import { asMember } from "../../src/core/request.ts";
import { parseCaseCode } from "../../src/domain/case-code.ts";
import type { EquipeRecord } from "../../src/domain/equipe.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { FormSpec } from "../../src/domain/forms.ts";
import type { Repositories } from "../../src/ports/store.ts";

/**
 * A test-only feature that opens a confidential form, as a case summary will: a button in a
 * private message (`dialog: true`) opens it with the content to read and a note to write; a
 * typed command tries to open it outside a dialog. Its words and labels are the test's own.
 */

export const READ_ACTION = "dialog-test-read";
export const READ_FORM = "dialog-test-read";
/** What submitting the form leaves in the audit trail: the use case ran. */
export const READ_AUDIT = "dialog.test.read";

/** Words of the section that must never land in a conversation, with everything a renderer must not interpret. */
export const SECRET_WORDS = "Riservato: la madre riferisce";
export const HOSTILE_TEXT = `${SECRET_WORDS} <!channel> *bold* <https://x.example|y> **doppio** <at>Eve</at> &amp; _x_`;

/** A section as a summary holds it: a title line and paragraphs. */
export const SECRET_SECTION: Rich = [
  strong("Bisogni del bambino"),
  lineBreak,
  text(HOSTILE_TEXT),
  lineBreak,
  text("Secondo paragrafo."),
];

/** What the form shows: set by each test before the form is opened. */
export const shownContent: { sections: Rich[] } = { sections: [SECRET_SECTION] };

export function readForm(caseCode: string): FormSpec {
  return {
    id: READ_FORM,
    title: "Sintesi del caso",
    submit: "Presa visione",
    cancel: "Chiudi",
    metadata: caseCode,
    confidential: true,
    fields: [
      ...shownContent.sections.map((content, i) => ({
        kind: "content" as const,
        name: `section${i}`,
        content,
      })),
      { kind: "text", name: "note", label: "Nota", multiline: true, optional: false, maxLength: 500 },
    ],
  };
}

/** The équipe a case code names, as what a click or a form is about. */
const aboutCase =
  (code: string) =>
  async (repos: Repositories): Promise<{ equipe: EquipeRecord; subject: undefined } | undefined> => {
    const caseCode = parseCaseCode(code);
    const equipe = caseCode ? await repos.equipes.findByCaseCode(caseCode) : undefined;
    return equipe ? { equipe, subject: undefined } : undefined;
  };

/** A private message with the button that opens the form in a dialog. */
function offer(caseCode: string): Message {
  return {
    blocks: [
      { type: "text", content: [text("Nuova versione della sintesi.")] },
      {
        type: "actions",
        buttons: [
          {
            action: READ_ACTION,
            value: caseCode,
            label: "Leggi",
            style: "primary",
            selected: false,
            dialog: true,
          },
        ],
      },
    ],
    attachments: [],
  };
}

export const dialogFeature: Feature = {
  name: "dialog-test",
  commands: [
    command({
      name: "dialog-offer",
      words: ["dialog-offer"],
      usage: "usage.help",
      run: (deps, req) =>
        asMember(
          deps,
          req,
          "conversation",
          ({ tell, equipe }) => tell.actor(req, () => offer(equipe.caseCode)),
          {
            once: false,
          },
        ),
    }),
    command({
      name: "dialog-open",
      words: ["dialog-open"],
      usage: "usage.help",
      async run(deps, req) {
        const form = await asMember(
          deps,
          req,
          "conversation",
          async ({ equipe }) => readForm(equipe.caseCode),
          {
            once: false,
          },
        );
        if (req.ui === undefined) throw new DomainError("error.internal");
        await req.ui.openForm(form);
      },
    }),
  ],
  actions: [
    action({
      id: READ_ACTION,
      opensForm: true,
      value: z.string().max(32),
      async run(deps, req, caseCode) {
        const form = await asMember(
          deps,
          req,
          aboutCase(caseCode),
          async ({ equipe }) => readForm(equipe.caseCode),
          {
            once: false,
          },
        );
        if (req.ui === undefined) throw new DomainError("error.internal");
        await req.ui.openForm(form);
      },
    }),
  ],
  forms: [
    form({
      id: READ_FORM,
      opened: "private",
      values: z.object({ note: field() }),
      metadata: z.string().max(32),
      authorize: (deps, req, caseCode) =>
        asMember(
          deps,
          req,
          aboutCase(caseCode),
          async ({ equipe, locale }) => ({ caseCode: equipe.caseCode, locale }),
          {
            once: false,
          },
        ),
      async validate(_deps, _req, allowed, values) {
        if (values.note.trim() !== "") return undefined;
        return { errors: { note: [text("Scrivi una nota.")] }, form: readForm(allowed.caseCode) };
      },
      again: (allowed) => ({ form: readForm(allowed.caseCode), locale: allowed.locale }),
      submit: (deps, req, values, caseCode) =>
        asMember(deps, req, aboutCase(caseCode), ({ audit }) => audit(READ_AUDIT, undefined, values.note)),
    }),
  ],
  jobs: [],
};
