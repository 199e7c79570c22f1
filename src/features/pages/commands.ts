import { textMessage } from "../../content/model.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../core/feature.ts";
import { mentionOf } from "../../core/people.ts";
import type { Reached } from "../../core/reach.ts";
import { asCoordinator, chatUserOf, type Scope } from "../../core/request.ts";
import { type Contact, contactError, phoneDigits, readContact } from "../../domain/command.ts";
import { DomainError } from "../../domain/errors.ts";
import { fold, nearest } from "../../domain/suggest.ts";
import { t } from "../../i18n/catalogue.ts";
import type { MemberRecord } from "../equipe/repository.ts";
import { feedLink } from "../meetings/calendar/messages.ts";
import { arrivalLetter, pageLetter, pageLink, sentReport, shownLink } from "./messages.ts";
import { drawablePageLink, qrLink, qrShown } from "./qr/messages.ts";

type What = "show" | "send" | "renew" | "revoke" | "qr";

/**
 * The words that may follow the contact, Italian and English, as a coordinator types them
 * (`calendario-esterno` takes the same ones for renewing and revoking).
 */
const WORDS: Record<What, readonly string[]> = {
  show: ["mostra", "vedi", "show"],
  send: ["invia", "manda", "rimanda", "reinvia", "send", "resend"],
  renew: ["nuovo", "rinnova", "reset", "new", "renew"],
  revoke: ["revoca", "disattiva", "stop", "revoke"],
  qr: ["qr"],
};
const ALL_WORDS = Object.values(WORDS).flat();
/** How much of a wrong word we repeat back. */
const ECHO_MAX = 60;

type LinkInput = { contact: Contact; what: What } | { chatUserId: string };

/** What the word after the contact asks for; a word that is none of them, said back with the nearest. */
function readWhat(rest: readonly string[]): What | DomainError {
  if (rest.length === 0) return "show";
  if (rest.length > 1) return usageError("link");
  const word = fold(rest[0] ?? "");
  for (const [what, words] of Object.entries(WORDS) as [What, readonly string[]][])
    if (words.includes(word)) return what;
  const echoed = (rest[0] ?? "").slice(0, ECHO_MAX);
  const [suggestion] = nearest(word, ALL_WORDS);
  return suggestion === undefined
    ? new DomainError("pageLink.wordUnknown", { word: echoed, command: "link" })
    : new DomainError("word.unknown", { word: echoed, suggestion, command: "link" });
}

/** Whether this member is the one a contact names (an address or a number, written any way). */
function named(member: MemberRecord, contact: Contact): boolean {
  return "email" in contact
    ? member.email?.toLowerCase() === contact.email
    : member.phone !== undefined && phoneDigits(member.phone) === phoneDigits(contact.phone);
}

/**
 * `link email|telefono [invia|nuovo|revoca]` (coordinators, in the équipe's conversation): the
 * personal page link of a member outside chat (issue 13). Without a word, the link is shown to
 * the coordinator alone, made if there is none, to hand over by hand (SMS, WhatsApp, on paper);
 * asked again, it is the same link. `invia` sends the member a letter with it (by e-mail; for a
 * phone-only member, handed privately to the coordinators as a text to pass on); `nuovo` revokes
 * it and sends a new one; `revoca` revokes it; `qr` gives the coordinator alone a short-lived link
 * to a page showing the member's live link as a QR code, to print or hold up to a phone. Every one
 * of these is in the équipe's trail, with the member as its subject; the link never is.
 */
