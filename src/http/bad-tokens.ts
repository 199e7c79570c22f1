/**
 * Links that do not work, counted per client address: past `limit` in one window, the address
 * is refused (429) until the window ends, whatever link it tries, so guessing tokens costs a
 * window per handful of guesses. 256-bit tokens cannot be guessed anyway; this keeps a scanner
 * from hammering the database with lookups, and keeps the log quiet.
 *
 * In memory, per process: a restart forgets, and each replica counts on its own (a limit per
 * replica, which is still a limit). Behind a reverse proxy every client has the proxy's address,
 * and all would share one count, unless the operator names the proxy in TRUST_PROXY
 * (src/config.ts): then `request.ip` is the client its `X-Forwarded-For` names. Without it the
 * header is ignored, so a client cannot pick a fresh address for each guess.
 */
export class BadTokens {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    /** Bad links an address may try in one window before it is refused. */
    private readonly limit = BAD_TOKENS_PER_WINDOW,
    private readonly windowMs = BAD_TOKEN_WINDOW_MS,
    /** Addresses remembered at once; past it, the memory starts again (a flood cannot exhaust memory). */
    private readonly maxAddresses = MAX_ADDRESSES,
  ) {}

  /** Seconds until this address may try again, or undefined when it is not refused. */
  refused(address: string, now: Date): number | undefined {
    const window = this.windows.get(address);
    if (window === undefined) return undefined;
    if (now.getTime() >= window.endsAt) {
      this.windows.delete(address);
      return undefined;
    }
    return window.count >= this.limit ? Math.ceil((window.endsAt - now.getTime()) / 1000) : undefined;
  }

  /** Counts one bad link from this address. */
  record(address: string, now: Date): void {
    const window = this.windows.get(address);
    if (window !== undefined && now.getTime() < window.endsAt) {
      window.count += 1;
      return;
    }
    if (this.windows.size >= this.maxAddresses) this.windows.clear();
    this.windows.set(address, { count: 1, endsAt: now.getTime() + this.windowMs });
  }
}

/** A person who mistypes a link a few times is never refused; a scanner is, after ten. */
export const BAD_TOKENS_PER_WINDOW = 10;
/** Long enough to make guessing pointless, short enough that a refused family can retry the same day. */
export const BAD_TOKEN_WINDOW_MS = 15 * 60_000;
const MAX_ADDRESSES = 100_000;
