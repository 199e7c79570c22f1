import { type Block, lines, link, type Message, type Rich, text } from "../../content/model.ts";
import { plainText } from "../../content/plain.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { mentionOf } from "../../core/people.ts";
import { type Reached, reachReport } from "../../core/reach.ts";
import type { Scope } from "../../core/request.ts";
import { newId } from "../../domain/ids.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { MemberRecord } from "../equipe/repository.ts";
import { contactOf, equipeOf, readsCaseCode } from "../meetings/messages.ts";

/**
 * The member's personal page link that can be shown again (derived from its row under the
 * current key), made if there is none. A member has at most one live link: with `renew`, or when
 * the live one cannot be shown again (made under another data key), it is revoked first. Says
 * how many were revoked, so that the coordinator is told the old one stopped.
 */
export async function pageLink(
  deps: Pick<ServiceDeps, "links">,
  scope: Pick<Scope, "repos" | "now">,
  member: MemberRecord,
  options: { renew: boolean; issuedBy?: MemberRecord },
): Promise<{ sealed: string; revoked: number }> {
  const { repos, now } = scope;
  const live = await repos.pageLinks.live(member.id);
  const showable = live !== undefined && live.tokenHash === deps.links.hashOf("page", live.id);
  if (showable && !options.renew) return { sealed: deps.links.sealed("page", live.id), revoked: 0 };
  const revoked = live === undefined ? 0 : await repos.pageLinks.revokeAll(member.id, now);
  const id = newId();
  await repos.pageLinks.create(
    member.id,
    { id, tokenHash: deps.links.hashOf("page", id) },
    now,
    options.issuedBy?.id,
  );
  // Sealed: the queue never holds the token; the channel gets the URL as it sends.
  return { sealed: deps.links.sealed("page", id), revoked };
}

/** What the page is for, as its reader reads it: a parent the équipe of its coordinator, a professional the code. */
function pageAbout(
  locale: Locale,
  caseCode: string,
  member: MemberRecord,
  contact: MemberRecord | undefined,
): Block[] {
  const about: Rich = readsCaseCode(member)
    ? t(locale, "pageLetter.professional", { caseCode })
    : t(locale, "pageLetter.plain", { equipe: equipeOf(locale, contact) });
  return [
    { type: "text", content: about },
    { type: "text", content: t(locale, "pageLetter.can") },
  ];
}

/** The page's link, as a call to open it. */
const pageLinkBlock = (locale: Locale, sealed: string): Block => ({
  type: "link",
  url: sealed,
  label: plainText(t(locale, "pageLetter.linkLabel")),
});

/**
 * The letter that brings a member outside chat their personal page: what they can do there, that
 * it opens without a password, that the link is theirs alone and whom to ask for a new one.
 */
export function pageLetter(
  locale: Locale,
  caseCode: string,
  member: MemberRecord,
  contact: MemberRecord | undefined,
  sealed: string,
): Message {
  return {
    subject: t(locale, "pageLetter.subject"),
    blocks: [
      ...pageAbout(locale, caseCode, member, contact),
      pageLinkBlock(locale, sealed),
      { type: "text", content: t(locale, "pageLetter.howTo") },
      { type: "note", content: t(locale, "pageLetter.personal", { contact: contactOf(locale, contact) }) },
    ],
    attachments: [],
  };
}

/**
 * The one letter a member outside chat gets when they join: their page first (what they do with
 * the équipe), then their calendar of meetings; one note about keeping both links to themselves.
 */
export function arrivalLetter(
  locale: Locale,
  caseCode: string,
  member: MemberRecord,
  contact: MemberRecord | undefined,
  links: { page: string; feed: string },
): Message {
  const calendar: Rich = readsCaseCode(member)
    ? t(locale, "arrivalLetter.calendarProfessional", { caseCode })
    : t(locale, "arrivalLetter.calendarPlain", { equipe: equipeOf(locale, contact) });
  return {
    subject: t(locale, "arrivalLetter.subject"),
    blocks: [
      ...pageAbout(locale, caseCode, member, contact),
      pageLinkBlock(locale, links.page),
      { type: "text", content: t(locale, "pageLetter.howTo") },
      { type: "text", content: calendar },
      { type: "link", url: links.feed, label: plainText(t(locale, "feedLetter.linkLabel")) },
      { type: "text", content: t(locale, "feedLetter.howTo") },
      { type: "note", content: t(locale, "arrivalLetter.personal", { contact: contactOf(locale, contact) }) },
    ],
    attachments: [],
  };
}

/**
 * The link shown to the coordinator who asked, and to them only, to hand over as they see fit:
 * the address itself on a line of its own, so that it can be copied whole (a QR code of it is
 * the web pages' to draw).
 */
export function shownLink(locale: Locale, member: MemberRecord, sealed: string, revoked: number): Message {
  const head: Rich = t(locale, "pageLink.shown", { who: mentionOf(locale, member) });
  return {
    blocks: [
      {
        type: "text",
        content: revoked > 0 ? lines([t(locale, "pageLink.revokedBefore"), head]) : head,
      },
      // A link, not text: a renderer may escape text, and a capability URL must stay exact.
      { type: "text", content: [link(sealed, sealed)] },
      { type: "text", content: t(locale, "pageLink.shownHowTo") },
      { type: "note", content: t(locale, "pageLink.shownPersonal") },
    ],
    attachments: [],
  };
}

/** What the coordinator is told after a page letter is sent: truthfully, how it travels. */
export function sentReport(
  locale: Locale,
  member: MemberRecord,
  reached: Reached[],
  revoked: number,
  what: "pageLink.sent" | "pageLink.arrival" = "pageLink.sent",
): Rich {
  const parts: Rich = [];
  if (revoked > 0) parts.push(...t(locale, "pageLink.revokedBefore"), text(" "));
  parts.push(...t(locale, what, { who: mentionOf(locale, member) }), text(" "));
  parts.push(...reachReport(locale, reached));
  return parts;
}

/**
 * A reminder by e-mail to a member outside chat: what it is about, then their personal link
 * going where they answer and a word on keeping it to themselves; with no live link (revoked),
 * none, and whom to ask for a new one.
 */
export function reminderLetter(
  locale: Locale,
  about: { subject: Rich; text: Rich; linkLabel: Rich },
  link: string | undefined,
  contact: MemberRecord | undefined,
): Message {
  const ask = { contact: contactOf(locale, contact) };
  const blocks: Block[] =
    link === undefined
      ? [{ type: "text", content: t(locale, "reminderLetter.noLink", ask) }]
      : [
          { type: "link", url: link, label: plainText(about.linkLabel) },
          { type: "note", content: t(locale, "reminderLetter.personal", ask) },
        ];
  return {
    subject: about.subject,
    blocks: [{ type: "text", content: about.text }, ...blocks],
    attachments: [],
  };
}
