import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { StatementPlace } from "../core/turns.ts";
import { cacheStatements } from "./statement-cache.ts";

/** What Prisma is given to open SQLite connections with (its adapter factory, or one wrapping it). */
export type Factory = Pick<PrismaBetterSQLite3, "adapterName" | "provider" | "connect">;
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];
/** What each statement waits for before it runs (see `AckPriority.statement`); nothing when absent. */
export type StatementTurn = (place: StatementPlace) => Promise<void>;

/** The process's acknowledgements, as the adapters see them (`AckPriority`). */
export interface StatementTurns {
  /** What each statement waits for before it runs. */
  statement: StatementTurn;
  /** Whether the caller is an acknowledgement's: it goes first for the connection. */
  readonly acknowledging: boolean;
}

/**
 * How long a statement waits for SQLite's write lock, held by another connection, before it fails:
 * generous for bursts.
 */
export const SQLITE_BUSY_WAIT_MS = 5_000;
/** The pauses between tries, as SQLite's own busy handler sleeps; the last one repeats. */
const BUSY_PAUSES_MS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/** Whether the driver refused a statement because another connection holds the lock. */
function isBusy(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "DriverAdapterError") return false;
  const cause = (error as { cause?: { originalCode?: unknown } }).cause;
  return cause?.originalCode === "SQLITE_BUSY";
}

/**
 * Runs `statement` until SQLite lets it through, pausing between tries without holding the thread.
 * SQLite's own busy wait (busy_timeout) sleeps inside the call: the whole process stopped, and a
 * second connection in the same process that waited for the first one's transaction stopped the
 * very code that would have ended it (the wait ran out; a test's write failed "Operation has
 * timed out"). Connections here are opened with no busy wait of their own (`timeout: 0`).
 */
export async function whileBusy<R>(statement: () => Promise<R>, waitMs = SQLITE_BUSY_WAIT_MS): Promise<R> {
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      if (!isBusy(error) || performance.now() - started >= waitMs) throw error;
      await sleep(BUSY_PAUSES_MS[Math.min(attempt, BUSY_PAUSES_MS.length - 1)]);
    }
  }
}

/** One holder at a time, in arrival order; taken at once when free. */
class Turn {
  #held = false;
  readonly #waiting: (() => void)[] = [];
  readonly #waitingFirst: (() => void)[] = [];

  /** The release function when free now, else undefined (then `wait`). */
  tryTake(): (() => void) | undefined {
    if (this.#held) return undefined;
    this.#held = true;
    return this.#releaser();
  }

  /** `first`: ahead of every other caller waiting (but behind the others waiting first). */
  wait(first = false): Promise<() => void> {
    return new Promise((take) =>
      (first ? this.#waitingFirst : this.#waiting).push(() => take(this.#releaser())),
    );
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waitingFirst.shift() ?? this.#waiting.shift();
      if (next === undefined) this.#held = false;
      else next();
    };
  }
}

/**
 * SQLite's driver adapter, with statements outside a transaction waiting for the one that is open.
 * The process has one connection to write with, and the adapter runs a statement the moment it is
 * asked, transaction or not: while a unit of work's transaction was open (between two of its
 * statements, other code's promises run), a statement from elsewhere — the outbox dispatcher
 * claiming or finishing a message, a lease renewed, a page's read — ran inside it. It then read
 * what was not committed, and was undone with it if the unit rolled back: a claim undone after the
 * message had gone out, and the message went twice. Here such a statement waits for the open
 * transaction to end, as it would on a database with a connection per caller. A unit of work
 * must therefore use its transaction's client only: the root client inside it would wait for the
 * unit itself (until the transaction's timeout). Nothing tells a root statement from inside from
 * one from outside reliably: Prisma sends grouped `findUnique`s from the context of whichever
 * caller came first in that tick, so a flag in the async context let outside reads in.
 *
 * A `COMMIT` that fails (SQLITE_BUSY) leaves SQLite's transaction open: it is rolled back before
 * the connection is used again, and the turn is given back.
 *
 * A statement that finds the database locked by another connection (another process's, or a
 * second client's in this one) is tried again after a pause (`whileBusy`), the thread free meanwhile.
 *
 * Each statement first waits for `turns` (acknowledgements go first, see
 * `AckPriority.statement`), before it takes the connection: a statement on its own and a
 * transaction's start as "alone", a transaction's own statements as "inTransaction".
 */
export function oneTransactionAtATime(factory: Factory, turns?: StatementTurns): Factory {
  const giveWay = turns && ((place: StatementPlace) => turns.statement(place));
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    async connect() {
      const adapter = await factory.connect();
      // Statements stay prepared between calls (the adapter prepares each one on every call).
      cacheStatements((adapter as unknown as { client?: unknown }).client);
      const turn = new Turn();
      // An acknowledgement's statement (a form's check) goes before the work waiting: it waits
      // for the transaction under way, not for every one queued behind it.
      const take = async () => turn.tryTake() ?? (await turn.wait(turns?.acknowledging === true));
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        await giveWay?.("alone");
        const release = await take();
        try {
          return ending(await start(isolationLevel), release, giveWay);
        } catch (error) {
          release();
          throw error;
        }
      };
      const outside =
        <R>(run: (query: Query) => Promise<R>) =>
        async (query: Query): Promise<R> => {
          await giveWay?.("alone");
          const release = await take();
          try {
            return await whileBusy(() => run(query));
          } finally {
            release();
          }
        };
      adapter.queryRaw = outside(adapter.queryRaw.bind(adapter));
      adapter.executeRaw = outside(adapter.executeRaw.bind(adapter));
      return adapter;
    },
  };
}

