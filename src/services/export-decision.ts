import { DomainError } from "../domain/errors.ts";
import { type Outgoing, textMessage } from "../domain/message.ts";
import { formatDateTime } from "../domain/time.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import type { MemberRecord } from "../ports/store.ts";
import { asCoordinator, type CommandContext, roleName, type ServiceDeps } from "./context.ts";
import { answerLabel, decisionState, sideLabel } from "./decision-messages.ts";

/** A name fit for a case file: the roster name where known, else the role (never a chat id). */
function plainName(locale: Locale, member: MemberRecord | undefined): string {
  if (member === undefined) return "—";
  return member.displayName
    ? `${member.displayName} (${roleName(locale, member)})`
    : roleName(locale, member);
}

/**
 * `/equipe record-file`: the équipe's latest decision as a Markdown record for the case file —
 * question, every viewpoint with its reason and side, who recorded what for whom, the outcome,
 * actions, review, any override, and the trail. Only to the coordinator who asks.
 */
export async function exportDecision(deps: ServiceDeps, ctx: CommandContext): Promise<void> {
  await asCoordinator(deps, ctx, async (repos, { equipe, now, locale }) => {
    const decision = await repos.decisions.findLatest(equipe.id);
    if (decision === undefined) throw new DomainError("decision.none");
    const state = await decisionState(repos, decision);
    const everyone = new Map((await repos.members.listAll(equipe.id)).map((m) => [m.id as string, m]));
    const name = (id: string | undefined) => plainName(locale, id ? everyone.get(id) : undefined);
    const when = (at: Date) => formatDateTime(at, equipe.timezone, locale);
    const md = markdown(locale, {
      header: [
        t(locale, "md.title", { caseCode: equipe.caseCode }),
        "",
        t(locale, "md.question", { question: decision.question }),
        ...(decision.context ? [t(locale, "md.context", { context: decision.context })] : []),
        t(locale, "md.opened", {
          who: name(decision.createdByMemberId),
          date: when(decision.createdAt),
          deadline: when(decision.deadline),
        }),
        t(locale, "md.asked", {
          names: state.required.map((m) => plainName(locale, m)).join(", "),
        }),
        ...(decision.familyExclusionReason
          ? [t(locale, "decision.familyExcluded", { reason: decision.familyExclusionReason })]
          : []),
      ],
      viewpoints: state.viewpoints.map((v) =>
        [
          `- **${name(v.memberId)}**: ${answerLabel(locale, decision, v.answer)}`,
          v.side ? ` [${sideLabel(locale, v.side)}]` : "",
          v.reason ? ` — ${v.reason}` : "",
          v.recordedByMemberId ? t(locale, "viewpoint.recordedBy", { who: name(v.recordedByMemberId) }) : "",
        ].join(""),
      ),
      missing: state.missing.map((m) => plainName(locale, m)),
      outcome:
        decision.status === "recorded" && decision.outcome
          ? [
              decision.outcome,
              ...(await repos.decisions.actions(decision.id)).map((a) =>
                t(locale, "decision.actionLine", {
                  who: name(a.memberId),
                  what: a.what,
                  due: when(a.dueAt),
                }).replace(/^•/, "-"),
              ),
              ...(decision.reviewAt
                ? [t(locale, "decision.reviewLine", { date: when(decision.reviewAt) })]
                : []),
              ...(decision.overrideReason
                ? [
                    t(locale, "decision.outcomeMissing", {
                      names: state.missing.map((m) => plainName(locale, m)).join(", ") || "—",
                      reason: decision.overrideReason,
                    }),
                  ]
                : []),
              t(locale, "md.recordedAt", {
                who: name(decision.recordedByMemberId),
                date: when(decision.recordedAt ?? now),
              }),
            ]
          : decision.cancellation
            ? [
                t(locale, "md.cancelled", {
                  who: name(decision.cancellation.byMemberId),
                  date: when(decision.cancellation.at),
                  reason: decision.cancellation.reason,
                }),
              ]
            : [t(locale, "md.noOutcome")],
      trail: (await repos.audit.forSubject(equipe.id, decision.id)).map((entry) =>
        t(locale, "md.trailLine", {
          date: when(entry.at),
          who: entry.actorId ? name(entry.actorId) : "Équipe",
          action: t(locale, `audit.${entry.action}` as MessageKey),
        }),
      ),
    });
    // A direct message, not an ephemeral one: that is where platforms can attach the file.
    const message: Outgoing = {
      target: { kind: "direct", ...ctx.actor },
      message: textMessage(`${t(locale, "export.done")}\n\`\`\`\n${md}\n\`\`\``),
    };
    message.message.attachments = [
      {
        filename: `decisione-${equipe.caseCode}-${decision.createdAt.toISOString().slice(0, 10)}.md`,
        mimeType: "text/markdown; charset=utf-8",
        content: md,
      },
    ];
    await repos.outbox.enqueue([message], now);
  });
  deps.log("decision.exported", { platform: ctx.channel.platform });
}

function markdown(
  locale: Locale,
  parts: { header: string[]; viewpoints: string[]; missing: string[]; outcome: string[]; trail: string[] },
): string {
  return [
    ...parts.header,
    "",
    t(locale, "md.viewpoints"),
    "",
    ...(parts.viewpoints.length > 0 ? parts.viewpoints : [t(locale, "viewpoint.noneYet")]),
    ...(parts.missing.length > 0
      ? ["", t(locale, "decision.missing", { names: parts.missing.join(", ") })]
      : []),
    "",
    t(locale, "md.outcome"),
    "",
    ...parts.outcome,
    "",
    t(locale, "md.trail"),
    "",
    ...parts.trail,
  ].join("\n");
}
