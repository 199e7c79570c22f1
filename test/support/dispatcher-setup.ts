import { afterEach, beforeEach, vi } from "vitest";
import type { ServiceDeps } from "../../src/core/deps.ts";
import type { AckPriority } from "../../src/core/turns.ts";
import type { Db } from "../../src/infra/db.ts";
import { silentLog } from "../../src/infra/log.ts";
import { OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import type { ChannelName, ChannelPort, Undelivered } from "../../src/ports/channel.ts";
import { freshDb, type TestDb } from "./db.ts";
import { FakeClock } from "./fakes.ts";

/** What the outbox dispatcher's tests share: a database, a clock, and the dispatchers they made. */
export interface DispatcherSetup {
  /** This test's own database, a new copy of the template for each test. */
  readonly testDb: TestDb;
  /** One clock for the whole file, set back to the file's moment before each test. */
  readonly clock: FakeClock;
  /** The dispatchers this test made, oldest first. */
  readonly dispatchers: readonly OutboxDispatcher[];
  /** A dispatcher on this test's database (or `db`, a wrapped one), stopped and drained after the test. */
  dispatcher(
    ports: Partial<Record<ChannelName, ChannelPort>>,
    options?: {
      db?: Db;
      onUndelivered?: (failure: Undelivered) => Promise<void>;
      priority?: Pick<AckPriority, "statement" | "apart">;
      /** What it logs (nothing, unless given). */
      log?: ServiceDeps["log"];
    },
  ): OutboxDispatcher;
}

/**
 * Registers the hooks of a file testing the outbox dispatcher: each test gets a fresh database
 * and the clock at `now`; after it, every dispatcher it made is stopped and waited for before the
 * database goes (a pass still running would otherwise write to a dropped database), and timers
 * are real again for the next test.
 */
export function dispatcherSetup(now: Date): DispatcherSetup {
  let testDb: TestDb | undefined;
  const clock = new FakeClock(now);
  const dispatchers: OutboxDispatcher[] = [];
  beforeEach(async () => {
    testDb = await freshDb();
    clock.set(now);
  });
  afterEach(async () => {
    for (const dispatcher of dispatchers.splice(0)) {
      dispatcher.stop();
      await dispatcher.idle();
    }
    vi.useRealTimers();
    await testDb?.dispose();
    testDb = undefined;
  });
  const current = (): TestDb => {
    if (testDb === undefined) throw new Error("the test database exists only while a test runs");
    return testDb;
  };
  return {
    get testDb() {
      return current();
    },
    clock,
    dispatchers,
    // Not a method of `this`: files take it out of the object (`const { dispatcher } = …`).
    dispatcher(ports, options = {}) {
      const db = options.db ?? current().db;
      const created = new OutboxDispatcher(
        db,
        ports,
        clock,
        options.log ?? silentLog,
        options.onUndelivered,
        options.priority,
      );
      dispatchers.push(created);
      return created;
    },
  };
}

/** One pass of a dispatcher, as a kick from a new message would start it, waited for to its end. */
export async function pass(dispatcher: OutboxDispatcher): Promise<void> {
  dispatcher.kick();
  await dispatcher.idle();
}
