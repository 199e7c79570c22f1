import { type Block, lines, type Message, type Rich, textMessage } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { type CommandDef, command } from "../../core/feature.ts";
import { mentionOf, roleName } from "../../core/people.ts";
import { asCoordinator } from "../../core/request.ts";
import type { EquipeRecord } from "../../domain/equipe.ts";
import { DomainError } from "../../domain/errors.ts";
import { newId } from "../../domain/ids.ts";
import type { SummaryVersionRecord } from "../../domain/summary.ts";
import { formatDateTime } from "../../domain/time.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { SUMMARY_ACTIONS, sectionList, sectionTitle } from "./messages.ts";
import { type MemberReadState, readStates } from "./queries.ts";

/** How long an editor link opens: an evening's writing, not a standing key to the case. */
export const EDIT_LINK_MINUTES = 60;
/** Requests listed with their buttons in one message. */
const REQUESTS_SHOWN = 10;
const ECHO_MAX = 30;
const VERSION_MAX = 100_000;

type SummaryInput = { what: "editor" } | { what: "reads"; number: number | undefined } | { what: "requests" };

function parseSummary(args: readonly string[]): SummaryInput | DomainError {
  const [word, ...rest] = args;
  if (word === undefined) return { what: "editor" };
  const lower = word.toLowerCase();
  if ((lower === "letture" || lower === "reads") && rest.length <= 1) {
    if (rest[0] === undefined) return { what: "reads", number: undefined };
    const number = /^\d{1,6}$/.test(rest[0]) ? Number(rest[0]) : Number.NaN;
    if (!Number.isInteger(number) || number < 1 || number > VERSION_MAX)
      return new DomainError("summary.wordUnknown", { word: rest[0].slice(0, ECHO_MAX) });
    return { what: "reads", number };
  }
  if ((lower === "richieste" || lower === "requests") && rest.length === 0) return { what: "requests" };
  return new DomainError("summary.wordUnknown", { word: [word, ...rest].join(" ").slice(0, ECHO_MAX) });
}

/**
 * `sintesi`: the coordinator alone gets a short-lived link to the editor (a web page: long text
 * is written there, not in a chat form), with where the summary stands. `sintesi letture`: who
 * opened and acknowledged a version. `sintesi richieste`: the readers' requests awaiting an answer.
 */
const summary = command<SummaryInput>({
  name: "summary",
  words: ["summary", "sintesi"],
  usage: "usage.summary",
  parse: parseSummary,
  async run(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member, now, tell }) => {
        if (input.what === "editor") {
          const id = newId<"EditLinkId">();
          await repos.summaries.issueEditLink(
            {
              id,
              tokenHash: deps.links.hashOf("edit", id),
              equipeId: equipe.id,
              memberId: member.id,
              expiresAt: new Date(now.getTime() + EDIT_LINK_MINUTES * 60_000),
            },
            now,
          );
          const latest = await repos.summaries.latest(equipe.id);
          const draft = await repos.summaries.draft(equipe.id);
          const states = latest ? await readStates(repos, equipe, latest) : [];
          const open = (await repos.summaries.comments(equipe.id, { open: true })).length;
          const sealed = deps.links.sealed("edit", id);
          await tell.actor(
            req,
            ({ locale }) => editorMessage(locale, equipe, sealed, { latest, draftAt: draft?.updatedAt, states, open }),
            member,
          );
          return;
        }
        if (input.what === "reads") {
          const version =
            input.number === undefined
              ? await repos.summaries.latest(equipe.id)
              : await repos.summaries.versionNumbered(equipe.id, input.number);
          if (version === undefined) {
            if (input.number === undefined) throw new DomainError("summary.noVersion");
            throw new DomainError("summary.readsUnknownVersion", { number: input.number });
          }
          const states = await readStates(repos, equipe, version);
          await tell.actor(req, ({ locale }) => readsMessage(locale, equipe, version, states), member);
          return;
        }
        const open = await repos.summaries.comments(equipe.id, { open: true });
        const authors = await Promise.all(open.map((c) => repos.members.findById(c.memberId)));
        const versions = new Map((await repos.summaries.history(equipe.id)).map((v) => [v.id, v.number]));
        await tell.actor(
          req,
          ({ locale }) => {
            if (open.length === 0) return textMessage(t(locale, "summary.requestsNone"));
            const blocks: Block[] = [
              { type: "text", content: t(locale, "summary.requestsHeader", { count: open.length, caseCode: equipe.caseCode }) },
            ];
            open.slice(0, REQUESTS_SHOWN).forEach((comment, index) => {
              const author = authors[index];
              blocks.push(
                {
                  type: "text",
                  content: t(locale, "summary.requestLine", {
                    who: author ? [mentionOf(locale, author)] : "—",
                    role: author ? roleName(locale, author) : "",
                    section: sectionTitle(locale, comment.section),
                    number: versions.get(comment.versionId) ?? 0,
                    date: formatDateTime(comment.at, equipe.timezone, locale),
                  }),
                },
                {
                  type: "actions",
                  buttons: [
                    {
                      action: SUMMARY_ACTIONS.answer,
                      value: comment.id,
                      label: label(locale, "summary.answerButton"),
                      style: "default",
                      selected: false,
                      dialog: true,
                    },
                  ],
                },
              );
            });
            return { blocks, attachments: [] };
          },
          member,
        );
      },
      { once: input.what === "editor" },
    );
  },
});

