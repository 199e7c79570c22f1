/**
 * Which test files open a database, derived from their imports rather than kept by hand: a file
 * does when test/support/db.ts (the only way a test gets the run's database) is among the test
 * modules it imports, directly or through other test helpers, statically or with `import("…")`.
 * The PostgreSQL run (vitest.config.ts) runs these files only: the others (domain rules,
 * renderers, content) run the same code on either database, so the SQLite run covers them. The
 * SQLite run checks the derivation file by file (test/support/database-guard.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const TEST_ROOT = resolve("test");
/** The module through which every test gets its database. */
export const DATABASE_MODULE = resolve(TEST_ROOT, "support/db.ts");

/** `from "./x"`, `import "./x"` and `import("./x")` with a relative, literal specifier. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** The test modules (under test/) that `file` imports. */
function testImports(file: string): string[] {
  const found: string[] = [];
  for (const match of readFileSync(file, "utf8").matchAll(RELATIVE_IMPORT)) {
    const target = resolve(dirname(file), match[1] ?? "");
    if (target.startsWith(`${TEST_ROOT}/`) && existsSync(target)) found.push(target);
  }
  return found;
}

/** Whether `file` (a path) imports test/support/db.ts, directly or through other test modules. */
export function opensDatabase(file: string): boolean {
  const seen = new Set<string>();
  const pending = [resolve(file)];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next === DATABASE_MODULE) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...testImports(next));
  }
  return false;
}

function testFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The test files that open a database, relative to the project (as vitest's `include` takes them). */
export function databaseTestFiles(): string[] {
  return testFiles(TEST_ROOT)
    .filter(opensDatabase)
    .map((file) => relative(resolve("."), file))
    .sort();
}

/** Set in a test file's process when it takes a database (each file runs in a process of its own). */
const OPENED = Symbol.for("equipe.test-database-opened");

/** Called by test/support/db.ts whenever it hands out a database. */
export function markDatabaseOpened(): void {
  (globalThis as Record<symbol, unknown>)[OPENED] = true;
}

/** Before a file runs: a process that ran another file before this one must not count its databases. */
export function forgetDatabaseOpened(): void {
  delete (globalThis as Record<symbol, unknown>)[OPENED];
}

/** Whether this test file has taken a database from test/support/db.ts. */
export function databaseOpened(): boolean {
  return (globalThis as Record<symbol, unknown>)[OPENED] === true;
}
