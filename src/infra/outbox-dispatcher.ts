import { z } from "zod";
import {
  attachmentSchema,
  type Block,
  type ChatUserRef,
  type Inline,
  type Rich,
  summaryOf,
} from "../content/model.ts";
import { plainLine } from "../content/plain.ts";
import { withoutSealedLinks } from "../core/links.ts";
import type { AckPriority } from "../core/turns.ts";
import {
  BucketClosed,
  CHANNEL_NAMES,
  type ChannelName,
  type ChannelPort,
  channelOf,
  type DeliveredRef,
  DeliveryError,
  type ExtraCalls,
  MessageGone,
  type Outgoing,
  outgoingSchema,
  targetSchema,
  type Undelivered,
  type UndeliveredReason,
} from "../ports/channel.ts";
import type { Clock } from "../ports/clock.ts";
import { Recent } from "../ports/direct-chats.ts";
import type { Db } from "./db.ts";
import { type ClaimedItem, EXPIRED, LeasedQueue, type RetryPolicy, retryDelay } from "./leased-queue.ts";
import { countDelivery } from "./metrics.ts";
import { isUniqueViolation } from "./prisma-store.ts";
import { RateGates } from "./rate-gates.ts";

/** How long a claimed message is ours; a process that dies mid-delivery frees it after this. */
const LEASE_MS = 60_000;
/** After this many failed attempts a message is parked as failed (kept, visible to operators). */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** Platforms throttle in seconds; a quarter of an hour is as long as a message may reasonably wait. */
const RETRY: RetryPolicy = { maxAttempts: MAX_DELIVERY_ATTEMPTS, baseMs: 2_000, maxMs: 15 * 60_000 };
/** The cron tick passes every minute anyway: a wake-up timer never needs to wait longer. */
const MAX_WAKE_MS = 60_000;
/** A pass that failed (the database busy or away) is tried again soon, doubling up to a minute. */
const PASS_RETRY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, baseMs: 1_000, maxMs: MAX_WAKE_MS };
/** Why a message waits without a call: its platform's rate limit for that call is in force. */
export const RATE_LIMITED = "rate_limited";
/** Error text kept on a row: enough for an operator, never a whole response body. */
const ERROR_MAX = 200;
/** How often a running dispatcher looks for held messages of its channels (another replica may hold some). */
const RELEASE_EVERY_MS = 60_000;
/** What a coordinator is told a lost message was about: one line. */
const ABOUT_MAX = 160;

/** A message held this long for a channel still off is reported to the coordinators (once). */
export const HELD_REPORT_MS = 24 * 60 * 60_000;

/** Why a row is held: its channel is off on the server that met it. */
const offReason = (channel: ChannelName) => `${channel}_off`;
/** The same, once the coordinators were told it is still waiting. */
const toldReason = (channel: ChannelName) => `${channel}_off_told`;

export type DispatcherLog = (
  event: string,
  fields: Record<string, string | number | boolean | undefined>,
) => void;

/**
 * Delivers the queue's messages through the channel ports (Slack, Teams, e-mail). A keyed
 * message updates the one delivered earlier under its key; its versions never go backwards.
 * A retry is picked up when it is due: after each pass one timer is armed for the next one.
 */
export class OutboxDispatcher {
  private readonly queue: LeasedQueue;
  private readonly gates: RateGates;
  /** Passes that failed in a row (none: the last one ran). */
  private failures = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private wake: NodeJS.Timeout | undefined;
  /** Whether the pass running now put a message back for a later try. */
  private retried = false;
  /** Whether the timer stands for the earliest retry known (none armed: none is waiting). */
  private nextKnown = false;
  private stopped = false;
  /** When this dispatcher last put back held messages of its channels (never: at its first pass). */
  private releasedAt: number | undefined;
  /**
   * Where keyed messages' posts live, as read or written here. A key's reference changes only
   * when the post it names was deleted on the platform (see `postAnew`): a process that still
   * remembers the old one finds it gone and reads the reference again. One not known here
   * (written by another replica) is read.
   */
  private readonly knownRefs = new Recent<DeliveredRef>(KNOWN_REFS_MAX);
  /** The rate-limit buckets this pass has seen a call go through, and those being tried. */
  private probes = new Probes();

