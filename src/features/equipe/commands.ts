import { lines as joinLines, type Rich, text, textMessage } from "../../content/model.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../core/feature.ts";
import { mentionOf, roleName } from "../../core/people.ts";
import { handOverNote, reachNote, Tell } from "../../core/reach.ts";
import {
  asCoordinator,
  asMember,
  chatUserOf,
  conversationOf,
  onlyOnce,
  type Request,
} from "../../core/request.ts";
import { type CaseCode, parseCaseCode } from "../../domain/case-code.ts";
import {
  type Contact,
  emailSchema,
  looksLikePhone,
  MAX_EXTERNAL_NAME_LENGTH,
  PHONE_MAX_DIGITS,
  PHONE_MIN_DIGITS,
  parsePhone,
  readContact,
} from "../../domain/command.ts";
import { DomainError } from "../../domain/errors.ts";
import { type EquipeId, newId } from "../../domain/ids.ts";
import { type Role, takeRole } from "../../domain/roles.ts";
import { fold, nearest } from "../../domain/suggest.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Repositories } from "../../ports/store.ts";
import { welcomeMember } from "../pages/commands.ts";
import { sentReport } from "../pages/messages.ts";
import { bindingKey, bindingQuestion, platformName, removalPlan, removalPreview } from "./messages.ts";
import type { EquipeRecord, MemberRecord, PersonProfile } from "./repository.ts";

/** The coordinator who sets up an équipe is, in P.I.P.P.I., usually its social worker. */
const SETUP_ROLE: Role = "social_worker";
/** How much of a wrong word we repeat back. */
const ECHO_MAX = 30;
const EMAIL_ECHO_MAX = 60;
const COORDINATOR_WORDS = ["coordinatore", "coordinatrice", "coordinator"];
/** How a coordinator says they stop coordinating, when their role changes. */
const NOT_COORDINATOR_WORDS = ["non-coordinatore", "non-coordinatrice", "not-coordinator"];

/** A member named in a command: a chat user by platform id, or a member outside chat by e-mail or phone. */
export type MemberRef = { userId: string } | { contact: Contact };

/** How a member outside chat is reached: an e-mail, a phone number, or both. */
interface Contacts {
  email: string | undefined;
  phone: string | undefined;
}

/**
 * The contacts at the head of a command's words: an e-mail and/or a phone number, in either
 * order (a number may be written in groups: `+39 333 1234567`); the words after them.
 */
function readContacts(args: readonly string[]): { contacts: Contacts; rest: string[] } | DomainError {
  let email: string | undefined;
  let phone: string | undefined;
  let at = 0;
  while (at < args.length) {
    const word = args[at] ?? "";
    if (email === undefined && word.includes("@")) {
      const parsed = parseEmail(word);
      if (parsed instanceof DomainError) return parsed;
      email = parsed;
      at += 1;
    } else if (phone === undefined && looksLikePhone(word)) {
      // The groups of one number: the first word, then every word that is only digits.
      let end = at + 1;
      while (end < args.length && /^\d+$/.test(args[end] ?? "")) end += 1;
      const written = args.slice(at, end).join(" ");
      const parsed = parsePhone(written);
      if (parsed === undefined)
        return new DomainError("phone.invalid", {
          value: written.slice(0, ECHO_MAX),
          min: PHONE_MIN_DIGITS,
          max: PHONE_MAX_DIGITS,
        });
      phone = parsed;
      at = end;
    } else break;
  }
  return { contacts: { email, phone }, rest: args.slice(at) };
}

function parseEmail(word: string): string | DomainError {
  const email = emailSchema.safeParse(word);
  return email.success
    ? email.data.toLowerCase()
    : new DomainError("email.invalid", { value: word.slice(0, EMAIL_ECHO_MAX) });
}

/**
 * The role at the start of `words` (one word or several: `assistente sociale`) and what follows;
 * a word that is not a role is refused with the nearest role word, if one is close, and the
 * command's example. Never a guess acted on.
 */
