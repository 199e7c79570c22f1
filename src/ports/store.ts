import type { EquipeId, MemberId } from "../domain/ids.ts";
import type { CaseRepositories } from "../features/cases/repository.ts";
import type { DecisionRepositories } from "../features/decisions/repository.ts";
import type { EquipeRepositories } from "../features/equipe/repository.ts";
import type { MeetingRepositories } from "../features/meetings/repository.ts";
import type { PageRepositories } from "../features/pages/repository.ts";
import type { SummaryRepositories } from "../features/summaries/repository.ts";
import type { AdapterState } from "./adapter-state.ts";
import type { QueueWriter } from "./queue.ts";

export interface AuditEntryRecord {
  actorId: MemberId | undefined;
  action: string;
  subjectId: string | undefined;
  /** Why the actor did it, where a costly step asked for a reason. */
  reason: string | undefined;
  at: Date;
}

export interface AuditLog {
  /** Ids, and the reason the actor gave for a costly step: never names or e-mails. */
  record(entry: {
    equipeId: EquipeId;
    actorId: MemberId | undefined;
    action: string;
    subjectId?: string | undefined;
    reason?: string | undefined;
    /** When it happened, on the service's clock (never the database's: tests and replicas agree). */
    at: Date;
  }): Promise<void>;
  /** The trail of one subject (a decision), oldest first. */
  forSubject(equipeId: EquipeId, subjectId: string): Promise<AuditEntryRecord[]>;
  /** Of these subjects, who last did `action` to each (those with an actor), in one read. */
  lastActors(
    equipeId: EquipeId,
    action: string,
    subjectIds: readonly string[],
  ): Promise<Map<string, MemberId>>;
}

export interface DeliveryLog {
  /** Records a platform delivery id; false when it was already handled (a platform retry). */
  firstTime(key: string): Promise<boolean>;
}

/** What the core itself keeps: the queue, the audit trail, and deliveries already handled. */
export interface CoreRepositories {
  /**
   * Outgoing messages and due work go to one queue, written in the transaction's own commit;
   * two names for its two uses (both the same writer).
   */
  outbox: Pick<QueueWriter, "enqueue">;
  jobs: Pick<QueueWriter, "schedule" | "cancelPending">;
  audit: AuditLog;
  deliveries: DeliveryLog;
}

/** Every repository a use case may reach: the core's and each feature's own. */
export type Repositories = CoreRepositories &
  EquipeRepositories &
  MeetingRepositories &
  DecisionRepositories &
  PageRepositories &
  SummaryRepositories &
  CaseRepositories;

/** Unit of work: everything done through `repos` inside `work` commits or rolls back together. */
export interface Store {
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Reads in one transaction: one consistent view of what is committed, never the half-done
   * writes of a change under way (on SQLite every read shares the one connection). Writes nothing,
   * and counts as no commit.
   */
  snapshot<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Outside a transaction, for reads. */
  readonly repos: Repositories;
  /** What only an adapter needs (outside transactions): the core never reads it. */
  readonly adapterState: AdapterState;
  /**
   * How many committed transactions of this process changed what calendar feeds show (a meeting
   * confirmed, moved or cancelled, a membership): while it stays the same, nothing this process
   * did has changed a feed (what other processes write, it cannot know).
   */
  readonly changes: number;
}
