import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serveArguments } from "./support/server-process.ts";

/** The systemd unit's settings, the last value of each key. */
function unit(path: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1] ?? "", match[2] ?? "");
  }
  return settings;
}

describe("the replicas' documented start", () => {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;

  it("`npm run serve` starts the server in one Node process, without generating the client first", () => {
    // What the process tests spawn (test/support/server-process.ts): node itself, tsx as its loader.
    expect(serveArguments()).toEqual(["--import", "tsx", "src/main.ts"]);
    expect(scripts.preserve).toBeUndefined();
    expect(scripts.prestart).toContain("db:generate");
  });

  it("the systemd unit runs that command, from the project's folder", () => {
    const settings = unit("deploy/systemd/equipe@.service");
    const [program, ...args] = (settings.get("ExecStart") ?? "").split(" ");
    expect(program).toMatch(/^\/usr\/bin\/node$/);
    expect(args).toEqual(serveArguments());
    // Only the data folder is writable, and it is the one the service writes its database to.
    const workingDirectory = settings.get("WorkingDirectory") ?? "";
    expect(settings.get("ReadWritePaths")).toBe(`${workingDirectory}/data`);
    expect(settings.get("ProtectHome")).toBe("true");
  });
});