const pageLinkCommand = command({
  name: "link",
  // One word in both languages: Italians say «link» too. Listed once (the registry refuses a
  // word twice), so it is this command's English and Italian word alike.
  words: ["link"],
  usage: "usage.link",
  parse(args, refs): LinkInput | DomainError {
    const [first] = args;
    if (first === undefined) return usageError("link");
    const chatUserId = refs(first);
    if (chatUserId !== undefined) {
      const what = readWhat(args.slice(1));
      return what instanceof DomainError ? what : { chatUserId };
    }
    const read = readContact(args);
    if ("wrong" in read) {
      const wrong = contactError(read, ECHO_MAX);
      // What was wrong, then how the command is written.
      return new DomainError(wrong.code, { ...wrong.params, command: "link" });
    }
    const what = readWhat(read.rest);
    return what instanceof DomainError ? what : { contact: read.contact, what };
  },
  async run(deps, req, input) {
    const what = await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, member: coordinator, tell, audit, now } = scope;
      if ("chatUserId" in input) {
        const inChat = await repos.members.findByChatUser(equipe.id, {
          ...chatUserOf(req),
          userId: input.chatUserId,
        });
        if (inChat === undefined) throw new DomainError("member.notFound");
        throw new DomainError("pageLink.inChat", { who: inChat.name ?? "" });
      }
      const member = await repos.members.findExternal(equipe.id, input.contact);
      if (member === undefined) {
        // An address of someone who uses chat: they have no need of a page, and are told so kindly.
        const inChat = (await repos.members.listActive(equipe.id)).find((m) => named(m, input.contact));
        if (inChat !== undefined) throw new DomainError("pageLink.inChat", { who: inChat.name ?? "" });
        throw new DomainError("pageLink.unknown", {
          value: "email" in input.contact ? input.contact.email : input.contact.phone,
        });
      }
      if (input.what === "revoke") {
        const revoked = await repos.pageLinks.revokeAll(member.id, now);
        // Only what happened goes in the trail: nothing live, nothing revoked.
        if (revoked > 0) await audit("pageLink.revoked", member.id);
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              t(locale, revoked > 0 ? "pageLink.revoked" : "pageLink.noneToRevoke", {
                who: mentionOf(locale, member),
              }),
            ),
          coordinator,
        );
        return input.what;
      }
      if (input.what === "qr") {
        // Only a link the member already has: a QR code never makes or changes one by itself.
        const page = await drawablePageLink(deps, scope, member);
        if (page === undefined)
          throw new DomainError("pageLink.qrNoLink", {
            who: member.name ?? member.email ?? member.phone ?? "",
          });
        const sealed = await qrLink(deps, scope, member, page);
        await audit("pageLink.qrShown", member.id);
        await tell.actor(req, ({ locale }) => qrShown(locale, member, sealed), coordinator);
        return input.what;
      }
      if (input.what === "show") {
        const { sealed, revoked } = await pageLink(deps, scope, member, {
          renew: false,
          issuedBy: coordinator,
        });
        await audit("pageLink.shown", member.id);
        await tell.actor(req, ({ locale }) => shownLink(locale, member, sealed, revoked), coordinator);
        return input.what;
      }
      const renew = input.what === "renew";
      const { revoked, reached } = await sendPageLink(deps, scope, member, { renew });
      await audit(renew ? "pageLink.renewed" : "pageLink.sent", member.id);
      await tell.actor(
        req,
        ({ locale }) => textMessage(sentReport(locale, member, reached, revoked)),
        coordinator,
      );
      return input.what;
    });
    deps.log("pageLink", { what });
  },
});

/**
 * Sends a member outside chat the letter with their page link (the same one until renewed): by
 * e-mail, or handed to the coordinators to pass on to someone with only a phone. Says how it went.
 */
export async function sendPageLink(
  deps: Pick<ServiceDeps, "links">,
  scope: Scope,
  member: MemberRecord,
  options: { renew: boolean },
): Promise<{ revoked: number; reached: Reached[] }> {
  const { equipe, tell } = scope;
  const { sealed, revoked } = await pageLink(deps, scope, member, {
    renew: options.renew,
    issuedBy: scope.member,
  });
  // The coordinator who sends it is the one to turn to.
  const contact = scope.member;
  const reached = await tell.members(
    [member],
    ({ locale }) => pageLetter(locale, equipe.caseCode, member, contact, sealed),
    { handOver: true },
  );
  return { revoked, reached };
}

/**
 * A member outside chat has just joined: one letter brings them their personal page and their
 * calendar of meetings (two letters at once would be one too many for a parent). Both links are
 * the ones they keep until a coordinator renews them; the trail records both as sent.
 */
export async function welcomeMember(
  deps: Pick<ServiceDeps, "links">,
  scope: Scope,
  member: MemberRecord,
): Promise<Reached[]> {
  const { equipe, tell, audit } = scope;
  const feed = await feedLink(
    deps,
    scope,
    { kind: "member", memberId: member.id },
    { renew: false, issuedBy: scope.member },
  );
  // Made with the membership, not issued by anyone (PageLink.issuedByMemberId, prisma/schema.prisma).
  const page = await pageLink(deps, scope, member, { renew: false });
  const contact = scope.member;
  const reached = await tell.members(
    [member],
    ({ locale }) =>
      arrivalLetter(locale, equipe.caseCode, member, contact, { page: page.sealed, feed: feed.sealed }),
    { handOver: true },
  );
  await audit("feed.sent", member.id);
  await audit("pageLink.sent", member.id);
  return reached;
}

export const commands: readonly CommandDef[] = [pageLinkCommand];
