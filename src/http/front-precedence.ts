import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * The front thread goes first on the CPU. It answers what must be answered at once (Slack's
 * acknowledgements) and passes every other request's bytes on; the work is the main thread's, with
 * V8's collector threads and libuv's pool beside it. On a busy two-core machine the kernel shares
 * the CPU between them fairly, and an acknowledgement then waits for a slice of the main thread's
 * work to end before the front thread runs (measured in `bench/feeds.ts`: about 2 ms more at p99
 * while calendars poll). So the front thread asks for FRONT_THREAD_PRECEDENCE steps of niceness
 * above the process (10 by default). Its share grows with the requests that come: a flood of them
 * can keep it on a core, ahead of the main thread and, unless the service has a CPU share of its
 * own (a cgroup), of other processes on the machine (a PostgreSQL on the same host); then the
 * acknowledgements stay quick while the work slows down. 0 leaves the kernel's fair share.
 *
 * Only the front thread changes; the main thread keeps the process's own priority, so it never
 * yields to other processes on the machine more than it did. A thread is made less nice only where
 * the system allows it: with CAP_SYS_NICE, or as far as the process's RLIMIT_NICE lets it (systemd's
 * `LimitNICE=`, see deploy/systemd). Elsewhere the front thread goes as far as it may, perhaps not
 * at all, and the log says where it stands. Only Linux names a thread (`/proc/thread-self`) and
 * keeps a niceness per thread (`setpriority` on a thread's id).
 */

/**
 * The calling thread's id in the kernel, where Linux says it (`/proc/thread-self`); else undefined.
 * Only when `/proc` is this process's own (its link names this process): one mounted from another
 * PID namespace would name some other thread.
 */
export function kernelThreadId(): number | undefined {
  try {
    const match = /^(\d+)\/task\/(\d+)$/.exec(readlinkSync("/proc/thread-self"));
    return match && Number(match[1]) === process.pid ? Number(match[2]) : undefined;
  } catch {
    return undefined;
  }
}

/** The least a thread's niceness can be (the most priority). */
const LEAST_NICE = -20;

/** How a thread's niceness is read and set (Node's, but for tests). */
export interface Niceness {
  getPriority(thread: number): number;
  setPriority(thread: number, niceness: number): void;
}

/**
 * Makes the thread `front` `steps` less nice than the process (the main thread), or as near to it
 * as the system allows, and says where it stands against what was asked. Where it cannot be told
 * (the thread is gone), undefined.
 */
export function raiseFront(
  front: number,
  steps: number,
  system: Niceness = { getPriority, setPriority },
): { niceness: number; asked: number } | undefined {
  let own: number;
  try {
    own = system.getPriority(process.pid);
  } catch {
    return undefined;
  }
  const asked = Math.max(LEAST_NICE, own - steps);
  // From what was asked towards the process's own: the first one allowed is as far as it may go.
  for (let niceness = asked; niceness < own; niceness++) {
    try {
      system.setPriority(front, niceness);
      return { niceness, asked };
    } catch (error) {
      // EACCES: not this far (no CAP_SYS_NICE, RLIMIT_NICE lower); anything else (ESRCH: the
      // thread is gone): not at all.
      if ((error as { info?: { code?: string } }).info?.code !== "EACCES") return undefined;
    }
  }
  return { niceness: own, asked };
}
