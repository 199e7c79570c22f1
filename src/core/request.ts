import { AsyncLocalStorage } from "node:async_hooks";
import type { ChatUserRef, Message } from "../content/model.ts";
import type { CaseCode } from "../domain/case-code.ts";
import type { EquipeRecord, MemberRecord, PersonProfile } from "../domain/equipe.ts";
import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import type { EquipeId, MemberId } from "../domain/ids.ts";
import type { Locale } from "../i18n/locale.ts";
import type { ChannelRef } from "../ports/channel.ts";
import type { Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./deps.ts";
import { Tell } from "./reach.ts";

/**
 * Who is acting: a person with a chat account, or a member who arrived by their personal link
 * (the web pages). Services never look inside: they ask for the actor as a member of an équipe.
 */
export type Actor =
  | { kind: "chat"; user: ChatUserRef; locale?: Locale | undefined }
  | { kind: "link"; memberId: MemberId; locale?: Locale | undefined };

/** Where the person acted: in a conversation (answers only they see, there), or privately. */
export type Place = { kind: "conversation"; channel: ChannelRef } | { kind: "private" };

/** One request, from any channel. */
export interface Request {
  actor: Actor;
  place: Place;
  /** Platform delivery id (Slack trigger_id, Teams activity id, a page's form token) for de-duplication. */
  deliveryKey?: string | undefined;
  /** Shows a form to the actor, where the channel can (Slack modal, Teams card, a page). */
  ui?: { openForm(form: FormSpec): Promise<void> } | undefined;
  /**
   * The conversation's roster, where the platform has one: who a mentioned user is, or
   * undefined when they are not in the conversation.
   */
  directory?: { lookup(userId: string): Promise<PersonProfile | undefined> } | undefined;
  /** Answers shown where the person is (a web page) rather than sent to them. */
  inline?: { answer(message: Message): void } | undefined;
}

/** An inline answer given, to hand over to its page. */
type InlineAnswer = () => void;

/**
 * The inline answers given by the attempt of a unit of work under way. On PostgreSQL a unit that
 * collided with another is rolled back and run again: what a rolled-back attempt said never
 * happened, so answers wait for their attempt to commit (the outbox's messages are rolled back
 * with the attempt; a page's answers, held in memory, need this).
 */
const attemptAnswers = new AsyncLocalStorage<InlineAnswer[]>();

/**
 * Runs one attempt of a unit of work (the store calls it around each transaction it begins). What
 * the attempt answered inline is handed over once it has committed, and dropped if it throws.
 */
export async function inlineAfterCommit<T>(attempt: () => Promise<T>): Promise<T> {
  const given: InlineAnswer[] = [];
  const result = await attemptAnswers.run(given, attempt);
  // Out of the attempt's scope: a unit of work run inside another hands them on to the outer one.
  for (const answer of given) handOver(answer);
  return result;
}

/**
 * Runs `fn` outside any attempt's scope: what it starts (the outbox's dispatcher, woken by a
 * commit) lives on after the request, and must neither keep its answers alive nor add to them.
 */
export function outsideAttempts<T>(fn: () => T): T {
  return attemptAnswers.exit(fn);
}

/** Gives an answer now, or when the attempt under way commits. */
function handOver(answer: InlineAnswer): void {
  const pending = attemptAnswers.getStore();
  if (pending === undefined) answer();
  else pending.push(answer);
}

/** Answers the actor where they are (a web page), once what was done to say it has committed. */
export function answerInline(req: Request, message: Message): void {
  const inline = req.inline;
  if (inline !== undefined) handOver(() => inline.answer(message));
}

/** Thrown inside a transaction when the platform delivered the same request twice. */
export class DuplicateDelivery extends Error {
  constructor() {
    super("duplicate delivery");
    this.name = "DuplicateDelivery";
  }
}

/** Records the delivery inside the caller's transaction, so that work and record commit together. */
export async function onlyOnce(repos: Repositories, deliveryKey: string | undefined): Promise<void> {
  if (deliveryKey === undefined) return;
  if (!(await repos.deliveries.firstTime(deliveryKey))) throw new DuplicateDelivery();
}

/** The conversation the request was made in; a request made privately has none. */
export function conversationOf(req: Request): ChannelRef {
  if (req.place.kind !== "conversation") throw new DomainError("equipe.notBound");
  return req.place.channel;
}

/** The chat account of the actor, for what only a chat account has (a personal calendar feed). */
export function chatUserOf(req: Request): ChatUserRef {
  if (req.actor.kind !== "chat") throw new DomainError("auth.notMember");
  return req.actor.user;
}

/** The actor as an active member of this équipe, or undefined. */
export async function actorIn(
  repos: Repositories,
  equipe: EquipeRecord,
  actor: Actor,
): Promise<MemberRecord | undefined> {
  if (actor.kind === "chat") return repos.members.findByChatUser(equipe.id, actor.user);
  const member = await repos.members.findById(actor.memberId);
  return member?.equipeId === equipe.id ? member : undefined;
}

/** The language to answer the actor in: their channel's locale, else what we know, else the équipe's. */
export function actorLocale(
  deps: Pick<ServiceDeps, "defaults">,
  req: Request,
  member?: MemberRecord,
  equipe?: EquipeRecord,
): Locale {
  return req.actor.locale ?? member?.locale ?? equipe?.locale ?? deps.defaults.locale;
}

/**
 * What a request is about: the équipe bound to the conversation it was made in, or an object
 * named by id (a decision behind a button) with its équipe — read once, handed to the work as
 * `subject`. An object that does not exist reads exactly like one the actor may not see: a
 * stranger learns nothing from the difference.
 */
export type About<S> =
  | "conversation"
  | Yours
  | ((repos: Repositories) => Promise<{ equipe: EquipeRecord; subject: S } | undefined>);

/**
 * A personal command (`stato`, `calendario`): in a conversation, about its équipe; in a direct
 * message, about one of the équipes the person belongs to — the one named by `caseCode`, the
 * only one, any one (`anyEquipe`: the command is about the person, not the équipe), or, when
 * there are several, the person is asked which (`ChooseEquipe`), with buttons that type
 * `<command> <case code>` for them.
 */
export interface Yours {
  kind: "yours";
  /** The command's name, to ask again with a case code. */
  command: string;
  caseCode?: CaseCode | undefined;
  anyEquipe?: boolean;
}

/** A personal command's équipe: see `Yours`. */
export const yours = (command: string, options: Omit<Yours, "kind" | "command"> = {}): Yours => ({
  kind: "yours",
  command,
  ...options,
});

/** Several équipes could be meant: the person is asked which one (not a refusal: nothing was wrong). */
export class ChooseEquipe extends Error {
  constructor(
    readonly command: string,
    readonly caseCodes: readonly CaseCode[],
  ) {
    super("choose an équipe");
    this.name = "ChooseEquipe";
  }
}

/** An object with an équipe, found by `find`, as what a request (or a job) is about. */
export function about<S extends { equipeId: EquipeId }>(
  find: (repos: Repositories) => Promise<S | undefined>,
): (repos: Repositories) => Promise<{ equipe: EquipeRecord; subject: S } | undefined> {
  return async (repos) => {
    const subject = await find(repos);
    const equipe = subject ? await repos.equipes.findById(subject.equipeId) : undefined;
    return subject && equipe ? { equipe, subject } : undefined;
  };
}

/**
 * The équipe an id names (a button's value, a form's metadata) as what a request is about, with
 * `subject` handed to the work as it is; an id of no équipe reads like any refusal.
 */
export const equipeNamed =
  <S = undefined>(id: string, subject?: S) =>
  async (repos: Repositories): Promise<{ equipe: EquipeRecord; subject: S } | undefined> => {
    const equipe = await repos.equipes.findById(id as EquipeId);
    return equipe ? { equipe, subject: subject as S } : undefined;
  };

/**
 * The équipe bound to the conversation the request names, or nothing: for forms, whose
 * conversation comes back from the platform, an unbound one reads like any refusal.
 */
export const boundTo =
  (req: Request) =>
  async (repos: Repositories): Promise<{ equipe: EquipeRecord; subject: undefined } | undefined> => {
    const equipe = await repos.equipes.findByChannel(conversationOf(req));
    return equipe ? { equipe, subject: undefined } : undefined;
  };

/** What a member's work has at hand: one transaction, the équipe, who acts, and what they send. */
export interface Scope<S = undefined> {
  repos: Repositories;
  equipe: EquipeRecord;
  /** What the request is about, read once (nothing for a command in a conversation). */
  subject: S;
  /** The actor, as a member of the équipe. */
  member: MemberRecord;
  /** The service's clock, read once. */
  now: Date;
  /** The actor's language. */
  locale: Locale;
  /** Messages to send, written with the transaction. */
  tell: Tell;
  /** An entry in the équipe's audit trail, by the actor, on the service's clock (with their reason, where asked). */
  audit(action: string, subjectId?: string, reason?: string): Promise<void>;
}

/** The équipes the actor belongs to, by case code. */
async function equipesOf(repos: Repositories, actor: Actor): Promise<EquipeRecord[]> {
  const memberships =
    actor.kind === "chat"
      ? await repos.members.membershipsOf(actor.user)
      : [await repos.members.findById(actor.memberId)].filter((m) => m !== undefined);
  const equipes: EquipeRecord[] = [];
  for (const id of new Set(memberships.map((m) => m.equipeId))) {
    const equipe = await repos.equipes.findById(id);
    if (equipe) equipes.push(equipe);
  }
  return equipes.sort((a, b) => a.caseCode.localeCompare(b.caseCode));
}

/**
 * An équipe command typed in a direct message: it belongs in the équipe's conversation, which is
 * named (by its case code) for a person who belongs to équipes; nothing is said of any other.
 */
async function notHere(repos: Repositories, req: Request): Promise<DomainError> {
  const mine = await equipesOf(repos, req.actor);
  const [only] = mine;
  if (only === undefined) return new DomainError("place.useConversationNone");
  if (mine.length === 1) return new DomainError("place.useConversation", { caseCode: only.caseCode });
  return new DomainError("place.useConversationSeveral", {
    caseCodes: mine.map((e) => e.caseCode).join(", "),
  });
}

async function findYours(
  repos: Repositories,
  req: Request,
  of: Yours,
): Promise<{ equipe: EquipeRecord; subject: undefined }> {
  if (of.caseCode !== undefined) {
    // A code the person is not a member of reads like one that does not exist.
    const equipe = await repos.equipes.findByCaseCode(of.caseCode);
    if (equipe === undefined) throw new DomainError("auth.notMember");
    return { equipe, subject: undefined };
  }
  if (req.place.kind === "conversation") {
    const equipe = await repos.equipes.findByChannel(req.place.channel);
    if (equipe === undefined) throw new DomainError("equipe.notBound");
    return { equipe, subject: undefined };
  }
  const mine = await equipesOf(repos, req.actor);
  const [first] = mine;
  if (first === undefined) throw new DomainError("place.noEquipe");
  if (mine.length > 1 && !of.anyEquipe)
    throw new ChooseEquipe(
      of.command,
      mine.map((e) => e.caseCode),
    );
  return { equipe: first, subject: undefined };
}

async function find<S>(
  repos: Repositories,
  req: Request,
  of: About<S>,
): Promise<{ equipe: EquipeRecord; subject: S }> {
  if (typeof of === "object")
    return (await findYours(repos, req, of)) as { equipe: EquipeRecord; subject: S };
  if (of === "conversation") {
    if (req.place.kind === "private") throw await notHere(repos, req);
    const equipe = await repos.equipes.findByChannel(conversationOf(req));
    if (equipe === undefined) throw new DomainError("equipe.notBound");
    // A command in a conversation is about the équipe itself: no subject.
    return { equipe, subject: undefined as S };
  }
  const found = await of(repos);
  if (found === undefined) throw new DomainError("auth.notMember");
  return found;
}

interface ScopeOptions {
  /** Only a coordinator may do this. */
  coordinator?: boolean;
  /** Work that changes something: recorded once per platform delivery. Reads skip it. */
  once?: boolean;
}

/**
 * The shape of every use case: one transaction; the delivery recorded once; the équipe found;
 * the actor established as one of its members (a coordinator, where asked) before anything is
 * validated, read or answered; then the work, and the messages it sends, committed together.
 * A refusal writes nothing.
 */
async function inScope<T, S>(
  deps: ServiceDeps,
  req: Request,
  of: About<S>,
  options: ScopeOptions,
  work: (scope: Scope<S>) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    if (options.once !== false) await onlyOnce(repos, req.deliveryKey);
    const { equipe, subject } = await find(repos, req, of);
    const member = await actorIn(repos, equipe, req.actor);
    if (member === undefined) throw new DomainError("auth.notMember");
    if (options.coordinator && !member.isCoordinator) throw new DomainError("auth.notCoordinator");
    const tell = new Tell(deps, repos, equipe, now);
    const result = await work({
      repos,
      equipe,
      subject,
      member,
      now,
      locale: actorLocale(deps, req, member, equipe),
      tell,
      audit: (action, subjectId, reason) =>
        repos.audit.record({ equipeId: equipe.id, actorId: member.id, action, subjectId, reason, at: now }),
    });
    await tell.flush();
    return result;
  });
}

