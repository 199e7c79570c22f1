/**
 * The platforms' stand-ins (bench/stand-ins.ts) started in a process of their own, for a bench:
 * their work, and the arguments they keep of every call, never land on the server's thread.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RosterEntry } from "../test/support/teams-connector.ts";
import type { StandInsReady } from "./stand-ins.ts";

export interface StandIns extends StandInsReady {
  /** How many Slack Web API calls the stand-in has answered so far. */
  apiCalls(): Promise<number>;
  /** Ends the stand-ins' process. */
  close(): Promise<void>;
}

export async function startStandIns(roster: readonly RosterEntry[] = []): Promise<StandIns> {
  const child = fork(fileURLToPath(new URL("./stand-ins.ts", import.meta.url)), [JSON.stringify(roster)], {
    execArgv: process.execArgv,
  });
  /** The stand-ins' next message. */
  const next = <T>() =>
    new Promise<T>((answered, failed) => {
      const exited = (code: number | null) => failed(new Error(`bench/stand-ins.ts exited ${code}`));
      child.once("exit", exited);
      child.once("message", (message) => {
        child.off("exit", exited);
        answered(message as T);
      });
    });
  const ready = await next<StandInsReady>();
  return {
    ...ready,
    async apiCalls() {
      const answer = next<{ calls: number }>();
      child.send("calls");
      return (await answer).calls;
    },
    async close() {
      const done = new Promise((ended) => child.once("exit", ended));
      child.send("close");
      await done;
    },
  };
}
