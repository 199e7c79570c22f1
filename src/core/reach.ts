import {
  type ChatUserRef,
  type FileAttachment,
  hasButtons,
  type Message,
  type Rich,
  summaryOf,
} from "../content/model.ts";
import type { EquipeRecord, MemberRecord } from "../domain/equipe.ts";
import { t } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { CalendarEvent } from "../ports/calendar.ts";
import type { ChannelName, ChannelRef, Outgoing, Target } from "../ports/channel.ts";
import type { Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./deps.ts";
import type { Request } from "./request.ts";

/** Who reads a message: their language, and the member they are (none for a conversation). */
export interface Reader {
  locale: Locale;
  member: MemberRecord | undefined;
}

/** A message for one reader. */
export type Build = (reader: Reader) => Message | Promise<Message>;

export interface TellOptions {
  /**
   * A live message: a later one with the same key replaces it in place (a poll, a private
   * question). Only channels that can update a message carry it.
   */
  key?: string;
  /** The reader is asked to answer (or be reminded to): only channels where they can answer carry it. */
  answer?: boolean;
  /**
   * A change to the reader's calendar travels with the message: a file in chat, an iTIP
   * invitation by e-mail (to chat members too, where their address is known, so that their
   * calendar follows).
   */
  calendar?: { method: "REQUEST" | "CANCEL"; event: (reader: Reader) => CalendarEvent; filename: string };
}

/** How a member was reached, or `undefined` when no channel they have could carry the message. */
export interface Reached {
  member: MemberRecord;
  via: ChannelName | undefined;
  /** A copy went by e-mail too (a calendar change, for a chat member whose address is known). */
  alsoByEmail: boolean;
}

/** How many were reached in chat, by e-mail (first, or as a copy), and not at all. */
export function countReached(reached: readonly Reached[]): { chat: number; email: number; none: number } {
  return {
    chat: reached.filter((r) => r.via !== undefined && r.via !== "email").length,
    email: reached.filter((r) => r.via === "email" || r.alsoByEmail).length,
    none: reached.filter((r) => r.via === undefined).length,
  };
}

/**
 * How a member outside chat is reached, in words (nothing for a chat member): the list of
 * members shows it, with the address to those who may correct it.
 */
export function reachNote(locale: Locale, member: MemberRecord, showAddress: boolean): Rich | undefined {
  if (member.chat) return undefined;
  if (member.email === undefined) return t(locale, "reach.none");
  return showAddress ? t(locale, "reach.byEmailAt", { email: member.email }) : t(locale, "reach.byEmail");
}

/** A member no channel reaches at all: no chat account, no e-mail address. */
export const hasNoChannel = (member: MemberRecord): boolean => !member.chat && member.email === undefined;

/** The members a message could not reach. */
export const unreached = (reached: readonly Reached[]): MemberRecord[] =>
  reached.filter((r) => r.via === undefined).map((r) => r.member);

/**
 * The one place that decides how each person is reached. Services say "tell this member",
 * "tell the coordinators", "post in the équipe's conversations" or "answer the actor"; this class
 * picks the channel (their chat account first, else e-mail — and, next, their web page), applies
 * what each channel can carry (live updates and answers need a chat; a calendar change also goes
 * by e-mail), and says whom it could not reach. Messages are written to the outbox with the
 * caller's transaction.
 */
export class Tell {
  private readonly out: Outgoing[] = [];

  constructor(
    private readonly deps: Pick<ServiceDeps, "calendar" | "defaults">,
    private readonly repos: Repositories,
    private readonly equipe: EquipeRecord | undefined,
    private readonly now: Date,
  ) {}

  private readerOf(member: MemberRecord): Reader {
    return { locale: member.locale ?? this.equipe?.locale ?? this.deps.defaults.locale, member };
  }

  /** Tells one member, on the best channel they have for this message. */
  async member(member: MemberRecord, build: Build, options: TellOptions = {}): Promise<Reached> {
    const reader = this.readerOf(member);
    const message = await build(reader);
    if (member.chat) {
      const file = options.calendar ? [{ ...this.ics(reader, options.calendar), linked: true }] : [];
      this.push(
        { kind: "direct", ...member.chat },
        { ...message, attachments: [...message.attachments, ...file] },
        options,
      );
      const copy = options.calendar !== undefined && member.email !== undefined;
      if (copy) this.email(member, reader, message, options);
      return { member, via: member.chat.platform, alsoByEmail: copy };
    }
    // E-mail can neither take an answer nor replace a message sent earlier.
    if (options.key !== undefined || options.answer || hasButtons(message))
      return { member, via: undefined, alsoByEmail: false };
    if (member.email) {
      this.email(member, reader, message, options);
      return { member, via: "email", alsoByEmail: false };
    }
    return { member, via: undefined, alsoByEmail: false };
  }

  /** Tells each of these members; says how each was reached. */
  async members(
    members: readonly MemberRecord[],
    build: Build,
    options: TellOptions = {},
  ): Promise<Reached[]> {
    const reached: Reached[] = [];
    for (const member of members) reached.push(await this.member(member, build, options));
    return reached;
  }

  /**
   * Asks each of these members to answer (a reminder, a question), where they can; the
   * coordinators are told whom no channel could ask, to hear them in person and record them.
   */
  async askOrHandOver(
    members: readonly MemberRecord[],
    ask: Build,
    handOver: (reader: Reader, toHear: MemberRecord[]) => Message | Promise<Message>,
  ): Promise<Reached[]> {
    const reached = await this.members(members, ask, { answer: true });
    const toHear = unreached(reached);
    if (toHear.length > 0) await this.coordinators((reader) => handOver(reader, toHear));
    return reached;
  }

  /** Tells every coordinator of the équipe (but `except`, the one who acted, where given). */
  async coordinators(
    build: Build,
    options: TellOptions & { except?: MemberRecord } = {},
  ): Promise<Reached[]> {
    const equipe = this.requireEquipe();
    const coordinators = (await this.repos.members.listActive(equipe.id)).filter(
      (member) => member.isCoordinator && member.id !== options.except?.id,
    );
    return this.members(coordinators, build, options);
  }

  /** Posts in every conversation bound to the équipe, in the équipe's language. */
  async conversations(
    build: Build,
    options: { key?: (conversationId: string) => string } = {},
  ): Promise<void> {
    const equipe = this.requireEquipe();
    const reader: Reader = { locale: equipe.locale, member: undefined };
    const message = await build(reader);
    for (const channel of await this.repos.equipes.channelsOf(equipe.id)) {
      this.out.push({
        target: { kind: "channel", ...channel },
        message,
        ...(options.key ? { key: options.key(channel.channelId) } : {}),
      });
    }
  }

  /**
   * Answers the person who acted, where they acted: only them in the conversation they typed
   * in, privately after a click; on a web page, in the page.
   */
  async actor(
    req: Request,
    build: Build,
    member?: MemberRecord,
    /** Always in their private chat, even when they acted in a conversation (where files can be attached). */
    options: { privately?: boolean } = {},
  ): Promise<void> {
    const locale = req.actor.locale ?? member?.locale ?? this.equipe?.locale ?? this.deps.defaults.locale;
    const message = await build({ locale, member });
    if (req.actor.kind !== "chat") {
      req.inline?.answer(message);
      return;
    }
    const target: Target =
      req.place.kind === "conversation" && !options.privately
        ? { kind: "ephemeral", ...req.place.channel, userId: req.actor.user.userId }
        : { kind: "direct", ...req.actor.user };
    this.out.push({ target, message });
  }

  /**
   * Tells a chat user who need not be a member (someone waiting for an answer to a request they
   * made): privately, in their chat with the bot, in their language where known.
   */
  async person(user: ChatUserRef, locale: Locale | undefined, build: Build): Promise<void> {
    const reader: Reader = {
      locale: locale ?? this.equipe?.locale ?? this.deps.defaults.locale,
      member: undefined,
    };
    this.out.push({ target: { kind: "direct", ...user }, message: await build(reader) });
  }

  /** Posts in one conversation (one being bound to the équipe, before it is among its conversations). */
  async conversation(channel: ChannelRef, build: Build): Promise<void> {
    const locale = this.equipe?.locale ?? this.deps.defaults.locale;
    this.out.push({
      target: { kind: "channel", ...channel },
      message: await build({ locale, member: undefined }),
    });
  }

  /**
   * Posts where the request was made, for everyone there to see (a change the équipe should
   * know of, announced in the conversation it was made in); privately when it was made privately.
   */
  async here(req: Request, build: Build): Promise<void> {
    if (req.place.kind !== "conversation") return this.actor(req, build);
    const locale = this.equipe?.locale ?? this.deps.defaults.locale;
    this.out.push({
      target: { kind: "channel", ...req.place.channel },
      message: await build({ locale, member: undefined }),
    });
  }

  /** Writes everything told so far to the outbox, in order, with the caller's transaction. */
  async flush(): Promise<void> {
    if (this.out.length === 0) return;
    await this.repos.outbox.enqueue(this.out.splice(0), this.now);
  }

  private push(target: Target, message: Message, options: TellOptions): void {
    this.out.push({ target, message, ...(options.key !== undefined ? { key: options.key } : {}) });
  }

  private email(member: MemberRecord, reader: Reader, message: Message, options: TellOptions): void {
    const address = member.email;
    if (address === undefined) return;
    const greeting = member.name
      ? [{ type: "text" as const, content: t(reader.locale, "email.greeting", { name: member.name }) }]
      : [];
    const calendar = options.calendar ? [this.ics(reader, options.calendar, address)] : [];
    this.out.push({
      target: { kind: "email", to: address, locale: reader.locale },
      message: {
        ...message,
        subject: message.subject ?? summaryOf(message),
        blocks: [...greeting, ...message.blocks],
        attachments: [...message.attachments.filter((a) => !a.linked), ...calendar],
      },
    });
  }

  /** The calendar file for this reader: iTIP with them as the attendee by e-mail, without one in chat. */
  private ics(
    reader: Reader,
    calendar: NonNullable<TellOptions["calendar"]>,
    attendeeEmail?: string,
  ): FileAttachment {
    return {
      filename: calendar.filename,
      mimeType: `text/calendar; charset=utf-8; method=${calendar.method}`,
      content: this.deps.calendar.invite(calendar.method, calendar.event(reader), {
        stamp: this.now,
        attendeeEmail,
      }),
    };
  }

  private requireEquipe(): EquipeRecord {
    if (this.equipe === undefined) throw new Error("an équipe is needed to tell its members");
    return this.equipe;
  }
}
