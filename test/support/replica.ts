/**
 * One "replica" for the lease tests: a separate process, as real replicas are, ticking the job
 * runner or the outbox dispatcher against a shared SQLite file. Prints what it ran as JSON.
 * Usage: tsx test/support/replica.ts <jobs|outbox> <database url>
 */

import { plainMessage } from "../../src/content/plain.ts";
import { openDb } from "../../src/infra/db.ts";
import { JobRunner } from "../../src/infra/job-runner.ts";
import { silentLog } from "../../src/infra/log.ts";
import { OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import type { Outgoing } from "../../src/ports/channel.ts";
import { testCipher } from "./db.ts";

const [mode, url] = process.argv.slice(2);
const db = await openDb(url ?? "", testCipher);
const clock = { now: () => new Date("2026-11-23T09:00:00Z") };
const done: string[] = [];
const pause = () => new Promise((wait) => setTimeout(wait, 2));

if (mode === "jobs") {
  const runner = new JobRunner(
    db,
    {
      test: async (id) => {
        await pause();
        done.push(id);
      },
    },
    clock,
    silentLog,
  );
  await runner.tick();
} else {
  const port = {
    async send(message: Outgoing) {
      await pause();
      done.push(plainMessage(message.message));
      return undefined;
    },
    async update() {},
  };
  const dispatcher = new OutboxDispatcher(db, { slack: port }, clock, silentLog);
  dispatcher.kick();
  await dispatcher.idle();
}
await db.$disconnect();
process.stdout.write(JSON.stringify(done));