function readRole(
  words: readonly string[],
  commandName: string,
): { role: Role; rest: string[] } | DomainError {
  const read = takeRole(words);
  if (read.ok) return read;
  return new DomainError("role.unknown", {
    word: read.word.slice(0, ECHO_MAX),
    suggestion: read.suggestion ?? "",
    command: commandName,
  });
}

/**
 * What the words after the role say about coordinating: nothing (undefined: as before),
 * `coordinatore` (true) or `non-coordinatore` (false). Another word is refused, with the nearest
 * of these when one is close.
 */
function readCoordinatorFlag(words: readonly string[]): boolean | undefined | DomainError {
  if (words.length === 0) return undefined;
  const flag = fold(words.join("-"));
  if (COORDINATOR_WORDS.includes(flag)) return true;
  if (NOT_COORDINATOR_WORDS.includes(flag)) return false;
  const [suggestion] = nearest(flag, [...COORDINATOR_WORDS, ...NOT_COORDINATOR_WORDS]);
  if (suggestion === undefined) return usageError("add");
  return new DomainError("word.unknown", {
    word: words.join(" ").slice(0, ECHO_MAX),
    suggestion,
    command: "add",
  });
}

/** `configura FAM-2025-014`: binds the conversation to the case's équipe. */
const setup = command({
  name: "setup",
  words: ["setup", "configura"],
  usage: "usage.setup",
  parse(args) {
    const [word, ...rest] = args;
    if (word === undefined || rest.length > 0) return usageError("setup");
    const caseCode = parseCaseCode(word);
    return caseCode ? { caseCode } : new DomainError("caseCode.invalid", { value: word.slice(0, ECHO_MAX) });
  },
  run: (deps, req, { caseCode }) => setupEquipe(deps, req, caseCode),
});

/**
 * A new case gets a new équipe with the caller as coordinator. An existing case is bound to a
 * further conversation at once when one of its coordinators asks (their command is the
 * approval); anyone else's request waits for a coordinator's click (`actions.ts`), and the
 * équipe's conversations are told of every conversation added.
 */
async function setupEquipe(deps: ServiceDeps, req: Request, caseCode: CaseCode): Promise<void> {
  if (req.place.kind === "private") throw new DomainError("setup.inDirect");
  const channel = conversationOf(req);
  const user = chatUserOf(req);
  // The roster's name for the coordinator too, where the platform has one (Teams mentions need it).
  // Read before the transaction: a roster call must not hold the database's write lock.
  const profile = req.directory ? await req.directory.lookup(user.userId) : undefined;
  const now = deps.clock.now();
  await deps.store.transaction(async (repos) => {
    await onlyOnce(repos, req.deliveryKey);
    const bound = await repos.equipes.findByChannel(channel);
    if (bound !== undefined) throw new DomainError("equipe.alreadyBound", { caseCode: bound.caseCode });
    const existing = await repos.equipes.findByCaseCode(caseCode);
    if (existing !== undefined) {
      const member = await repos.members.findByChatUser(existing.id, user);
      if (member?.isCoordinator === true) {
        await bindFurther(deps, repos, req, existing, member, now);
        return;
      }
      await askToBind(deps, repos, req, existing, member, profile, now);
      return;
    }
    const equipe = {
      id: newId<"EquipeId">() as EquipeId,
      caseCode,
      timezone: deps.defaults.timezone,
      locale: req.actor.locale ?? deps.defaults.locale,
    };
    await repos.equipes.create(equipe);
    await repos.equipes.bindChannel(equipe.id, channel);
    const { member } = await repos.members.upsertChatMember({
      equipeId: equipe.id,
      user,
      role: SETUP_ROLE,
      isCoordinator: true,
      locale: req.actor.locale,
      profile,
      at: now,
    });
    await repos.audit.record({ equipeId: equipe.id, actorId: member.id, action: "equipe.created", at: now });
    const tell = new Tell(deps, repos, equipe, now);
    await tell.actor(req, ({ locale }) => textMessage(t(locale, "setup.done", { caseCode })), member);
    await tell.flush();
  });
  deps.log("equipe.setup", { platform: channel.platform });
}

