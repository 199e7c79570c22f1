import { type Block, lines, type Message, type Rich, textMessage } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { type CommandDef, command } from "../../core/feature.ts";
import { mentionOf, roleName } from "../../core/people.ts";
import { asCoordinator, requestChannel, type Scope } from "../../core/request.ts";
import type { EquipeRecord, MemberRecord } from "../../domain/equipe.ts";
import { DomainError } from "../../domain/errors.ts";
import { newId } from "../../domain/ids.ts";
import { type DocumentRef, SUMMARY, type SummaryVersionRecord } from "../../domain/summary.ts";
import { formatDateTime } from "../../domain/time.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { type DocContext, ofDoc, SUMMARY_ACTIONS, sectionList, sectionTitle } from "./messages.ts";
import { docContext, type MemberReadState, readStates } from "./queries.ts";

/** How long an editor link opens: an evening's writing, not a standing key to the case. */
export const EDIT_LINK_MINUTES = 60;
/** Requests listed with their buttons in one message. */
const REQUESTS_SHOWN = 10;
const ECHO_MAX = 30;
const VERSION_MAX = 100_000;

type SummaryInput = { what: "editor" } | { what: "reads"; number: number | undefined } | { what: "requests" };

function parseMinutes(args: readonly string[]): SummaryInput | DomainError {
  const read = parseSummary(args);
  if (!(read instanceof DomainError) && read.what === "requests")
    return new DomainError("summary.wordUnknown", { word: args.join(" ").slice(0, ECHO_MAX) });
  return read;
}

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
 * The document a command is about: the summary, or the minutes of the latest confirmed meeting
 * that has begun (none: nothing to write minutes of).
 */
type Resolve = (
  repos: Scope["repos"],
  equipe: EquipeRecord,
  now: Date,
) => Promise<{ doc: DocumentRef; meetingAt: Date | undefined }>;

const summaryDoc: Resolve = async () => ({ doc: SUMMARY, meetingAt: undefined });
const lastMeetingMinutes: Resolve = async (repos, equipe, now) => {
  const meeting = await repos.meetings.findLastBegun(equipe.id, now);
  if (meeting === undefined || meeting.startsAt === undefined) throw new DomainError("minutes.noMeeting");
  return { doc: { kind: "minutes", meetingId: meeting.id }, meetingAt: meeting.startsAt };
};

/**
 * `sintesi` / `verbale-incontro`: the coordinator alone gets a short-lived link to the editor (a
 * web page: long text is written there, not in a chat form), with where the document stands.
 * `… letture`: who opened and acknowledged a version. `sintesi richieste`: the readers' requests
 * awaiting an answer.
 */
function documentCommand(spec: {
  name: string;
  words: readonly string[];
  usage: "usage.summary" | "usage.minutes";
  parse: (args: readonly string[]) => SummaryInput | DomainError;
  resolve: Resolve;
}): CommandDef {
  return command<SummaryInput>({
    name: spec.name,
    words: spec.words,
    usage: spec.usage,
    parse: spec.parse,
    async run(deps, req, input) {
      await asCoordinator(
        deps,
        req,
        "conversation",
        async ({ repos, equipe, member, now, tell }) => {
          if (input.what === "requests") {
            await tellRequests(repos, equipe, (build) => tell.actor(req, build, member));
            return;
          }
          const { doc, meetingAt } = await spec.resolve(repos, equipe, now);
          if (input.what === "editor") {
            const id = newId<"EditLinkId">();
            await repos.summaries.issueEditLink(
              {
                id,
                tokenHash: deps.links.hashOf("edit", id),
                equipeId: equipe.id,
                document: doc,
                memberId: member.id,
                expiresAt: new Date(now.getTime() + EDIT_LINK_MINUTES * 60_000),
              },
              now,
            );
            const latest = await repos.summaries.latest(equipe.id, doc);
            const draft = await repos.summaries.draft(equipe.id, doc);
            const states = latest ? await readStates(repos, equipe, latest) : [];
            const open =
              doc.kind === "summary" ? (await repos.summaries.comments(equipe.id, { open: true })).length : 0;
            const sealed = deps.links.sealed("edit", id);
            await tell.actor(
              req,
              ({ locale }) =>
                editorMessage(locale, equipe, sealed, {
                  doc,
                  meetingAt,
                  latest,
                  draftAt: draft?.updatedAt,
                  states,
                  open,
                }),
              member,
            );
            return;
          }
          const version =
            input.number === undefined
              ? await repos.summaries.latest(equipe.id, doc)
              : await repos.summaries.versionNumbered(equipe.id, input.number, doc);
          if (version === undefined) {
            if (input.number === undefined) throw new DomainError("summary.noVersion");
            throw new DomainError("summary.readsUnknownVersion", { number: input.number });
          }
          const states = await readStates(repos, equipe, version);
          const ctx = await docContext(repos, equipe, version);
          await tell.actor(req, ({ locale }) => readsMessage(locale, ctx, states, member), member);
        },
        { once: input.what === "editor" },
      );
    },
  });
}

