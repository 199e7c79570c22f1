import {
  type Block,
  type ChatUserRef,
  type FileAttachment,
  hasButtons,
  type Inline,
  joined,
  lines,
  type Message,
  type Rich,
  summaryOf,
} from "../content/model.ts";
import { plainMessage, plainText } from "../content/plain.ts";
import type { EquipeRecord, MemberRecord } from "../domain/equipe.ts";
import type { OrganisationId } from "../domain/ids.ts";
import { t } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { CalendarEvent } from "../ports/calendar.ts";
import type { ChannelName, ChannelRef, Outgoing, Target } from "../ports/channel.ts";
import type { Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./deps.ts";
import type { PagePlace } from "./links.ts";
import { mentionOf, namesOf, roleName } from "./people.ts";
import { answerInline, type Request } from "./request.ts";

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
  /**
   * A notice the person must get even without chat or e-mail (an invitation, a move, a
   * cancellation): the coordinators receive, privately, the text to pass on to whom no channel
   * reaches (by phone, by hand).
   */
  handOver?: boolean;
  /**
   * The moment after which the message is pointless (the meeting began, the deadline passed):
   * one still waiting then (its channel off, or retried) is dropped and the coordinators are told.
   */
  until?: Date;
}

/**
 * What became of a message for one member, truthfully at the moment it is queued:
 * - `chat` / `email`: on its way on that channel (a refusal later is reported to the coordinators);
 * - `waiting`: kept for a channel this server does not have now (e-mail not set up), sent once it does;
 * - `handedOver`: no channel reaches them; the coordinators received the text to pass on;
 * - `none`: not reached — no address at all, or the message needs a chat (an answer, a live update).
 */
export type Outcome =
  | { kind: "chat" }
  | { kind: "email" }
  | { kind: "waiting"; channel: ChannelName }
  | { kind: "handedOver" }
  | { kind: "none"; why: "noAddress" | "needsChat" | "noLink" };

/** How a member was reached (`via`: the channel it was queued on, none when none could carry it). */
export interface Reached {
  member: MemberRecord;
  via: ChannelName | undefined;
  /** A copy went by e-mail too (a calendar change, for a chat member whose address is known). */
  alsoByEmail: boolean;
  outcome: Outcome;
}

/** How many were reached in chat, by e-mail (first, or as a copy), and not at all. */
export function countReached(reached: readonly Reached[]): { chat: number; email: number; none: number } {
  return {
    chat: reached.filter((r) => r.outcome.kind === "chat").length,
    email: reached.filter((r) => r.outcome.kind === "email" || r.alsoByEmail).length,
    none: reached.filter((r) => r.outcome.kind !== "chat" && r.outcome.kind !== "email").length,
  };
}

/**
 * The report of a sending, in words, for the person who caused it: how many messages are on
 * their way and on which channel, who is waiting and why (and that it will go once it can), whose
 * notice was handed to the coordinators, and who was not reached and why — with `notReachedHint`,
 * the caller's next step for them (record their answers, hear them). Nothing said is untrue at
 * the moment it is said: a message queued is "on its way", not "delivered".
 */
