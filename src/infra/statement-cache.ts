import Database from "better-sqlite3";

/**
 * Statements kept prepared per connection. A unit of work's statements come from a few dozen
 * query shapes (their SQL has placeholders for every value); lists of a varying length (`IN (?, ?)`)
 * add some more. Past this bound the least recently used is let go.
 */
export const STATEMENTS_KEPT = 256;

/**
 * A statement with more placeholders than this (a long `IN` list), or longer SQL, is prepared for
 * its call alone, as before. Lists of every length would each be a statement of their own: a
 * statement let go is freed only when the garbage collector's full collection finds it (its
 * memory is SQLite's, which V8 does not count), and by then a cache cycling through a thousand
 * lengths had held 2.8 GB where prepared statements that die young took 117 MB (measured).
 */
export const PLACEHOLDERS_KEPT = 32;
export const SQL_LENGTH_KEPT = 8_192;

/** Statements prepared, taken ready, let go past the bound, and prepared for one call only (for the bench). */
export const statementCacheCounts = { prepared: 0, reused: 0, evicted: 0, uncached: 0 };

/** Whether a change to the database's schema starts with this SQL (what was prepared before may not fit it). */
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP)\b/i;

/**
 * Keeps the statements of Prisma's SQLite driver adapter prepared. The adapter (6.19) prepares
 * every statement on every call (`client.prepare(sql).bind(args)`, then `run`, `reader`, `columns`,
 * `raw().all()`): SQLite parses and plans the SQL each time, 5–6% of a click's CPU in a profile.
 * Here `prepare` gives back a statement of the same SQL prepared before, with the arguments of
 * this call passed to it as it runs rather than bound once for good (better-sqlite3 binds a
 * statement only once), as one array, the way `bind(args)` took them. Whatever else the adapter
 * asks of a statement is not there and throws: a new release of the adapter that uses more fails
 * its tests rather than running something unchecked.
 *
 * Each call is synchronous from `prepare` to its result, so a statement is never in use twice at
 * once; modes (raw rows) are set on every call, never left from the one before. A schema change
 * through this connection (`CREATE`, `ALTER`, `DROP`, a script) lets every kept statement go: a
 * statement prepared before it would describe the old columns. A change made through another
 * connection is not seen here; the service migrates before it opens this one.
 */
export function cacheStatements(connection: unknown, kept = STATEMENTS_KEPT): void {
  if (!(connection instanceof Database))
    throw new TypeError(
      "the SQLite driver adapter no longer keeps its better-sqlite3 connection as `client`",
    );
  if (!Number.isInteger(kept) || kept < 1) throw new RangeError(`a cache of ${kept} statements is not one`);
  const db: Database.Database = connection;
  const prepare = db.prepare.bind(db);
  const exec = db.exec.bind(db);
  const ready = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    const found = ready.get(sql);
    if (found !== undefined) {
      // Most recently used last: the first in the map is the one to let go.
      ready.delete(sql);
      ready.set(sql, found);
      statementCacheCounts.reused += 1;
      return found;
    }
    if (SCHEMA_CHANGE.test(sql)) ready.clear();
    const made = prepare(sql);
    if (sql.length > SQL_LENGTH_KEPT || placeholders(sql) > PLACEHOLDERS_KEPT) {
      statementCacheCounts.uncached += 1;
      return made;
    }
    statementCacheCounts.prepared += 1;
    ready.set(sql, made);
    if (ready.size > kept) {
      const oldest = ready.keys().next().value;
      if (oldest !== undefined) ready.delete(oldest);
      statementCacheCounts.evicted += 1;
    }
    return made;
  };
  Object.defineProperty(db, "prepare", {
    configurable: true,
    writable: true,
    value: (sql: string) => new BoundStatement(statement(sql)),
  });
  Object.defineProperty(db, "exec", {
    configurable: true,
    writable: true,
    value: (script: string) => {
      ready.clear();
      return exec(script);
    },
  });
}

/** How many `?` placeholders the SQL has, counting past `limit` no further. */
function placeholders(sql: string, limit = PLACEHOLDERS_KEPT): number {
  let count = 0;
  for (let at = sql.indexOf("?"); at >= 0 && count <= limit; at = sql.indexOf("?", at + 1)) count += 1;
  return count;
}

/** Each prepared statement's columns, once read (see `BoundStatement.columns`). */
const COLUMNS = new WeakMap<Database.Statement, readonly Database.ColumnDefinition[]>();

/** A prepared statement with the arguments of one call, bound only while it runs. */
class BoundStatement {
  readonly #statement: Database.Statement;
  readonly #args: readonly unknown[] | undefined;
  #raw = false;

  constructor(statement: Database.Statement, args?: readonly unknown[]) {
    this.#statement = statement;
    this.#args = args;
  }

  /** Whether the statement answers rows. */
  get reader(): boolean {
    return this.#statement.reader;
  }

  /** The same statement with these arguments (an array of positional values, as the adapter gives). */
  bind(args: readonly unknown[]): BoundStatement {
    if (this.#args !== undefined)
      throw new TypeError("The bind() method can only be invoked once per statement object");
    return new BoundStatement(this.#statement, args);
  }

  /**
   * The statement's columns, read from SQLite once per prepared statement (they change only with
   * the schema, and a schema change lets every kept statement go): better-sqlite3 builds a new
   * array of objects on each call, 1.5% of a click's CPU in a profile. Frozen, as they are shared.
   */
  columns(): Database.ColumnDefinition[] {
    let columns = COLUMNS.get(this.#statement);
    if (columns === undefined) {
      columns = Object.freeze(this.#statement.columns().map((column) => Object.freeze(column)));
      COLUMNS.set(this.#statement, columns);
    }
    return columns as Database.ColumnDefinition[];
  }

  /** Rows as arrays of values (`all`), as better-sqlite3's `raw` does for the next calls. */
  raw(on = true): this {
    this.#raw = on;
    return this;
  }

  // The arguments go as one array, as `bind(args)` took them: spread, an argument that is itself
  // an array would become several values, and an object named parameters.
  run(): Database.RunResult {
    return this.#statement.run(this.#args ?? []);
  }

  all(): unknown[] {
    return this.#moded().all(this.#args ?? []);
  }

  get(): unknown {
    return this.#moded().get(this.#args ?? []);
  }

  /** The statement in this call's mode (only a statement that answers rows has one). */
  #moded(): Database.Statement {
    return this.#statement.reader ? this.#statement.raw(this.#raw) : this.#statement;
  }
}
