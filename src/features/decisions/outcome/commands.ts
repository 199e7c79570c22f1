import { type DocBlock, markdownDocument } from "../../../content/markdown.ts";
import { type Rich, text } from "../../../content/model.ts";
import { type CommandDef, command } from "../../../core/feature.ts";
import { plainName } from "../../../core/people.ts";
import { asCoordinator, type Scope } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { lineFor, t } from "../../../i18n/catalogue.ts";
import { answerLabel, sideLabel } from "../messages.ts";
import { decisionState } from "../queries.ts";
import type { DecisionRecord } from "../repository.ts";
import { withdrawForm } from "../withdraw/forms.ts";

/** How much of the record a chat message shows (Slack refuses long messages; the file has it all). */
const PREVIEW_MAX = 2800;

/**
 * `annulla-decisione [motivo]`: nothing is withdrawn yet. The coordinator sees the form with what
 * will happen (the question, who was asked, how many have answered) and the reason — required,
 * what they typed after the command filled in — which reaches everyone asked; sending it
 * withdraws the decision (`withdraw/forms.ts`).
 */
const cancel = command({
  name: "cancel-decision",
  words: ["cancel-decision", "annulla-decisione"],
  usage: "usage.cancel-decision",
  parse: (args) => ({ reason: args.join(" ") }),
  async run(deps, req, { reason }) {
    const form = await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, locale }) => {
        const pending = await repos.decisions.findPending(equipe.id);
        if (pending === undefined) throw new DomainError("decision.none");
        return withdrawForm(locale, await decisionState(repos, pending), reason);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/** The équipe's latest decision as a Markdown document for the case file. */
async function decisionRecord(scope: Scope, decision: DecisionRecord): Promise<string> {
  const { repos, equipe, locale } = scope;
  const state = await decisionState(repos, decision);
  const everyone = new Map((await repos.members.listAll(equipe.id)).map((m) => [m.id as string, m]));
  // A name fit for a case file: the name where known, else the role (never a chat id).
  const name = (id: string | undefined): Rich => [text(plainName(locale, id ? everyone.get(id) : undefined))];
  const when = (at: Date) => formatDateTime(at, equipe.timezone, locale);
  const doc: DocBlock[] = [
    { type: "heading", level: 1, content: t(locale, "md.title", { caseCode: equipe.caseCode }) },
    { type: "paragraph", content: t(locale, "md.question", { question: decision.question }) },
  ];
  if (decision.context)
    doc.push({ type: "paragraph", content: t(locale, "md.context", { context: decision.context }) });
  doc.push(
    {
      type: "paragraph",
      content: t(locale, "md.opened", {
        who: name(decision.createdByMemberId),
        date: when(decision.createdAt),
        deadline: when(decision.deadline),
      }),
    },
    {
      type: "paragraph",
      content: t(locale, "md.asked", { names: state.required.map((m) => plainName(locale, m)).join(", ") }),
    },
  );
  if (decision.familyExclusionReason)
    doc.push({
      type: "paragraph",
      content: t(locale, "decision.familyExcluded", { reason: decision.familyExclusionReason }),
    });
  doc.push({ type: "heading", level: 2, content: t(locale, "md.viewpoints") });
  doc.push(
    state.viewpoints.length > 0
      ? {
          type: "list",
          items: state.viewpoints.map((v) => [
            { type: "text", text: plainName(locale, everyone.get(v.memberId)), strong: true },
            text(": "),
            ...answerLabel(locale, decision, v.answer),
            ...(v.side ? [text(" ["), ...sideLabel(locale, v.side), text("]")] : []),
            ...(v.reason ? [text(` — ${v.reason}`)] : []),
            ...(v.recordedByMemberId
              ? t(locale, "viewpoint.recordedBy", { who: name(v.recordedByMemberId) })
              : []),
          ]),
        }
      : { type: "paragraph", content: t(locale, "viewpoint.noneYet") },
  );
  if (state.missing.length > 0)
    doc.push({
      type: "paragraph",
      content: t(locale, "decision.missing", {
        names: state.missing.map((m) => plainName(locale, m)).join(", "),
      }),
    });
  doc.push(
    { type: "heading", level: 2, content: t(locale, "md.outcome") },
    ...(await outcomePart(scope, decision, name, when)),
  );
  doc.push({ type: "heading", level: 2, content: t(locale, "md.trail") });
  const trail = await repos.audit.forSubject(equipe.id, decision.id);
  doc.push({
    type: "list",
    items: trail.map((entry) =>
      t(locale, "md.trailLine", {
        date: when(entry.at),
        who: entry.actorId ? name(entry.actorId) : "Équipe",
        action: lineFor(locale, `audit.${entry.action}`),
      }),
    ),
  });
  return markdownDocument(doc);
}

async function outcomePart(
  scope: Scope,
  decision: DecisionRecord,
  name: (id: string | undefined) => Rich,
  when: (at: Date) => string,
): Promise<DocBlock[]> {
  const { repos, locale, now } = scope;
  if (decision.status === "recorded" && decision.outcome) {
    const state = await decisionState(repos, decision);
    const actions = await repos.decisions.actions(decision.id);
    const blocks: DocBlock[] = [{ type: "paragraph", content: [text(decision.outcome)] }];
    if (actions.length > 0)
      blocks.push({
        type: "list",
        items: actions.map((a) =>
          t(locale, "md.actionLine", { who: name(a.memberId), what: a.what, due: when(a.dueAt) }),
        ),
      });
    if (decision.reviewAt)
      blocks.push({
        type: "paragraph",
        content: t(locale, "decision.reviewLine", { date: when(decision.reviewAt) }),
      });
    if (decision.overrideReason)
      blocks.push({
        type: "paragraph",
        content: t(locale, "decision.outcomeMissing", {
          names: state.missing.map((m) => plainName(locale, m)).join(", ") || "—",
          reason: decision.overrideReason,
        }),
      });
    blocks.push({
      type: "paragraph",
      content: t(locale, "md.recordedAt", {
        who: name(decision.recordedByMemberId),
        date: when(decision.recordedAt ?? now),
      }),
    });
    return blocks;
  }
  if (decision.cancellation)
    return [
      {
        type: "paragraph",
        content: t(locale, "md.cancelled", {
          who: name(decision.cancellation.byMemberId),
          date: when(decision.cancellation.at),
          reason: decision.cancellation.reason,
        }),
      },
    ];
  return [{ type: "paragraph", content: t(locale, "md.noOutcome") }];
}

/**
 * `verbale`: the équipe's latest decision as a Markdown record for the case file — question,
 * every viewpoint with its reason and side, who recorded what for whom, the outcome, actions,
 * review, any override, and the trail. Only to the coordinator who asks, in their private chat
 * (where the file can be attached).
 */
const exportRecord = command({
  name: "export",
  words: ["record-file", "verbale"],
  usage: "usage.export",
  async run(deps, req) {
    await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, member, tell } = scope;
      const decision = await repos.decisions.findLatest(equipe.id);
      if (decision === undefined) throw new DomainError("decision.none");
      const md = await decisionRecord(scope, decision);
      // The message shows the beginning; the whole record travels as the file.
      const preview = md.length > PREVIEW_MAX ? `${md.slice(0, PREVIEW_MAX)}\n…` : md;
      const filename = `decisione-${equipe.caseCode}-${decision.createdAt.toISOString().slice(0, 10)}.md`;
      await tell.actor(
        req,
        ({ locale }) => ({
          blocks: [
            { type: "text", content: t(locale, "export.done") },
            { type: "preformatted", text: preview },
          ],
          attachments: [{ filename, mimeType: "text/markdown; charset=utf-8", content: md }],
        }),
        member,
        { privately: true },
      );
    });
    deps.log("decision.exported", {});
  },
});

export const commands: readonly CommandDef[] = [cancel, exportRecord];