  constructor(
    private readonly db: Db,
    private readonly ports: Partial<Record<ChannelName, ChannelPort>>,
    private readonly clock: Clock,
    private readonly log: DispatcherLog,
    /**
     * Told when a message to a person can never be delivered (refused for good, the app not
     * installed, every retry failed), once it is parked: the core tells their coordinators.
     */
    private readonly onUndelivered?: ((failure: Undelivered) => Promise<void>) | undefined,
    /**
     * The process's acknowledgements, which this dispatcher's work gives way to (see
     * `AckPriority`): each delivery waits for them before it starts (without it, the lanes of a
     * fan-out whose calls came back together ran their next deliveries back to back, rendering,
     * opening, calling, 20–45 ms in one turn), and each pass runs as work even when a reply an
     * acknowledgement wrote kicked it (or it, and every pass after it, would run as the
     * acknowledgement's and never give way).
     */
    private readonly priority?: Pick<AckPriority, "statement" | "apart"> | undefined,
  ) {
    this.queue = new LeasedQueue(db, "messages", LEASE_MS);
    this.gates = new RateGates(db);
  }

  /** The channels this dispatcher can deliver on now. */
  channels(): ChannelName[] {
    return CHANNEL_NAMES.filter((channel) => this.ports[channel] !== undefined);
  }

  /**
   * Puts the messages held for a channel that was off (e-mail before SMTP_URL was set) back in
   * the queue when this dispatcher has that channel: they go out now, in their order.
   */
  async releaseHeld(): Promise<number> {
    const now = this.clock.now();
    this.releasedAt = now.getTime();
    await this.dropExpiredHeld(now);
    const mine = this.channels();
    const released = await this.queue.releaseHeld([...mine.map(offReason), ...mine.map(toldReason)], now);
    if (released > 0) this.log("outbox.released", { count: released });
    await this.reportStillWaiting(now);
    return released;
  }

  /**
   * Held messages whose moment has passed (the meeting began, the deadline went by) are never
   * sent late, whether their channel works now or not: each is parked as expired, and the
   * coordinators of the member it was for are told it did not reach them in time.
   */
  private async dropExpiredHeld(now: Date): Promise<void> {
    for (const { id, payload } of await this.queue.takeExpiredHeld(now)) {
      const outgoing = readPayload(payload);
      this.log("outbox.expired", {
        id,
        channel: outgoing ? channelOf(outgoing.target) : undefined,
        reason: EXPIRED,
      });
      if (outgoing) await this.reportExpired(outgoing, "expiredWaiting");
    }
  }

  /** A message for a member that expired unsent: their coordinators are told (the core words it). */
  private async reportExpired(outgoing: Outgoing, reason: "expired" | "expiredWaiting"): Promise<void> {
    if (outgoing.recipient !== undefined) await this.reportUndelivered(outgoing, reason);
  }

  /**
   * Messages held a day and more for a channel this server still lacks: each one's recipient's
   * coordinators are told it is still waiting and why (once per message; the core tells each
   * member's coordinators at most once a day). It stays held, and goes out once the channel works.
   */
  private async reportStillWaiting(now: Date): Promise<void> {
    const off = CHANNEL_NAMES.filter((channel) => this.ports[channel] === undefined);
    const waiting = await this.queue.takeHeldSince(
      off.map(offReason),
      new Date(now.getTime() - HELD_REPORT_MS),
      (reason) => `${reason}_told`,
    );
    for (const { payload } of waiting) {
      const outgoing = readPayload(payload);
      if (outgoing) await this.reportUndelivered(outgoing, "stillWaiting");
    }
  }

  /** Asks for a pass soon; passes never overlap within one process. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const pass = () => this.pass();
    this.running = (this.priority ? this.priority.apart(pass) : pass()).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no pass is running (tests and shutdown); a timer armed for later does not count. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No more wake-up timers (shutdown); `kick` still works. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.wake);
  }

  private async pass(): Promise<void> {
    try {
      this.retried = false;
      const now = this.clock.now().getTime();
      if (this.releasedAt === undefined || now - this.releasedAt >= RELEASE_EVERY_MS)
        await this.releaseHeld();
      this.gates.forget();
      this.probes = new Probes();
      await this.queue.drainBatches(
        () => this.clock.now(),
        (batch) => this.deliverBatch(batch),
      );
      this.failures = 0;
      // The next retry only moves when a pass schedules one, or meets rows another process
      // holds (free when its lease ends): a pass that only delivered leaves the timer as it is
      // (armed, or known to be needed by nothing) and saves the query.
      if (this.retried || !this.nextKnown || this.queue.metInFlight) await this.armWake();
    } catch (error) {
      this.log("outbox.passFailed", { error: error instanceof Error ? error.name : "unknown" });
      // Whatever was due is still due: tried again soon, not at the next tick.
      this.failures += 1;
      this.armAfter(retryDelay(PASS_RETRY, this.failures));
    }
  }

  /** One unref'd timer for the earliest future retry, so it does not wait for the next tick. */
  private async armWake(): Promise<void> {
    clearTimeout(this.wake);
    this.wake = undefined;
    if (this.stopped) return;
    const now = this.clock.now();
    const next = await this.queue.nextDue(now);
    this.nextKnown = true;
    if (next === undefined) return;
    this.armAfter(next.getTime() - now.getTime());
  }

