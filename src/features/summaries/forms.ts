import { z } from "zod";
import { lines, textMessage } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { type FormDef, field, fieldErrors, firstError, form } from "../../core/feature.ts";
import { mentionOf, personLabel, roleName } from "../../core/people.ts";
import { reachReport } from "../../core/reach.ts";
import { about, asCoordinator, asMember, equipeNamed, type Request, type Scope } from "../../core/request.ts";
import type { EquipeRecord, MemberRecord } from "../../domain/equipe.ts";
import { DomainError } from "../../domain/errors.ts";
import type { FieldErrors, FormField, FormSpec } from "../../domain/forms.ts";
import { type DecisionId, type EquipeId, type MemberId, newId } from "../../domain/ids.ts";
import { ROLES } from "../../domain/roles.ts";
import {
  ALL_SECTION_KEYS,
  changedSections,
  commentKindSchema,
  type DocumentRef,
  documentKey,
  documentOf,
  MAX_COMMENT_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_SECTION_LENGTH,
  parseSummaryForm,
  readableSections,
  type SectionKey,
  SUMMARY,
  type SummaryCommentId,
  type SummaryFormValues,
  type SummarySections,
  type SummaryVersionId,
  type SummaryVersionRecord,
  sectionKeySchema,
  sectionKeysOf,
  toAcknowledge,
} from "../../domain/summary.ts";
import { formatLocalInput } from "../../domain/time.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { readsCaseCode } from "../meetings/messages.ts";
import type { MeetingRecord } from "../meetings/repository.ts";
import { summaryJobKeys, summaryReminder } from "./jobs.ts";
import {
  answerByLink,
  answerForm,
  answerReadForm,
  type DocContext,
  noticeMessage,
  ofDoc,
  readForm,
  SUMMARY_ACTIONS,
  SUMMARY_FORMS,
  sectionTitle,
  summaryByLink,
} from "./messages.ts";
import {
  docContext,
  type EditorState,
  editorState,
  minutesFacts,
  type ReaderView,
  readerView,
} from "./queries.ts";

/** Ids from our own buttons and pages. */
const ID = z.string().min(1).max(64);
const FORM_DATE_MAX = 40;
/** Decisions offered for linking to minutes. */
const LINKABLE_DECISIONS = 50;

/** What an editor form carries: the équipe, and the document unless it is the summary (`<équipe>/minutes:<meeting>`). */
export const editMetadata = (equipeId: string, doc: DocumentRef): string =>
  doc.kind === "summary" ? equipeId : `${equipeId}/${documentKey(doc)}`;

const editMetadataSchema = z
  .string()
  .min(1)
  .max(200)
  .transform((value, ctx) => {
    const [equipeId = "", key] = value.split("/");
    const doc = key === undefined ? SUMMARY : documentOf(key);
    if (!ID.safeParse(equipeId).success || doc === undefined) {
      ctx.addIssue({ code: "custom", message: "not an editor's metadata" });
      return z.NEVER;
    }
    return { equipeId: equipeId as EquipeId, doc };
  });

/** A version, with its équipe, as what the request is about. */
export const aboutVersion = (id: string) =>
  about(async (repos) =>
    ID.safeParse(id).success ? repos.summaries.version(id as SummaryVersionId) : undefined,
  );

/** A request on a section, with its équipe, as what the request is about. */
export const aboutComment = (id: string) =>
  about(async (repos) =>
    ID.safeParse(id).success ? repos.summaries.comment(id as SummaryCommentId) : undefined,
  );

/** The meeting minutes are written for, checked: of this équipe, confirmed, begun. */
export async function minutesMeeting(
  repos: Scope["repos"],
  equipe: EquipeRecord,
  doc: DocumentRef,
  now: Date,
): Promise<MeetingRecord | undefined> {
  if (doc.kind !== "minutes") return undefined;
  const meeting = await repos.meetings.findById(doc.meetingId);
  if (
    meeting === undefined ||
    meeting.equipeId !== equipe.id ||
    meeting.status !== "confirmed" ||
    meeting.startsAt === undefined ||
    meeting.startsAt.getTime() > now.getTime()
  )
    throw new DomainError("minutes.noMeeting");
  return meeting;
}

/** What the editor offers to choose from: the équipe's members (who attended) and decisions (taken there). */
export interface EditChoices {
  members: MemberRecord[];
  decisions: { id: string; question: string }[];
}

