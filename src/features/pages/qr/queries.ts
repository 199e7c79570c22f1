import type { ServiceDeps } from "../../../core/deps.ts";
import { hashToken } from "../../../core/links.ts";
import type { EquipeId, MemberId } from "../../../domain/ids.ts";
import type { Locale } from "../../../i18n/locale.ts";
import type { Repositories } from "../../../ports/store.ts";
import { PAGE_TOKEN_PATTERN } from "../queries.ts";

/** What the QR code's page shows: whose link (as the coordinator knows them) and the link, sealed. */
export interface QrPage {
  /** The member's name as the équipe has it (undefined: the page says "this person"). */
  name: string | undefined;
  /** The member's language: the printed sheet is theirs to read. */
  locale: Locale | undefined;
  /** Their live page link, sealed: the page opens it through the channels' one function. */
  pageLink: string;
  equipeId: EquipeId;
  memberId: MemberId;
  /** The coordinator who asked for it. */
  issuedBy: MemberId;
}

/**
 * The QR page behind this token, or undefined for a malformed, unknown or expired token, one whose
 * page link was renewed or revoked, whose member has left, or whose coordinator no longer
 * coordinates that équipe: the caller cannot tell these apart, and neither can anyone probing.
 * QR tokens are derived as page tokens are: 43 base64url characters.
 */
export async function qrPage(
  repos: Repositories,
  links: ServiceDeps["links"],
  token: string,
  now: Date,
): Promise<QrPage | undefined> {
  if (!PAGE_TOKEN_PATTERN.test(token)) return undefined;
  const found = await repos.qrLinks.find(hashToken(token), now);
  if (found === undefined) return undefined;
  const member = await repos.members.findById(found.memberId);
  const issuer = await repos.members.findById(found.issuedBy);
  if (member === undefined || issuer === undefined) return undefined;
  if (!issuer.isCoordinator || issuer.equipeId !== member.equipeId) return undefined;
  return {
    name: member.name,
    locale: member.locale,
    pageLink: links.sealed("page", found.pageLinkId),
    equipeId: member.equipeId,
    memberId: member.id,
    issuedBy: issuer.id,
  };
}

/**
 * The one write the QR page's GET makes: an access record in the équipe's trail, in the name of
 * the coordinator whose link it is, about the member whose link it shows. Nothing else moves.
 */
export async function recordQrOpening(repos: Repositories, page: QrPage, now: Date): Promise<void> {
  await repos.audit.record({
    equipeId: page.equipeId,
    actorId: page.issuedBy,
    action: "pageLink.qrOpened",
    subjectId: page.memberId,
    at: now,
  });
}
