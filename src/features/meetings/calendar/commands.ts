import { link, textMessage } from "../../../content/model.ts";
import type { ServiceDeps } from "../../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { mentionOf } from "../../../core/people.ts";
import { Tell } from "../../../core/reach.ts";
import {
  actorIn,
  asCoordinator,
  asMember,
  chatUserOf,
  type Request,
  type Scope,
  yours,
} from "../../../core/request.ts";
import { type Contact, contactError, readContact } from "../../../domain/command.ts";
import { DomainError } from "../../../domain/errors.ts";
import { fold } from "../../../domain/suggest.ts";
import { t } from "../../../i18n/catalogue.ts";
import type { MemberRecord, OrganisationRecord } from "../../equipe/repository.ts";
import type { FeedSubject } from "../repository.ts";
import {
  feedLink,
  memberFeedLetter,
  memberFeedReport,
  organisationFeedLetter,
  organisationFeedReport,
} from "./messages.ts";

const RESET_WORDS = new Set(["reset", "nuovo", "rinnova", "new"]);
const REVOKE_WORDS = new Set(["revoca", "revoke", "stop"]);
/** How much of a wrong word we repeat back. */
const ECHO_MAX = 60;

/**
 * `calendario [nuovo]`: the caller's personal feed URL, shown only to them. Asking again shows
 * the same link (its token is derived from the row that stands for it, and only its hash is
 * stored); `nuovo` revokes every earlier link and makes a new one, and says so. A link made
 * before links could be shown again (or under another data key) keeps working until `nuovo`;
 * the caller gets one that can be shown again.
 */
const feed = command({
  name: "feed",
  words: ["feed", "calendario"],
  usage: "usage.feed",
  parse(args) {
    if (args.length === 0) return { reset: false };
    const [word, ...rest] = args;
    return word !== undefined && rest.length === 0 && RESET_WORDS.has(word.toLowerCase())
      ? { reset: true }
      : usageError("feed");
  },
  async run(deps, req, { reset }) {
    const subject: FeedSubject = { kind: "person", user: chatUserOf(req) };
    // The feed is the person's, across their équipes: in a direct message any membership will do.
    const revoked = await asMember(deps, req, yours("feed", { anyEquipe: true }), async (scope) => {
      const { member, tell } = scope;
      const { sealed, revoked } = await feedLink(deps, scope, subject, { renew: reset });
      const key = revoked > 0 ? "feed.reset" : "feed.url";
      // A link, not text: a renderer may escape text, and a capability URL must stay exact.
      await tell.actor(
        req,
        ({ locale }) => textMessage(t(locale, key, { url: link(sealed, sealed) })),
        member,
      );
      return revoked;
    });
    deps.log("feed.shown", { reset, revoked });
  },
});

type ExternalFeedInput =
  | { contact: Contact; what: "send" | "renew" | "revoke"; want: "member" | "organisation" | undefined }
  | { chatUserId: string };
/** Words that say whose link is meant, when one address is both a member's and an organisation's. */
const ORGANISATION_WORDS = new Set(["organizzazione", "organisation", "organization", "ente"]);
const PERSON_WORDS = new Set(["persona", "person", "membro", "member"]);

