import { hostname } from "node:os";
import type { Clock } from "../ports/clock.ts";
import type { Db } from "./db.ts";
import type { DispatcherLog } from "./outbox-dispatcher.ts";

/** A claimed job is ours this long; a process that dies mid-run frees it after this. */
const LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 20;
/** Failed runs are retried with back-off, then parked as failed (kept for operators). */
export const MAX_JOB_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 30_000;

export type JobHandler = (jobId: string, payload: Record<string, string>) => Promise<void>;

/**
 * Runs due rows of the Job table. Each row is claimed by one conditional update that a single
 * process wins (status, lease), so two replicas never run the same job; handlers record their
 * run as a delivery, so a crash between the work and `done` does not repeat the work.
 */
export class JobRunner {
  private running: Promise<void> | undefined;
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly clock: Clock,
    private readonly log: DispatcherLog,
  ) {}

  /** One pass over due jobs; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.db.job.findMany({
        where: {
          status: "pending",
          dueAt: { lte: now },
          OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
        },
        orderBy: { dueAt: "asc" },
        take: BATCH_SIZE,
        select: { id: true, kind: true, payload: true, attempts: true, leaseUntil: true },
      });
      if (due.length === 0) return;
      for (const job of due) {
        const won = await this.db.job.updateMany({
          where: { id: job.id, status: "pending", leaseUntil: job.leaseUntil },
          data: { leaseUntil: new Date(now.getTime() + LEASE_MS), leaseOwner: this.owner },
        });
        if (won.count === 1) await this.run(job);
      }
    }
  }

  private async run(job: { id: string; kind: string; payload: string; attempts: number }): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (handler === undefined) throw new Error(`no handler for ${job.kind}`);
      await handler(job.id, JSON.parse(job.payload) as Record<string, string>);
      await this.db.job.update({
        where: { id: job.id },
        data: { status: "done", doneAt: this.clock.now(), leaseUntil: null },
      });
    } catch (error) {
      const attempts = job.attempts + 1;
      const reason = error instanceof Error ? error.name : "unknown";
      this.log("job.failed", { id: job.id, kind: job.kind, attempts, reason });
      await this.db.job.update({
        where: { id: job.id },
        data: {
          attempts,
          leaseUntil: null,
          lastError: reason,
          ...(attempts >= MAX_JOB_ATTEMPTS
            ? { status: "failed" }
            : { dueAt: new Date(this.clock.now().getTime() + BACKOFF_BASE_MS * 2 ** (attempts - 1)) }),
        },
      });
    }
  }
}
