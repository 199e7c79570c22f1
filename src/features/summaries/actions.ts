import { z } from "zod";
import type { ServiceDeps } from "../../core/deps.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { asCoordinator, asMember, channelOfRequest, type Request } from "../../core/request.ts";
import type { EquipeRecord, MemberRecord } from "../../domain/equipe.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Locale } from "../../i18n/locale.ts";
import { aboutComment, aboutVersion } from "./forms.ts";
import { answerForm, answerReadForm, type MinutesFacts, readForm, SUMMARY_ACTIONS } from "./messages.ts";
import { minutesFacts, type ReaderView, readAction, readerView } from "./queries.ts";

/** A version's or a request's id, as our buttons carry it. */
const idValue = z.string().min(1).max(64);

/** What a member is shown of a version (see `openSummary`). */
interface Opened {
  equipe: EquipeRecord;
  member: MemberRecord;
  locale: Locale;
  view: ReaderView;
  minutes: MinutesFacts | undefined;
}

/**
 * A member opens a version: only the sections meant for their role (the changes since what they
 * acknowledged, or the whole text with `full`). The opening goes into the audit trail — who,
 * which version, when, through which channel — and nothing else changes. With `show`, the version
 * is shown within the same unit of work, before the opening is recorded: one that could not be
 * shown (a chat's form that did not open) leaves no reading behind, and a repeated delivery of the
 * same click shows nothing twice. A version that does not exist, or is not of the member's équipe,
 * reads like one the member may not see.
 */
export async function openSummary(
  deps: ServiceDeps,
  req: Request,
  versionId: string,
  options: { full: boolean; show?: (opened: Opened) => Promise<void> },
): Promise<Opened> {
  try {
    return await asMember(
      deps,
      req,
      aboutVersion(versionId),
      async ({ repos, equipe, subject, member, locale, audit }) => {
        const view = await readerView(repos, equipe, member, subject, options);
        const minutes = await minutesFacts(repos, subject, member);
        const opened = { equipe, member, locale, view, minutes };
        await options.show?.(opened);
        await audit(readAction(channelOfRequest(req)), subject.id);
        return opened;
      },
    );
  } catch (error) {
    // A stranger learns nothing: not a member, or no such version, is the same "not found".
    if (error instanceof DomainError && error.code === "auth.notMember")
      throw new DomainError("summary.notFound");
    throw error;
  }
}

/** "Read" and "Full text": the version in a form that is never kept in the conversation. */
const readButton = (id: string, full: boolean) =>
  action({
    id,
    opensForm: true,
    value: idValue,
    async run(deps, req, versionId) {
      const { ui } = req;
      if (ui === undefined) throw new DomainError("error.internal");
      // Shown inside the unit that records it: a form that could not open (Slack's trigger
      // expired while the work waited) was no reading.
      await openSummary(deps, req, versionId, {
        full,
        show: ({ equipe, locale, view, minutes }) => ui.openForm(readForm(locale, equipe, view, minutes)),
      });
    },
  });

/** A coordinator opens a reader's request to answer it. */
const answer = action({
  id: SUMMARY_ACTIONS.answer,
  opensForm: true,
  value: idValue,
  async run(deps, req, commentId) {
    const form = await asCoordinator(
      deps,
      req,
      aboutComment(commentId),
      async ({ repos, subject, locale }) => {
        const author = await repos.members.findById(subject.memberId);
        if (author === undefined) throw new DomainError("summary.requestGone");
        if (subject.answer !== undefined) {
          const by = await repos.members.findById(subject.answer.by);
          throw new DomainError("summary.answerAlready", { who: by?.name ?? "" });
        }
        return answerForm(locale, subject, author);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

/** The reader opens the answer to their own request. */
const answerRead = action({
  id: SUMMARY_ACTIONS.answerRead,
  opensForm: true,
  value: idValue,
  async run(deps, req, commentId) {
    const form = await asMember(
      deps,
      req,
      aboutComment(commentId),
      async ({ repos, subject, member, locale }) => {
        if (subject.memberId !== member.id) throw new DomainError("auth.notMember");
        const by = subject.answer ? await repos.members.findById(subject.answer.by) : undefined;
        return answerReadForm(locale, subject, by);
      },
      { once: false },
    );
    if (req.ui === undefined) throw new DomainError("error.internal");
    await req.ui.openForm(form);
  },
});

export const actions: readonly ActionDef[] = [
  readButton(SUMMARY_ACTIONS.read, false),
  readButton(SUMMARY_ACTIONS.full, true),
  answer,
  answerRead,
];
