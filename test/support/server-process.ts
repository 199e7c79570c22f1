import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { freshDb, TEST_DATA_KEY, type TestDb } from "./db.ts";
import { RecordingSlackApi } from "./slack-api.ts";
import { SIGNING_SECRET } from "./slack-driver.ts";

/** A port nobody listens on now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A server process: its base URL and the process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
}

/**
 * Node's arguments in `npm run serve` (`node --import tsx src/main.ts`): how the README and the
 * systemd unit start a replica, and so how these tests start one.
 */
export function serveArguments(): string[] {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  const [program, ...args] = (scripts.serve ?? "").split(" ");
  if (program !== "node") throw new Error(`npm run serve should run node, not ${program}`);
  return args;
}

/**
 * A server as the README starts a replica (`npm run serve`), in a process of its own, on
 * `databaseUrl`, Slack's Web API at `apiUrl`; resolves once `/readyz` says ready. Every process
 * started is put in `started`, for `stopAll`.
 */
export async function startServerProcess(
  started: ChildProcess[],
  databaseUrl: string,
  apiUrl: string,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, serveArguments(), {
    env: {
      ...process.env,
      NODE_ENV: "development",
      CI: "",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_API_URL: apiUrl,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  started.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the process exited ${child.exitCode ?? child.signalCode}: ${stderr.slice(-800)}`);
      const ready = await fetch(`${url}/readyz`).catch(() => undefined);
      expect(ready?.status).toBe(200);
    },
    { timeout: 60_000, interval: 100 },
  );
  return { url, child };
}

/** Stops every process still running (SIGTERM, then SIGKILL after 10 s), and forgets them. */
export async function stopAll(started: ChildProcess[]): Promise<void> {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** Until the database holds no message waiting or being delivered, twice in a row 200 ms apart. */
export async function deliveredAll(testDb: TestDb): Promise<void> {
  let quiet = 0;
  await vi.waitFor(
    async () => {
      const waiting = await testDb.db.queueItem.count({ where: { kind: "message", status: "pending" } });
      quiet = waiting === 0 ? quiet + 1 : 0;
      expect(quiet).toBeGreaterThanOrEqual(2);
    },
    { timeout: 60_000, interval: 200 },
  );
}

/** What each test of a file of server processes gets afresh: a database, Slack's Web API, its processes. */
export interface ProcessTest {
  readonly testDb: TestDb;
  readonly api: RecordingSlackApi;
  /** Processes started (`startServerProcess`): stopped after each test. */
  readonly children: ChildProcess[];
}

/** Registers the file's set-up and tear-down: each test a fresh database and Slack stand-in. */
export function processTests(): ProcessTest {
  const current: { testDb?: TestDb; api?: RecordingSlackApi; children: ChildProcess[] } = { children: [] };
  beforeEach(async () => {
    current.testDb = await freshDb();
    current.api = new RecordingSlackApi();
  });
  afterEach(async () => {
    await stopAll(current.children);
    await current.api?.close();
    await current.testDb?.dispose();
  });
  const set = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("only inside a test");
    return value;
  };
  return {
    get testDb() {
      return set(current.testDb);
    },
    get api() {
      return set(current.api);
    },
    children: current.children,
  };
}
