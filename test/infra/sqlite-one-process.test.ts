import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimSqlite, DatabaseInUseError } from "../../src/infra/db.ts";
import { onPostgres } from "../support/db.ts";

const WORK = resolve(".tmp/sqlite-one-process");
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** `npm start` in another process on the database: its exit code and what it printed. */
function startElsewhere(url: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, DATABASE_URL: url, PORT: "0", NODE_ENV: "development", CI: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// SQLite's own files and migrations: the SQLite run covers them.
describe.skipIf(onPostgres)("SQLite serves one process", () => {
  it("refuses a second process on the same file with a sentence saying what to do, and lets it go once the first is gone", () => {
    mkdirSync(WORK, { recursive: true });
    const url = `file:${join(WORK, `${randomUUID()}.db`)}`;
    const first = claimSqlite(url);
    expect(() => claimSqlite(url)).toThrow(DatabaseInUseError);
    const second = startElsewhere(url);
    expect(second.status).toBe(2);
    expect(second.output).toContain("Another Équipe process is using");
    expect(second.output).toContain("PostgreSQL");
    first.release();
    // Released: the next claim is this process's again.
    claimSqlite(url).release();
  });
});
