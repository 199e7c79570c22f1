import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { HttpHarness } from "./harness.ts";

/**
 * The front thread first on the CPU (src/http/front-precedence.ts): it asks for
 * FRONT_THREAD_PRECEDENCE steps of niceness above the process, and gets them where the system
 * allows it (here, as root, always); every other thread keeps the process's own, threads started
 * later too. What is checked is what the kernel itself reports.
 */

/** A thread's niceness as the kernel reports it: field 19 of /proc/self/task/<id>/stat. */
function niceness(thread: number): number {
  const stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8");
  // After the command's name, in parentheses (it may hold spaces), come fields 3, 4, …
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19 - 3]);
}

const threads = () => readdirSync("/proc/self/task").map(Number);

/** A worker's code: it posts its thread's id in the kernel, then waits. */
const REPORTS_ITS_THREAD = `
  const { parentPort } = require("node:worker_threads");
  const { readlinkSync } = require("node:fs");
  parentPort.postMessage(Number(readlinkSync("/proc/thread-self").split("/").pop()));
  setInterval(() => {}, 1000);`;

/** The niceness of a worker started now by this (the main) thread. */
async function laterWorker(): Promise<number> {
  const worker = new Worker(REPORTS_ITS_THREAD, { eval: true });
  const thread = await new Promise<number>((resolve) => worker.once("message", resolve));
  const seen = niceness(thread);
  await worker.terminate();
  return seen;
}

describe.runIf(process.platform === "linux")("the front thread first on the CPU", () => {
  const before = niceness(process.pid);

  it("leaves every thread as it was with FRONT_THREAD_PRECEDENCE=0", async () => {
    const h = new HttpHarness({ env: { FRONT_THREAD_PRECEDENCE: "0" } });
    await h.start();
    try {
      for (const thread of threads()) expect(niceness(thread), `thread ${thread}`).toBe(before);
      expect(h.lines.map((line) => line.event)).not.toContain("front.precedence");
    } finally {
      await h.stop();
    }
  });

  it("raises the front thread 10 steps by default, where allowed, and no other thread", async () => {
    const h = new HttpHarness();
    await h.start();
    try {
      const line = h.lines.find((logged) => logged.event === "front.precedence");
      const front = line?.fields.front as number;
      const all = threads();
      expect(all).toContain(front);
      expect(front).not.toBe(process.pid);
      // What it got is what the kernel says, and as root (CI), all it asked for.
      expect(line?.fields).toMatchObject({ asked: Math.max(-20, before - 10), niceness: niceness(front) });
      if (process.getuid?.() === 0) expect(niceness(front)).toBe(Math.max(-20, before - 10));
      // The main thread, V8's and libuv's threads, the test runner's: as they were.
      for (const thread of all.filter((thread) => thread !== front))
        expect(niceness(thread), `thread ${thread}`).toBe(before);
      expect(await laterWorker()).toBe(before);
      // The front still answers, and the main thread behind it.
      expect((await fetch(`${h.running.url}/healthz`)).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  /** Whoever runs the tests can act as an unprivileged user: root, with util-linux's setpriv. */
  const canDropPrivileges = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;

  it.runIf(canDropPrivileges)(
    "goes only as far as the system allows for a user without privileges, and says where it stands",
    () => {
      // The module as plain JavaScript, in a directory anyone can read, run by `nobody`.
      const dir = mkdtempSync(join(tmpdir(), "equipe-precedence-"));
      try {
        chmodSync(dir, 0o755);
        const source = readFileSync(new URL("../../src/http/front-precedence.ts", import.meta.url), "utf8");
        const { outputText } = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        });
        writeFileSync(join(dir, "front-precedence.mjs"), outputText);
        writeFileSync(
          join(dir, "probe.mjs"),
          `import { Worker } from "node:worker_threads";
           import { raiseFront } from "./front-precedence.mjs";
           const worker = new Worker(${JSON.stringify(REPORTS_ITS_THREAD)}, { eval: true });
           const thread = await new Promise((resolve) => worker.once("message", resolve));
           console.log(JSON.stringify(raiseFront(thread, 10)));
           await worker.terminate();`,
        );
        const out = execFileSync(
          "setpriv",
          ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, join(dir, "probe.mjs")],
          { encoding: "utf8" },
        );
        // As far as RLIMIT_NICE lets it (20 − its soft limit; 0 by default: not at all).
        const limit = /^Max nice priority\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
        const floor = 20 - Number(limit?.[1] ?? 0);
        const asked = Math.max(-20, before - 10);
        expect(JSON.parse(out)).toEqual({ niceness: Math.min(before, Math.max(asked, floor)), asked });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
