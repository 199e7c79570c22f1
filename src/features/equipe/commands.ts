import { lines as joinLines, type Rich, text, textMessage } from "../../content/model.ts";
import type { ServiceDeps } from "../../core/deps.ts";
import { type CommandDef, command, usageError } from "../../core/feature.ts";
import { mentionOf, roleName } from "../../core/people.ts";
import { reachNote, Tell } from "../../core/reach.ts";
import {
  asCoordinator,
  asMember,
  chatUserOf,
  conversationOf,
  onlyOnce,
  type Request,
} from "../../core/request.ts";
import { type CaseCode, parseCaseCode } from "../../domain/case-code.ts";
import { emailSchema, MAX_EXTERNAL_NAME_LENGTH } from "../../domain/command.ts";
import { DomainError } from "../../domain/errors.ts";
import { type EquipeId, newId } from "../../domain/ids.ts";
import { parseRole, type Role } from "../../domain/roles.ts";
import { t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Repositories } from "../../ports/store.ts";
import { removalPlan, removalPreview } from "./messages.ts";
import type { MemberRecord } from "./repository.ts";

/** The coordinator who sets up an équipe is, in P.I.P.P.I., usually its social worker. */
const SETUP_ROLE: Role = "social_worker";
/** How much of a wrong word we repeat back. */
const ECHO_MAX = 30;
const EMAIL_ECHO_MAX = 60;
const COORDINATOR_WORDS = new Set(["coordinator", "coordinatore", "coordinatrice"]);

/** A member named in a command: a chat user by platform id, or a member outside chat by e-mail. */
export type MemberRef = { kind: "user"; userId: string } | { kind: "email"; email: string };

function parseEmail(word: string): string | DomainError {
  const email = emailSchema.safeParse(word);
  return email.success
    ? email.data.toLowerCase()
    : new DomainError("email.invalid", { value: word.slice(0, EMAIL_ECHO_MAX) });
}

function readRole(word: string): Role | DomainError {
  return parseRole(word) ?? new DomainError("role.unknown", { word: word.slice(0, ECHO_MAX) });
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
 * A new case gets a new équipe with the caller as coordinator; an existing case can be bound to
 * a further conversation only by one of its coordinators.
 */
async function setupEquipe(deps: ServiceDeps, req: Request, caseCode: CaseCode): Promise<void> {
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
      if (member?.isCoordinator !== true) throw new DomainError("caseCode.taken", { caseCode });
      await repos.equipes.bindChannel(existing.id, channel);
      await repos.audit.record({
        equipeId: existing.id,
        actorId: member.id,
        action: "channel.bound",
        at: now,
      });
      const tell = new Tell(deps, repos, existing, now);
      await tell.here(req, () =>
        textMessage(t(req.actor.locale ?? member.locale ?? existing.locale, "setup.bound", { caseCode })),
      );
      await tell.flush();
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
    });
    await repos.audit.record({ equipeId: equipe.id, actorId: member.id, action: "equipe.created", at: now });
    const tell = new Tell(deps, repos, equipe, now);
    await tell.actor(req, ({ locale }) => textMessage(t(locale, "setup.done", { caseCode })), member);
    await tell.flush();
  });
  deps.log("equipe.setup", { platform: channel.platform });
}

