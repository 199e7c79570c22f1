import { type Block, type Message, type Rich, text } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { mentionOf, roleName } from "../../core/people.ts";
import type { ByLink, Reader } from "../../core/reach.ts";
import type { EquipeRecord, MemberRecord } from "../../domain/equipe.ts";
import type { FormField, FormSpec } from "../../domain/forms.ts";
import { ROLES } from "../../domain/roles.ts";
import {
  type Audience,
  COMMENT_KINDS,
  type CommentKind,
  MAX_COMMENT_LENGTH,
  type SectionKey,
  type SummaryCommentRecord,
  type SummaryVersionRecord,
} from "../../domain/summary.ts";
import { formatDateTime, formatLongDateTime } from "../../domain/time.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { equipeOf, readsCaseCode } from "../meetings/messages.ts";
import { reminderLetter } from "../pages/messages.ts";
import { dayText } from "./export/queries.ts";
import type { ReaderView, SectionView } from "./queries.ts";

/** The summary's buttons: each carries a version's or a request's id, nothing else. */
export const SUMMARY_ACTIONS = {
  /** Opens the version for reading (the changes for this reader), with the acknowledgement. */
  read: "summary-read",
  /** Opens the version's full text. */
  full: "summary-full",
  /** A coordinator opens a reader's request to answer it. */
  answer: "summary-answer",
  /** The reader opens the answer to their request. */
  answerRead: "summary-answer-read",
} as const;

/** The forms of the feature. */
export const SUMMARY_FORMS = {
  edit: "summary-edit",
  read: "summary-read",
  answer: "summary-answer",
  answerRead: "summary-answer-read",
} as const;

export const sectionTitle = (locale: Locale, key: SectionKey): string => label(locale, `section.${key}`);

/** «Obiettivi» e «Accordi». */
export function sectionList(locale: Locale, keys: readonly SectionKey[]): Rich {
  const names = keys.map((key) =>
    plainText(t(locale, "summary.changedList", { title: sectionTitle(locale, key) })),
  );
  if (names.length <= 1) return [text(names[0] ?? "")];
  const and = locale === "it" ? " e " : " and ";
  return [text(`${names.slice(0, -1).join(", ")}${and}${names.at(-1)}`)];
}

/** Who reads a section, in words. */
export function audienceLabel(locale: Locale, audience: Audience): Rich {
  if (audience.kind === "everyone") return t(locale, "audience.everyone");
  if (audience.roles.length === 0) return t(locale, "audience.coordinators");
  // In the order roles are listed everywhere.
  const ordered = ROLES.filter((role) => audience.roles.includes(role));
  return t(locale, "audience.roles", {
    roles: ordered.map((role) => plainText(roleName(locale, { role }))).join(", "),
  });
}

/** What a notice is about: the document's version, the équipe, who circulated it, and (minutes) when the meeting was. */
export interface DocContext {
  equipe: EquipeRecord;
  version: SummaryVersionRecord;
  /** The coordinator who circulated it: the family's contact. */
  contact: MemberRecord | undefined;
  /** Minutes: when the meeting began. */
  meetingAt: Date | undefined;
}

/**
 * "della sintesi di FAM-2025-014", "del verbale dell'incontro del 3 dicembre (FAM-2025-014)": the
 * document as this reader names it — by its case code for a professional, by its coordinator for
 * the family.
 */
export function ofDoc(locale: Locale, ctx: DocContext, member: MemberRecord | undefined): Rich {
  const professional = readsCaseCode(member);
  const equipe = equipeOf(locale, ctx.contact);
  if (ctx.version.document.kind === "summary")
    return professional
      ? t(locale, "doc.summary", { caseCode: ctx.equipe.caseCode })
      : t(locale, "doc.summaryPlain", { equipe });
  const date = ctx.meetingAt ? dayText(ctx.meetingAt, ctx.equipe.timezone, locale) : "";
  return professional
    ? t(locale, "doc.minutes", { date, caseCode: ctx.equipe.caseCode })
    : t(locale, "doc.minutesPlain", { date, equipe });
}

/**
 * The notice of a new version to one reader, in chat: which of their sections changed, the note,
 * and a button that opens it where it is not kept (a modal, a dialog). Never the text itself.
 */
