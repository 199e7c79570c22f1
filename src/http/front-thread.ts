import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ServiceDeps } from "../core/deps.ts";
import {
  ARRIVED,
  type FrontCommand,
  type FrontMessage,
  type FrontOptions,
  HANDED,
  type HandedRequest,
  ROOM,
  SHARED_INTS,
} from "./front.ts";

/** A request the front thread acknowledged, arrived on this thread: its body as a Buffer. */
export type ArrivedRequest = Omit<HandedRequest, "type" | "body"> & { body: Buffer };

/** The front thread's word that it listens: where, and its thread's id in the kernel. */
type Listening = Extract<FrontMessage, { type: "listening" }>;

/** The front thread (src/http/front.ts) as the main thread sees it. */
export interface Front {
  /** The public address the front thread listens on. */
  address: AddressInfo;
  /** The front thread's id in the kernel, where the system says it (Linux); else undefined. */
  thread: number | undefined;
  /** Tells the front thread whether the work queue has room (it acknowledges clicks only then). */
  setRoom(room: boolean): void;
  /** Resolves once every request the front thread has acknowledged has reached this thread. */
  handedOver(): Promise<void>;
  /** Stops taking connections, finishes the requests under way, and ends the thread. */
  close(): Promise<void>;
  /** Ends the thread at once, as a crash would (a test's way to make it fail). */
  terminate(): Promise<void>;
}

/**
 * A directory only this process's user can open (`mkdtemp` makes it 0700), for the main thread's
 * socket: nobody else on the machine can reach the server past the front thread (and so nobody
 * else can name a client's address in its header). Removed at close.
 */
export function privateSocketPath(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "equipe-"));
  return { path: join(dir, "http.sock"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the front thread and resolves once it listens (rejects with its listen error, `code`
 * kept: EADDRINUSE and the like, as Node's own listen would have).
 */
export async function startFront(
  options: Omit<FrontOptions, "shared">,
  handlers: {
    handed(request: ArrivedRequest): void;
    answered(route: string, method: string, status: number, seconds: number): void;
    log: ServiceDeps["log"];
    /** The thread ended or threw while it should be serving. */
    failed(error: Error): void;
  },
): Promise<Front> {
  const shared = new SharedArrayBuffer(SHARED_INTS * Int32Array.BYTES_PER_ELEMENT);
  const ints = new Int32Array(shared);
  Atomics.store(ints, ROOM, 1);
  const worker = new Worker(new URL("./front-entry.mjs", import.meta.url), {
    workerData: { front: { ...options, shared } satisfies FrontOptions },
  });
  let closing = false;
  let closed: (() => void) | undefined;
  /** The close under way: every call answers the same one. */
  let stopped: Promise<void> = Promise.resolve();
  const { address, thread } = await new Promise<Listening>((listening, failed) => {
    const onError = (error: Error) => failed(error);
    const onExit = (code: number) =>
      failed(new Error(`the front thread exited (${code}) before it listened`));
    worker.once("error", onError);
    worker.once("exit", onExit);
    const onMessage = (message: FrontMessage) => {
      if (message.type === "listening" || message.type === "failed") {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      }
      if (message.type === "listening") listening(message);
      else if (message.type === "failed") {
        void worker.terminate();
        failed(Object.assign(new Error(message.message), { code: message.code }));
      } else if (message.type === "log") handlers.log(message.event, message.fields);
    };
    worker.on("message", onMessage);
  });
  worker.on("message", (message: FrontMessage) => {
    if (message.type === "handed") {
      Atomics.add(ints, ARRIVED, 1);
      const { body, contentType, retryNum, retryReason } = message;
      handlers.handed({
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        contentType,
        retryNum,
        retryReason,
      });
    } else if (message.type === "answered") {
      const { route, method, status, seconds } = message;
      handlers.answered(route, method, status, seconds);
    } else if (message.type === "log") handlers.log(message.event, message.fields);
    else if (message.type === "closed") closed?.();
  });
  /** Whether the thread has ended; its end is reported once, and only if it was not asked to. */
  let exited = false;
  let reported = false;
  const report = (error: Error) => {
    if (closing || reported) return;
    reported = true;
    handlers.failed(error);
  };
  worker.on("error", report);
  worker.on("exit", (code) => {
    exited = true;
    closed?.();
    report(new Error(`the front thread exited (${code})`));
  });
  return {
    address,
    thread,
    setRoom(room) {
      Atomics.store(ints, ROOM, room ? 1 : 0);
    },
    async handedOver() {
      // The requests' messages come through this thread's event loop: a timer lets them in.
      // (A thread that ended has had its messages delivered first: nothing more will come.)
      while (!exited && Atomics.load(ints, HANDED) > Atomics.load(ints, ARRIVED))
        await new Promise((later) => setTimeout(later, 1));
    },
    close() {
      if (closing) return stopped;
      closing = true;
      // A thread that has ended already answers nothing: there is nothing left to close.
      stopped = exited
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            closed = resolve;
            worker.postMessage({ type: "close" } satisfies FrontCommand);
          }).then(async () => void (await worker.terminate()));
      return stopped;
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