  /** The one wake-up timer, for `delay` from now (at most a minute: the tick comes anyway). */
  private armAfter(delay: number): void {
    clearTimeout(this.wake);
    this.wake = undefined;
    if (this.stopped) return;
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        this.nextKnown = false;
        this.kick();
      },
      Math.min(MAX_WAKE_MS, Math.max(0, delay)),
    );
    this.wake.unref();
  }

  /**
   * One claimed batch: the references of its keyed messages read in one statement, its messages
   * delivered a few at a time (never two of one conversation, or of one key, at once; each
   * conversation's in their order), the delivered ones finished together.
   */
  private async deliverBatch(batch: ClaimedItem[]): Promise<void> {
    const messages = batch.map((item) => ({ item, outgoing: readPayload(item.payload) }));
    const refs = await this.refsOf(messages.map(({ outgoing }) => outgoing?.key));
    const finish = new Finisher(this.queue, this.db, this.clock, (ref) =>
      this.knownRefs.set(ref.key, { channelId: ref.channelId, messageId: ref.messageId }),
    );
    try {
      await inLanes(
        messages,
        ({ item, outgoing }) => lanesOf(item, outgoing),
        async ({ item, outgoing }) => {
          await this.priority?.statement("alone");
          await this.deliver(item, outgoing, refs, finish);
        },
      );
    } finally {
      await finish.flush();
    }
  }

  /**
   * Where the messages delivered earlier under these keys live: those this process knows, the
   * others read in one statement (none: every one known, or no key).
   */
  private async refsOf(keys: readonly (string | undefined)[]): Promise<Map<string, DeliveredRef>> {
    const found = new Map<string, DeliveredRef>();
    const unknown: string[] = [];
    for (const key of new Set(keys)) {
      if (key === undefined) continue;
      const ref = this.knownRefs.get(key);
      if (ref === undefined) unknown.push(key);
      else found.set(key, ref);
    }
    if (unknown.length === 0) return found;
    const rows = await this.db.messageRef.findMany({
      where: { key: { in: unknown } },
      select: { key: true, channelId: true, messageId: true },
    });
    for (const { key, ...ref } of rows) {
      found.set(key, ref);
      this.knownRefs.set(key, ref);
    }
    return found;
  }

  private async deliver(
    item: ClaimedItem,
    outgoing: Outgoing | undefined,
    refs: ReadonlyMap<string, DeliveredRef>,
    finish: Finisher,
  ): Promise<void> {
    // Claimed with its batch, it may have waited behind slow deliveries: a call starts with at
    // least half a lease to run in, or not at all if another process took the row meanwhile.
    const now = this.clock.now().getTime();
    if (item.leaseUntil.getTime() - now < LEASE_MS / 2 && !(await this.queue.renew(item, new Date(now)))) {
      this.log("outbox.leaseLost", { id: item.id });
      return;
    }
    if (outgoing === undefined) {
      await this.queue.fail(item, item.attempts, "unreadable_payload");
      this.log("outbox.undeliverable", { id: item.id, reason: "unreadable_payload" });
      return;
    }
    const channel = channelOf(outgoing.target);
    // Its moment has passed (released from hold, or retried, too late): never delivered late.
    const until = item.expiresAt ?? outgoing.until;
    if (until !== undefined && until.getTime() <= this.clock.now().getTime()) {
      await this.queue.expire(item);
      this.log("outbox.expired", { id: item.id, channel, reason: EXPIRED, attempts: item.attempts });
      countDelivery(channel, "expired");
      // Its channel is off here: it waited for the channel, not for a retry.
      await this.reportExpired(outgoing, this.ports[channel] === undefined ? "expiredWaiting" : "expired");
      return;
    }
    const port = this.ports[channel];
    if (port === undefined) {
      // Kept, not failed: it goes out once a dispatcher with this channel runs (the core told
      // whoever sent it that it is waiting, and why).
      const reason = offReason(channel);
      await this.queue.hold(item, reason);
      this.log("outbox.held", { id: item.id, channel, reason });
      return;
    }
    // A retried message whose key has a newer version (queued while this one was in flight, so
    // not superseded then) would show an older state over a newer one: it is superseded instead.
    // So is one taken over from a process whose lease ran out: its call may land yet, and the
    // newer version carries the current state anyway.
    if ((item.attempts > 0 || item.reclaimed) && (await this.queue.hasNewerVersion(item))) {
      await this.queue.supersede(item, item.attempts, "newer_version");
      return;
    }
    let leave: (() => void) | undefined;
    let buckets: readonly string[] = [];
    // Calls the port found it had to make beyond its buckets (see `ExtraCalls`), left with its own.
    // Once this delivery is over (a port that gave up at its deadline may still be working), no
    // call is let in: its entry would never be left, and the bucket's next calls would wait on it.
    let over = false;
    const extraLeaves: (() => void)[] = [];
    const extraBuckets: string[] = [];
    const calls: ExtraCalls = {
      enter: async (more) => {
        // A bucket this delivery already holds is entered: waiting for it would be waiting for itself.
        const fresh = more.filter((bucket) => !buckets.includes(bucket) && !extraBuckets.includes(bucket));
        if (fresh.length === 0) return;
        if (over) throw new DeliveryError("delivery_over", true);
        const entered = await this.enterBuckets(fresh);
        if (entered instanceof Date) throw new BucketClosed(entered);
        if (over) {
          entered();
          throw new DeliveryError("delivery_over", true);
        }
        extraLeaves.push(entered);
        extraBuckets.push(...fresh);
      },
    };
    try {
      const ref = outgoing.key === undefined ? null : (refs.get(outgoing.key) ?? null);
      // A bucket a 429 closed (this message's or another's, here or in another replica): no call
      // before the window has passed, and no attempt counted.
      buckets = (await port.limits?.(outgoing, ref !== null)) ?? [];
      const entered = await this.enterBuckets(buckets);
      if (entered instanceof Date) {
        await this.deferClosed(item, entered, channel);
        return;
      }
      leave = entered;
      const delivery = `${item.id}.${item.createdAt.getTime()}`;
      const posted = await this.sendOrUpdate(item, port, { ...outgoing, delivery }, ref, calls);
      this.probes.opened([...buckets, ...extraBuckets]);
      finish.delivered(item, posted);
      this.log("outbox.delivered", { id: item.id, channel });
      countDelivery(channel, "delivered");
    } catch (error) {
      if (error instanceof LeaseLost) {
        // Another process holds the row now, and delivers it: nothing of it is this one's to write.
        this.log("outbox.leaseLost", { id: item.id });
      } else if (error instanceof BucketClosed) {
        // A call the port found it needed, in a bucket a 429 closed: as for its own buckets.
        await this.deferClosed(item, error.until, channel);
      } else await this.failed(item, error, outgoing);
    } finally {
      over = true;
      // After `failed`: a 429's bucket is closed before the calls waiting on this one look again.
      leave?.();
      for (const left of extraLeaves) left();
    }
  }

  /** A message whose bucket a 429 closed: it waits the window out, with no attempt counted. */
  private async deferClosed(item: ClaimedItem, until: Date, channel: ChannelName): Promise<void> {
    await this.queue.defer(item, until, RATE_LIMITED);
    this.retried = true;
    this.log("outbox.deferred", { id: item.id, channel, reason: RATE_LIMITED });
  }

  /**
   * A call in these buckets may start: what to call when it ends. Or, when one of them is
   * closed, the moment the last of them opens again. The call that tries a bucket not yet known
   * open in this pass is waited for first, so that a 429 stops the calls queued behind it
   * rather than meeting them already on their way.
   */
  private async enterBuckets(buckets: readonly string[]): Promise<Date | (() => void)> {
    for (;;) {
      const closedUntil = await this.gates.closedUntil(buckets, this.clock.now());
      if (closedUntil !== undefined) return closedUntil;
      const trying = this.probes.trying(buckets);
      // No turn of the event loop between the look and the entry: one call alone tries a bucket.
      if (trying === undefined) return this.probes.enter(buckets);
      await trying;
    }
  }

  /** Delivers the message; the reference of a keyed message's first post, for its later versions. */
  private async sendOrUpdate(
    item: ClaimedItem,
    port: ChannelPort,
    outgoing: Outgoing,
    ref: DeliveredRef | null,
    calls: ExtraCalls,
  ): Promise<NewRef | undefined> {
    const key = outgoing.key;
    if (ref !== null && key !== undefined) {
      try {
        await port.update(ref, outgoing);
        return undefined;
      } catch (error) {
        if (!(error instanceof MessageGone)) throw error;
      }
      return this.postAnew(item, port, outgoing, key, ref, calls);
    }
    const delivered = await port.send(outgoing, calls);
    if (key === undefined || delivered === undefined) return undefined;
    return { key, platform: channelOf(outgoing.target), ...delivered };
  }

  /**
   * The post a key's versions update was deleted on the platform: its versions would otherwise
   * fail from now on, and the conversation would never see the message again. Another process
   * may have posted it anew already (this one remembered the old post): the key's reference is
   * read again, and the post it names now is updated (gone too: that one is replaced). Otherwise
   * this version is posted anew, in a post's rate-limit buckets (asked for as any call the
   * delivery had not named), with the row's lease renewed first (the update and the wait may have
   * used much of it: another process taking the row over meanwhile would post it as well), and the
   * key follows the new post once its row is finished (`Finisher`).
   */
  private async postAnew(
    item: ClaimedItem,
    port: ChannelPort,
    outgoing: Outgoing,
    key: string,
    deleted: DeliveredRef,
    calls: ExtraCalls,
  ): Promise<NewRef | undefined> {
    let gone = deleted;
    this.knownRefs.forget(key);
    const stored = await this.db.messageRef.findUnique({
      where: { key },
      select: { channelId: true, messageId: true },
    });
    if (stored !== null && !sameRef(stored, gone)) {
      try {
        await port.update(stored, outgoing);
        this.knownRefs.set(key, stored);
        return undefined;
      } catch (error) {
        if (!(error instanceof MessageGone)) throw error;
        gone = stored;
      }
    }
    await calls.enter((await port.limits?.(outgoing, false)) ?? []);
    if (!(await this.queue.renew(item, this.clock.now()))) throw new LeaseLost();
    const delivered = await port.send(outgoing, calls);
    this.log("outbox.reposted", { channel: channelOf(outgoing.target) });
    if (delivered === undefined) return undefined;
    // No reference stored (none was, or it went): the new post's is written as a first one.
    const replaced = stored === null ? {} : { replaces: gone };
    return { key, platform: channelOf(outgoing.target), ...delivered, ...replaced };
  }

  private async failed(item: ClaimedItem, error: unknown, outgoing: Outgoing): Promise<void> {
    const attempts = item.attempts + 1;
    const retryable = error instanceof DeliveryError ? error.retryable : true;
    const reason = error instanceof Error ? error.message.slice(0, ERROR_MAX) : "unknown";
    const channel = channelOf(outgoing.target);
    this.log("outbox.failed", { id: item.id, channel, attempts, retryable, reason });
    const retryAfterMs =
      error instanceof DeliveryError && error.retryAfterSeconds !== undefined
        ? error.retryAfterSeconds * 1000
        : 0;
    // The platform limits the bucket, not this message: every call in it waits the window out.
    if (error instanceof DeliveryError && error.limit !== undefined && retryAfterMs > 0)
      await this.gates.close(error.limit, new Date(this.clock.now().getTime() + retryAfterMs));
    // A newer version of this message was queued meanwhile: it carries the current state, and
    // retrying this one could deliver it after the newer one.
    if (await this.queue.hasNewerVersion(item)) {
      await this.queue.supersede(item, attempts, reason);
      countDelivery(channel, "superseded");
      return;
    }
    if (!retryable || attempts >= RETRY.maxAttempts) {
      await this.queue.fail(item, attempts, reason);
      countDelivery(channel, "failed");
      await this.reportUndelivered(outgoing, undeliveredReason(error, retryable));
      return;
    }
    const at = new Date(this.clock.now().getTime() + retryDelay(RETRY, attempts, retryAfterMs));
    await this.queue.retry(item, attempts, at, reason);
    countDelivery(channel, "retried");
    this.retried = true;
  }

  private async reportUndelivered(outgoing: Outgoing, reason: UndeliveredReason): Promise<void> {
    const { target, recipient, message } = outgoing;
    // Only a message meant for one person is theirs to miss; a conversation's post is not, and
    // an answer shown to whoever just acted, in the conversation they typed in, is no notice.
    if (target.kind === "channel" || target.kind === "ephemeral") return;
    const failure: Undelivered = {
      target,
      recipient,
      about: withoutSealedLinks(plainLine(message.subject ?? summaryOf(message), ABOUT_MAX)),
      reason,
    };
    await this.onUndelivered?.(failure).catch((error: unknown) =>
      this.log("outbox.unreachableReportFailed", {
        error: error instanceof Error ? error.name : "unknown",
      }),
    );
  }
}