export async function editChoices(
  repos: Scope["repos"],
  equipe: EquipeRecord,
  doc: DocumentRef,
): Promise<EditChoices> {
  if (doc.kind === "summary") return { members: [], decisions: [] };
  const members = await repos.members.listActive(equipe.id);
  const pending = await repos.decisions.findPending(equipe.id);
  const recorded = await repos.decisions.recorded(equipe.id, LINKABLE_DECISIONS);
  const decisions = [...(pending ? [pending] : []), ...recorded].map((d) => ({
    id: d.id,
    question: d.question,
  }));
  return { members, decisions };
}

/** A day as a date picker takes it (`2026-12-20`), in the équipe's zone. */
const dateInput = (at: Date | undefined, timeZone: string): string =>
  at === undefined ? "" : formatLocalInput(at, timeZone).slice(0, "YYYY-MM-DD".length);

/** The editor as a form (the web editor writes the same fields, larger). */
export function editForm(
  locale: Locale,
  equipe: EquipeRecord,
  state: Pick<EditorState, "sections" | "note" | "acknowledgeBy" | "document" | "attendees" | "decisionIds">,
  choices: EditChoices,
): FormSpec {
  const fields: FormField[] = [];
  if (state.document.kind === "minutes")
    fields.push(
      {
        kind: "multiselect",
        name: "attendees",
        label: label(locale, "minutes.attendeesLabel"),
        options: choices.members.map((m) => ({
          value: m.id,
          label: `${personLabel(m)} (${plainText(roleName(locale, m))})`,
        })),
        initial: state.attendees,
      },
      {
        kind: "multiselect",
        name: "decisions",
        label: label(locale, "minutes.decisionsLabel"),
        options: choices.decisions.map((d) => ({ value: d.id, label: d.question.slice(0, OPTION_MAX) })),
        initial: state.decisionIds,
      },
    );
  for (const key of sectionKeysOf(state.document)) {
    const section = state.sections[key];
    fields.push(
      {
        kind: "text",
        name: `text_${key}`,
        label: sectionTitle(locale, key),
        hint: t(locale, `sectionHint.${key}`),
        initial: section.text,
        multiline: true,
        optional: true,
        maxLength: MAX_SECTION_LENGTH,
      },
      {
        kind: "multiselect",
        name: `audience_${key}`,
        label: plainLabel(locale, key),
        options: [
          { value: "everyone", label: label(locale, "audience.everyone") },
          ...ROLES.map((role) => ({ value: role, label: plainText(roleName(locale, { role })) })),
        ],
        initial: section.audience.kind === "everyone" ? ["everyone"] : section.audience.roles,
      },
    );
  }
  fields.push(
    {
      kind: "text",
      name: "note",
      label: label(locale, "summary.note"),
      initial: state.note,
      multiline: false,
      optional: true,
      maxLength: MAX_NOTE_LENGTH,
    },
    {
      kind: "text",
      name: "acknowledgeBy",
      label: label(locale, "summary.acknowledgeBy"),
      initial: dateInput(state.acknowledgeBy, equipe.timezone),
      multiline: false,
      optional: true,
      maxLength: FORM_DATE_MAX,
    },
    {
      kind: "select",
      name: "intent",
      label: label(locale, "summary.intent"),
      options: [
        { value: "save", label: label(locale, "summary.intentSave") },
        { value: "circulate", label: label(locale, "summary.intentCirculate") },
      ],
      initial: "save",
    },
  );
  return {
    id: SUMMARY_FORMS.edit,
    title: label(locale, state.document.kind === "summary" ? "summary.editTitle" : "minutes.editTitle"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: editMetadata(equipe.id, state.document),
    fields,
    confidential: true,
    // Six long sections outgrow what a chat platform's form holds: the web editor holds them all.
    elsewhere: t(
      locale,
      state.document.kind === "summary" ? "summary.editElsewhere" : "minutes.editElsewhere",
    ),
  };
}

/** Option labels are short on every platform. */
const OPTION_MAX = 75;

const plainLabel = (locale: Locale, key: SectionKey) =>
  `${sectionTitle(locale, key)} — ${locale === "it" ? "chi la legge" : "who reads it"}`;

/** An editor's text is read whole up to twice a section's limit: the domain says how long it may be. */
const longField = () =>
  z
    .string()
    .max(MAX_SECTION_LENGTH * 2)
    .default("");
/** Fields a form of the other kind of document does not have read as empty. */
const optionalField = () => field().default("");
const editShape = z.object({
  ...Object.fromEntries(
    ALL_SECTION_KEYS.flatMap((key) => [
      [`text_${key}`, longField()],
      [`audience_${key}`, optionalField()],
    ]),
  ),
  note: field(),
  acknowledgeBy: field(),
  intent: field(),
  attendees: optionalField(),
  decisions: optionalField(),
}) as unknown as z.ZodObject<Record<keyof SummaryFormValues, z.ZodType<string>>>;

/** Reads the editor's fields against what this équipe has (its members, its decisions). */
function parseEdit(
  input: SummaryFormValues,
  equipe: EquipeRecord,
  now: Date,
  doc: DocumentRef,
  choices: EditChoices,
) {
  return parseSummaryForm(input, equipe.timezone, now, doc, {
    members: new Set(choices.members.map((m) => m.id)),
    decisions: new Set(choices.decisions.map((d) => d.id)),
  });
}

/**
 * The editor of the summary, or of a meeting's minutes: a coordinator saves a draft or circulates
 * a new version. Circulating makes an immutable numbered version, tells each member whose
 * sections it holds (asking those whose sections changed to acknowledge it), and schedules the
 * acknowledge-by reminder.
 */
export const edit: FormDef = form({
  id: SUMMARY_FORMS.edit,
  opened: "private",
  values: editShape,
  metadata: editMetadataSchema,
  authorize: (deps, req, { equipeId, doc }) =>
    asCoordinator(
      deps,
      req,
      equipeNamed(equipeId, doc),
      async ({ repos, equipe, locale, now }) => {
        await minutesMeeting(repos, equipe, doc, now);
        return {
          equipe,
          locale,
          state: await editorState(repos, equipe, doc),
          choices: await editChoices(repos, equipe, doc),
        };
      },
      { once: false },
    ),
  async validate(deps, _req, { equipe, locale, state, choices }, input) {
    const parsed = parseEdit(input, equipe, deps.clock.now(), state.document, choices);
    const shown = () => editForm(locale, equipe, state, choices);
    if (!parsed.ok) return { errors: fieldErrors(locale, parsed.errors), form: shown() };
    if (parsed.intent === "circulate" && state.latest && !changedFrom(state.latest, parsed)) {
      const first = sectionKeysOf(state.document)[0] ?? "needs";
      return {
        errors: fieldErrors(locale, {
          [`text_${first}`]: new DomainError("summary.nothingChanged", { number: state.latest.number }),
        }),
        form: shown(),
      };
    }
    return undefined;
  },
  again: ({ locale, equipe, state, choices }) => ({ form: editForm(locale, equipe, state, choices), locale }),
  async submit(deps, req, input, { equipeId, doc }) {
    await asCoordinator(deps, req, equipeNamed(equipeId, doc), async (scope) => {
      const { repos, equipe, member, now, tell } = scope;
      const meeting = await minutesMeeting(repos, equipe, doc, now);
      const choices = await editChoices(repos, equipe, doc);
      const parsed = parseEdit(input, equipe, now, doc, choices);
      if (!parsed.ok) throw firstError(parsed.errors);
      if (parsed.intent === "save") {
        await repos.summaries.saveDraft(
          equipe.id,
          {
            sections: parsed.sections,
            attendees: parsed.attendees,
            decisionIds: parsed.decisionIds,
            note: parsed.note,
            acknowledgeBy: parsed.acknowledgeBy,
            updatedAt: now,
            updatedBy: member.id,
          },
          doc,
        );
        await scope.audit("summary.draftSaved", meeting?.id);
        await tell.actor(req, ({ locale }) => textMessage(t(locale, "summary.saved")), member);
        return;
      }
      const version = await circulate(req, scope, doc, meeting, parsed);
      deps.log("summary.circulated", { number: version.number, document: doc.kind });
    });
  },
});

/** Whether a submission differs from the latest version: its sections, or (minutes) who attended and what was decided. */
function changedFrom(
  latest: SummaryVersionRecord,
  parsed: { sections: SummarySections; attendees: MemberId[]; decisionIds: DecisionId[] },
): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    [...a].sort().join(",") === [...b].sort().join(",");
  return (
    changedSections(latest.sections, parsed.sections).length > 0 ||
    !same(latest.attendees, parsed.attendees) ||
    !same(latest.decisionIds, parsed.decisionIds)
  );
}

