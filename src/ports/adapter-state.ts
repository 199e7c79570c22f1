/**
 * State that only one adapter needs (Teams conversation references, files awaiting a person's
 * consent). The core never reads it: each adapter owns a namespace and the meaning of its
 * keys and values. Used outside transactions; every call stands alone.
 */
export interface AdapterState {
  /** The value stored under the key, or undefined when there is none or it expired at `now`. */
  get(namespace: string, key: string, now: Date): Promise<string | undefined>;
  /**
   * Stores the value under the key, replacing what was there. With `expiresAt` the record
   * reads as absent from that instant on; without it, it lasts until deleted. With `equipeId`
   * the record is part of that équipe's case, and goes when the case is erased.
   */
  put(
    namespace: string,
    key: string,
    value: string,
    options?: { expiresAt?: Date; equipeId?: string },
  ): Promise<void>;
  /** Removes the record; removing one that is not there is not an error. */
  delete(namespace: string, key: string): Promise<void>;
  /** Deletes the namespace's records that expired at `now` (expired records only take space). */
  purgeExpired(namespace: string, now: Date): Promise<void>;
}