/** The member outside chat, or the partner organisation, a contact names in this équipe. */
async function subscriberNamed(
  scope: Scope,
  contact: Contact,
  want: "member" | "organisation" | undefined,
): Promise<{ member: MemberRecord } | { organisation: OrganisationRecord }> {
  const { repos, equipe } = scope;
  const member = await repos.members.findExternal(equipe.id, contact);
  // An organisation, only where it takes part in this équipe: its feed is no business of others.
  const organisation =
    "email" in contact
      ? (await repos.organisations.inEquipe(equipe.id)).find(
          (o) => o.organisation.contactEmail === contact.email,
        )?.organisation
      : undefined;
  // One address for both (a school office that is also a member's): never guess whose link to touch.
  if (member !== undefined && organisation !== undefined && want === undefined)
    throw new DomainError("externalFeed.both", {
      value: organisation.contactEmail,
      who: member.name ?? "",
      name: organisation.name,
    });
  if (member !== undefined && want !== "organisation") return { member };
  if (organisation !== undefined && want !== "member") return { organisation };
  // The word names the other one: say whose the contact is, and how to ask for it.
  if (organisation !== undefined)
    throw new DomainError("externalFeed.notMember", {
      value: organisation.contactEmail,
      name: organisation.name,
    });
  if (member !== undefined)
    throw new DomainError("externalFeed.notOrganisation", {
      value: "email" in contact ? contact.email : contact.phone,
      who: member.name ?? "",
    });
  throw new DomainError("externalFeed.unknown", {
    value: "email" in contact ? contact.email : contact.phone,
  });
}

/**
 * `calendario-esterno email|telefono [nuovo|revoca]` (coordinators): the calendar feed of a member
 * outside chat, or of a partner organisation taking part in the équipe. Without a word it sends
 * the member their link again (by e-mail; a phone-only member's is handed to the coordinators to
 * pass on) — the same link, until renewed; `nuovo` revokes it and sends a new one; `revoca`
 * revokes it. An organisation's link is sent only ever to its contact's address, never shown in
 * chat: a coordinator of one équipe cannot read, through it, the meetings of another.
 */
const externalFeed = command({
  name: "external-feed",
  words: ["external-feed", "calendario-esterno"],
  usage: "usage.external-feed",
  parse(args, refs): ExternalFeedInput | DomainError {
    const [head = ""] = args;
    const want = ORGANISATION_WORDS.has(fold(head))
      ? "organisation"
      : PERSON_WORDS.has(fold(head))
        ? "member"
        : undefined;
    const words = want === undefined ? args : args.slice(1);
    const [first] = words;
    if (first === undefined) return usageError("external-feed");
    const chatUserId = refs(first);
    if (chatUserId !== undefined) return words.length === 1 ? { chatUserId } : usageError("external-feed");
    const read = readContact(words);
    if ("wrong" in read) return contactError(read, ECHO_MAX);
    if (read.rest.length === 0) return { contact: read.contact, what: "send", want };
    const word = fold(read.rest.join(" "));
    if (read.rest.length === 1 && RESET_WORDS.has(word))
      return { contact: read.contact, what: "renew", want };
    if (read.rest.length === 1 && REVOKE_WORDS.has(word))
      return { contact: read.contact, what: "revoke", want };
    return usageError("external-feed");
  },
  async run(deps, req, input) {
    const what = await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, member: coordinator, tell, audit, now } = scope;
      if ("chatUserId" in input) {
        const named = await repos.members.findByChatUser(equipe.id, {
          ...chatUserOf(req),
          userId: input.chatUserId,
        });
        if (named === undefined) throw new DomainError("member.notFound");
        throw new DomainError("externalFeed.inChat", { who: named.name ?? "" });
      }
      const found = await subscriberNamed(scope, input.contact, input.want);
      const subject: FeedSubject =
        "member" in found
          ? { kind: "member", memberId: found.member.id }
          : { kind: "organisation", organisationId: found.organisation.id };
      const subjectId = "member" in found ? found.member.id : found.organisation.id;
      if (input.what === "revoke") {
        const revoked = await repos.feeds.revokeAll(subject, now);
        // Only what happened goes in the trail: nothing live, nothing revoked.
        if (revoked > 0) await audit("feed.revoked", subjectId);
        if (revoked > 0 && "organisation" in found)
          await tellOtherEquipes(deps, scope, req, found.organisation);
        await tell.actor(
          req,
          ({ locale }) =>
            textMessage(
              t(locale, revoked > 0 ? "externalFeed.revoked" : "externalFeed.noneToRevoke", {
                who: "member" in found ? mentionOf(locale, found.member) : found.organisation.name,
              }),
            ),
          coordinator,
        );
        return input.what;
      }
      const renew = input.what === "renew";
      if ("member" in found) {
        const { revoked, reached } = await sendMemberFeed(deps, scope, found.member, { renew });
        await audit(renew ? "feed.renewed" : "feed.sent", subjectId);
        await tell.actor(
          req,
          ({ locale }) => textMessage(memberFeedReport(locale, found.member, reached, revoked)),
          coordinator,
        );
      } else {
        const { revoked, outcome } = await sendOrganisationFeed(deps, scope, found.organisation, { renew });
        await audit(renew ? "feed.renewed" : "feed.sent", subjectId);
        await tell.actor(
          req,
          ({ locale }) => textMessage(organisationFeedReport(locale, found.organisation, outcome, revoked)),
          coordinator,
        );
      }
      return input.what;
    });
    deps.log("feed.external", { what });
  },
});

