import { z } from "zod";
import { primaryButton, type Rich, textMessage } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import { type JobDef, job } from "../../core/feature.ts";
import { namesOf } from "../../core/people.ts";
import type { Reached, Reader, Tell } from "../../core/reach.ts";
import { asJob } from "../../core/request.ts";
import type { DecisionId } from "../../domain/ids.ts";
import { formatDateTime } from "../../domain/time.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Repositories } from "../../ports/store.ts";
import type { EquipeRecord } from "../equipe/repository.ts";
import { equipeOf, readsCaseCode } from "../meetings/messages.ts";
import { reminderLetter } from "../pages/messages.ts";
import { DECISION_ACTIONS, decisionByLink, tellAsks, tellCount, tellPictures } from "./messages.ts";
import { aboutDecision, decisionState } from "./queries.ts";
import type { DecisionRecord } from "./repository.ts";

/** Every job key of the decisions feature, in one place. */
export const jobKeys = {
  /** Every job of one decision (reminder, deadline, actions, review). */
  all: (id: string) => `decision:${id}:`,
  reminder: (id: string) => `decision:${id}:reminder`,
  deadline: (id: string) => `decision:${id}:deadline`,
  action: (id: string, position: number) => `decision:${id}:action:${position}`,
  review: (id: string) => `decision:${id}:review`,
};

/**
 * Closes an open decision (every required answer in, or the deadline reached): the private
 * questions lose their button, the conversations say it is closed, and each coordinator receives
 * the full picture with the button to record the outcome. Does nothing if it was closed already.
 */
export async function closeDecision(
  scope: { repos: Repositories; equipe: EquipeRecord; now: Date; tell: Tell },
  decision: DecisionRecord,
  /** False when the coordinator is recording the outcome right now: no picture, no button. */
  notifyCoordinators = true,
): Promise<boolean> {
  const { repos, equipe, now, tell } = scope;
  if (!(await repos.decisions.close(decision.id, now))) return false;
  await repos.audit.record({
    equipeId: equipe.id,
    actorId: undefined,
    action: "decision.closed",
    subjectId: decision.id,
    at: now,
  });
  await repos.jobs.cancelPending(jobKeys.reminder(decision.id));
  const state = await decisionState(repos, { ...decision, status: "closed", closedAt: now });
  await tellAsks(tell, equipe, state);
  await tellCount(tell, equipe, state);
  if (notifyCoordinators) await tellPictures(tell, [...state.members.values()], equipe, state);
  return true;
}

/**
 * Once a decision is settled (outcome recorded, or withdrawn): every live copy says it is closed,
 * and why — each private question and the conversations' count and, where they were sent (it
 * had closed before), the coordinators' pictures, whose "record the outcome" button goes away.
 * `decision` is the decision as it is now; `picturesSent` whether it had closed before.
 */
export async function showDecisionClosed(
  scope: { repos: Repositories; equipe: EquipeRecord; tell: Tell },
  decision: DecisionRecord,
  picturesSent: boolean,
): Promise<Reached[]> {
  const { repos, equipe, tell } = scope;
  const state = await decisionState(repos, decision);
  const asks = await tellAsks(tell, equipe, state);
  await tellCount(tell, equipe, state);
  if (picturesSent) await tellPictures(tell, [...state.members.values()], equipe, state);
  return asks;
}

const decisionPayload = z.object({ decisionId: z.uuid().transform((id) => id as DecisionId) });

/**
 * Before the deadline: a reminder to each participant still silent — in chat, or outside it by
 * e-mail with their link to the decision's page (phone-only: the coordinators get the message to
 * pass on); the coordinators hear whom nobody could ask.
 */
export const decisionReminder = job({
  kind: "decision.reminder",
  payload: decisionPayload,
  async run(deps, jobId, { decisionId }) {
    await asJob(
      deps,
      jobId,
      aboutDecision(decisionId),
      async ({ repos, equipe, subject: decision, now, tell }) => {
        // A reminder whose moment has passed is dropped, never sent late.
        if (decision.status !== "open" || decision.deadline <= now) return;
        const state = await decisionState(repos, decision);
        const contact = await repos.members.findById(decision.createdByMemberId);
        const deadline = (locale: Locale) => formatDateTime(decision.deadline, equipe.timezone, locale);
        await tell.remind(
          state.missing,
          ({ locale }) =>
            textMessage(
              t(locale, "decision.reminder", {
                caseCode: equipe.caseCode,
                question: decision.question,
                deadline: deadline(locale),
              }),
            ),
          decisionByLink("reminder", equipe, decision, contact),
          {
            toHear: ({ locale }, toHear) =>
              textMessage(
                t(locale, "decision.reminderExternal", {
                  caseCode: equipe.caseCode,
                  names: namesOf(locale, toHear),
                  count: toHear.length,
                  question: decision.question,
                }),
              ),
            until: decision.deadline,
          },
        );
      },
    );
  },
});

