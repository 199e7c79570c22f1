import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** DESIGN.md §1: the HTTP framework lives in the server's wiring, src/http, and the web channel. */
const FRAMEWORK_IMPORT = /from\s+["'](fastify|@fastify\/[^"']+)["']/;
const FRAMEWORK_HOMES = ["src/server.ts", "src/http/", "adapters/web/"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("the HTTP framework's boundary", () => {
  it("is imported only by src/server.ts, src/http and adapters/web", () => {
    const offenders = [...files("src"), ...files("adapters")].filter(
      (file) =>
        !FRAMEWORK_HOMES.some((home) => file.startsWith(home)) &&
        FRAMEWORK_IMPORT.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("is found where it is used (the rule is not vacuous)", () => {
    expect(FRAMEWORK_IMPORT.test(readFileSync("src/http/app.ts", "utf8"))).toBe(true);
    expect(FRAMEWORK_IMPORT.test('import formbody from "@fastify/formbody";')).toBe(true);
    expect(FRAMEWORK_IMPORT.test('import { z } from "zod";')).toBe(false);
  });
});
