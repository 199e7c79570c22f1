import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { type Niceness, raiseFront } from "../../src/http/front-precedence.ts";
import { HttpHarness } from "./harness.ts";

/**
 * The front thread first on the CPU (src/http/front-precedence.ts): it asks for
 * FRONT_THREAD_PRECEDENCE steps of niceness above the process, and gets them where the system
 * allows it (here, as root, always); every other thread keeps the process's own, threads started
 * later too. What is checked is what the kernel itself reports.
 */

/**
 * A thread's niceness as the kernel reports it: field 19 of /proc/self/task/<id>/stat; undefined
 * for a thread that ended meanwhile.
 */
function niceness(thread: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8");
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ESRCH"
    )
      return undefined;
    throw error;
  }
  // After the command's name, in parentheses (it may hold spaces), come fields 3, 4, …
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19 - 3]);
}

/** This process's threads still there, with their niceness. */
function threads(): Map<number, number> {
  const all = new Map<number, number>();
  for (const name of readdirSync("/proc/self/task")) {
    const seen = niceness(Number(name));
    if (seen !== undefined) all.set(Number(name), seen);
  }
  return all;
}

/** A worker's code: it posts its thread's id in the kernel, then waits. */
const REPORTS_ITS_THREAD = `
  const { parentPort } = require("node:worker_threads");
  const { readlinkSync } = require("node:fs");
  parentPort.postMessage(Number(readlinkSync("/proc/thread-self").split("/").pop()));
  setInterval(() => {}, 1000);`;

/** A worker started now by this (the main) thread, and its thread's id in the kernel. */
async function startedWorker(): Promise<{ worker: Worker; thread: number }> {
  const worker = new Worker(REPORTS_ITS_THREAD, { eval: true });
  const thread = await new Promise<number>((resolve) => worker.once("message", resolve));
  return { worker, thread };
}

/** The niceness of a worker started now by this (the main) thread. */
async function laterWorker(): Promise<number | undefined> {
  const { worker, thread } = await startedWorker();
  try {
    return niceness(thread);
  } finally {
    await worker.terminate();
  }
}

describe.runIf(process.platform === "linux")("the front thread first on the CPU", () => {
  const before = niceness(process.pid) as number;

  it("leaves every thread as it was with FRONT_THREAD_PRECEDENCE=0", async () => {
    const h = new HttpHarness({ env: { FRONT_THREAD_PRECEDENCE: "0" } });
    await h.start();
    try {
      for (const [thread, seen] of threads()) expect(seen, `thread ${thread}`).toBe(before);
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
      expect([...all.keys()]).toContain(front);
      expect(front).not.toBe(process.pid);
      // What it got is what the kernel says, and as root (CI), all it asked for.
      expect(line?.fields).toMatchObject({ asked: Math.max(-20, before - 10), niceness: all.get(front) });
      if (process.getuid?.() === 0) expect(all.get(front)).toBe(Math.max(-20, before - 10));
      // The main thread, V8's and libuv's threads, the test runner's: as they were.
      for (const [thread, seen] of all) if (thread !== front) expect(seen, `thread ${thread}`).toBe(before);
      expect(await laterWorker()).toBe(before);
      // The front still answers, and the main thread behind it.
      expect((await fetch(`${h.running.url}/healthz`)).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it("says nothing was changed for a thread that has ended", async () => {
    const { worker, thread } = await startedWorker();
    await worker.terminate();
    expect(raiseFront(thread, 10)).toBeUndefined();
  });

  /** Whoever runs the tests can run node as `nobody`: root, with util-linux's setpriv. */
  const asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
  const canDropPrivileges =
    process.getuid?.() === 0 &&
    spawnSync(asNobody[0] as string, [...asNobody.slice(1), process.execPath, "-e", "0"], { timeout: 10_000 })
      .status === 0;

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
        // It reports what raiseFront says and what the kernel says of the thread afterwards.
        writeFileSync(
          join(dir, "probe.mjs"),
          `import { readFileSync } from "node:fs";
           import { Worker } from "node:worker_threads";
           import { raiseFront } from "./front-precedence.mjs";
           const worker = new Worker(${JSON.stringify(REPORTS_ITS_THREAD)}, { eval: true });
           const thread = await new Promise((resolve) => worker.once("message", resolve));
           const said = raiseFront(thread, 10);
           const stat = readFileSync("/proc/self/task/" + thread + "/stat", "utf8");
           const kernel = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
           console.log(JSON.stringify({ said, kernel }));
           await worker.terminate();`,
        );
        const out = execFileSync(
          asNobody[0] as string,
          [...asNobody.slice(1), process.execPath, join(dir, "probe.mjs")],
          {
            encoding: "utf8",
            timeout: 20_000,
          },
        );
        // As far as RLIMIT_NICE lets it (20 − its soft limit; 0 by default: not at all).
        const limit = /^Max nice priority\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
        const floor = 20 - Number(limit?.[1] ?? 0);
        const asked = Math.max(-20, before - 10);
        const got = Math.min(before, Math.max(asked, floor));
        expect(JSON.parse(out)).toEqual({ said: { niceness: got, asked }, kernel: got });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("how far the front thread goes", () => {
  /** A system where the process is at `own`, and a thread may go no lower than `floor`. */
  function system(own: number, floor: number, refusal = "EACCES") {
    const tried: number[] = [];
    const niceness: Niceness = {
      getPriority: () => own,
      setPriority(_thread, value) {
        tried.push(value);
        if (value < floor) throw Object.assign(new Error("refused"), { info: { code: refusal } });
      },
    };
    return { niceness, tried };
  }

  it("takes all it asks for where allowed, at most to -20", () => {
    expect(raiseFront(7, 10, system(0, -20).niceness)).toEqual({ niceness: -10, asked: -10 });
    expect(raiseFront(7, 10, system(-15, -20).niceness)).toEqual({ niceness: -20, asked: -20 });
    expect(raiseFront(7, 10, system(15, -20).niceness)).toEqual({ niceness: 5, asked: 5 });
  });

  it("goes a step less at a time where refused, and no further than the process", () => {
    const partly = system(0, -4);
    expect(raiseFront(7, 10, partly.niceness)).toEqual({ niceness: -4, asked: -10 });
    expect(partly.tried).toEqual([-10, -9, -8, -7, -6, -5, -4]);
    const never = system(0, 0);
    expect(raiseFront(7, 10, never.niceness)).toEqual({ niceness: 0, asked: -10 });
    expect(never.tried).toEqual([-10, -9, -8, -7, -6, -5, -4, -3, -2, -1]);
  });

  it("stops at any other refusal (the thread gone), saying nothing was done", () => {
    const gone = system(0, 0, "ESRCH");
    expect(raiseFront(7, 10, gone.niceness)).toBeUndefined();
    expect(gone.tried).toEqual([-10]);
  });
});