/** The reference of a keyed message's post, written when its row is finished. */
interface NewRef extends DeliveredRef {
  key: string;
  platform: ChannelName;
  /** The post it takes the place of, deleted on the platform (none: the key's first post). */
  replaces?: DeliveredRef;
}

/** The row's lease could not be renewed: another process took it over (see `postAnew`). */
class LeaseLost extends Error {
  constructor() {
    super("lease_lost");
    this.name = "LeaseLost";
  }
}

const sameRef = (a: DeliveredRef, b: DeliveredRef) =>
  a.channelId === b.channelId && a.messageId === b.messageId;

/**
 * Messages delivered at once, at most: enough to overlap the platforms' round trips (a 20-member
 * fan-out takes a fifth of the time one at a time takes), few enough to stay inside a burst the
 * platforms allow (Slack's Tier 3 methods such as conversations.open: 50 a minute with bursts;
 * Bot Framework: a few messages a second per conversation) and not to crowd out a 2-core
 * process's request handling while rendering.
 */
export const DELIVERY_CONCURRENCY = 6;
/** Keyed messages whose reference a process remembers: about 150 bytes each. */
const KNOWN_REFS_MAX = 10_000;
/** A delivered row waits at most this long for the others of its batch before it is finished. */
const FINISH_WAIT_MS = 1_000;