/** Makes the next version, tells its readers, and says to the coordinator whom it reached. */
async function circulate(
  req: Request,
  scope: Scope<DocumentRef>,
  doc: DocumentRef,
  meeting: MeetingRecord | undefined,
  parsed: {
    sections: SummarySections;
    note: string;
    acknowledgeBy: Date | undefined;
    attendees: MemberId[];
    decisionIds: DecisionId[];
  },
): Promise<SummaryVersionRecord> {
  const { repos, equipe, member: coordinator, now, tell } = scope;
  const latest = await repos.summaries.latest(equipe.id, doc);
  if (latest && !changedFrom(latest, parsed))
    throw new DomainError("summary.nothingChanged", { number: latest.number });
  const changed = changedSections(latest?.sections, parsed.sections);
  const version: SummaryVersionRecord = {
    id: newId<"SummaryVersionId">(),
    equipeId: equipe.id,
    document: doc,
    attendees: parsed.attendees,
    decisionIds: parsed.decisionIds,
    number: (latest?.number ?? 0) + 1,
    note: parsed.note,
    changed,
    sections: parsed.sections,
    circulatedAt: now,
    circulatedBy: coordinator.id,
    acknowledgeBy: parsed.acknowledgeBy,
  };
  if (!(await repos.summaries.circulate(version)))
    throw new DomainError("summary.circulatedMeanwhile", { number: version.number });
  await repos.summaries.dropDraft(equipe.id, doc);
  // Its author read what they circulated: the baseline of what they are asked about next.
  await repos.summaries.acknowledge(version.id, equipe.id, coordinator.id, now);
  await scope.audit(doc.kind === "summary" ? "summary.circulated" : "minutes.circulated", version.id);
  const ctx: DocContext = { equipe, version, contact: coordinator, meetingAt: meeting?.startsAt };
  const pending = await pendingByMember(scope, version);
  const readers = (await repos.members.listActive(equipe.id)).filter(
    (m) => m.id !== coordinator.id && readableSections(version.sections, m).length > 0,
  );
  const asked = readers.filter((m) => (pending.get(m.id) ?? []).length > 0);
  const told = readers.filter((m) => (pending.get(m.id) ?? []).length === 0);
  const build = ({ locale, member }: { locale: Locale; member: MemberRecord | undefined }) =>
    noticeMessage(locale, ctx, member ?? coordinator, member ? (pending.get(member.id) ?? []) : []);
  const reached = await tell.remind(asked, build, summaryByLink("notice", ctx), { answer: true });
  // Nothing changed for them: a word in chat, where they can still open it; no letter for nothing.
  for (const member of told) await tell.member(member, build, { answer: true });
  await tell.actor(
    req,
    ({ locale }) =>
      textMessage(
        lines([
          t(locale, "summary.circulated", { number: version.number, of: ofDoc(locale, ctx, coordinator) }),
          ...(reached.length > 0 ? [reachReport(locale, reached)] : []),
        ]),
      ),
    coordinator,
  );
  if (version.acknowledgeBy)
    await summaryReminder.schedule(
      repos,
      summaryJobKeys.reminder(version.id),
      version.acknowledgeBy,
      { versionId: version.id },
      now,
    );
  return version;
}

