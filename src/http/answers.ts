/** The JSON answers every route shares: one word for what happened, never more (no stack, no detail). */
export const NOT_FOUND = { error: "not_found" } as const;
export const INTERNAL = { error: "internal" } as const;
export const TOO_LARGE = { error: "too_large" } as const;
export const BAD_REQUEST = { error: "bad_request" } as const;

/** A request target's path as it came, without its query: never decoded. */
export const pathOf = (url: string): string => url.split("?")[0] ?? "/";
