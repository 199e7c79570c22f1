import { type Rich, textMessage } from "../content/model.ts";
import type { EquipeRecord, MemberRecord } from "../domain/equipe.ts";
import type { EquipeId, MemberId, OrganisationId } from "../domain/ids.ts";
import { t } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Undelivered } from "../ports/channel.ts";
import type { Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./deps.ts";
import { mentionOf } from "./people.ts";
import { Tell } from "./reach.ts";

const DAY_MS = 24 * 60 * 60_000;
/** Chat platforms by the names people know them by (the same in every language). */
const PLATFORM_NAMES = { slack: "Slack", teams: "Teams" } as const;

/**
 * A message to a member that will never be delivered: the platform will not let us write to
 * them (Teams: app not installed), the chat or the mail server refused it for good, or every
 * retry failed. Each of their équipes' coordinators (but them) is told, privately, who was not
 * reached, about what (the notice's own line, nothing more) and why: at most once a day per
 * member, so a burst of reminders does not become a burst of reports.
 */
export async function reportUndelivered(deps: ServiceDeps, failure: Undelivered): Promise<void> {
  const now = deps.clock.now();
  const day = Math.floor(now.getTime() / DAY_MS);
  await deps.store.transaction(async (repos) => {
    const { recipient } = failure;
    if (recipient !== undefined && "organisationId" in recipient) {
      await reportOrganisation(deps, repos, recipient, failure, day);
      return;
    }
    for (const member of await membersOf(repos, failure)) {
      const equipe = await repos.equipes.findById(member.equipeId);
      if (equipe === undefined) continue;
      // A message dropped because its moment passed is news even after "still waiting" (which
      // promised it would go): it has a daily report of its own.
      const late = failure.reason === "expired" || failure.reason === "expiredWaiting";
      const seen = `${late ? "unreachable-late" : "unreachable"}:${member.id}:${day}`;
      if (!(await repos.deliveries.firstTime(seen))) continue;
      const tell = new Tell(deps, repos, equipe, now);
      await tell.coordinators(({ locale }) => textMessage(reportText(locale, equipe, member, failure)), {
        except: member,
      });
      await repos.audit.record({
        equipeId: equipe.id,
        actorId: undefined,
        action: "member.unreachable",
        subjectId: member.id,
        at: now,
      });
      await tell.flush();
    }
  });
  deps.log("member.unreachable", { reason: failure.reason });
}

/**
 * A letter to a partner organisation's contact that will never arrive (the address refused, every
 * retry failed, e-mail still off): the coordinators of the équipe that sent it are told, once a
 * day per organisation, with the address to check.
 */
async function reportOrganisation(
  deps: ServiceDeps,
  repos: Repositories,
  recipient: { equipeId: string; organisationId: string },
  failure: Undelivered,
  day: number,
): Promise<void> {
  const now = deps.clock.now();
  const equipe = await repos.equipes.findById(recipient.equipeId as EquipeId);
  const organisation = await repos.organisations.findById(recipient.organisationId as OrganisationId);
  if (equipe === undefined || organisation === undefined) return;
  const late = failure.reason === "expired" || failure.reason === "expiredWaiting";
  // Once a day per organisation and équipe: each équipe that wrote to it hears of its own letter.
  const seen = `${late ? "unreachable-late" : "unreachable"}:${equipe.id}:${organisation.id}:${day}`;
  if (!(await repos.deliveries.firstTime(seen))) return;
  const tell = new Tell(deps, repos, equipe, now);
  const params = {
    name: organisation.name,
    email: organisation.contactEmail,
    caseCode: equipe.caseCode,
    about: failure.about,
  };
  await tell.coordinators(({ locale }) =>
    textMessage(
      failure.reason === "emailRefused"
        ? t(locale, "undelivered.organisationRefused", params)
        : failure.reason === "stillWaiting"
          ? t(locale, "undelivered.organisationWaiting", params)
          : t(locale, "undelivered.organisationNotDelivered", params),
    ),
  );
  await repos.audit.record({
    equipeId: equipe.id,
    actorId: undefined,
    action: "organisation.unreachable",
    subjectId: organisation.id,
    at: now,
  });
  await tell.flush();
}

/** The member the message was for; for rows queued before recipients were recorded, by their chat account. */
async function membersOf(repos: Repositories, failure: Undelivered): Promise<MemberRecord[]> {
  const { recipient, target } = failure;
  if (recipient !== undefined && "memberId" in recipient) {
    const member = await repos.members.findById(recipient.memberId as MemberId);
    return member && member.equipeId === (recipient.equipeId as EquipeId) ? [member] : [];
  }
  if (target.kind === "direct" || target.kind === "ephemeral")
    return repos.members.membershipsOf({
      platform: target.platform,
      workspaceId: target.workspaceId,
      userId: target.userId,
    });
  return [];
}

function reportText(locale: Locale, equipe: EquipeRecord, member: MemberRecord, failure: Undelivered): Rich {
  const who = [mentionOf(locale, member)];
  const about = failure.about;
  const caseCode = equipe.caseCode;
  switch (failure.reason) {
    case "chatNotInstalled":
      return t(locale, "unreachable.report", { who, caseCode, about });
    case "emailRefused":
      return t(locale, "undelivered.emailRefused", {
        who,
        caseCode,
        about,
        email: failure.target.kind === "email" ? failure.target.to : (member.email ?? ""),
      });
    case "chatRefused":
      return t(locale, "undelivered.chatRefused", { who, caseCode, about });
    case "gaveUp":
      return t(locale, "undelivered.gaveUp", { who, caseCode, about });
    case "stillWaiting":
      return t(locale, "undelivered.stillWaiting", { who, caseCode, about, channel: channelName(failure) });
    case "expiredWaiting":
      return t(locale, "undelivered.expiredWaiting", { who, caseCode, about, channel: channelName(failure) });
    case "expired":
      return t(locale, "undelivered.expired", { who, caseCode, about });
  }
}

/** The channel the message waited for, by the name people know it by. */
const channelName = (failure: Undelivered): string =>
  failure.target.kind === "email" ? "e-mail" : PLATFORM_NAMES[failure.target.platform];