/** A coordinator binds one more conversation: done, and said in the équipe's other conversations. */
async function bindFurther(
  deps: ServiceDeps,
  repos: Repositories,
  req: Request,
  equipe: EquipeRecord,
  coordinator: MemberRecord,
  now: Date,
): Promise<void> {
  const channel = conversationOf(req);
  const tell = new Tell(deps, repos, equipe, now);
  const { caseCode } = equipe;
  // Said before the binding, so that it reaches the conversations that were there already.
  await tell.conversations(({ locale }) =>
    textMessage(t(locale, "setup.announced", { caseCode, platform: platformName(locale, channel) })),
  );
  await repos.equipes.bindChannel(equipe.id, channel);
  await repos.audit.record({
    equipeId: equipe.id,
    actorId: coordinator.id,
    action: "channel.bound",
    at: now,
  });
  await tell.here(req, () =>
    textMessage(t(req.actor.locale ?? coordinator.locale ?? equipe.locale, "setup.bound", { caseCode })),
  );
  await tell.flush();
}

/**
 * Someone who does not coordinate the équipe asks for this conversation: the request is kept,
 * each coordinator is asked privately (Approve / Refuse), and the requester is told it waits.
 * One request per conversation at a time.
 */
async function askToBind(
  deps: ServiceDeps,
  repos: Repositories,
  req: Request,
  equipe: EquipeRecord,
  member: MemberRecord | undefined,
  profile: PersonProfile | undefined,
  now: Date,
): Promise<void> {
  const channel = conversationOf(req);
  const user = chatUserOf(req);
  const tell = new Tell(deps, repos, equipe, now);
  const { caseCode } = equipe;
  const waiting = await repos.bindingRequests.pendingFor(channel);
  // Which case the waiting request is for is not said: it could name a case the asker may not know of.
  if (waiting !== undefined) throw new DomainError("setup.alreadyAsked");
  const request = {
    id: newId(),
    equipeId: equipe.id,
    channel,
    requester: user,
    requesterName: profile?.displayName ?? member?.name,
    requesterLocale: req.actor.locale,
  };
  await repos.bindingRequests.create(request, now);
  await repos.audit.record({
    equipeId: equipe.id,
    actorId: member?.id,
    action: "channel.requested",
    subjectId: request.id,
    at: now,
  });
  const pending = { ...request, status: "pending" as const, decidedByMemberId: undefined };
  for (const coordinator of (await repos.members.listActive(equipe.id)).filter((m) => m.isCoordinator))
    await tell.member(coordinator, ({ locale }) => bindingQuestion(locale, equipe, pending, undefined), {
      key: bindingKey(pending, coordinator),
      answer: true,
    });
  await tell.actor(req, ({ locale }) => textMessage(t(locale, "setup.asked", { caseCode })), member);
  await tell.flush();
}

/**
 * `aggiungi @utente ruolo [coordinatore|non-coordinatore]`: adds a chat user of the same
 * workspace, or changes their role. Changing a role leaves coordinating as it was unless the
 * command says otherwise, and an équipe is never left without a coordinator.
 */