const summary = documentCommand({
  name: "summary",
  words: ["summary", "sintesi"],
  usage: "usage.summary",
  parse: parseSummary,
  resolve: summaryDoc,
});

const minutes = documentCommand({
  name: "minutes",
  words: ["minutes", "verbale-incontro"],
  usage: "usage.minutes",
  parse: parseMinutes,
  resolve: lastMeetingMinutes,
});

/** The readers' requests without an answer, each with its button: privately, to the coordinator. */
async function tellRequests(
  repos: Scope["repos"],
  equipe: EquipeRecord,
  send: (build: (reader: { locale: Locale }) => Message) => Promise<void>,
): Promise<void> {
  const open = await repos.summaries.comments(equipe.id, { open: true });
  const authors = await Promise.all(open.map((c) => repos.members.findById(c.memberId)));
  const numbers = new Map<string, number>();
  for (const comment of open) {
    if (numbers.has(comment.versionId)) continue;
    numbers.set(comment.versionId, (await repos.summaries.version(comment.versionId))?.number ?? 0);
  }
  await send(({ locale }) => {
    if (open.length === 0) return textMessage(t(locale, "summary.requestsNone"));
    const blocks: Block[] = [
      {
        type: "text",
        content: t(locale, "summary.requestsHeader", { count: open.length, caseCode: equipe.caseCode }),
      },
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
            number: numbers.get(comment.versionId) ?? 0,
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
  });
}

/** The editor link (only the coordinator sees it) and where the summary stands. */
function editorMessage(
  locale: Locale,
  equipe: EquipeRecord,
  sealed: string,
  state: {
    doc: DocumentRef;
    meetingAt: Date | undefined;
    latest: SummaryVersionRecord | undefined;
    draftAt: Date | undefined;
    states: MemberReadState[];
    open: number;
  },
): Message {
  const readers = state.states.filter(
    (s) => s.readable.length > 0 && s.member.id !== state.latest?.circulatedBy,
  );
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
    where.push(
      t(locale, "summary.draftWaiting", { date: formatDateTime(state.draftAt, equipe.timezone, locale) }),
    );
  if (state.open > 0) where.push(t(locale, "summary.openRequests", { count: state.open }));
  const minutes = state.doc.kind === "minutes";
  const head = minutes
    ? t(locale, "minutes.editLink", {
        date: state.meetingAt ? formatDateTime(state.meetingAt, equipe.timezone, locale) : "",
        caseCode: equipe.caseCode,
      })
    : t(locale, "summary.editLink", { caseCode: equipe.caseCode });
  return {
    summary: head,
    blocks: [
      { type: "text", content: head },
      {
        type: "link",
        url: sealed,
        label: label(locale, minutes ? "minutes.editLinkLabel" : "summary.editLinkLabel"),
      },
      { type: "note", content: t(locale, "summary.editLinkNote", { minutes: String(EDIT_LINK_MINUTES) }) },
      { type: "text", content: lines(where) },
    ],
    attachments: [],
  };
}

/** Who opened and acknowledged a version: for the coordinators only, privately. */
function readsMessage(
  locale: Locale,
  ctx: DocContext,
  states: MemberReadState[],
  reader: MemberRecord,
): Message {
  const { equipe, version } = ctx;
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
      {
        type: "text",
        content: t(locale, "summary.readsHeader", { number: version.number, of: ofDoc(locale, ctx, reader) }),
      },
      { type: "text", content: lines(rows) },
    ],
    attachments: [],
  };
}

const channelName = (locale: Locale, value: string): string => {
  const channel = requestChannel(value);
  return channel === undefined ? value : label(locale, `summary.channel.${channel}`);
};

export const commands: readonly CommandDef[] = [summary, minutes];