/** Work any active member of the équipe may do. */
export function asMember<T, S = undefined>(
  deps: ServiceDeps,
  req: Request,
  of: About<S>,
  work: (scope: Scope<S>) => Promise<T>,
  options: Omit<ScopeOptions, "coordinator"> = {},
): Promise<T> {
  return inScope(deps, req, of, { ...options, coordinator: false }, work);
}

/** Work only a coordinator of the équipe may do. */
export function asCoordinator<T, S = undefined>(
  deps: ServiceDeps,
  req: Request,
  of: About<S>,
  work: (scope: Scope<S>) => Promise<T>,
  options: Omit<ScopeOptions, "coordinator"> = {},
): Promise<T> {
  return inScope(deps, req, of, { ...options, coordinator: true }, work);
}

/** What due work (a job) has at hand: no actor, the équipe, what it is about, the clock, what it sends. */
export interface JobScope<S> {
  repos: Repositories;
  equipe: EquipeRecord;
  subject: S;
  now: Date;
  tell: Tell;
  /** An entry in the équipe's trail by nobody in particular (the bot), on the service's clock. */
  audit(action: string, subjectId?: string): Promise<void>;
}

/**
 * A job's work: one transaction, the run recorded as a delivery (so a re-run after a crash does
 * nothing), about the object the job names. A job whose object or équipe is gone does nothing.
 */
