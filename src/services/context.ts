import { DomainError } from "../domain/errors.ts";
import type { FormSpec } from "../domain/forms.ts";
import { type MessageModel, type Outgoing, textMessage } from "../domain/message.ts";
import type { Locale, MessageKey } from "../i18n/catalogue.ts";
import { t } from "../i18n/catalogue.ts";
import type { CalendarPort } from "../ports/calendar.ts";
import type { Clock } from "../ports/clock.ts";
import type {
  ChannelRef,
  ChatUserRef,
  EquipeRecord,
  MemberRecord,
  PersonProfile,
  Repositories,
  Store,
} from "../ports/store.ts";

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  calendar: CalendarPort;
  /** Where people open links (feeds, later family pages). */
  publicBaseUrl: string;
  defaults: { timezone: string; locale: Locale };
  /** How long before a poll's deadline, and before a meeting, reminders go out. */
  reminders: { beforeDeadlineMs: number; beforeMeetingMs: number };
  /** Ids-only structured log line. */
  log: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

/** Who is acting, where, and which platform delivery carried the request. */
export interface CommandContext {
  actor: ChatUserRef & { locale?: Locale | undefined };
  channel: ChannelRef;
  /** Platform delivery id (Slack trigger_id / event_id, Teams activity id) for de-duplication. */
  deliveryKey?: string | undefined;
  /** Shows a form to the actor, where the platform can (Slack modal, Teams card). */
  forms?: { openForm(form: FormSpec): Promise<void> } | undefined;
  /**
   * The conversation's roster, where the platform has one (Teams): who a mentioned user is, or
   * undefined when they are not in the conversation.
   */
  directory?: { lookup(userId: string): Promise<PersonProfile | undefined> } | undefined;
}

/** Thrown inside a transaction when the platform delivered the same request twice. */
export class DuplicateDelivery extends Error {
  constructor() {
    super("duplicate delivery");
    this.name = "DuplicateDelivery";
  }
}

/** Records the delivery inside the caller's transaction, so that work and record commit together. */
export async function onlyOnce(repos: Repositories, ctx: Pick<CommandContext, "deliveryKey">): Promise<void> {
  if (ctx.deliveryKey === undefined) return;
  if (!(await repos.deliveries.firstTime(ctx.deliveryKey))) throw new DuplicateDelivery();
}

export async function requireEquipe(repos: Repositories, channel: ChannelRef): Promise<EquipeRecord> {
  const equipe = await repos.equipes.findByChannel(channel);
  if (equipe === undefined) throw new DomainError("equipe.notBound");
  return equipe;
}

export async function requireMember(
  repos: Repositories,
  equipe: EquipeRecord,
  actor: ChatUserRef,
): Promise<MemberRecord> {
  const member = await repos.members.findChatMember(equipe.id, actor);
  if (member === undefined) throw new DomainError("auth.notMember");
  return member;
}

export async function requireCoordinator(
  repos: Repositories,
  equipe: EquipeRecord,
  actor: ChatUserRef,
): Promise<MemberRecord> {
  const member = await requireMember(repos, equipe, actor);
  if (!member.isCoordinator) throw new DomainError("auth.notCoordinator");
  return member;
}

/** What a coordinator's change works with. */
export interface CoordinatorScope {
  equipe: EquipeRecord;
  coordinator: MemberRecord;
  now: Date;
  /** The coordinator's language, for the answer they read. */
  locale: Locale;
}

/**
 * The shape of every coordinator's change: one transaction, the platform delivery recorded
 * once, in the équipe bound to the channel, by one of its coordinators; else nothing is written.
 */
export async function asCoordinator<T>(
  deps: ServiceDeps,
  ctx: CommandContext,
  work: (repos: Repositories, scope: CoordinatorScope) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    await onlyOnce(repos, ctx);
    const equipe = await requireEquipe(repos, ctx.channel);
    const coordinator = await requireCoordinator(repos, equipe, ctx.actor);
    return work(repos, { equipe, coordinator, now, locale: readerLocale(ctx, coordinator, equipe, deps) });
  });
}

/** The language to answer the actor in: their platform locale, else what we know, else the équipe's. */
export function readerLocale(
  ctx: CommandContext,
  member: MemberRecord | undefined,
  equipe: EquipeRecord | undefined,
  deps: ServiceDeps,
): Locale {
  return ctx.actor.locale ?? member?.locale ?? equipe?.locale ?? deps.defaults.locale;
}

/** A message only the actor sees: in the channel where they typed the command, or (after a
 * button click in a direct message) privately to them. */
export function toActor(ctx: CommandContext, content: string | MessageModel): Outgoing {
  const message = typeof content === "string" ? textMessage(content) : content;
  if (ctx.channel.channelId === "") return { target: { kind: "direct", ...ctx.actor }, message };
  return { target: { kind: "ephemeral", ...ctx.channel, userId: ctx.actor.userId }, message };
}

export function toChannel(channel: ChannelRef, text: string): Outgoing {
  return { target: { kind: "channel", ...channel }, message: textMessage(text) };
}

/**
 * Neutral mention syntax in message text, `<@id>` or `<@id|name>`; each adapter renders it its own
 * way (Slack shows its own user name, Teams needs the name written out).
 */
export function mention(userId: string, name?: string): string {
  const safeName = name?.replace(/[<>|\n]/g, " ").trim();
  return safeName ? `<@${userId}|${safeName}>` : `<@${userId}>`;
}

export function displayMember(member: MemberRecord): string {
  return member.kind === "chat" ? mention(member.user.userId, member.displayName) : member.displayName;
}

export function roleName(locale: Locale, member: Pick<MemberRecord, "role">): string {
  return t(locale, `role.${member.role}` as MessageKey);
}

/**
 * A collection with a deadline (poll, decision): a reminder before it, unless that moment has
 * passed already, and the deadline itself. Both keyed, so scheduling twice changes nothing.
 */
export async function scheduleDeadline(
  repos: Repositories,
  deps: Pick<ServiceDeps, "reminders">,
  jobs: {
    reminder: { kind: string; key: string };
    deadline: { kind: string; key: string };
    at: Date;
    payload: Record<string, string>;
  },
  now: Date,
): Promise<void> {
  const reminderAt = new Date(jobs.at.getTime() - deps.reminders.beforeDeadlineMs);
  if (reminderAt.getTime() > now.getTime())
    await repos.jobs.schedule({ ...jobs.reminder, dueAt: reminderAt, payload: jobs.payload });
  await repos.jobs.schedule({ ...jobs.deadline, dueAt: jobs.at, payload: jobs.payload });
}