export function reachReport(
  locale: Locale,
  reached: readonly Reached[],
  options: { notReachedHint?: Rich } = {},
): Rich {
  const of = (kind: Outcome["kind"]) => reached.filter((r) => r.outcome.kind === kind);
  const parts: Rich[] = [];
  const chat = of("chat").length;
  const email = of("email").length;
  const copies = reached.filter((r) => r.alsoByEmail).length;
  if (chat + email > 0) {
    const how: Rich[] = [];
    if (chat > 0) how.push(t(locale, "report.inChat", { count: chat }));
    if (email > 0) how.push(t(locale, "report.byEmail", { count: email }));
    parts.push(t(locale, "report.sending", { count: chat + email, how: joined(how) }));
    if (copies > 0) parts.push(t(locale, "report.copies", { count: copies }));
  } else if (reached.length > 0) {
    parts.push(t(locale, "report.nobodyDirect"));
  }
  const waiting = reached.filter(
    (r): r is Reached & { outcome: { kind: "waiting"; channel: ChannelName } } =>
      r.outcome.kind === "waiting",
  );
  for (const channel of new Set(waiting.map((r) => r.outcome.channel))) {
    const members = waiting.filter((r) => r.outcome.channel === channel).map((r) => r.member);
    const params = { count: members.length, names: namesOf(locale, members) };
    parts.push(
      channel === "email"
        ? t(locale, "report.waitingEmail", params)
        : t(locale, "report.waitingChat", { ...params, platform: PLATFORM_NAMES[channel] }),
    );
  }
  const handed = of("handedOver").map((r) => r.member);
  if (handed.length > 0)
    parts.push(t(locale, "report.handedOver", { count: handed.length, names: namesOf(locale, handed) }));
  const none = (why: "noAddress" | "needsChat" | "noLink") =>
    reached.filter((r) => r.outcome.kind === "none" && r.outcome.why === why).map((r) => r.member);
  const noAddress = none("noAddress");
  if (noAddress.length > 0)
    parts.push(t(locale, "report.noAddress", { count: noAddress.length, names: namesOf(locale, noAddress) }));
  const noLink = none("noLink");
  if (noLink.length > 0) {
    parts.push(t(locale, "report.noLink", { count: noLink.length, names: namesOf(locale, noLink) }));
    if (options.notReachedHint !== undefined)
      parts.push(t(locale, "report.meanwhile", { hint: options.notReachedHint }));
  }
  const needsChat = none("needsChat");
  if (needsChat.length > 0)
    parts.push(
      t(locale, "report.needsChat", {
        count: needsChat.length,
        names: namesOf(locale, needsChat),
        hint: options.notReachedHint ?? [],
      }),
    );
  if (chat + email > 0) parts.push(t(locale, "report.failuresTold"));
  return joinSentences(parts);
}

/** Sentences on one line each. */
const joinSentences = (parts: readonly Rich[]): Rich => lines(parts);

/** How a chat platform is named to people (a product name, the same in every language). */
const PLATFORM_NAMES: Record<ChannelName, string> = { slack: "Slack", teams: "Teams", email: "e-mail" };

/**
 * How a member outside chat is reached, in words (nothing for a chat member): the list of
 * members shows it, with the address to those who may correct it.
 */
export function reachNote(locale: Locale, member: MemberRecord, showAddress: boolean): Rich | undefined {
  if (member.chat) return undefined;
  const phone =
    member.phone !== undefined && showAddress ? t(locale, "reach.phoneSuffix", { phone: member.phone }) : [];
  if (member.email !== undefined)
    return [
      ...(showAddress ? t(locale, "reach.byEmailAt", { email: member.email }) : t(locale, "reach.byEmail")),
      ...phone,
    ];
  if (member.phone !== undefined)
    return showAddress ? t(locale, "reach.byPhoneAt", { phone: member.phone }) : t(locale, "reach.byPhone");
  return t(locale, "reach.none");
}

/**
 * What becomes of a notice (no answer asked, nothing to update) to this member, with these
 * channels working: what `Tell.member` does for one, said before sending (`stato` shows it).
 */
export function noticeOutcome(member: MemberRecord, channels: ReadonlySet<ChannelName>): Outcome {
  if (member.chat)
    return channels.has(member.chat.platform)
      ? { kind: "chat" }
      : { kind: "waiting", channel: member.chat.platform };
  if (member.email !== undefined)
    return channels.has("email") ? { kind: "email" } : { kind: "waiting", channel: "email" };
  return member.phone !== undefined ? { kind: "handedOver" } : { kind: "none", why: "noAddress" };
}

/** The links a message carries in its text. */
function linksOf(message: Message): Extract<Inline, { type: "link" }>[] {
  return message.blocks.flatMap((b) =>
    b.type === "text" || b.type === "note"
      ? b.content.filter((run): run is Extract<Inline, { type: "link" }> => run.type === "link")
      : b.type === "link"
        ? [{ type: "link" as const, url: b.url, label: b.label }]
        : [],
  );
}

/**
 * What the coordinator who adds a member outside chat must know: where no channel reaches them
 * (no e-mail), their notices will come to the coordinators to pass on. Nothing otherwise.
 */