const add = command({
  name: "add",
  words: ["add", "aggiungi"],
  usage: "usage.add",
  parse(args, refs) {
    const [who, ...after] = args;
    if (who === undefined || after.length === 0) return usageError("add");
    const userId = refs(who);
    if (userId === undefined) return new DomainError("member.notAMention");
    const read = readRole(after, "add");
    if (read instanceof DomainError) return read;
    const coordinator = readCoordinatorFlag(read.rest);
    if (coordinator instanceof DomainError) return coordinator;
    return { userId, role: read.role, coordinator };
  },
  async run(deps, req, input) {
    // Who acts comes first: only a coordinator's command makes us ask the roster about anyone.
    await asCoordinator(deps, req, "conversation", async () => undefined, { once: false });
    // Read before the transaction: a roster call must not hold the database's write lock.
    const profile = req.directory ? await req.directory.lookup(input.userId) : undefined;
    if (req.directory && profile === undefined) throw new DomainError("member.notInConversation");
    // The person is in the same workspace as whoever names them.
    const user = { ...chatUserOf(req), userId: input.userId };
    await asCoordinator(deps, req, "conversation", async ({ repos, equipe, tell, audit, now }) => {
      const existing = await repos.members.findByChatUser(equipe.id, user);
      // Coordinating stays as it was unless the command says otherwise.
      const isCoordinator = input.coordinator ?? existing?.isCoordinator ?? false;
      // Stopping coordinating: never the last one, whoever asks.
      if (existing?.isCoordinator && !isCoordinator) {
        const coordinators = (await repos.members.listActive(equipe.id)).filter((m) => m.isCoordinator);
        if (coordinators.length <= 1) throw new DomainError("member.lastCoordinatorRole");
      }
      const { member, created } = await repos.members.upsertChatMember({
        equipeId: equipe.id,
        user,
        role: input.role,
        isCoordinator,
        locale: undefined,
        profile,
        at: now,
      });
      await audit(created ? "member.added" : "member.updated", member.id);
      const stopped = existing?.isCoordinator === true && !member.isCoordinator;
      // Membership is not secret inside the équipe: the conversation sees the change.
      await tell.here(req, ({ locale }) => textMessage(memberChange(locale, member, created, stopped)));
    });
    deps.log("member.add", { platform: user.platform });
  },
});

function memberChange(locale: Locale, member: MemberRecord, created: boolean, stopped = false): Rich {
  return t(locale, created ? "member.added" : "member.updated", {
    who: mentionOf(locale, member),
    role: roleName(locale, member),
    coordinator: member.isCoordinator
      ? t(locale, "member.coordinatorSuffix")
      : stopped
        ? t(locale, "member.stoppedCoordinatingSuffix")
        : "",
  });
}

export async function refuseLastCoordinator(repos: Repositories, equipeId: EquipeId): Promise<void> {
  const coordinators = (await repos.members.listActive(equipeId)).filter((m) => m.isCoordinator);
  if (coordinators.length <= 1) throw new DomainError("member.lastCoordinator");
}

/**
 * `aggiungi-esterno email|telefono ruolo Nome`: a member without a chat account (the family, a
 * support family, a volunteer), with an e-mail, a phone number or both. Their contacts are never
 * posted to the conversation; only the coordinator who added them sees the confirmation. Someone
 * with only a phone gets nothing from the bot directly: their notices are handed to the
 * coordinators to pass on, and the confirmation says so. Someone new gets one letter with their
 * personal page and their calendar of meetings (`welcomeMember`).
 */
const addExternal = command({
  name: "add-external",
  words: ["add-external", "aggiungi-esterno"],
  usage: "usage.add-external",
  parse(args) {
    const contactsRead = readContacts(args);
    if (contactsRead instanceof DomainError) return contactsRead;
    const { contacts, rest } = contactsRead;
    if (contacts.email === undefined && contacts.phone === undefined)
      return args[0] !== undefined && rest.length > 0
        ? new DomainError("contact.missing", { value: args[0].slice(0, ECHO_MAX) })
        : usageError("add-external");
    if (rest.length < 2) return usageError("add-external");
    const read = readRole(rest, "add-external");
    if (read instanceof DomainError) return read;
    const { role, rest: nameWords } = read;
    if (nameWords.length === 0) return usageError("add-external");
    const displayName = nameWords.join(" ");
    if (displayName.length > MAX_EXTERNAL_NAME_LENGTH)
      return new DomainError("member.nameTooLong", { max: MAX_EXTERNAL_NAME_LENGTH });
    return { ...contacts, role, displayName };
  },
  async run(deps, req, input) {
    await asCoordinator(deps, req, "conversation", async (scope) => {
      const { repos, equipe, member: coordinator, tell, audit, now } = scope;
      const { member, created } = await repos.members.upsertExternalMember({
        equipeId: equipe.id,
        ...input,
        at: now,
      });
      await audit(created ? "member.added" : "member.updated", member.id);
      // Whoever joins gets, in one letter, their personal page (where they answer the équipe
      // themselves) and their calendar of the meetings they are invited to.
      const welcomed = created ? await welcomeMember(deps, scope, member) : undefined;
      await tell.actor(
        req,
        ({ locale }) => {
          const change = memberChange(locale, member, created);
          // Truthfully: where the bot has no way to write to them, the coordinators pass things on.
          const note = handOverNote(locale, member);
          const lines: Rich[] = [note ? [...change, text(" "), ...note] : change];
          if (welcomed !== undefined) lines.push(sentReport(locale, member, welcomed, 0, "pageLink.arrival"));
          return textMessage(joinLines(lines));
        },
        coordinator,
      );
    });
    deps.log("member.addExternal", { platform: conversationOf(req).platform });
  },
});