/** Each active member's sections still to acknowledge in this version. */
export async function pendingByMember(
  scope: Pick<Scope, "repos" | "equipe">,
  version: SummaryVersionRecord,
): Promise<Map<string, SectionKey[]>> {
  const { repos, equipe } = scope;
  const acks = await repos.summaries.latestAcknowledgements(equipe.id, version.document);
  const members = await repos.members.listActive(equipe.id);
  const versions = new Map<number, SummaryVersionRecord | undefined>();
  const out = new Map<string, SectionKey[]>();
  for (const member of members) {
    const ack = acks.get(member.id);
    let base: SummaryVersionRecord | undefined;
    if (ack !== undefined) {
      if (!versions.has(ack.number))
        versions.set(
          ack.number,
          await repos.summaries.versionNumbered(equipe.id, ack.number, version.document),
        );
      base = versions.get(ack.number);
    }
    out.set(
      member.id,
      ack !== undefined && ack.number >= version.number
        ? []
        : toAcknowledge(version.sections, base?.sections, member),
    );
  }
  return out;
}

const readValues = z.object({ ack: field(), section: field(), kind: field(), comment: field() });

/** A comment's errors, where its fields disagree. */
function commentErrors(
  locale: Locale,
  input: z.infer<typeof readValues>,
  view: ReaderView,
): FieldErrors | undefined {
  const comment = input.comment.trim();
  const section = input.section.trim();
  if (comment === "" && section === "") return undefined;
  if (comment.length > MAX_COMMENT_LENGTH)
    return fieldErrors(locale, {
      comment: new DomainError("summary.commentTooLong", { max: MAX_COMMENT_LENGTH }),
    });
  if (comment === "") return fieldErrors(locale, { comment: new DomainError("summary.commentNeedsText") });
  if (section === "" || !view.sections.some((s) => s.key === section))
    return fieldErrors(locale, { section: new DomainError("summary.commentNeedsSection") });
  return undefined;
}

