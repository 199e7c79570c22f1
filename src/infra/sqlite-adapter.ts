import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { StatementPlace } from "../core/turns.ts";
import { cacheStatements } from "./statement-cache.ts";

type Factory = Pick<PrismaBetterSQLite3, "adapterName" | "provider" | "connect">;
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
            return await run(query);
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

/** The transaction gives the turn back however it ends. */
function ending(transaction: Transaction, release: () => void, turn?: StatementTurn): Transaction {
  const commit = transaction.commit.bind(transaction);
  const rollback = transaction.rollback.bind(transaction);
  const execute = transaction.executeRaw.bind(transaction);
  if (turn !== undefined) {
    const query = transaction.queryRaw.bind(transaction);
    transaction.queryRaw = async (statement) => {
      await turn("inTransaction");
      return query(statement);
    };
  }
  transaction.commit = async () => {
    try {
      await commit();
    } finally {
      release();
    }
  };
  transaction.rollback = async () => {
    try {
      await rollback();
    } finally {
      release();
    }
  };
  transaction.executeRaw = async (query) => {
    await turn?.("inTransaction");
    try {
      return await execute(query);
    } catch (error) {
      if (query.sql.trim().toUpperCase() === "COMMIT") {
        // Still open in SQLite: undone here, or the next caller's statements would join it.
        await execute({ ...query, sql: "ROLLBACK" }).catch(() => undefined);
        await transaction.rollback();
      } else if (query.sql.trim().toUpperCase() === "ROLLBACK") await transaction.rollback();
      throw error;
    }
  };
  return transaction;
}
