import { setTimeout as sleep } from "node:timers/promises";
import { DeliveryError } from "../../src/ports/channel.ts";
import { isRetryable, retryAfterOf } from "./errors.ts";

/**
 * The most one outbox delivery to Teams may take, every call in it (opening a chat, the message,
 * its files) and the connector client's own retries included: well inside the outbox's 60 s
 * lease, so that a connector that never answers ends as a failed try the queue retries, before
 * another replica may take the message.
 */
export const TEAMS_DELIVERY_DEADLINE_MS = 20_000;
/** The most a call made while a person waits may take, its retries included. */
export const TEAMS_CALL_DEADLINE_MS = 10_000;

/**
 * Runs `call`, failing it (a retryable `teams_deadline`) once `ms` have passed. The connector
 * client cannot be told to give up: a request left running ends on its own, its answer ignored
 * (a message it still delivers is delivered again by the retry: at-least-once, as documented).
 */
export async function withinDeadline<T>(ms: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, fail) => {
    timer = setTimeout(() => fail(new DeliveryError("teams_deadline", true)), ms);
  });
  try {
    return await Promise.race([call(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls made while a person waits (roster look-ups, form cards) get a few quick tries. */
const ATTEMPTS = 3;
const BASE_DELAY_MS = 250;
/** Longer waits than this are left to the person, who can simply try again. */
const MAX_DELAY_MS = 5_000;

/**
 * Retries a Bot Connector call on 412 (which the connector client's own policy does not retry),
 * and on 429/502/504 once that policy gave up, with exponential back-off honouring Retry-After.
 * Outbox deliveries do not use this: the dispatcher retries them across passes. The tries together
 * end by `deadlineMs`.
 */
export function withRetries<T>(call: () => Promise<T>, deadlineMs = TEAMS_CALL_DEADLINE_MS): Promise<T> {
  return withinDeadline(deadlineMs, () => tries(call));
}

async function tries<T>(call: () => Promise<T>): Promise<T> {
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
