import { type Outgoing, outgoingSchema, type Platform } from "../domain/message.ts";
import { type ChatPort, DeliveryError } from "../ports/chat.ts";
import type { Clock } from "../ports/clock.ts";
import type { Mailer } from "../ports/mailer.ts";
import type { ChatUserRef } from "../ports/store.ts";
import type { Db } from "./db.ts";

/** How long a claimed row is ours; a process that dies mid-delivery frees it after this. */
const LEASE_MS = 60_000;
/** Rows claimed per pass: small, so a burst for one platform does not starve the others long. */
const BATCH_SIZE = 20;
/** After this many failed attempts a message is parked as failed (kept, visible to operators). */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** Exponential back-off base and ceiling for retryable failures without a Retry-After. */
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 15 * 60_000;

export type DispatcherLog = (
  event: string,
  fields: Record<string, string | number | boolean | undefined>,
) => void;

/**
 * Delivers outbox rows through the chat ports. Rows are claimed with a lease (one conditional
 * update that only one process wins), so replicas never deliver the same row twice; a
 * keyed message updates the message delivered earlier under that key.
 */
export class OutboxDispatcher {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly ports: Partial<Record<Platform, ChatPort>>,
    private readonly clock: Clock,
    private readonly log: DispatcherLog,
    private readonly mailer?: Mailer | undefined,
    /** Told when a person cannot be reached privately, once their message is parked. */
    private readonly onUnreachable?: ((user: ChatUserRef) => Promise<void>) | undefined,
  ) {}

  /** Asks for a pass soon; passes never overlap within one process. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      for (const row of claimed) await this.deliver(row);
    }
  }

  private async claim(): Promise<{ id: number; payload: string; attempts: number }[]> {
    const now = this.clock.now();
    const candidates = await this.db.outboxMessage.findMany({
      where: {
        status: "pending",
        nextAttemptAt: { lte: now },
        OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      },
      orderBy: { id: "asc" },
      take: BATCH_SIZE,
      select: { id: true, payload: true, attempts: true, leaseUntil: true },
    });
    const claimed = [];
    for (const row of candidates) {
      const won = await this.db.outboxMessage.updateMany({
        where: { id: row.id, status: "pending", leaseUntil: row.leaseUntil },
        data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
      });
      if (won.count === 1) claimed.push(row);
    }
    return claimed;
  }

  private async deliver(row: { id: number; payload: string; attempts: number }): Promise<void> {
    const parsed = outgoingSchema.safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      await this.finish(row.id, "failed", "unreadable_payload");
      return;
    }
    const outgoing = parsed.data;
    const channel = outgoing.target.kind === "email" ? "email" : outgoing.target.platform;
    try {
      if (outgoing.target.kind === "email") {
        if (this.mailer === undefined) {
          await this.finish(row.id, "failed", "mail_off");
          this.log("outbox.undeliverable", { id: row.id, channel, reason: "mail_off" });
          return;
        }
        const { to, subject } = outgoing.target;
        await this.mailer.send({
          to,
          subject,
          text: outgoing.message.text,
          attachments: outgoing.message.attachments,
        });
      } else {
        const port = this.ports[outgoing.target.platform];
        if (port === undefined) {
          await this.finish(row.id, "failed", "platform_off");
          this.log("outbox.undeliverable", { id: row.id, channel, reason: "platform_off" });
          return;
        }
        await this.sendOrUpdate(port, outgoing);
      }
      await this.finish(row.id, "delivered", null);
      this.log("outbox.delivered", { id: row.id, channel });
    } catch (error) {
      await this.failed(row, error, outgoing);
    }
  }

  private async sendOrUpdate(port: ChatPort, outgoing: Outgoing): Promise<void> {
    if (outgoing.target.kind === "email") return;
    if (outgoing.key === undefined) {
      await port.send(outgoing);
      return;
    }
    const ref = await this.db.messageRef.findUnique({ where: { key: outgoing.key } });
    if (ref) {
      await port.update({ channelId: ref.channelId, messageId: ref.messageId }, outgoing);
      return;
    }
    const delivered = await port.send(outgoing);
    if (delivered) {
      await this.db.messageRef.upsert({
        where: { key: outgoing.key },
        create: { key: outgoing.key, platform: outgoing.target.platform, ...delivered },
        update: { ...delivered },
      });
    }
  }

  private async failed(
    row: { id: number; attempts: number },
    error: unknown,
    outgoing: Outgoing,
  ): Promise<void> {
    const attempts = row.attempts + 1;
    const retryable = error instanceof DeliveryError ? error.retryable : true;
    const reason = error instanceof Error ? error.message.slice(0, 200) : "unknown";
    this.log("outbox.failed", {
      id: row.id,
      channel: outgoing.target.kind === "email" ? "email" : outgoing.target.platform,
      attempts,
      retryable,
      reason,
    });
    if (!retryable || attempts >= MAX_DELIVERY_ATTEMPTS) {
      await this.db.outboxMessage.update({
        where: { id: row.id },
        data: { status: "failed", attempts, leaseUntil: null, lastError: reason },
      });
      const { target } = outgoing;
      if (
        error instanceof DeliveryError &&
        error.unreachable &&
        target.kind !== "email" &&
        target.kind !== "channel"
      ) {
        const user = { platform: target.platform, workspaceId: target.workspaceId, userId: target.userId };
        await this.onUnreachable?.(user).catch((failure: unknown) =>
          this.log("outbox.unreachableReportFailed", {
            error: failure instanceof Error ? failure.name : "unknown",
          }),
        );
      }
      return;
    }
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
    const retryAfterMs =
      error instanceof DeliveryError && error.retryAfterSeconds !== undefined
        ? error.retryAfterSeconds * 1000
        : 0;
    await this.db.outboxMessage.update({
      where: { id: row.id },
      data: {
        attempts,
        leaseUntil: null,
        lastError: reason,
        nextAttemptAt: new Date(this.clock.now().getTime() + Math.max(backoff, retryAfterMs)),
      },
    });
  }

  private async finish(id: number, status: "delivered" | "failed", lastError: string | null): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status,
        leaseUntil: null,
        lastError,
        ...(status === "delivered" ? { deliveredAt: this.clock.now() } : {}),
      },
    });
  }
}
