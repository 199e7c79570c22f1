import type { PrismaPg } from "@prisma/adapter-pg";
import type { StatementPlace } from "../core/turns.ts";
import type { StatementTurns } from "./sqlite-adapter.ts";

type Factory = Pick<PrismaPg, "adapterName" | "provider" | "connect">;
type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** The statements that end a transaction, as Prisma's client sends them through the adapter. */
const ENDS = new Set(["COMMIT", "ROLLBACK"]);

/**
 * PostgreSQL's driver adapter, with every transaction's connection given back to the pool however
 * the transaction ends. Prisma 6.19's client sends `COMMIT` and only then asks the adapter to
 * release the connection: a `COMMIT` that fails (a serializable transaction rolled back at commit
 * for colliding with another, which happens under load and is retried) left the connection
 * checked out for good. After as many collisions as the pool has connections, every unit of work
 * waited forever for one, and the process could not even shut down. Here a failed `COMMIT` or
 * `ROLLBACK` releases it before the error goes on (PostgreSQL has ended the transaction either
 * way; a connection that broke is dropped by the pool, not handed out again).
 */
export function releasingConnections(factory: Factory, turns?: StatementTurns): Factory {
  const turn = turns && ((place: StatementPlace) => turns.statement(place));
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    async connect() {
      const adapter = await factory.connect();
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        // Acknowledgements first (see `AckPriority.statement`); a transaction's own statements
        // wait on the network anyway.
        await turn?.("alone");
        return releasing(await start(isolationLevel));
      };
      if (turn !== undefined) {
        const query = adapter.queryRaw.bind(adapter);
        const execute = adapter.executeRaw.bind(adapter);
        adapter.queryRaw = async (statement) => {
          await turn("alone");
          return query(statement);
        };
        adapter.executeRaw = async (statement) => {
          await turn("alone");
          return execute(statement);
        };
      }
      return adapter;
    },
  };
}

function releasing(transaction: Transaction): Transaction {
  const execute = transaction.executeRaw.bind(transaction);
  transaction.executeRaw = async (query) => {
    try {
      return await execute(query);
    } catch (error) {
      // The adapter's rollback sends nothing: it gives the connection back to the pool.
      if (ENDS.has(query.sql.trim().toUpperCase())) await transaction.rollback();
      throw error;
    }
  };
  return transaction;
}