/** `aggiungi @utente ruolo [coordinatore]`: adds a chat user of the same workspace, or changes their role. */
const add = command({
  name: "add",
  words: ["add", "aggiungi"],
  usage: "usage.add",
  parse(args, refs) {
    const [who, roleWord, flag, ...rest] = args;
    if (who === undefined || roleWord === undefined || rest.length > 0) return usageError("add");
    const userId = refs(who);
    if (userId === undefined) return new DomainError("member.notAMention");
    const role = readRole(roleWord);
    if (role instanceof DomainError) return role;
    if (flag !== undefined && !COORDINATOR_WORDS.has(flag.toLowerCase())) return usageError("add");
    return { userId, role, coordinator: flag !== undefined };
  },
  async run(deps, req, input) {
    // Who acts comes first: only a coordinator's command makes us ask the roster about anyone.
    await asCoordinator(deps, req, "conversation", async () => undefined, { once: false });
    // Read before the transaction: a roster call must not hold the database's write lock.
    const profile = req.directory ? await req.directory.lookup(input.userId) : undefined;
    if (req.directory && profile === undefined) throw new DomainError("member.notInConversation");
    // The person is in the same workspace as whoever names them.
    const user = { ...chatUserOf(req), userId: input.userId };
    await asCoordinator(deps, req, "conversation", async ({ repos, equipe, tell, audit }) => {
      const existing = await repos.members.findByChatUser(equipe.id, user);
      // Changing a coordinator's role without the flag demotes them: never the last one.
      if (existing?.isCoordinator && !input.coordinator) await refuseLastCoordinator(repos, equipe.id);
      const { member, created } = await repos.members.upsertChatMember({
        equipeId: equipe.id,
        user,
        role: input.role,
        isCoordinator: input.coordinator,
        locale: undefined,
        profile,
      });
      await audit(created ? "member.added" : "member.updated", member.id);
      // Membership is not secret inside the équipe: the conversation sees the change.
      await tell.here(req, ({ locale }) => textMessage(memberChange(locale, member, created)));
    });
    deps.log("member.add", { platform: user.platform });
  },
});

function memberChange(locale: Locale, member: MemberRecord, created: boolean): Rich {
  return t(locale, created ? "member.added" : "member.updated", {
    who: mentionOf(locale, member),
    role: roleName(locale, member),
    coordinator: member.isCoordinator ? t(locale, "member.coordinatorSuffix") : "",
  });
}

export async function refuseLastCoordinator(repos: Repositories, equipeId: EquipeId): Promise<void> {
  const coordinators = (await repos.members.listActive(equipeId)).filter((m) => m.isCoordinator);
  if (coordinators.length <= 1) throw new DomainError("member.lastCoordinator");
}

/**
 * `aggiungi-esterno email ruolo Nome`: a member without a chat account (the family, a support
 * family, a volunteer). Their e-mail address is never posted to the conversation; only the
 * coordinator who added them sees the confirmation.
 */
const addExternal = command({
  name: "add-external",
  words: ["add-external", "aggiungi-esterno"],
  usage: "usage.add-external",
  parse(args) {
    const [emailWord, roleWord, ...nameWords] = args;
    if (emailWord === undefined || roleWord === undefined || nameWords.length === 0)
      return usageError("add-external");
    const email = parseEmail(emailWord);
    if (email instanceof DomainError) return email;
    const role = readRole(roleWord);
    if (role instanceof DomainError) return role;
    const displayName = nameWords.join(" ");
    if (displayName.length > MAX_EXTERNAL_NAME_LENGTH)
      return new DomainError("member.nameTooLong", { max: MAX_EXTERNAL_NAME_LENGTH });
    return { email, role, displayName };
  },
  async run(deps, req, input) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, tell, audit }) => {
        const { member, created } = await repos.members.upsertExternalMember({
          equipeId: equipe.id,
          ...input,
        });
        await audit(created ? "member.added" : "member.updated", member.id);
        await tell.actor(
          req,
          ({ locale }) => textMessage(memberChange(locale, member, created)),
          coordinator,
        );
      },
    );
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
    if (who === undefined || rest.length > 0) return usageError("remove");
    const userId = refs(who);
    if (userId !== undefined) return { member: { kind: "user", userId } };
    const email = emailSchema.safeParse(who);
    return email.success
      ? { member: { kind: "email", email: email.data.toLowerCase() } }
      : usageError("remove");
  },
  async run(deps, req, { member: ref }) {
    await asCoordinator(
      deps,
      req,
      "conversation",
      async ({ repos, equipe, member: coordinator, now, tell }) => {
        const member =
          ref.kind === "user"
            ? await repos.members.findByChatUser(equipe.id, { ...chatUserOf(req), userId: ref.userId })
            : await repos.members.findExternalByEmail(equipe.id, ref.email);
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
