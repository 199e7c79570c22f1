import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

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

  it("`npm run serve` is `npm start` without generating the client first", () => {
    expect(scripts.serve).toBe(scripts.start);
    expect(scripts.preserve).toBeUndefined();
    expect(scripts.prestart).toContain("db:generate");
  });

  it("the systemd unit runs that command with the project's own tsx, from the project's folder", () => {
    const settings = unit("deploy/systemd/equipe@.service");
    const workingDirectory = settings.get("WorkingDirectory") ?? "";
    const [program, ...args] = (settings.get("ExecStart") ?? "").split(" ");
    expect(program?.startsWith(`${workingDirectory}/`)).toBe(true);
    const inProject = (program ?? "").slice(workingDirectory.length + 1);
    // Installed by npm ci, where the unit expects it.
    expect(existsSync(inProject)).toBe(true);
    expect([inProject.replace("node_modules/.bin/", ""), ...args].join(" ")).toBe(scripts.serve);
    // Only the data folder is writable, and it is the one the service writes its database to.
    expect(settings.get("ReadWritePaths")).toBe(`${workingDirectory}/data`);
    expect(settings.get("ProtectHome")).toBe("true");
  });
});