export function noticeMessage(
  locale: Locale,
  ctx: DocContext,
  member: MemberRecord,
  pending: readonly SectionKey[],
): Message {
  const { version, equipe } = ctx;
  const of = ofDoc(locale, ctx, member);
  const date = version.acknowledgeBy
    ? formatLongDateTime(version.acknowledgeBy, equipe.timezone, locale)
    : undefined;
  let head: Rich;
  if (pending.length === 0) head = t(locale, "summary.noticeNothingForYou", { number: version.number, of });
  else if (version.number === 1)
    head = readsCaseCode(member)
      ? t(locale, "summary.noticeFirst", { of })
      : t(locale, "summary.noticeFirstPlain", { of });
  else
    head = t(locale, "summary.notice", {
      number: version.number,
      of,
      sections: sectionList(locale, pending),
    });
  const blocks: Block[] = [{ type: "text", content: head }];
  if (pending.length > 0)
    blocks.push({
      type: "text",
      content:
        date === undefined
          ? t(locale, "summary.askAcknowledge")
          : t(locale, "summary.askAcknowledgeBy", { date }),
    });
  blocks.push(readButtons(locale, version, pending.length > 0));
  return { summary: head, blocks, attachments: [] };
}

/** "Read" (the changes, and the acknowledgement) and "Full text": both open a form, never a message. */
function readButtons(locale: Locale, version: SummaryVersionRecord, asked: boolean): Block {
  return {
    type: "actions",
    buttons: [
      {
        action: SUMMARY_ACTIONS.read,
        value: version.id,
        label: label(locale, asked ? "summary.readButton" : "summary.readAgainButton"),
        style: asked ? "primary" : "default",
        selected: false,
        dialog: true,
      },
      {
        action: SUMMARY_ACTIONS.full,
        value: version.id,
        label: label(locale, "summary.fullButton"),
        style: "default",
        selected: false,
        dialog: true,
      },
    ],
  };
}

/** A reminder to acknowledge, in chat. */
export function reminderMessage(locale: Locale, ctx: DocContext, member: MemberRecord | undefined): Message {
  const { version, equipe } = ctx;
  const date = formatLongDateTime(version.acknowledgeBy ?? version.circulatedAt, equipe.timezone, locale);
  const head = t(locale, "summary.reminder", {
    number: version.number,
    of: ofDoc(locale, ctx, member),
    date,
  });
  return {
    summary: head,
    blocks: [{ type: "text", content: head }, readButtons(locale, version, true)],
    attachments: [],
  };
}

/**
 * How members outside chat hear of a version (`notice`) or are reminded (`reminder`): a letter
 * with their link to the version on their page, or a few words for the coordinators to pass on.
 * The text stays behind the link.
 */
export function summaryByLink(kind: "notice" | "reminder", ctx: DocContext): ByLink {
  const { version } = ctx;
  return {
    place: { kind: "summary", id: version.id },
    letter: ({ locale, member }: Reader, link) => {
      const of = ofDoc(locale, ctx, member);
      const words = { number: version.number, of };
      const professional = readsCaseCode(member);
      return reminderLetter(
        locale,
        {
          subject:
            kind === "reminder"
              ? t(locale, "summary.letter.reminderSubject")
              : professional
                ? t(locale, "summary.letter.subjectProfessional", words)
                : t(locale, "summary.letter.subject"),
          text: professional
            ? t(locale, "summary.letter.professional", words)
            : t(locale, "summary.letter.plain", words),
          linkLabel: t(locale, "summary.letter.link"),
        },
        link,
        ctx.contact,
      );
    },
    short: ({ locale, member }, link) =>
      t(locale, "summary.short", { number: version.number, of: ofDoc(locale, ctx, member), link }),
    byHand: ({ locale }) =>
      t(locale, "summary.byHand", { number: version.number, of: ofDoc(locale, ctx, undefined) }),
  };
}

/**
 * How a reader outside chat hears that their request was answered: a letter with their link to
 * the version's page (their requests and the answers are there), or a few words for the
 * coordinators to pass on. The answer itself stays behind the link.
 */
export function answerByLink(ctx: DocContext, section: SectionKey): ByLink {
  const { version } = ctx;
  return {
    place: { kind: "summary", id: version.id },
    letter: ({ locale, member }: Reader, link) =>
      reminderLetter(
        locale,
        {
          subject: t(locale, "summary.answerLetter.subject"),
          text: t(locale, "summary.answerLetter.text", {
            section: sectionTitle(locale, section),
            of: ofDoc(locale, ctx, member),
          }),
          linkLabel: t(locale, "summary.answerLetter.link"),
        },
        link,
        ctx.contact,
      ),
    short: ({ locale, member }, link) =>
      t(locale, "summary.answerLetter.short", { of: ofDoc(locale, ctx, member), link }),
    byHand: ({ locale }) => t(locale, "summary.answerLetter.byHand", { of: ofDoc(locale, ctx, undefined) }),
  };
}