/**
 * The delivered rows of one batch, finished together: their first posts' references in one
 * statement, then the rows marked done in one more, each only while this process still holds
 * its lease. Written when the batch ends, or a second after the first row waited (slow calls
 * must not leave delivered rows unfinished until their leases end, when another process would
 * deliver them again).
 */
class Finisher {
  private waiting: { item: ClaimedItem; ref: NewRef | undefined }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: LeasedQueue,
    private readonly db: Db,
    private readonly clock: Clock,
    /** Told of each reference written. */
    private readonly written: (ref: NewRef) => void,
  ) {}

  /** This row's message went out (`ref`: where its key's first post lives). */
  delivered(item: ClaimedItem, ref: NewRef | undefined): void {
    this.waiting.push({ item, ref });
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing
        .then(() => this.write())
        // Its rows wait again (see write): the batch's flush tries them once more and reports.
        .catch(() => undefined);
    }, FINISH_WAIT_MS);
    this.timer.unref();
  }

  /** Finishes whatever is waiting, and reports a write that failed meanwhile. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    // The rows of a write that failed meanwhile are waiting again: written now, and once more if
    // that fails (a dropped connection, a busy database); only then is the failure reported.
    await this.write().catch(() => this.write());
  }

  private async write(): Promise<void> {
    const rows = this.waiting;
    this.waiting = [];
    if (rows.length === 0) return;
    try {
      // The references first: a crash between the two statements leaves rows that are sent again
      // as updates of their first post, rather than rows done whose next version posts anew.
      await this.createRefs(rows.flatMap(({ ref }) => (ref === undefined ? [] : [ref])));
      await this.queue.completeAll(
        rows.map(({ item }) => item),
        this.clock.now(),
      );
    } catch (error) {
      // Delivered all the same: kept to be finished by the next write, not dropped (dropped, they
      // would be sent again once their leases end).
      this.waiting = [...rows, ...this.waiting];
      throw error;
    }
  }

  /**
   * The first reference of each key stays: a process whose lease ran out mid-call must not point
   * the key at its own, older post after another process posted the newer version. One insert
   * for all; when one of them exists already (that rare race), each is written on its own. A
   * reference moves only to a post made in place of a deleted one (`replaces`).
   */
  private async createRefs(all: NewRef[]): Promise<void> {
    // A post made anew in place of a deleted one: the key moves to it, only from the post this
    // delivery found gone (another process may have moved it meanwhile, and its post stays).
    for (const { replaces, ...ref } of all) {
      if (replaces === undefined) continue;
      const moved = await this.db.messageRef.updateMany({
        where: { key: ref.key, channelId: replaces.channelId, messageId: replaces.messageId },
        data: { channelId: ref.channelId, messageId: ref.messageId },
      });
      if (moved.count === 1) this.written(ref);
    }
    const refs = all.filter((ref) => ref.replaces === undefined);
    if (refs.length === 0) return;
    try {
      await this.db.messageRef.createMany({ data: refs });
      for (const ref of refs) this.written(ref);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      for (const data of refs) {
        try {
          await this.db.messageRef.create({ data, select: { key: true } });
          this.written(data);
        } catch (each) {
          if (!isUniqueViolation(each)) throw each;
        }
      }
    }
  }
}