/**
 * Reading a version: "presa visione" of it, and a request on one of the reader's sections
 * ("Vorrei aggiungere…", "Non è corretto…"), which reaches the coordinators.
 */
export const read: FormDef = form({
  id: SUMMARY_FORMS.read,
  opened: "private",
  values: readValues,
  metadata: ID,
  authorize: (deps, req, versionId) =>
    asMember(
      deps,
      req,
      aboutVersion(versionId),
      async ({ repos, equipe, subject, member, locale }) => ({
        equipe,
        locale,
        view: await readerView(repos, equipe, member, subject, { full: false }),
        minutes: await minutesFacts(repos, subject, member),
      }),
      { once: false },
    ),
  async validate(_deps, _req, { locale, equipe, view, minutes }, input) {
    const errors = commentErrors(locale, input, view);
    return errors ? { errors, form: readForm(locale, equipe, view, minutes) } : undefined;
  },
  again: ({ locale, equipe, view, minutes }) => ({ form: readForm(locale, equipe, view, minutes), locale }),
  async submit(deps, req, input, versionId) {
    await asMember(deps, req, aboutVersion(versionId), async (scope) => {
      const { repos, equipe, subject: version, member, now, tell } = scope;
      const view = await readerView(repos, equipe, member, version, { full: false });
      const errors = commentErrors(scope.locale, input, view);
      if (errors) throw new DomainError("summary.commentNeedsText");
      const said: ("ack" | { section: SectionKey })[] = [];
      if (input.ack === "yes") {
        if (await repos.summaries.acknowledge(version.id, equipe.id, member.id, now))
          await scope.audit("summary.acknowledged", version.id);
        said.push("ack");
      }
      const text = input.comment.trim();
      const section = sectionKeySchema.safeParse(input.section.trim());
      if (text !== "" && section.success) {
        const kind = commentKindSchema.safeParse(input.kind).success
          ? commentKindSchema.parse(input.kind)
          : "add";
        const id = newId<"SummaryCommentId">();
        await repos.summaries.addComment({
          id,
          equipeId: equipe.id,
          versionId: version.id,
          section: section.data,
          memberId: member.id,
          kind,
          text,
          at: now,
        });
        await scope.audit("summary.commented", id);
        await tell.coordinators(
          ({ locale }) => ({
            blocks: [
              {
                type: "text",
                content: t(locale, "summary.commentToCoordinators", {
                  who: mentionOf(locale, member),
                  role: roleName(locale, member),
                  section: sectionTitle(locale, section.data),
                  number: version.number,
                  caseCode: equipe.caseCode,
                }),
              },
              {
                type: "actions",
                buttons: [
                  {
                    action: SUMMARY_ACTIONS.answer,
                    value: id,
                    label: label(locale, "summary.answerButton"),
                    style: "primary",
                    selected: false,
                    dialog: true,
                  },
                ],
              },
            ],
            attachments: [],
          }),
          { except: member, answer: true },
        );
        said.push({ section: section.data });
      }
      await tell.actor(
        req,
        ({ locale }) =>
          textMessage(
            lines(
              said.length === 0
                ? [t(locale, "summary.notAcknowledged")]
                : said.map((what) =>
                    what === "ack"
                      ? t(locale, "summary.acknowledged", { number: version.number })
                      : t(locale, "summary.commentSent", { section: sectionTitle(locale, what.section) }),
                  ),
            ),
          ),
        member,
      );
    });
  },
});

const answerValues = z.object({ answer: field(), included: field() });