/**
 * The transaction gives the turn back however it ends. Once it is ending (its `ROLLBACK` sent: the
 * unit failed, or its time ran out while a statement waited for the lock or a turn), no statement
 * of it runs any more: one still waiting would otherwise run after the turn was given back, on
 * its own (and be committed) or inside the next caller's transaction. A `COMMIT` still trying
 * stops too, and then rolls back nothing: the connection may be another caller's by then.
 */
function ending(transaction: Transaction, release: () => void, turn?: StatementTurn): Transaction {
  const commit = transaction.commit.bind(transaction);
  const rollback = transaction.rollback.bind(transaction);
  const execute = transaction.executeRaw.bind(transaction);
  const query = transaction.queryRaw.bind(transaction);
  let state: "open" | "committing" | "ended" = "open";
  /** Runs `statement` only while the transaction is still in the state it was sent in. */
  const whileStill =
    <R>(sentIn: typeof state, statement: () => Promise<R>) =>
    (): Promise<R> =>
      state === sentIn ? statement() : Promise.reject(new TransactionEnded());
  transaction.queryRaw = async (statement) => {
    await turn?.("inTransaction");
    return whileBusy(whileStill("open", () => query(statement)));
  };
  transaction.commit = async () => {
    state = "ended";
    try {
      await commit();
    } finally {
      release();
    }
  };
  transaction.rollback = async () => {
    state = "ended";
    try {
      await rollback();
    } finally {
      release();
    }
  };
  transaction.executeRaw = async (query) => {
    const sql = query.sql.trim().toUpperCase();
    if (sql === "ROLLBACK") state = "ended";
    else if (sql === "COMMIT" && state === "open") state = "committing";
    const sentIn = sql === "ROLLBACK" ? "ended" : sql === "COMMIT" ? "committing" : "open";
    await turn?.("inTransaction");
    try {
      return await whileBusy(whileStill(sentIn, () => execute(query)));
    } catch (error) {
      if (sql === "COMMIT" && state === "committing") {
        state = "ended";
        // Still open in SQLite: undone here, or the next caller's statements would join it.
        await execute({ ...query, sql: "ROLLBACK" }).catch(() => undefined);
        await transaction.rollback();
      } else if (sql === "ROLLBACK") await transaction.rollback();
      throw error;
    }
  };
  return transaction;
}

/** A statement of a transaction that ended (rolled back, its time run out) before it could run. */
export class TransactionEnded extends Error {
  constructor() {
    super("the transaction ended before this statement could run");
    this.name = "TransactionEnded";
  }
}