/** At the deadline: the decision closes and coordinators get the full picture. */
export const decisionDeadline = job({
  kind: "decision.deadline",
  payload: decisionPayload,
  async run(deps, jobId, { decisionId }) {
    await asJob(deps, jobId, aboutDecision(decisionId), async (scope) => {
      if (scope.subject.status !== "open") return;
      await closeDecision(scope, scope.subject);
    });
  },
});

/**
 * Before an action falls due: a reminder to its owner, in chat, or outside it by e-mail with the
 * link to their personal page (phone-only: the coordinators get the message to pass on).
 */
export const actionReminder = job({
  kind: "decision.action",
  payload: decisionPayload.extend({ position: z.coerce.number().int().min(1) }),
  async run(deps, jobId, { decisionId, position }) {
    await asJob(
      deps,
      jobId,
      aboutDecision(decisionId),
      async ({ repos, equipe, subject: decision, now, tell }) => {
        const action = (await repos.decisions.actions(decisionId)).find((a) => a.position === position);
        const owner = action ? await repos.members.findById(action.memberId) : undefined;
        if (action === undefined || owner === undefined || owner.equipeId !== equipe.id) return;
        // Past its due date the reminder would only say what was missed: dropped, not sent late.
        if (action.dueAt.getTime() <= now.getTime()) return;
        const contact = await repos.members.findById(decision.createdByMemberId);
        const words = (locale: Locale) => ({
          caseCode: equipe.caseCode,
          what: action.what,
          due: formatDateTime(action.dueAt, equipe.timezone, locale),
        });
        /** The reminder in one sentence, as its reader reads it: a parent never sees the code. */
        const said = ({ locale, member }: Reader): Rich =>
          readsCaseCode(member)
            ? t(locale, "action.reminder", words(locale))
            : t(locale, "action.reminderLetter.plain", {
                ...words(locale),
                equipe: equipeOf(locale, contact),
              });
        await tell.remind(
          [owner],
          ({ locale }) => ({
            ...textMessage(t(locale, "action.reminder", words(locale))),
            subject: t(locale, "email.action.subject", words(locale)),
          }),
          {
            // Their personal page: what they are asked to do, with its date.
            letter: (reader, link) =>
              reminderLetter(
                reader.locale,
                {
                  subject: t(reader.locale, "email.action.subject", words(reader.locale)),
                  text: said(reader),
                  linkLabel: t(reader.locale, "pageLetter.linkLabel"),
                },
                link,
                contact,
              ),
            short: (reader, link) => [
              ...said(reader),
              ...t(reader.locale, "action.reminderShort.link", { link }),
            ],
            // What to do and by when helps even without the page.
            shortWithoutLink: said,
            byHand: ({ locale }) => t(locale, "action.reminderByHand", words(locale)),
          },
          { until: action.dueAt },
        );
      },
    );
  },
});

/** On the review date: each coordinator is offered to convene the équipe with one click. */
export const reviewDue = job({
  kind: "decision.review",
  payload: decisionPayload,
  async run(deps, jobId, { decisionId }) {
    await asJob(deps, jobId, aboutDecision(decisionId), async ({ equipe, subject: decision, tell }) => {
      if (decision.reviewAt === undefined) return;
      await tell.coordinators(({ locale }) => {
        const content = t(locale, "review.due", { caseCode: equipe.caseCode, question: decision.question });
        return {
          blocks: [
            { type: "text", content },
            primaryButton(DECISION_ACTIONS.reviewConvene, decision.id, plainText(t(locale, "review.button"))),
          ],
          attachments: [],
        };
      });
    });
  },
});

export const jobs: readonly JobDef[] = [decisionReminder, decisionDeadline, actionReminder, reviewDue];
