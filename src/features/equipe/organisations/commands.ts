import { lines as joinLines, type Rich, text, textMessage } from "../../../content/model.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { mentionOf } from "../../../core/people.ts";
import { asCoordinator, chatUserOf, type Scope } from "../../../core/request.ts";
import { type Contact, contactError, emailSchema, readContact } from "../../../domain/command.ts";
import { DomainError } from "../../../domain/errors.ts";
import { newId, type OrganisationId } from "../../../domain/ids.ts";
import { fold } from "../../../domain/suggest.ts";
import { t } from "../../../i18n/catalogue.ts";
import { sendOrganisationFeed } from "../../meetings/calendar/commands.ts";
import { organisationFeedReport } from "../../meetings/calendar/messages.ts";
import type { MemberRecord } from "../repository.ts";

/** An organisation's name, as people write it ("Scuola primaria G. Rodari"): one line, not an essay. */
export const MAX_ORGANISATION_NAME_LENGTH = 80;
const ECHO_MAX = 60;
const LEAVE_WORDS = new Set(["togli", "rimuovi", "remove"]);

/** A member named in a command: a chat user by mention, or someone outside chat by e-mail or phone. */
type Named = { userId: string } | { contact: Contact };

type OrganisationInput =
  | { what: "list" }
  | { what: "leave"; member: Named }
  | { what: "join"; member: Named; contactEmail: string; name: string };

/** The member at the head of `words`, and the words after them. */
function readMember(
  words: readonly string[],
  refs: (word: string) => string | undefined,
): { member: Named; rest: string[] } | DomainError {
  const [first, ...rest] = words;
  if (first === undefined) return usageError("organisation");
  const userId = refs(first);
  if (userId !== undefined) return { member: { userId }, rest };
  const read = readContact(words);
  return "wrong" in read
    ? contactError(read, ECHO_MAX)
    : { member: { contact: read.contact }, rest: read.rest };
}

async function findNamed(
  scope: Scope,
  req: Parameters<typeof chatUserOf>[0],
  named: Named,
): Promise<MemberRecord> {
  const { repos, equipe } = scope;
  const member =
    "userId" in named
      ? await repos.members.findByChatUser(equipe.id, { ...chatUserOf(req), userId: named.userId })
      : await repos.members.findExternal(equipe.id, named.contact);
  if (member === undefined) throw new DomainError("member.notFound");
  return member;
}

/**
 * `organizzazione` (coordinators): which partner organisations take part in the équipe, through
 * whom. `organizzazione @persona contatto@ente.it Nome dell'ente` registers that a member takes
 * part for an organisation, known by its contact's address: the organisation's calendar feed then
 * shows this équipe's meetings (case code and time, nothing else). An organisation met for the
 * first time gets its feed link at that address, and only there. `organizzazione togli @persona`
 * ends it. Every step is in the équipe's audit trail.
 */