/** How many unchanged sentences between changes are shown as one line. */
const KEPT_RUN = 1;

/** One section as content: its whole text, what changed, or one line saying it did not. */
export function sectionContent(locale: Locale, section: SectionView): Rich {
  const title = sectionTitle(locale, section.key);
  if (section.show === "same") return t(locale, "summary.sectionSame", { title, number: section.since });
  if (section.show === "full") {
    const head = section.isNew
      ? t(locale, "summary.sectionNew", { title })
      : t(locale, "summary.sectionHeader", { title, audience: audienceLabel(locale, section.audience) });
    return [...head, { type: "break" }, ...paragraphs(section.text)];
  }
  const out: Rich = [...t(locale, "summary.sectionChanged", { title, number: section.since })];
  let kept = 0;
  const flushKept = () => {
    if (kept >= KEPT_RUN) out.push({ type: "break" }, ...t(locale, "summary.diffKept", { count: kept }));
    kept = 0;
  };
  for (const part of section.diff) {
    if (part.kind === "same") {
      kept += 1;
      continue;
    }
    flushKept();
    out.push(
      { type: "break" },
      ...t(locale, part.kind === "added" ? "summary.diffAdded" : "summary.diffRemoved", { text: part.text }),
    );
  }
  flushKept();
  return out;
}

/** A person's text with its line breaks kept, as text runs (escaped by every renderer). */
export function paragraphs(value: string): Rich {
  const out: Rich = [];
  value
    .replace(/\r\n?/g, "\n")
    .trim()
    .split("\n")
    .forEach((line, index) => {
      if (index > 0) out.push({ type: "break" });
      if (line !== "") out.push(text(line));
    });
  return out;
}

/**
 * The version as the reader reads it, in a form that is never kept in a conversation: the
 * sections meant for them (or what changed in them), the note, then the acknowledgement and a
 * request on one section.
 */
export function readForm(
  locale: Locale,
  equipe: EquipeRecord,
  view: ReaderView,
  minutes?: MinutesFacts,
): FormSpec {
  const { version } = view;
  const content: FormField[] = [];
  const add = (name: string, rich: Rich) => content.push({ kind: "content", name, content: rich });
  if (version.number < view.latest)
    add("older", t(locale, "summary.olderVersion", { number: version.number, latest: view.latest }));
  if (view.showNote && version.note.trim() !== "")
    add("note", t(locale, "summary.versionNote", { number: version.number, note: version.note }));
  if (minutes) {
    add("attendees", minutesAttendees(locale, minutes));
    if (minutes.decisions.length > 0) add("decisions", minutesDecisions(locale, minutes));
  }
  if (view.sections.length === 0) add("nothing", t(locale, "summary.nothingToRead"));
  for (const section of view.sections) add(`section_${section.key}`, sectionContent(locale, section));
  if (view.acknowledgedAt)
    add(
      "acknowledged",
      t(locale, "summary.alreadyAcknowledged", {
        date: formatDateTime(view.acknowledgedAt, equipe.timezone, locale),
      }),
    );
  const sections = view.sections.map((s) => ({ value: s.key, label: sectionTitle(locale, s.key) }));
  const fields: FormField[] = [...content];
  fields.push({
    kind: "select",
    name: "ack",
    label: label(locale, "summary.ackLabel"),
    options: [
      { value: "yes", label: label(locale, "summary.ackYes") },
      { value: "no", label: label(locale, "summary.ackNo") },
    ],
    initial: view.toAcknowledge.length > 0 || view.acknowledgedAt !== undefined ? "yes" : "no",
  });
  if (sections.length > 0)
    fields.push(
      {
        kind: "select",
        name: "section",
        label: label(locale, "summary.commentSection"),
        options: sections,
        optional: true,
      },
      {
        kind: "select",
        name: "kind",
        label: label(locale, "summary.commentKind"),
        options: COMMENT_KINDS.map((kind) => ({ value: kind, label: commentKindLabel(locale, kind) })),
        initial: "add",
        optional: true,
      },
      {
        kind: "text",
        name: "comment",
        label: label(locale, "summary.commentText"),
        hint: t(locale, "summary.commentHint"),
        multiline: true,
        optional: true,
        maxLength: MAX_COMMENT_LENGTH,
      },
    );
  return {
    id: SUMMARY_FORMS.read,
    title: plainText(
      t(locale, version.document.kind === "summary" ? "summary.formTitle" : "minutes.formTitle", {
        number: version.number,
      }),
    ),
    submit: label(locale, "summary.formSubmit"),
    cancel: label(locale, "form.cancel"),
    metadata: version.id,
    fields,
    confidential: true,
  };
}

