import type Database from "better-sqlite3";

/**
 * What every connection this process opens to its SQLite database is set to, as it opens (both
 * settings belong to a connection, not to the file):
 * - `synchronous = FULL`: a commit returns only once the write-ahead log is on disk. SQLite's own
 *   default is FULL, but better-sqlite3 is built with `SQLITE_DEFAULT_WAL_SYNCHRONOUS=1`, so a WAL
 *   database's connections open at NORMAL, under which the last commits before a power cut or an
 *   operating-system crash can be lost (an answer, a decision's record): for this data, a commit
 *   that was acknowledged stays.
 * - `secure_delete = ON`: what is deleted or overwritten is zeroed, not left in free pages of the
 *   file.
 * Read back: a connection that is not FULL is refused, not used.
 */
export function settleConnection(connection: Pick<Database.Database, "pragma">): void {
  connection.pragma("synchronous = FULL");
  connection.pragma("secure_delete = ON");
  const synchronous = Number(connection.pragma("synchronous", { simple: true }));
  if (synchronous !== SYNCHRONOUS_FULL)
    throw new Error(`SQLite refused synchronous = FULL on this connection (it reads ${synchronous})`);
}

/** `PRAGMA synchronous` reads FULL as 2. */
export const SYNCHRONOUS_FULL = 2;
