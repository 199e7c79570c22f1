import { type Message, type Rich, text } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { mentionOf } from "../../../core/people.ts";
import { type Outcome, type Reached, reachReport } from "../../../core/reach.ts";
import type { Scope } from "../../../core/request.ts";
import { newId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MemberRecord, OrganisationRecord } from "../../equipe/repository.ts";
import { contactOf, equipeOf, readsCaseCode } from "../messages.ts";
import type { FeedSubject } from "../repository.ts";

/**
 * The subscriber's feed link that can be shown again (derived from its row under the current
 * key), made if there is none; with `renew`, every earlier link is revoked first. Says how many
 * were revoked.
 */
export async function feedLink(
  deps: Pick<ServiceDeps, "links">,
  scope: Pick<Scope, "repos" | "now">,
  subject: FeedSubject,
  options: { renew: boolean; issuedBy?: MemberRecord },
): Promise<{ sealed: string; revoked: number }> {
  const { repos, now } = scope;
  const live = await repos.feeds.live(subject);
  const revoked = options.renew ? await repos.feeds.revokeAll(subject, now) : 0;
  let shown = options.renew
    ? undefined
    : live.find((row) => row.tokenHash === deps.links.hashOf("feed", row.id));
  if (shown === undefined) {
    const id = newId();
    shown = { id, tokenHash: deps.links.hashOf("feed", id) };
    await repos.feeds.create(subject, shown, now, options.issuedBy?.id);
  }
  // Sealed: the queue never holds the token; the channel gets the URL as it sends.
  return { sealed: deps.links.sealed("feed", shown.id), revoked };
}

/**
 * The letter that brings a member outside chat their feed: what it is, how to add it, that it is
 * theirs. A parent reads "the équipe of <coordinator>", a professional the case code.
 */
export function memberFeedLetter(
  locale: Locale,
  caseCode: string,
  member: MemberRecord,
  contact: MemberRecord | undefined,
  sealed: string,
): Message {
  const about: Rich = readsCaseCode(member)
    ? t(locale, "feedLetter.professional", { caseCode })
    : t(locale, "feedLetter.plain", { equipe: equipeOf(locale, contact) });
  return {
    subject: t(locale, "feedLetter.subject"),
    blocks: [
      { type: "text", content: about },
      { type: "link", url: sealed, label: plainText(t(locale, "feedLetter.linkLabel")) },
      { type: "text", content: t(locale, "feedLetter.howTo") },
      { type: "note", content: t(locale, "feedLetter.personal", { contact: contactOf(locale, contact) }) },
    ],
    attachments: [],
  };
}

/** The letter to a partner organisation's contact: what the feed shows (codes and times only), who sent it. */
export function organisationFeedLetter(
  locale: Locale,
  organisation: OrganisationRecord,
  sender: MemberRecord,
  sealed: string,
): Message {
  return {
    subject: t(locale, "feedLetter.organisationSubject", { name: organisation.name }),
    blocks: [
      { type: "text", content: t(locale, "feedLetter.organisation", { name: organisation.name }) },
      { type: "link", url: sealed, label: plainText(t(locale, "feedLetter.linkLabel")) },
      { type: "text", content: t(locale, "feedLetter.howTo") },
      {
        type: "note",
        content: t(locale, "feedLetter.organisationNote", {
          name: organisation.name,
          contact: contactOf(locale, sender),
        }),
      },
    ],
    attachments: [],
  };
}

/** What the coordinator is told after sending a member their link: truthfully, how it travels. */
export function memberFeedReport(
  locale: Locale,
  member: MemberRecord,
  reached: Reached[],
  revoked: number,
): Rich {
  const parts: Rich = [];
  if (revoked > 0) parts.push(...t(locale, "externalFeed.revokedBefore"), text(" "));
  parts.push(...t(locale, "externalFeed.sent", { who: mentionOf(locale, member) }), text(" "));
  parts.push(...reachReport(locale, reached));
  return parts;
}

/** The same for an organisation's contact: on its way by e-mail, or waiting for e-mail to be set up. */
export function organisationFeedReport(
  locale: Locale,
  organisation: OrganisationRecord,
  outcome: Outcome,
  revoked: number,
): Rich {
  const parts: Rich = [];
  if (revoked > 0) parts.push(...t(locale, "externalFeed.revokedBefore"), text(" "));
  parts.push(
    ...t(locale, outcome.kind === "waiting" ? "organisationFeed.waiting" : "organisationFeed.sent", {
      name: organisation.name,
      email: organisation.contactEmail,
    }),
  );
  return parts;
}