/**
 * Concurrent calls and rate limits: in each pass, the first call of a rate-limit bucket goes
 * alone; once one has gone through, the bucket's other calls go side by side. A 429 then stops
 * the calls queued behind the first one (they wait the window out without an attempt counted),
 * and meets at most the few already on their way once a bucket is known open.
 */
class Probes {
  private readonly open = new Set<string>();
  private readonly tries = new Map<string, Promise<void>>();

  /** The call trying one of these buckets now, if one is; undefined: this call may go. */
  trying(buckets: readonly string[]): Promise<void> | undefined {
    for (const bucket of buckets) {
      const running = this.tries.get(bucket);
      if (running !== undefined) return running;
    }
    return undefined;
  }

  /** A call in these buckets starts: it tries those not known open. What to call when it ends. */
  enter(buckets: readonly string[]): () => void {
    const mine = buckets.filter((bucket) => !this.open.has(bucket) && !this.tries.has(bucket));
    if (mine.length === 0) return () => {};
    let end = () => {};
    const running = new Promise<void>((resolve) => {
      end = resolve;
    });
    for (const bucket of mine) this.tries.set(bucket, running);
    return () => {
      for (const bucket of mine) this.tries.delete(bucket);
      end();
    };
  }

  /** A call in these buckets went through: they are open for the rest of the pass. */
  opened(buckets: readonly string[]): void {
    for (const bucket of buckets) this.open.add(bucket);
  }
}