/** What minutes carry beside their text, as one reader may see it: who attended, the decisions taken. */
export interface MinutesFacts {
  attendees: MemberRecord[];
  /** Only the decisions this reader may see (those they took part in; a coordinator, all). */
  decisions: { question: string; outcome: string | undefined }[];
}

export function minutesAttendees(locale: Locale, minutes: MinutesFacts): Rich {
  return t(locale, "minutes.attendees", {
    names: minutes.attendees
      .map((m) => `${plainText([mentionOf(locale, m)])} (${plainText(roleName(locale, m))})`)
      .join(", "),
  });
}

export function minutesDecisions(locale: Locale, minutes: MinutesFacts): Rich {
  const out: Rich = [...t(locale, "minutes.decisions")];
  for (const decision of minutes.decisions)
    out.push(
      { type: "break" },
      text("• "),
      ...(decision.outcome === undefined
        ? t(locale, "minutes.decisionOpen", { question: decision.question })
        : t(locale, "minutes.decisionLine", { question: decision.question, outcome: decision.outcome })),
    );
  return out;
}

export const commentKindLabel = (locale: Locale, kind: CommentKind): string =>
  label(locale, kind === "add" ? "summary.commentKindAdd" : "summary.commentKindCorrect");

/** A coordinator's form to answer one request: the request, then the answer and whether it is included. */
export function answerForm(locale: Locale, comment: SummaryCommentRecord, author: MemberRecord): FormSpec {
  return {
    id: SUMMARY_FORMS.answer,
    title: label(locale, "summary.answerTitle"),
    submit: label(locale, "form.submit"),
    cancel: label(locale, "form.cancel"),
    metadata: comment.id,
    confidential: true,
    fields: [
      {
        kind: "content",
        name: "request",
        content: [
          ...t(locale, "summary.answerRequest", {
            who: mentionOf(locale, author),
            role: roleName(locale, author),
            section: sectionTitle(locale, comment.section),
            kind: commentKindLabel(locale, comment.kind),
          }),
          { type: "break" },
          ...paragraphs(comment.text),
        ],
      },
      {
        kind: "text",
        name: "answer",
        label: label(locale, "summary.answerField"),
        multiline: true,
        optional: false,
        maxLength: MAX_COMMENT_LENGTH,
      },
      {
        kind: "select",
        name: "included",
        label: label(locale, "summary.answerIncluded"),
        options: [
          { value: "yes", label: label(locale, "summary.answerIncludedYes") },
          { value: "no", label: label(locale, "summary.answerIncludedNo") },
        ],
        initial: "no",
      },
    ],
  };
}

/** The reader's view of the answer to their request (nothing to fill in: reading it is the point). */
export function answerReadForm(
  locale: Locale,
  comment: SummaryCommentRecord,
  coordinator: MemberRecord | undefined,
): FormSpec {
  const answer = comment.answer;
  return {
    id: SUMMARY_FORMS.answerRead,
    title: label(locale, "summary.answerReadTitle"),
    submit: label(locale, "summary.answerReadOk"),
    cancel: label(locale, "form.cancel"),
    metadata: comment.id,
    confidential: true,
    fields: [
      {
        kind: "content",
        name: "yours",
        content: t(locale, "summary.answerReadYours", {
          section: sectionTitle(locale, comment.section),
          text: comment.text,
        }),
      },
      ...(answer
        ? [
            {
              kind: "content" as const,
              name: "answer",
              content: [
                ...t(locale, "summary.answerReadAnswer", {
                  who: coordinator ? mentionOf(locale, coordinator) : t(locale, "contact.coordinator"),
                  text: answer.text,
                }),
                ...(answer.included
                  ? [{ type: "break" as const }, ...t(locale, "summary.answeredIncluded")]
                  : []),
              ],
            },
          ]
        : []),
    ],
  };
}