/**
 * An organisation's feed shows every équipe it takes part in: when one équipe's coordinator revokes
 * it, the coordinators of the others hear that their meetings stopped reaching it too, and how to
 * send a new link. They are not told which case, nor who: only that it was another équipe. The
 * person who revoked it, where they coordinate those équipes too, knows already.
 */
async function tellOtherEquipes(
  deps: ServiceDeps,
  scope: Scope,
  req: Request,
  organisation: OrganisationRecord,
): Promise<void> {
  const { repos, now } = scope;
  const cover = await repos.calendarFeeds.covered({ kind: "organisation", organisationId: organisation.id });
  for (const { equipeId } of cover?.equipes ?? []) {
    if (equipeId === scope.equipe.id) continue;
    const equipe = await repos.equipes.findById(equipeId);
    if (equipe === undefined) continue;
    // The same person may coordinate that équipe too (another member row there).
    const actor = await actorIn(repos, equipe, req.actor);
    const others = (await repos.members.listActive(equipe.id)).filter(
      (member) => member.isCoordinator && member.id !== actor?.id,
    );
    if (others.length === 0) continue;
    const tell = new Tell(deps, repos, equipe, now);
    await tell.members(others, ({ locale }) =>
      textMessage(
        t(locale, "organisationFeed.revokedElsewhere", {
          name: organisation.name,
          email: organisation.contactEmail,
        }),
      ),
    );
    await tell.flush();
  }
}

/**
 * Sends a member outside chat their feed link (the same one until renewed): by e-mail, or handed
 * to the coordinators to pass on to someone with only a phone. Says how it went.
 */
export async function sendMemberFeed(
  deps: Pick<ServiceDeps, "links">,
  scope: Scope,
  member: MemberRecord,
  options: { renew: boolean },
) {
  const { equipe, tell } = scope;
  const { sealed, revoked } = await feedLink(
    deps,
    scope,
    { kind: "member", memberId: member.id },
    { renew: options.renew, issuedBy: scope.member },
  );
  // The coordinator who sends it is the one to turn to.
  const contact = scope.member;
  const reached = await tell.members(
    [member],
    ({ locale }) => memberFeedLetter(locale, equipe.caseCode, member, contact, sealed),
    { handOver: true },
  );
  return { revoked, reached };
}

/** Sends a partner organisation's feed link to its contact's address, and only there. */
export async function sendOrganisationFeed(
  deps: Pick<ServiceDeps, "links">,
  scope: Scope,
  organisation: OrganisationRecord,
  options: { renew: boolean },
) {
  const { sealed, revoked } = await feedLink(
    deps,
    scope,
    { kind: "organisation", organisationId: organisation.id },
    { renew: options.renew, issuedBy: scope.member },
  );
  const outcome = scope.tell.organisation(
    organisation,
    organisationFeedLetter(organisation.locale, organisation, scope.member, sealed),
  );
  return { revoked, outcome };
}

export const commands: readonly CommandDef[] = [feed, externalFeed];
