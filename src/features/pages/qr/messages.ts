import { link, type Message } from "../../../content/model.ts";
import { plainText } from "../../../content/plain.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { mentionOf } from "../../../core/people.ts";
import type { Scope } from "../../../core/request.ts";
import { newId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { MemberRecord } from "../../equipe/repository.ts";
import type { PageLinkRecord } from "../repository.ts";

/**
 * How long the page with a member's QR code opens: long enough to print it or hold the screen up
 * to the member at the meeting where it was asked for, short enough that a chat message found
 * later (a forwarded screenshot, a shared screen) no longer opens anything.
 */
export const QR_LINK_MINUTES = 30;
const MINUTE_MS = 60_000;

/**
 * A member's live page link that can be drawn as a QR code: one that can be shown again (derived
 * from its row under the current key); undefined when there is none.
 */
export async function drawablePageLink(
  deps: Pick<ServiceDeps, "links">,
  scope: Pick<Scope, "repos">,
  member: MemberRecord,
): Promise<PageLinkRecord | undefined> {
  const live = await scope.repos.pageLinks.live(member.id);
  return live !== undefined && live.tokenHash === deps.links.hashOf("page", live.id) ? live : undefined;
}

/**
 * A new short-lived link to the page that shows the member's page link as a QR code, for the
 * coordinator who asked: its row stored (only the token's hash), the link sealed (the queue never
 * holds the token; the channel makes the URL as it sends).
 */
export async function qrLink(
  deps: Pick<ServiceDeps, "links">,
  scope: Pick<Scope, "repos" | "now" | "member">,
  member: MemberRecord,
  page: PageLinkRecord,
): Promise<string> {
  const { repos, now } = scope;
  const id = newId();
  await repos.qrLinks.create(
    {
      id,
      tokenHash: deps.links.hashOf("qr", id),
      pageLinkId: page.id,
      memberId: member.id,
      issuedBy: scope.member.id,
      expiresAt: new Date(now.getTime() + QR_LINK_MINUTES * MINUTE_MS),
    },
    now,
  );
  return deps.links.sealed("qr", id);
}

/**
 * The link to the QR code's page, to the coordinator who asked and to them only: what it is, how
 * long it opens, and that whoever scans the code opens the member's page.
 */
export function qrShown(locale: Locale, member: MemberRecord, sealed: string): Message {
  const who = mentionOf(locale, member);
  return {
    blocks: [
      { type: "text", content: t(locale, "pageLink.qrShown", { who }) },
      // A link, not text: a capability URL must stay exact.
      { type: "text", content: [link(sealed, plainText(t(locale, "pageLink.qrLabel")))] },
      { type: "text", content: t(locale, "pageLink.qrHowTo", { minutes: String(QR_LINK_MINUTES) }) },
      { type: "note", content: t(locale, "pageLink.qrPersonal", { who }) },
    ],
    attachments: [],
  };
}
