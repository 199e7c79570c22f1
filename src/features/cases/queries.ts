import { type DocBlock, type DocListItem, markdownDocument } from "../../content/markdown.ts";
import { type Rich, text } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { plainName, roleName } from "../../core/people.ts";
import type { Scope } from "../../core/request.ts";
import type { MemberRecord } from "../../domain/equipe.ts";
import { SUMMARY } from "../../domain/summary.ts";
import { formatDateTime } from "../../domain/time.ts";
import { lineFor, t } from "../../i18n/catalogue.ts";
import { decisionRecord } from "../decisions/outcome/commands.ts";
import { purposeName } from "../meetings/messages.ts";
import { summaryDocument } from "../summaries/export/queries.ts";
import { sectionTitle } from "../summaries/messages.ts";

/** The file a whole case is exported to: its code and the day (safe characters only). */
export function caseFileName(caseCode: string, at: Date): string {
  return `caso-${caseCode.replace(/[^A-Za-z0-9-]/g, "-")}-${at.toISOString().slice(0, 10)}.md`;
}

/** A document's headings one level down, to sit under the case's own (`# ` → `### `). */
const nested = (markdown: string): string =>
  markdown.replace(/^(#{1,4}) /gm, (_m, hashes: string) => `${hashes}## `);

/**
 * The whole case as one Markdown file, for the case file or a family's access request: the
 * members and their contacts, every meeting with the answers given, every decision's record,
 * every version of the summary and of each meeting's minutes (all sections: the file is the
 * coordinators'), the readers' requests and answers, and the trail. People's text reads as typed.
 */
export async function caseExport(
  scope: Pick<Scope, "repos" | "equipe" | "locale" | "now" | "member" | "tell" | "audit" | "subject">,
): Promise<string> {
  const { repos, equipe, locale, now, member } = scope;
  const when = (at: Date) => formatDateTime(at, equipe.timezone, locale);
  const members = await repos.members.listAll(equipe.id);
  const byId = new Map(members.map((m) => [m.id as string, m]));
  const name = (id: string | undefined) => plainName(locale, id ? byId.get(id) : undefined);
  const doc: DocBlock[] = [
    { type: "heading", level: 1, content: t(locale, "case.md.title", { caseCode: equipe.caseCode }) },
    {
      type: "paragraph",
      content: t(locale, "case.md.made", {
        date: when(now),
        who: name(member.id),
        timezone: equipe.timezone,
      }),
    },
    { type: "heading", level: 2, content: t(locale, "case.md.members") },
  ];
  doc.push(
    list(
      members.map((m) => memberLine(locale, m)),
      locale,
    ),
  );

  doc.push({ type: "heading", level: 2, content: t(locale, "case.md.meetings") });
  const meetingItems: DocListItem[] = [];
  for (const id of await repos.cases.meetingIds(equipe.id)) {
    const meeting = await repos.meetings.findById(id);
    if (meeting === undefined) continue;
    const state: Rich =
      meeting.status === "confirmed" && meeting.startsAt
        ? t(locale, "case.md.meetingConfirmed", { when: when(meeting.startsAt) })
        : meeting.status === "polling"
          ? t(locale, "case.md.meetingPolling", { when: when(meeting.deadline) })
          : t(locale, "case.md.meetingCancelled");
    const answers = await repos.meetings.answers(meeting.id);
    const slots = meeting.slots.map((slot) => {
      const given = answers.filter((a) => a.slotId === slot.id);
      return t(locale, "case.md.slot", {
        n: slot.position,
        when: when(slot.startsAt),
        answers:
          given.length === 0
            ? t(locale, "case.md.noAnswers")
            : given
                .map((a) =>
                  plainText(
                    t(locale, "case.md.answer", {
                      name: name(a.memberId),
                      answer: t(locale, `answer.${a.answer}`),
                    }),
                  ),
                )
                .join("; "),
      });
    });
    meetingItems.push({
      content: t(locale, "case.md.meeting", { purpose: purposeName(locale, meeting), state }),
      items: slots,
    });
  }
  doc.push(list(meetingItems, locale));

  let markdown = markdownDocument(doc);
  const sections: string[] = [];
  const decisionIds = await repos.cases.decisionIds(equipe.id);
  sections.push(`## ${plainText(t(locale, "case.md.decisions"))}`);
  if (decisionIds.length === 0) sections.push(plainText(t(locale, "case.md.none")));
  for (const id of decisionIds) {
    const decision = await repos.decisions.findById(id);
    if (decision) sections.push(nested(await decisionRecord(scope as Scope, decision)));
  }
  const versionsOf = async (heading: Rich, docs: Parameters<typeof repos.summaries.history>[1][]) => {
    sections.push(`## ${plainText(heading)}`);
    let any = false;
    for (const document of docs)
      for (const header of [...(await repos.summaries.history(equipe.id, document))].reverse()) {
        const version = await repos.summaries.version(header.id);
        if (version === undefined) continue;
        any = true;
        const ctx = { equipe, locale, circulatedBy: byId.get(version.circulatedBy), now };
        sections.push(nested(markdownDocument(summaryDocument(version, ctx))));
      }
    if (!any) sections.push(plainText(t(locale, "case.md.none")));
  };
  await versionsOf(t(locale, "case.md.summaries"), [SUMMARY]);
  const minutes = [...(await repos.summaries.minutesOf(equipe.id)).keys()].map(
    (meetingId) => ({ kind: "minutes", meetingId }) as Parameters<typeof repos.summaries.history>[1],
  );
  await versionsOf(t(locale, "case.md.minutes"), minutes);

  const requests: DocListItem[] = [];
  const numbers = new Map<string, number>();
  for (const comment of [...(await repos.summaries.comments(equipe.id, {}))].reverse()) {
    if (!numbers.has(comment.versionId))
      numbers.set(comment.versionId, (await repos.summaries.version(comment.versionId))?.number ?? 0);
    const content = t(locale, "case.md.request", {
      date: when(comment.at),
      name: name(comment.memberId),
      section: sectionTitle(locale, comment.section),
      number: numbers.get(comment.versionId) ?? 0,
      text: comment.text,
    });
    requests.push(
      comment.answer
        ? {
            content,
            items: [
              t(locale, "case.md.requestAnswer", {
                name: name(comment.answer.by),
                date: when(comment.answer.at),
                text: comment.answer.text,
              }),
            ],
          }
        : content,
    );
  }
  const tail: DocBlock[] = [
    { type: "heading", level: 2, content: t(locale, "case.md.requests") },
    list(requests, locale),
  ];
  tail.push({ type: "heading", level: 2, content: t(locale, "case.md.trail") });
  const trail = await repos.cases.trail(equipe.id);
  tail.push(
    list(
      trail.map((entry) =>
        t(locale, "case.md.trailLine", {
          date: when(entry.at),
          who: entry.actorId ? name(entry.actorId) : "Équipe",
          action: lineFor(locale, `audit.${entry.action}`),
          subject: entry.subjectId ? ` (${entry.subjectId})` : "",
        }),
      ),
      locale,
    ),
  );
  markdown = [markdown, ...sections, markdownDocument(tail)].join("\n\n");
  return `${markdown.trim()}\n`;
}

/** A list, or "None." where there is nothing to list. */
const list = (items: DocListItem[], locale: Parameters<typeof t>[0]): DocBlock =>
  items.length > 0 ? { type: "list", items } : { type: "paragraph", content: t(locale, "case.md.none") };

function memberLine(locale: Parameters<typeof t>[0], m: MemberRecord): Rich {
  const details: Rich = [
    ...(m.isCoordinator ? t(locale, "case.md.coordinator") : []),
    ...(m.email ? t(locale, "case.md.email", { email: m.email }) : []),
    ...(m.phone ? t(locale, "case.md.phone", { phone: m.phone }) : []),
  ];
  return t(locale, "case.md.member", {
    name: plainName(locale, m),
    role: roleName(locale, m),
    details: details.length > 0 ? details : [text("")],
  });
}
