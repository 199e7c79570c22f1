import { setTimeout as sleep } from "node:timers/promises";
import { isRetryable, retryAfterOf } from "./errors.ts";

/** Calls made while a person waits (roster look-ups, form cards) get a few quick tries. */
const ATTEMPTS = 3;
const BASE_DELAY_MS = 250;
/** Longer waits than this are left to the person, who can simply try again. */
const MAX_DELAY_MS = 5_000;

/**
 * Retries a Bot Connector call on 412 (which the connector client's own policy does not retry),
 * and on 429/502/504 once that policy gave up, with exponential back-off honouring Retry-After.
 * Outbox deliveries do not use this: the dispatcher retries them across passes.
 */
export async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      const asked = retryAfterOf(error);
      const delay = asked !== undefined ? asked * 1000 : BASE_DELAY_MS * 2 ** (attempt - 1);
      if (delay > MAX_DELAY_MS) throw error;
      await sleep(delay);
    }
  }
}