/**
 * What a message must not overtake or run beside: its conversation (a person's private chat for
 * a direct message, and for an ephemeral one too, which Teams delivers there) and its key.
 */
function lanesOf(item: ClaimedItem, outgoing: Outgoing | undefined): string[] {
  const lanes = item.messageKey === null ? [] : [`key:${item.messageKey}`];
  if (outgoing === undefined) return lanes;
  const { target } = outgoing;
  if (outgoing.key !== undefined) lanes.push(`key:${outgoing.key}`);
  if (target.kind === "email") return [...lanes, `email:${target.to.toLowerCase()}`];
  const space = `${target.platform}:${target.workspaceId}`;
  if (target.kind !== "direct") lanes.push(`${space}:channel:${target.channelId}`);
  if (target.kind !== "channel") lanes.push(`${space}:user:${target.userId}`);
  return lanes;
}

/**
 * Runs `run` on each of `items`, `DELIVERY_CONCURRENCY` at a time, each only once every earlier
 * item sharing one of its lanes has finished: the items of a lane run one after another, in the
 * order given. An item waiting for its lane holds no place, so a busy conversation does not
 * stop the others.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: (item: T) => readonly string[],
  run: (item: T) => Promise<void>,
  concurrency = DELIVERY_CONCURRENCY,
): Promise<void> {
  const last = new Map<string, Promise<void>>();
  const places = new Places(concurrency);
  const all = items.map((item) => {
    const own = [...new Set(lanes(item))];
    const before = own.flatMap((lane) => last.get(lane) ?? []);
    const done = Promise.all(before).then(() => places.hold(() => run(item)));
    for (const lane of own) last.set(lane, done);
    return done;
  });
  // Every one settled before this returns, even after a failure (a pass that failed must not
  // leave deliveries running behind it); an item after a failed one of its lane does not run.
  const failed = (await Promise.allSettled(all)).find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
}

/** At most `size` tasks at once; the others wait in the order they asked. */
class Places {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async hold(task: () => Promise<void>): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/** Why a parked message failed, in the core's terms. */
function undeliveredReason(error: unknown, retryable: boolean): UndeliveredReason {
  if (error instanceof DeliveryError && error.unreachable) return "chatNotInstalled";
  if (retryable) return "gaveUp";
  return error instanceof DeliveryError && error.message.startsWith("smtp_") ? "emailRefused" : "chatRefused";
}

/**
 * The queued message, in today's model or the previous release's; undefined when neither reads
 * it (or it did not open: sealed with a key this server lacks).
 */
function readPayload(payload: string | undefined): Outgoing | undefined {
  if (payload === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  // The old model's `message.text` is what tells it apart (today's has none, and a lenient read
  // of an old message with no blocks would deliver it empty). Today's is read first: it is the
  // one every pass meets.
  if (!hasLegacyText(json)) {
    const parsed = outgoingSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }
  const legacy = legacySchema.safeParse(json);
  const parsed = legacy.success ? outgoingSchema.safeParse(fromLegacy(legacy.data)) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

// ————— the previous release's message model, still pending at upgrade —————

function hasLegacyText(json: unknown): boolean {
  if (typeof json !== "object" || json === null || !("message" in json)) return false;
  const { message } = json;
  return (
    typeof message === "object" && message !== null && "text" in message && typeof message.text === "string"
  );
}

const legacyButtonSchema = z.object({
  actionId: z.string(),
  value: z.string(),
  label: z.string(),
  style: z.enum(["primary", "danger", "default"]).default("default"),
  selected: z.boolean().default(false),
});

const legacyBlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("context"), text: z.string() }),
  z.object({ type: z.literal("divider") }),
  z.object({ type: z.literal("actions"), buttons: z.array(legacyButtonSchema) }),
  z.object({ type: z.literal("link"), label: z.string(), url: z.string() }),
]);

