import type { Clock } from "../ports/clock.ts";
import type { Db } from "./db.ts";
import { type ClaimedItem, LeasedQueue, type RetryPolicy, retryDelay } from "./leased-queue.ts";
import type { DispatcherLog } from "./outbox-dispatcher.ts";

/** A claimed job is ours this long; a process that dies mid-run frees it after this. */
const LEASE_MS = 5 * 60_000;
/** Failed runs are retried with back-off, then parked as failed (kept for operators). */
export const MAX_JOB_ATTEMPTS = 6;
/** Jobs are reminders and deadlines: half a minute, doubling, is soon enough and spares a sick database. */
const RETRY: RetryPolicy = { maxAttempts: MAX_JOB_ATTEMPTS, baseMs: 30_000 };

/**
 * Runs one kind of job. The payload is the JSON the core scheduled, unchecked: the handler
 * parses it with its own schema. Handlers record their run as a delivery keyed by `jobId`, so
 * a crash between the work and `done` does not repeat the work.
 */
export type JobHandler = (jobId: string, payload: unknown) => Promise<void>;

/** Runs the queue's due jobs (every kind but messages), once across replicas. */
export class JobRunner {
  private readonly queue: LeasedQueue;
  private running: Promise<void> | undefined;

  constructor(
    db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly clock: Clock,
    private readonly log: DispatcherLog,
  ) {
    this.queue = new LeasedQueue(db, "jobs", LEASE_MS);
  }

  /** One pass over due jobs; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.queue
      .drain(
        () => this.clock.now(),
        (job) => this.run(job),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(job: ClaimedItem): Promise<void> {
    try {
      const handler = this.handlers[job.kind];
      if (handler === undefined) throw new Error(`no handler for ${job.kind}`);
      if (job.payload === undefined) throw new Error("the payload does not open with the keys given");
      await handler(String(job.id), JSON.parse(job.payload));
      await this.queue.complete(job, this.clock.now());
    } catch (error) {
      const attempts = job.attempts + 1;
      const reason = error instanceof Error ? error.name : "unknown";
      this.log("job.failed", { id: job.id, kind: job.kind, attempts, reason });
      if (attempts >= RETRY.maxAttempts) {
        await this.queue.fail(job, attempts, reason);
        return;
      }
      await this.queue.retry(
        job,
        attempts,
        new Date(this.clock.now().getTime() + retryDelay(RETRY, attempts)),
        reason,
      );
    }
  }
}
