import type { Outgoing } from "./channel.ts";

/** Due work: runs once at `dueAt` or soon after, whatever the number of replicas. */
export interface ScheduledJob {
  /** Names the handler that runs it ("poll.reminder"). */
  kind: string;
  /** Idempotency key: scheduling the same key again is a no-op. */
  key: string;
  dueAt: Date;
  /** Stored as JSON; the job's handler parses it with its own schema. */
  payload: Record<string, unknown>;
}

/**
 * The queue as the core writes to it, inside the transaction of the change that causes the
 * work: what is written commits or rolls back with that change.
 */
export interface QueueWriter {
  /**
   * Queues messages for delivery, in this order. A keyed message supersedes the pending
   * versions with its key that no worker holds yet: only its newest state is delivered.
   */
  enqueue(messages: readonly Outgoing[], at: Date): Promise<void>;
  /**
   * Schedules a job once per key: scheduling the same key again changes nothing. A job due long
   * before `at` (the caller's clock; longer than finished jobs are kept, `JOB_RETENTION_MS`) is not
   * scheduled at all: its key may be gone with its finished row, and it would run that late. That
   * guard reads the due time given: a key whose due time follows `at` ("now at the latest", as an
   * action's reminder) must be scheduled once in its subject's life (an outcome is recorded once).
   */
  schedule(job: ScheduledJob, at: Date): Promise<void>;
  /** Cancels pending jobs whose key starts with the prefix (a cancelled or moved meeting). */
  cancelPending(keyPrefix: string): Promise<void>;
}