export function handOverNote(locale: Locale, member: MemberRecord): Rich | undefined {
  return member.chat === undefined && member.email === undefined
    ? t(locale, "reach.handOverNote")
    : undefined;
}

/**
 * A reminder as it reaches a member outside chat: by e-mail, or by hand through the coordinators
 * for those with only a phone, with their personal link going where they answer.
 */
export interface ByLink {
  /** Where on their personal page they answer (none: the page itself). */
  place?: PagePlace;
  /**
   * The letter (by e-mail): `link` the sealed stand-in of their link, or undefined when they have
   * none live (revoked): then it says whom to ask for a new one, and carries none.
   */
  letter: (reader: Reader, link: string | undefined) => Message | Promise<Message>;
  /** The same in a few plain words, to pass on by SMS or WhatsApp, their link in them. */
  short: (reader: Reader, link: string) => Rich;
  /**
   * A reminder that helps even without a link (an action's, not a question's): the words to pass
   * on to a phone-only member who has no live link. Without it, they are to be heard instead.
   */
  shortWithoutLink?: (reader: Reader) => Rich;
  /** For the coordinators: what the reminders they pass on by hand are about (case, deadline). */
  byHand: (reader: Reader) => Rich;
}

/** The members a message could not reach (waiting ones are reached, later). */
export const unreached = (reached: readonly Reached[]): MemberRecord[] =>
  reached.filter((r) => r.outcome.kind === "none").map((r) => r.member);

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
  /** Notices to hand over to the coordinators, collected by `member`, sent by `members`. */
  private readonly handOvers: { member: MemberRecord; reader: Reader; message: Message }[] = [];

  constructor(
    private readonly deps: Pick<ServiceDeps, "calendar" | "defaults" | "channels" | "links">,
    private readonly repos: Repositories,
    private readonly equipe: EquipeRecord | undefined,
    private readonly now: Date,
  ) {}

  /** What becomes of a notice to this member with the channels working now (for previews and forms). */
  readonly noticeOutcome = (member: MemberRecord): Outcome => noticeOutcome(member, this.deps.channels);

  private readerOf(member: MemberRecord): Reader {
    return { locale: member.locale ?? this.equipe?.locale ?? this.deps.defaults.locale, member };
  }

  /**
   * Tells one member, on the best channel they have for this message; says truthfully what
   * became of it (a notice to hand over is handed over by `members`).
   */
  async member(member: MemberRecord, build: Build, options: TellOptions = {}): Promise<Reached> {
    const reader = this.readerOf(member);
    const message = await build(reader);
    const emailOn = this.deps.channels.has("email");
    if (member.chat) {
      const file = options.calendar ? [{ ...this.ics(reader, options.calendar), linked: true }] : [];
      this.push(
        member,
        { kind: "direct", ...member.chat },
        { ...message, attachments: [...message.attachments, ...file] },
        options,
      );
      // The calendar copy by e-mail only when it can go now: a late copy of an old state helps no one.
      const copy = options.calendar !== undefined && member.email !== undefined && emailOn;
      if (copy) this.email(member, reader, message, options);
      const platform = member.chat.platform;
      const outcome: Outcome = this.deps.channels.has(platform)
        ? { kind: "chat" }
        : { kind: "waiting", channel: platform };
      return { member, via: platform, alsoByEmail: copy, outcome };
    }
    // E-mail can neither take an answer nor replace a message sent earlier.
    if (options.key !== undefined || options.answer || hasButtons(message))
      return { member, via: undefined, alsoByEmail: false, outcome: { kind: "none", why: "needsChat" } };
    if (member.email) {
      // Queued even when e-mail is off here: the message is held and goes once it is set up.
      this.email(member, reader, message, options);
      const outcome: Outcome = emailOn ? { kind: "email" } : { kind: "waiting", channel: "email" };
      return { member, via: "email", alsoByEmail: false, outcome };
    }
    if (options.handOver) {
      this.handOvers.push({ member, reader, message });
      return { member, via: undefined, alsoByEmail: false, outcome: { kind: "handedOver" } };
    }
    return { member, via: undefined, alsoByEmail: false, outcome: { kind: "none", why: "noAddress" } };
  }

  /** Tells each of these members; says how each was reached. */
  async members(
    members: readonly MemberRecord[],
    build: Build,
    options: TellOptions = {},
  ): Promise<Reached[]> {
    const reached: Reached[] = [];
    for (const member of members) reached.push(await this.member(member, build, options));
    await this.handOver(reached);
    return reached;
  }

  /**
   * The notices no channel carries go to the coordinators, privately, as text to copy: whom to
   * pass it to (with their phone, where known) and the text itself. With no coordinator to take
   * them, the member is not reached, and says so.
   */
  private async handOver(reached: Reached[]): Promise<void> {
    const pending = this.handOvers.splice(0);
    if (pending.length === 0) return;
    const equipe = this.requireEquipe();
    const coordinators = (await this.repos.members.listActive(equipe.id)).filter(
      (member) => member.isCoordinator && member.chat !== undefined,
    );
    for (const { member, reader, message } of pending) {
      const entry = reached.find((r) => r.member.id === member.id);
      if (coordinators.length === 0) {
        if (entry) entry.outcome = { kind: "none", why: "noAddress" };
        continue;
      }
      const copy = plainMessage(this.withGreeting(member, reader, message));
      for (const coordinator of coordinators) {
        const locale = this.readerOf(coordinator).locale;
        const blocks: Block[] = [
          {
            type: "text",
            content: t(locale, "handOver.header", {
              who: mentionOf(locale, member),
              role: roleName(locale, member),
              phone: member.phone !== undefined ? t(locale, "handOver.phone", { phone: member.phone }) : "",
              caseCode: equipe.caseCode,
            }),
          },
          { type: "preformatted", text: copy },
          // The notice's links again, to open or forward: their addresses in the copy are these.
          ...linksOf(message).map((run): Block => ({ type: "link", url: run.url, label: run.label })),
          { type: "note", content: t(locale, "handOver.note") },
        ];
        const summary = t(locale, "handOver.summary", { who: mentionOf(locale, member) });
        // Privately: the text may name the family's meeting; only coordinators see it.
        if (coordinator.chat)
          this.push(
            coordinator,
            { kind: "direct", ...coordinator.chat },
            { summary, blocks, attachments: [] },
            {},
          );
      }
    }
  }

  /**
   * Reminds each of these members before a deadline. In chat: `chat`, asking them to answer
   * (`toHear` given) or as a notice. Outside chat, where they answer on their personal page: by
   * e-mail, the letter with their link going straight where they answer; with only a phone, the
   * coordinators get privately, once for this reminder, whom to remind by hand and for each a
   * short message ready to copy, with that member's link. With `toHear`, the coordinators are
   * also told whom nobody could ask (no channel, or no live link to answer with), to hear them
   * in person and record their answers.
   */
  async remind(
    members: readonly MemberRecord[],
    chat: Build,
    byLink: ByLink,
    options: {
      toHear?: (reader: Reader, toHear: MemberRecord[]) => Message | Promise<Message>;
      /** The moment after which reminding is pointless (the deadline, the due date): every message of it. */
      until?: Date;
      /** A chat member's message is one that is replaced in place later (a poll): its key. */
      key?: (member: MemberRecord) => string;
      /** The chat message takes an answer (buttons); by default, when there is someone to hear. */
      answer?: boolean;
    } = {},
  ): Promise<Reached[]> {
    const until = options.until !== undefined ? { until: options.until } : {};
    const answer = options.answer ?? options.toHear !== undefined;
    const reached: Reached[] = [];
    const toHear: MemberRecord[] = [];
    const byHand: { member: MemberRecord; reader: Reader; link: string | undefined }[] = [];
    for (const member of members) {
      if (member.chat) {
        const key = options.key !== undefined ? { key: options.key(member) } : {};
        const one = await this.member(member, chat, { ...until, answer, ...key });
        reached.push(one);
        if (one.outcome.kind === "none") toHear.push(member);
        continue;
      }
      const reader = this.readerOf(member);
      const link = await this.pageLinkOf(member, byLink.place);
      if (member.email !== undefined) {
        this.email(member, reader, await byLink.letter(reader, link), until);
        // Without a link the letter says whom to ask for one: they cannot answer by themselves.
        const outcome: Outcome =
          link === undefined
            ? { kind: "none", why: "noLink" }
            : this.deps.channels.has("email")
              ? { kind: "email" }
              : { kind: "waiting", channel: "email" };
        reached.push({ member, via: "email", alsoByEmail: false, outcome });
        if (link === undefined) toHear.push(member);
        continue;
      }
      if (member.phone !== undefined && (link !== undefined || byLink.shortWithoutLink !== undefined)) {
        byHand.push({ member, reader, link });
        reached.push({ member, via: undefined, alsoByEmail: false, outcome: { kind: "handedOver" } });
        continue;
      }
      reached.push({
        member,
        via: undefined,
        alsoByEmail: false,
        // A phone, and no live link to pass on: a new link first (or their answers heard).
        outcome: { kind: "none", why: member.phone !== undefined ? "noLink" : "noAddress" },
      });
      toHear.push(member);
    }
    if (byHand.length > 0 && !(await this.remindByHand(byHand, byLink, until))) {
      // No coordinator in chat to pass them on: those members are not reached.
      for (const { member } of byHand) {
        const entry = reached.find((r) => r.member.id === member.id);
        if (entry) entry.outcome = { kind: "none", why: "noAddress" };
        toHear.push(member);
      }
    }
    const hear = options.toHear;
    if (hear !== undefined && toHear.length > 0)
      await this.coordinators((reader) => hear(reader, toHear), until);
    return reached;
  }

  /** The member's live personal page link as a sealed stand-in (at `place`), if one can be shown. */
  private async pageLinkOf(member: MemberRecord, place: PagePlace | undefined): Promise<string | undefined> {
    const live = await this.repos.pageLinks.live(member.id);
    // A link made under another data key cannot be shown again: as good as none here.
    if (live === undefined || live.tokenHash !== this.deps.links.hashOf("page", live.id)) return undefined;
    return this.deps.links.sealed("page", live.id, place);
  }

  /**
   * The coordinators in chat get, privately, one message for this reminder: for each member to
   * remind by hand, who they are, their phone, and the short message to copy with their link.
   * False when no coordinator is in chat to get it.
   */
  private async remindByHand(
    entries: readonly { member: MemberRecord; reader: Reader; link: string | undefined }[],
    byLink: ByLink,
    options: Pick<TellOptions, "until">,
  ): Promise<boolean> {
    const equipe = this.requireEquipe();
    const coordinators = (await this.repos.members.listActive(equipe.id)).filter(
      (member) => member.isCoordinator && member.chat !== undefined,
    );
    if (coordinators.length === 0) return false;
    // Each member's words in their own language, the same for every coordinator.
    const copies = entries.map(({ member, reader, link }) => ({
      member,
      link,
      text: plainText(
        link !== undefined ? byLink.short(reader, link) : (byLink.shortWithoutLink?.(reader) ?? []),
      ),
    }));
    for (const coordinator of coordinators) {
      const reader = this.readerOf(coordinator);
      const { locale } = reader;
      const blocks: Block[] = [
        { type: "text", content: byLink.byHand(reader) },
        { type: "text", content: t(locale, "remindByHand.intro", { count: entries.length }) },
      ];
      for (const { member, link, text } of copies) {
        blocks.push(
          {
            type: "text",
            content: t(locale, "remindByHand.who", {
              who: mentionOf(locale, member),
              role: roleName(locale, member),
              phone: member.phone ?? "",
            }),
          },
          // Preformatted: copied whole with one gesture on Slack and Teams, never reflowed.
          { type: "preformatted", text },
        );
        // Their link again, to open or forward: its address in the copy is this one.
        blocks.push(
          link !== undefined
            ? {
                type: "link",
                url: link,
                label: plainText(t(locale, "remindByHand.linkLabel", { who: mentionOf(locale, member) })),
              }
            : { type: "note", content: t(locale, "remindByHand.noLink", { who: mentionOf(locale, member) }) },
        );
      }
      blocks.push({ type: "note", content: t(locale, "remindByHand.note") });
      const summary = t(locale, "remindByHand.summary");
      // Privately: each text carries a capability link; only coordinators see it, never the channel.
      if (coordinator.chat)
        this.push(
          coordinator,
          { kind: "direct", ...coordinator.chat },
          { summary, blocks, attachments: [] },
          options,
        );
    }
    return true;
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
      answerInline(req, message);
      return;
    }
    const target: Target =
      req.place.kind === "conversation" && !options.privately
        ? { kind: "ephemeral", ...req.place.channel, userId: req.actor.user.userId }
        : { kind: "direct", ...req.actor.user };
    // Whose it is, where the actor is a member: what the équipe sends stays the équipe's (erasure finds it).
    this.out.push({
      target,
      message,
      ...(member !== undefined ? { recipient: { equipeId: member.equipeId, memberId: member.id } } : {}),
    });
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

  /**
   * Writes to a partner organisation at its contact's address, which is nobody's in the équipe:
   * by e-mail, the only channel an address has; says truthfully whether it is on its way or
   * waits. If it never arrives, this équipe's coordinators are told.
   */
  organisation(
    organisation: { id: OrganisationId; contactEmail: string; locale: Locale },
    message: Message,
    options: Pick<TellOptions, "until"> = {},
  ): Outcome {
    this.out.push({
      target: { kind: "email", to: organisation.contactEmail, locale: organisation.locale },
      message: { ...message, subject: message.subject ?? summaryOf(message) },
      ...(this.equipe ? { recipient: { equipeId: this.equipe.id, organisationId: organisation.id } } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
    });
    return this.deps.channels.has("email") ? { kind: "email" } : { kind: "waiting", channel: "email" };
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
    await this.handOver([]);
    if (this.out.length === 0) return;
    await this.repos.outbox.enqueue(this.out.splice(0), this.now);
  }

  private push(member: MemberRecord, target: Target, message: Message, options: TellOptions): void {
    this.out.push({
      target,
      message,
      ...(options.key !== undefined ? { key: options.key } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
      recipient: { equipeId: member.equipeId, memberId: member.id },
    });
  }

  /** The message as a letter to this member: their name first, where known. */
  private withGreeting(member: MemberRecord, reader: Reader, message: Message): Message {
    if (!member.name) return message;
    const greeting: Block = {
      type: "text",
      content: t(reader.locale, "email.greeting", { name: member.name }),
    };
    return { ...message, blocks: [greeting, ...message.blocks] };
  }

  private email(member: MemberRecord, reader: Reader, message: Message, options: TellOptions): void {
    const address = member.email;
    if (address === undefined) return;
    const calendar = options.calendar ? [this.ics(reader, options.calendar, address)] : [];
    const letter = this.withGreeting(member, reader, message);
    this.push(
      member,
      { kind: "email", to: address, locale: reader.locale },
      {
        ...letter,
        subject: message.subject ?? summaryOf(message),
        attachments: [...message.attachments.filter((a) => !a.linked), ...calendar],
      },
      options.until !== undefined ? { until: options.until } : {},
    );
  }

  /**
   * The calendar file for this reader: by e-mail, iTIP with them as the one attendee; in chat, a
   * file to import (PUBLISH), since iTIP without an attendee is refused by calendars (RFC 5546).
   */
  private ics(
    reader: Reader,
    calendar: NonNullable<TellOptions["calendar"]>,
    attendeeEmail?: string,
  ): FileAttachment {
    const event = calendar.event(reader);
    if (attendeeEmail !== undefined)
      return {
        filename: calendar.filename,
        mimeType: `text/calendar; charset=utf-8; method=${calendar.method}`,
        content: this.deps.calendar.invite(calendar.method, event, { stamp: this.now, attendeeEmail }),
      };
    return {
      filename: calendar.filename,
      mimeType: "text/calendar; charset=utf-8; method=PUBLISH",
      content: this.deps.calendar.file(
        calendar.method === "CANCEL" ? { ...event, status: "cancelled" } : event,
        { stamp: this.now },
      ),
    };
  }

  private requireEquipe(): EquipeRecord {
    if (this.equipe === undefined) throw new Error("an équipe is needed to tell its members");
    return this.equipe;
  }
}
