import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** DESIGN.md §1: the core never imports an SDK, Prisma, ical-generator, a scheduler or a mailer. */
const FORBIDDEN =
  /from\s+["'](@slack\/|botbuilder|botframework-|@prisma\/|prisma|ical-generator|node-cron|nodemailer|better-sqlite3|\.\.\/(\.\.\/)?generated\/|.*\/infra\/|.*adapters\/)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("architecture", () => {
  it.each(["src/domain", "src/services", "src/ports"])("%s imports no SDK, database or infra code", (dir) => {
    const offenders = files(dir).filter((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .some((line) => FORBIDDEN.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ["adapters/slack", /from\s+["']@slack\//],
    ["adapters/teams", /from\s+["'](botbuilder|botframework-)/],
  ])("keeps each SDK inside %s", (home, sdk) => {
    const offenders = [...files("src"), ...files("adapters")].filter(
      (file) => !file.startsWith(home) && sdk.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the adapters apart: neither imports the other", () => {
    const offenders = files("adapters").filter((file) => {
      const other = file.startsWith("adapters/slack") ? "teams" : "slack";
      return new RegExp(`from\\s+["']\\.\\./${other}/`).test(readFileSync(file, "utf8"));
    });
    expect(offenders).toEqual([]);
  });
});
