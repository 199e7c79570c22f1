/**
 * Set up before every file of the SQLite run (vitest.config.ts): a file that took a database
 * from test/support/db.ts while its imports, as test/support/database-files.ts reads them, do not
 * lead there would be left out of the PostgreSQL run without anyone noticing. It fails instead,
 * saying how to make the import visible.
 */
import { afterAll } from "vitest";
import { databaseOpened, forgetDatabaseOpened, opensDatabase } from "./database-files.ts";

forgetDatabaseOpened();

// biome-ignore lint/correctness/noEmptyPattern: vitest reads the first parameter as the fixtures asked for.
afterAll(({}, suite) => {
  const file = suite.file.filepath;
  if (databaseOpened() && !opensDatabase(file))
    throw new Error(
      `${file} opens a test database, but the PostgreSQL run cannot see it in its imports and would leave it out: import test/support/db.ts (or a helper that does) with a literal relative path`,
    );
});