export async function asJob<S>(
  deps: ServiceDeps,
  jobId: string,
  of: (repos: Repositories) => Promise<{ equipe: EquipeRecord; subject: S } | undefined>,
  work: (scope: JobScope<S>) => Promise<void>,
): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.store.transaction(async (repos) => {
      await onlyOnce(repos, `job:${jobId}`);
      const found = await of(repos);
      if (found === undefined) return;
      const { equipe, subject } = found;
      const tell = new Tell(deps, repos, equipe, now);
      await work({
        repos,
        equipe,
        subject,
        now,
        tell,
        audit: (action, subjectId) =>
          repos.audit.record({ equipeId: equipe.id, actorId: undefined, action, subjectId, at: now }),
      });
      await tell.flush();
    });
  } catch (error) {
    if (!(error instanceof DuplicateDelivery)) throw error;
  }
}

/**
 * The same request, as if made in the équipe's conversation on the actor's own platform (a
 * button in a private message that leads to something done in the équipe's conversation).
 */
export async function inEquipeConversation(
  repos: Repositories,
  equipe: EquipeRecord,
  req: Request,
): Promise<Request> {
  const user = req.actor.kind === "chat" ? req.actor.user : undefined;
  const channel = (await repos.equipes.channelsOf(equipe.id)).find(
    (c) => c.platform === user?.platform && c.workspaceId === user.workspaceId,
  );
  if (channel === undefined) throw new DomainError("equipe.notBound");
  return { ...req, place: { kind: "conversation", channel } };
}

/** The channels a request comes through: each chat platform, and the web pages. */
export const REQUEST_CHANNELS = ["slack", "teams", "web"] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** The channel a request came through, for the audit trail of reads: a chat platform, or the web pages. */
export function channelOfRequest(req: Request): RequestChannel {
  return req.actor.kind === "chat" ? req.actor.user.platform : "web";
}

/** A channel as written in the audit trail, if it is one. */
export const requestChannel = (value: string): RequestChannel | undefined =>
  (REQUEST_CHANNELS as readonly string[]).includes(value) ? (value as RequestChannel) : undefined;
