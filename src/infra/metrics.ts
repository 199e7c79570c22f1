import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { CHANNEL_NAMES, type ChannelName } from "../ports/channel.ts";
import type { Db } from "./db.ts";
import { MESSAGE_KIND } from "./leased-queue.ts";
import { openIn } from "./sealed-rows.ts";

/*
 * What operators read at `/metrics` (Prometheus text format, through prom-client). Labels carry
 * only closed sets of words — a channel, a result, a route template, a method, a status class —
 * never ids, names, tokens or a real path (paths carry capability tokens).
 */

/** What this process did: one registry per process, as Prometheus expects (replicas are summed). */
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

/** How a delivery attempt of one outgoing message ended. */
export type DeliveryResult = "delivered" | "retried" | "failed" | "superseded" | "expired";

const deliveries = new Counter({
  name: "equipe_outbox_deliveries_total",
  help: "Delivery attempts of outgoing messages by channel and result (failed: given up for good).",
  labelNames: ["channel", "result"] as const,
  registers: [processRegistry],
});

const collisions = new Counter({
  name: "equipe_unit_collisions_total",
  help: "Units of work rolled back for colliding with another (PostgreSQL: serialization failure, deadlock); each runs again alone in its process.",
  registers: [processRegistry],
});

const collisionWaits = new Counter({
  name: "equipe_unit_collision_wait_seconds_total",
  help: "Time units of work waited, summed, while a unit run again after a collision ran alone in its process (and for the units it let finish first).",
  registers: [processRegistry],
});

/** A unit of work rolled back for colliding with another, to be run again. */
export function countCollision(): void {
  collisions.inc();
}

/** A unit's wait at its process's collision gate (src/infra/collision-gate.ts). */
export function countCollisionWait(seconds: number): void {
  collisionWaits.inc(seconds);
}

/** Collisions counted so far in this process, and the waits they caused in seconds (the bench reads them). */
export async function collisionTotals(): Promise<{ collisions: number; waitSeconds: number }> {
  const total = async (counter: Counter) => (await counter.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { collisions: await total(collisions), waitSeconds: await total(collisionWaits) };
}

/** The outbox dispatcher's one call per outcome. */
export function countDelivery(channel: ChannelName, result: DeliveryResult): void {
  deliveries.inc({ channel, result });
}

/** From a quick answer to a slow calendar render; Slack's 3 s deadline falls between 2.5 and 5. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** The route of a request no route matched (unknown paths, undecodable ones). */
export const UNMATCHED_ROUTE = "unmatched";

const requestSeconds = new Histogram({
  name: "equipe_http_request_duration_seconds",
  help: "HTTP requests by route template (never the path), method and status class.",
  labelNames: ["route", "method", "status_class"] as const,
  buckets: LATENCY_BUCKETS_S,
  registers: [processRegistry],
});

/** One answered request; `route` is the route's template (`/p/:token`), never the path itself. */
export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  requestSeconds.observe(
    {
      route,
      method: METHODS.has(method) ? method : "other",
      status_class: status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other",
    },
    seconds,
  );
}

/** Queued messages counted one by one (their channel is sealed in the payload); past it, `unknown`. */
const MAX_ATTRIBUTED = 20_000;
/** Payloads read per query: well under SQLite's limit of bound variables. */
const OPEN_BATCH = 500;
type ChannelLabel = ChannelName | "unknown";
type OutboxState = "pending" | "retrying" | "held";

/**
 * The queue as the database holds it now, read at each scrape: whichever replica is scraped, the
 * same numbers. Messages still to deliver (pending: not tried yet; retrying; held: their channel
 * is off) and the age of the oldest by channel; jobs due and not done, and how late the oldest is.
 */