/**
 * `membri`, shown only to the caller. E-mail addresses of members outside chat are shown to
 * coordinators only: they are the ones who correct them.
 */
const members = command({
  name: "members",
  words: ["members", "membri"],
  usage: "usage.members",
  async run(deps, req) {
    await asMember(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: reader, tell }) => {
        const all = await repos.members.listActive(equipe.id);
        // Which organisation someone takes part for is not secret inside the équipe.
        const forOrganisation = new Map(
          (await repos.organisations.inEquipe(equipe.id)).flatMap(({ organisation, memberIds }) =>
            memberIds.map((id) => [id, organisation.name] as const),
          ),
        );
        await tell.actor(
          req,
          ({ locale }) => {
            const lines = all.map((member) => {
              const line: Rich = [
                text("• "),
                mentionOf(locale, member),
                text(" — "),
                ...roleName(locale, member),
              ];
              if (member.isCoordinator) line.push(...t(locale, "member.coordinatorSuffix"));
              const organisation = forOrganisation.get(member.id);
              if (organisation !== undefined)
                line.push(...t(locale, "member.forOrganisation", { name: organisation }));
              const note = reachNote(locale, member, reader.isCoordinator);
              if (note) line.push(text(" — "), ...note);
              return line;
            });
            const header = t(locale, "members.header", { caseCode: equipe.caseCode, count: all.length });
            return textMessage(joinLines([header, ...lines]));
          },
          reader,
        );
      },
      { once: false },
    );
  },
});

/**
 * `rimuovi @utente|email`: nothing is removed yet. The coordinator who asked (only them) sees who
 * and what they would lose, and removes with a click (`actions.ts`). The last coordinator cannot
 * be removed, or nobody could manage the équipe any more.
 */
const remove = command({
  name: "remove",
  words: ["remove", "rimuovi"],
  usage: "usage.remove",
  parse(args, refs): { member: MemberRef } | DomainError {
    const [who, ...rest] = args;
    if (who === undefined) return usageError("remove");
    const userId = refs(who);
    if (userId !== undefined && rest.length === 0) return { member: { userId } };
    // An e-mail, or a phone number in groups or not.
    const read = readContact(args);
    return "contact" in read && read.rest.length === 0
      ? { member: { contact: read.contact } }
      : usageError("remove");
  },
  async run(deps, req, { member: ref }) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell }) => {
        const member =
          "userId" in ref
            ? await repos.members.findByChatUser(equipe.id, { ...chatUserOf(req), userId: ref.userId })
            : await repos.members.findExternal(equipe.id, ref.contact);
        if (member === undefined) throw new DomainError("member.notFound");
        if (member.isCoordinator) await refuseLastCoordinator(repos, equipe.id);
        const plan = await removalPlan(repos, equipe, member, now);
        await tell.actor(req, ({ locale }) => removalPreview(locale, equipe, plan), coordinator);
      },
      { once: false },
    );
  },
});

export const commands: readonly CommandDef[] = [setup, add, addExternal, members, remove];
