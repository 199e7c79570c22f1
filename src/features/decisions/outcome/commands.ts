import { type DocBlock, type DocListItem, markdownDocument } from "../../../content/markdown.ts";
import { type Rich, text } from "../../../content/model.ts";
import { type CommandDef, command } from "../../../core/feature.ts";
import { plainName } from "../../../core/people.ts";
import { asCoordinator, type Scope } from "../../../core/request.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { MeetingId } from "../../../domain/ids.ts";
import { formatDateTime } from "../../../domain/time.ts";
import { lineFor, t } from "../../../i18n/catalogue.ts";
import { answerLabel, familyNotAsked, sideLabel } from "../messages.ts";
import { decisionState } from "../queries.ts";
import type { DecisionRecord, ViewpointRevisionRecord } from "../repository.ts";
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

/**
 * The équipe's latest decision as a Markdown document for the case file. A record of the past:
 * everyone who took part is named, those who left the équipe since included; each viewpoint
 * with when it was given, whose it is and who recorded it for them and how; a change of mind
 * shows every earlier stance with its reason; nothing is said in the present of a closed decision.
 */
export async function decisionRecord(scope: Scope, decision: DecisionRecord): Promise<string> {
  const { repos, equipe, locale, now } = scope;
  const everyone = new Map((await repos.members.listAll(equipe.id)).map((m) => [m.id as string, m]));
  // A name fit for a case file: the name where known, else the role (never a chat id).
  const nameOf = (id: string | undefined) => plainName(locale, id ? everyone.get(id) : undefined);
  const name = (id: string | undefined): Rich => [text(nameOf(id))];
  const names = (ids: readonly string[]) => ids.map(nameOf).join(", ");
  const when = (at: Date) => formatDateTime(at, equipe.timezone, locale);
  const participants = await repos.decisions.participants(decision.id);
  const history = await repos.decisions.viewpointHistory(decision.id);
  const required = participants.filter((p) => p.required).map((p) => p.memberId as string);
  const answered = new Set(history.map((v) => v.memberId as string));
  const missing = required.filter((id) => !answered.has(id));

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
    { type: "paragraph", content: t(locale, "md.asked", { names: names(required) }) },
  );
  const notAsked = familyNotAsked(participants, everyone);
  if (decision.familyExclusionReason && notAsked.length > 0)
    doc.push({
      type: "paragraph",
      content: t(locale, "decision.familyExcluded", {
        names: notAsked.map((m) => plainName(locale, m)).join(", "),
        count: notAsked.length,
        reason: decision.familyExclusionReason,
      }),
    });
  if (decision.status === "open")
    doc.push({ type: "paragraph", content: t(locale, "md.collecting", { date: when(now) }) });
  else if (decision.closedAt)
    doc.push({ type: "paragraph", content: t(locale, "md.closed", { date: when(decision.closedAt) }) });

  doc.push({ type: "heading", level: 2, content: t(locale, "md.viewpoints") });
  const stance = (v: ViewpointRevisionRecord): Rich =>
    t(locale, "md.stance", {
      answer: answerLabel(locale, decision, v.answer),
      date: when(v.at),
      side: v.side ? t(locale, "md.side", { side: sideLabel(locale, v.side) }) : "",
      recorded: v.recordedByMemberId
        ? t(locale, "md.recorded", {
            who: name(v.recordedByMemberId),
            how: v.heardVia ? t(locale, `md.how.${v.heardVia}`) : "",
          })
        : "",
      reason: v.reason ? t(locale, "md.reason", { reason: v.reason }) : "",
    });
  // One item per member, in the order they first spoke: what counts, then what they said before.
  const byMember = new Map<string, ViewpointRevisionRecord[]>();
  for (const v of history) byMember.set(v.memberId, [...(byMember.get(v.memberId) ?? []), v]);
  const items: DocListItem[] = [...byMember].map(([memberId, stances]) => {
    const latest = stances.at(-1) as ViewpointRevisionRecord;
    const content = t(locale, "md.viewpoint", { who: nameOf(memberId), stance: stance(latest) });
    const earlier = stances.slice(0, -1).map((v) => t(locale, "md.earlier", { stance: stance(v) }));
    return earlier.length > 0 ? { content, items: earlier } : content;
  });
  doc.push(
    items.length > 0 ? { type: "list", items } : { type: "paragraph", content: t(locale, "md.noViewpoints") },
  );
  if (missing.length > 0)
    doc.push({
      type: "paragraph",
      content: t(locale, "md.missing", { names: names(missing), count: missing.length }),
    });
  doc.push(
    { type: "heading", level: 2, content: t(locale, "md.outcome") },
    ...(await outcomePart(scope, decision, { name, names, when, missing })),
  );
  // Taken at a meeting: the minutes it is in.
  const minutes = await repos.summaries.minutesOfDecision(decision.id);
  const meeting = minutes ? await repos.meetings.findById(minutes.meetingId as MeetingId) : undefined;
  if (minutes && meeting?.startsAt)
    doc.push({
      type: "paragraph",
      content: t(locale, "md.minutes", { date: when(meeting.startsAt), number: minutes.number }),
    });
  doc.push({ type: "heading", level: 2, content: t(locale, "md.trail") });
  const trail = await repos.audit.forSubject(equipe.id, decision.id);
  doc.push({
    type: "list",
    items: trail.map((entry) =>
      entry.actorId
        ? t(locale, "md.trailLine", {
            date: when(entry.at),
            who: name(entry.actorId),
            action: lineFor(locale, `audit.${entry.action}`),
          })
        : t(locale, "md.trailAuto", {
            date: when(entry.at),
            action: lineFor(locale, `audit.${entry.action}`),
          }),
    ),
  });
  doc.push({ type: "paragraph", content: t(locale, "md.produced", { date: when(now) }) });
  return markdownDocument(doc);
}

async function outcomePart(
  scope: Scope,
  decision: DecisionRecord,
  words: {
    name: (id: string | undefined) => Rich;
    names: (ids: readonly string[]) => string;
    when: (at: Date) => string;
    /** Required participants who gave no viewpoint (none can be added once the outcome is in). */
    missing: string[];
  },
): Promise<DocBlock[]> {
  const { repos, locale, now } = scope;
  const { name, names, when, missing } = words;
  if (decision.status === "recorded" && decision.outcome) {
    const actions = await repos.decisions.actions(decision.id);
    const blocks: DocBlock[] = [{ type: "paragraph", content: [text(decision.outcome)] }];
    if (actions.length > 0)
      blocks.push(
        { type: "paragraph", content: t(locale, "decision.actionsHeader") },
        {
          type: "list",
          items: actions.map((a) =>
            t(locale, "md.actionLine", { who: name(a.memberId), what: a.what, due: when(a.dueAt) }),
          ),
        },
      );
    if (decision.reviewAt)
      blocks.push({ type: "paragraph", content: t(locale, "md.review", { date: when(decision.reviewAt) }) });
    if (decision.overrideReason)
      blocks.push({
        type: "paragraph",
        content: t(locale, "decision.outcomeMissing", {
          names: names(missing) || "—",
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
          attachments: [{ filename, mimeType: "text/markdown; charset=utf-8", content: `${md}\n` }],
        }),
        member,
        { privately: true },
      );
    });
    deps.log("decision.exported", {});
  },
});

export const commands: readonly CommandDef[] = [cancel, exportRecord];