export class QueueMetrics {
  readonly registry = new Registry();
  /** Each message's channel, once opened: a message's target never changes. */
  private readonly channelOf = new Map<number, ChannelLabel>();
  private readonly messages = new Gauge({
    name: "equipe_outbox_messages",
    help: "Outgoing messages not delivered yet, by channel and state (pending, retrying, held).",
    labelNames: ["channel", "state"] as const,
    registers: [this.registry],
  });
  private readonly oldest = new Gauge({
    name: "equipe_outbox_oldest_message_age_seconds",
    help: "Age of the oldest outgoing message not delivered yet, by channel (0: none).",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly jobsDue = new Gauge({
    name: "equipe_jobs_due",
    help: "Jobs (reminders, deadlines) due and not done yet.",
    registers: [this.registry],
  });
  private readonly jobLag = new Gauge({
    name: "equipe_jobs_lag_seconds",
    help: "How late the oldest due job not done yet is (0: none).",
    registers: [this.registry],
  });

  constructor(private readonly db: Db) {}

  /** Reads the queue and sets the gauges; `now` from the server's clock. */
  async refresh(now: Date): Promise<void> {
    await this.refreshOutbox(now);
    const jobs = { kind: { not: MESSAGE_KIND }, status: "pending", dueAt: { lte: now } };
    const [due, first] = await Promise.all([
      this.db.queueItem.count({ where: jobs }),
      this.db.queueItem.findFirst({ where: jobs, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    ]);
    this.jobsDue.set(due);
    this.jobLag.set(first ? Math.max(0, now.getTime() - first.dueAt.getTime()) / 1000 : 0);
  }

  private async refreshOutbox(now: Date): Promise<void> {
    const where = { kind: MESSAGE_KIND, status: { in: ["pending", "held"] } };
    const rows = await this.db.queueItem.findMany({
      where,
      orderBy: { id: "asc" },
      take: MAX_ATTRIBUTED,
      select: { id: true, status: true, attempts: true, createdAt: true },
    });
    const beyond =
      rows.length < MAX_ATTRIBUTED ? 0 : (await this.db.queueItem.count({ where })) - rows.length;
    const channels = await this.channels(rows.map((row) => row.id));
    this.messages.reset();
    this.oldest.reset();
    for (const channel of CHANNEL_NAMES) {
      for (const state of ["pending", "retrying", "held"] as const) this.messages.set({ channel, state }, 0);
      this.oldest.set({ channel }, 0);
    }
    const oldest = new Map<ChannelLabel, number>();
    for (const row of rows) {
      const channel = channels.get(row.id) ?? "unknown";
      const state: OutboxState = row.status === "held" ? "held" : row.attempts > 0 ? "retrying" : "pending";
      this.messages.inc({ channel, state });
      if (!oldest.has(channel)) oldest.set(channel, row.createdAt.getTime());
    }
    if (beyond > 0) this.messages.inc({ channel: "unknown", state: "pending" }, beyond);
    for (const [channel, since] of oldest)
      this.oldest.set({ channel }, Math.max(0, now.getTime() - since) / 1000);
  }

  /** The channel of each message, opening only the payloads not seen at an earlier scrape. */
  private async channels(ids: number[]): Promise<Map<number, ChannelLabel>> {
    const wanted = new Set(ids);
    for (const id of this.channelOf.keys()) if (!wanted.has(id)) this.channelOf.delete(id);
    const unseen = ids.filter((id) => !this.channelOf.has(id));
    for (let from = 0; from < unseen.length; from += OPEN_BATCH) {
      const rows = await this.db.queueItem.findMany({
        where: { id: { in: unseen.slice(from, from + OPEN_BATCH) } },
        select: { id: true, payload: true, keyId: true },
      });
      for (const row of rows) this.channelOf.set(row.id, this.channelIn(row));
    }
    return this.channelOf;
  }

  private channelIn(row: { payload: string; keyId: string | null }): ChannelLabel {
    try {
      const outgoing: unknown = JSON.parse(
        openIn(this.db.cipher, "QueueItem", "payload", 0, row.keyId, row.payload),
      );
      const target = (outgoing as { target?: { kind?: unknown; platform?: unknown } }).target;
      const channel = target?.kind === "email" ? "email" : target?.platform;
      return CHANNEL_NAMES.find((name) => name === channel) ?? "unknown";
    } catch {
      // Sealed with a key this server lacks, or unreadable: still counted, under `unknown`.
      return "unknown";
    }
  }
}

/** The whole exposition: what this process did, then the queue as the database holds it. */
export async function metricsText(queue: QueueMetrics, now: Date): Promise<string> {
  await queue.refresh(now);
  return Registry.merge([processRegistry, queue.registry]).metrics();
}

export const METRICS_CONTENT_TYPE = processRegistry.contentType;