const legacySchema = z.object({
  target: z.union([
    z.object({ kind: z.literal("email"), to: z.string(), subject: z.string() }),
    targetSchema,
  ]),
  message: z.object({
    text: z.string(),
    blocks: z.array(legacyBlockSchema).default([]),
    attachments: z.array(attachmentSchema).default([]),
  }),
  key: z.string().optional(),
});
type Legacy = z.infer<typeof legacySchema>;

/** The old neutral markup: `<@id|name>` / `<@id>` mentions and `*strong*`; the rest was literal. */
const LEGACY_MARKUP = /<@([^|>\s]+)(?:\|([^>]*))?>|\*([^*\n]+)\*/g;

function legacyRuns(text: string, mentioned: (userId: string) => ChatUserRef | undefined): Rich {
  const runs: Inline[] = [];
  let from = 0;
  for (const match of text.matchAll(LEGACY_MARKUP)) {
    if (match.index > from) runs.push({ type: "text", text: text.slice(from, match.index) });
    const [whole, userId, name, bold] = match;
    if (userId !== undefined) {
      const user = mentioned(userId);
      runs.push({ type: "mention", name: name?.trim() || userId, ...(user ? { user } : {}) });
    } else {
      runs.push({ type: "text", text: bold ?? "", strong: true });
    }
    from = match.index + whole.length;
  }
  if (from < text.length) runs.push({ type: "text", text: text.slice(from) });
  return runs;
}

function fromLegacy({ target, message, key }: Legacy): unknown {
  if ("subject" in target) {
    // The old mailer sent `message.text` as the body; the subject is now the message's summary.
    const content = legacyRuns(message.text, () => undefined);
    return {
      target: { kind: "email", to: target.to, locale: "it" },
      message: {
        summary: [{ type: "text", text: target.subject }],
        blocks: [{ type: "text", content }],
        attachments: message.attachments,
      },
      ...(key === undefined ? {} : { key }),
    };
  }
  const mentioned = (userId: string): ChatUserRef | undefined =>
    target.kind === "email"
      ? undefined
      : { platform: target.platform, workspaceId: target.workspaceId, userId };
  const legacyBlocks =
    message.blocks.length > 0 ? message.blocks : [{ type: "text" as const, text: message.text }];
  const blocks = legacyBlocks.map((block) => blockFromLegacy(block, mentioned));
  return {
    target,
    message: { blocks, attachments: message.attachments },
    ...(key === undefined ? {} : { key }),
  };
}

function blockFromLegacy(
  block: z.infer<typeof legacyBlockSchema>,
  mentioned: (userId: string) => ChatUserRef | undefined,
): Block {
  switch (block.type) {
    case "text":
      return { type: "text", content: legacyRuns(block.text, mentioned) };
    case "context":
      return { type: "note", content: legacyRuns(block.text, mentioned) };
    case "actions":
      return {
        type: "actions",
        buttons: block.buttons.map(({ actionId, ...button }) => ({ action: actionId, ...button })),
      };
    case "link":
    case "divider":
      return block;
  }
}