const organisation = command({
  name: "organisation",
  words: ["organisation", "organizzazione", "organization"],
  usage: "usage.organisation",
  parse(args, refs): OrganisationInput | DomainError {
    if (args.length === 0) return { what: "list" };
    const [first = "", ...after] = args;
    if (LEAVE_WORDS.has(fold(first))) {
      const read = readMember(after, refs);
      if (read instanceof DomainError) return read;
      return read.rest.length === 0 ? { what: "leave", member: read.member } : usageError("organisation");
    }
    const read = readMember(args, refs);
    if (read instanceof DomainError) return read;
    const [address, ...nameWords] = read.rest;
    if (address === undefined || nameWords.length === 0) return usageError("organisation");
    const email = emailSchema.safeParse(address);
    if (!email.success)
      return new DomainError("organisation.contactInvalid", { value: address.slice(0, ECHO_MAX) });
    const name = nameWords.join(" ");
    if (name.length > MAX_ORGANISATION_NAME_LENGTH)
      return new DomainError("organisation.nameTooLong", { max: MAX_ORGANISATION_NAME_LENGTH });
    return { what: "join", member: read.member, contactEmail: email.data.toLowerCase(), name };
  },
  async run(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async (scope) => {
        const { repos, equipe, member: coordinator, tell, audit, now, locale: actorLocale } = scope;
        if (input.what === "list") {
          const taking = await repos.organisations.inEquipe(equipe.id);
          const everyone = await repos.members.listActive(equipe.id);
          await tell.actor(
            req,
            ({ locale }) => {
              if (taking.length === 0) return textMessage(t(locale, "organisation.none"));
              const rows: Rich[] = taking.map(({ organisation: o, memberIds }) => [
                text("• "),
                ...t(locale, "organisation.line", { name: o.name, email: o.contactEmail }),
                text(" "),
                ...everyone
                  .filter((m) => memberIds.includes(m.id))
                  .flatMap((m, i) => (i === 0 ? [mentionOf(locale, m)] : [text(", "), mentionOf(locale, m)])),
              ]);
              return textMessage(
                joinLines([t(locale, "organisation.header", { caseCode: equipe.caseCode }), ...rows]),
              );
            },
            coordinator,
          );
          return;
        }
        const member = await findNamed(scope, req, input.member);
        if (input.what === "leave") {
          const was = await repos.organisations.of(member.id);
          if (was === undefined || !(await repos.organisations.leave(member.id, now)))
            throw new DomainError("organisation.notMember");
          await audit("organisation.left", member.id);
          await tell.actor(
            req,
            ({ locale }) =>
              textMessage(t(locale, "organisation.left", { who: mentionOf(locale, member), name: was.name })),
            coordinator,
          );
          return;
        }
        let found = await repos.organisations.findByContact(input.contactEmail);
        const isNew = found === undefined;
        if (found === undefined) {
          found = {
            id: newId<"OrganisationId">() as OrganisationId,
            name: input.name,
            contactEmail: input.contactEmail,
            locale: actorLocale,
          };
          await repos.organisations.create(found, { equipeId: equipe.id, by: coordinator.id }, now);
          await audit("organisation.created", found.id);
        }
        const organisationNow = found;
        const before = await repos.organisations.of(member.id);
        if (before?.id === organisationNow.id)
          throw new DomainError("organisation.already", { name: organisationNow.name });
        await repos.organisations.join(organisationNow.id, member, coordinator.id, now);
        await audit("organisation.joined", member.id);
        // An organisation met for the first time gets its feed, at its contact's address only.
        const feed = isNew
          ? await sendOrganisationFeed(deps, scope, organisationNow, { renew: false })
          : undefined;
        if (feed !== undefined) await audit("feed.sent", organisationNow.id);
        // A link revoked on purpose is not brought back by someone else's registration: say so instead.
        const live =
          feed !== undefined ||
          (await repos.feeds.live({ kind: "organisation", organisationId: organisationNow.id })).length > 0;
        await tell.actor(
          req,
          ({ locale }) => {
            const parts: Rich[] = [
              t(locale, "organisation.joined", {
                who: mentionOf(locale, member),
                name: organisationNow.name,
              }),
            ];
            if (before !== undefined) parts.push(t(locale, "organisation.moved", { name: before.name }));
            if (!isNew && organisationNow.name !== input.name)
              parts.push(t(locale, "organisation.knownAs", { name: organisationNow.name }));
            parts.push(
              feed !== undefined
                ? organisationFeedReport(locale, organisationNow, feed.outcome, 0)
                : live
                  ? t(locale, "organisation.feedAlready", { name: organisationNow.name })
                  : t(locale, "organisation.feedRevoked", {
                      name: organisationNow.name,
                      email: organisationNow.contactEmail,
                    }),
            );
            return textMessage(joinLines(parts));
          },
          coordinator,
        );
      },
      { once: input.what !== "list" },
    );
    deps.log("organisation", { what: input.what });
  },
});

export const commands: readonly CommandDef[] = [organisation];