/** The editor link (only the coordinator sees it) and where the summary stands. */
function editorMessage(
  locale: Locale,
  equipe: EquipeRecord,
  sealed: string,
  state: { latest: SummaryVersionRecord | undefined; draftAt: Date | undefined; states: MemberReadState[]; open: number },
): Message {
  const readers = state.states.filter((s) => s.readable.length > 0 && s.member.id !== state.latest?.circulatedBy);
  const done = readers.filter((s) => s.pending.length === 0).length;
  const where: Rich[] = [
    state.latest
      ? t(locale, "summary.latest", {
          number: state.latest.number,
          date: formatDateTime(state.latest.circulatedAt, equipe.timezone, locale),
          acknowledged: done,
          readers: readers.length,
        })
      : t(locale, "summary.noVersion"),
  ];
  if (state.draftAt)
    where.push(t(locale, "summary.draftWaiting", { date: formatDateTime(state.draftAt, equipe.timezone, locale) }));
  if (state.open > 0) where.push(t(locale, "summary.openRequests", { count: state.open }));
  const head = t(locale, "summary.editLink", { caseCode: equipe.caseCode });
  return {
    summary: head,
    blocks: [
      { type: "text", content: head },
      { type: "link", url: sealed, label: label(locale, "summary.editLinkLabel") },
      { type: "note", content: t(locale, "summary.editLinkNote", { minutes: String(EDIT_LINK_MINUTES) }) },
      { type: "text", content: lines(where) },
    ],
    attachments: [],
  };
}

/** Who opened and acknowledged a version: for the coordinators only, privately. */
function readsMessage(
  locale: Locale,
  equipe: EquipeRecord,
  version: SummaryVersionRecord,
  states: MemberReadState[],
): Message {
  const when = (at: Date) => formatDateTime(at, equipe.timezone, locale);
  const rows: Rich[] = [];
  for (const state of states) {
    const words = { who: [mentionOf(locale, state.member)], role: roleName(locale, state.member) };
    let line: Rich;
    if (state.readable.length === 0) line = t(locale, "summary.readsNothing", words);
    else if (state.acknowledged?.number === version.number)
      line = t(locale, "summary.readsAcknowledged", { ...words, date: when(state.acknowledged.at) });
    else if (state.pending.length === 0 && state.acknowledged !== undefined)
      line = t(locale, "summary.readsAcknowledgedEarlier", { ...words, number: state.acknowledged.number });
    else line = t(locale, "summary.readsPending", { ...words, sections: sectionList(locale, state.pending) });
    const openings =
      state.openings.length === 0
        ? t(locale, "summary.readsNeverOpened")
        : t(locale, "summary.readsOpenings", {
            times: state.openings
              .map((o) =>
                plainText(
                  t(locale, "summary.readOn", {
                    date: when(o.at),
                    channel: channelName(locale, o.channel),
                  }),
                ),
              )
              .join(", "),
          });
    if (state.readable.length > 0) line = [...line, { type: "text", text: " — " }, ...openings];
    rows.push(line);
  }
  return {
    blocks: [
      { type: "text", content: t(locale, "summary.readsHeader", { number: version.number, caseCode: equipe.caseCode }) },
      { type: "text", content: lines(rows) },
    ],
    attachments: [],
  };
}

const channelName = (locale: Locale, channel: string): string =>
  channel === "slack" || channel === "teams" || channel === "web"
    ? label(locale, `summary.channel.${channel}`)
    : channel;

export const commands: readonly CommandDef[] = [summary];