/** A coordinator answers a reader's request (and says whether it goes into the next version); the reader is told. */
export const answer: FormDef = form({
  id: SUMMARY_FORMS.answer,
  opened: "private",
  values: answerValues,
  metadata: ID,
  authorize: (deps, req, commentId) =>
    asCoordinator(
      deps,
      req,
      aboutComment(commentId),
      async ({ repos, subject, locale }) => {
        const author = await repos.members.findById(subject.memberId);
        if (author === undefined) throw new DomainError("summary.requestGone");
        return { locale, comment: subject, author };
      },
      { once: false },
    ),
  async validate(_deps, _req, { locale, comment, author }, input) {
    const text = input.answer.trim();
    const error =
      text === ""
        ? new DomainError("summary.commentNeedsText")
        : text.length > MAX_COMMENT_LENGTH
          ? new DomainError("summary.commentTooLong", { max: MAX_COMMENT_LENGTH })
          : undefined;
    if (comment.answer !== undefined) throw new DomainError("summary.answerAlready", { who: "" });
    return error
      ? { errors: fieldErrors(locale, { answer: error }), form: answerForm(locale, comment, author) }
      : undefined;
  },
  again: ({ locale, comment, author }) => ({ form: answerForm(locale, comment, author), locale }),
  async submit(deps, req, input, commentId) {
    await asCoordinator(
      deps,
      req,
      aboutComment(commentId),
      async ({ repos, equipe, subject, member, now, tell, audit }) => {
        const text = input.answer.trim();
        if (text === "" || text.length > MAX_COMMENT_LENGTH)
          throw new DomainError("summary.commentNeedsText");
        const author = await repos.members.findById(subject.memberId);
        if (
          !(await repos.summaries.answerComment(subject.id, {
            text,
            included: input.included === "yes",
            by: member.id,
            at: now,
          }))
        ) {
          const earlier = await repos.summaries.comment(subject.id);
          const by = earlier?.answer ? await repos.members.findById(earlier.answer.by) : undefined;
          throw new DomainError("summary.answerAlready", { who: by?.name ?? "" });
        }
        await audit("summary.answered", subject.id);
        // The reader is told where they are: in chat, a button that opens the answer in a modal or
        // dialog; outside chat, a letter (or a few words through the coordinators) with their link to
        // the version's page, where their requests and the answers are. Never the answer itself.
        const version = await repos.summaries.version(subject.versionId);
        const reached =
          author && author.equipeId === equipe.id && version
            ? await tell.remind(
                [author],
                ({ locale, member: reader }) => {
                  const head = readsCaseCode(reader)
                    ? t(locale, "summary.answered", {
                        section: sectionTitle(locale, subject.section),
                        caseCode: equipe.caseCode,
                      })
                    : t(locale, "summary.answeredPlain", { equipe: [mentionOf(locale, member)] });
                  return {
                    summary: head,
                    blocks: [
                      { type: "text", content: head },
                      {
                        type: "actions",
                        buttons: [
                          {
                            action: SUMMARY_ACTIONS.answerRead,
                            value: subject.id,
                            label: label(locale, "summary.answerReadButton"),
                            style: "primary",
                            selected: false,
                            dialog: true,
                          },
                        ],
                      },
                    ],
                    attachments: [],
                  };
                },
                answerByLink(await docContext(repos, equipe, version), subject.section),
                { answer: true },
              )
            : [];
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              lines([
                t(locale, "summary.answerSent", { who: author ? [mentionOf(locale, author)] : "" }),
                ...(reached.length > 0 ? [reachReport(locale, reached)] : []),
              ]),
            ),
          member,
        );
      },
    );
  },
});

/** The reader's view of the answer: nothing to fill in; closing it records that they read it. */
export const answerRead: FormDef = form({
  id: SUMMARY_FORMS.answerRead,
  opened: "private",
  values: z.object({}),
  metadata: ID,
  authorize: (deps, req, commentId) =>
    asMember(
      deps,
      req,
      aboutComment(commentId),
      async ({ repos, subject, member, locale }) => {
        if (subject.memberId !== member.id) throw new DomainError("auth.notMember");
        const by = subject.answer ? await repos.members.findById(subject.answer.by) : undefined;
        return { locale, comment: subject, by };
      },
      { once: false },
    ),
  validate: async () => undefined,
  again: ({ locale, comment, by }) => ({ form: answerReadForm(locale, comment, by), locale }),
  async submit(deps, req, _input, commentId) {
    await asMember(deps, req, aboutComment(commentId), async ({ subject, member, audit }) => {
      if (subject.memberId !== member.id) throw new DomainError("auth.notMember");
      await audit("summary.answerRead", subject.id);
    });
  },
});

export const forms: readonly FormDef[] = [edit, read, answer, answerRead];
