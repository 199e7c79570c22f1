import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { Block, Inline, Message } from "../content/model.ts";
import type { Outgoing } from "../ports/channel.ts";

/**
 * Capability links that can be shown again (a personal calendar feed, a meeting's "add to
 * calendar" file): the token is derived
 * from a secret key and the id of the row that stands for the link, HMAC-SHA256(linkKey,
 * "<kind>:<id>"). Only the token's SHA-256 is stored, so the database holds nothing that opens
 * the link; showing it again recomputes it from the row; revoking the row kills it. Messages
 * (and so the queue) carry a sealed stand-in, made into the URL only when a channel delivers it.
 */
export type LinkKind = "feed" | "event";

/** Where each kind of link opens, under the public base URL. */
const PATHS: Record<LinkKind, (token: string) => string> = {
  feed: (token) => `/calendar/${token}.ics`,
  event: (token) => `/calendar/event/${token}.ics`,
};

const SEALED = /^urn:equipe-link:(feed|event):([A-Za-z0-9-]{1,64})$/;

/** The stored form of a capability token: its SHA-256, in hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The key links are derived with, from the data key (EQUIPE_DATA_KEY): one purpose, one key. */
export function linkKeyFrom(dataKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", dataKey, new Uint8Array(0), "equipe capability links v1", 32));
}

export interface CapabilityLinks {
  /** What is stored for the link of this row: the hash of its token (never the token). */
  hashOf(kind: LinkKind, rowId: string): string;
  /** The stand-in a message carries for the link's URL (and label); the URL is made at delivery. */
  sealed(kind: LinkKind, rowId: string): string;
}

/** Links with this key; `open` turns the sealed stand-ins of a message into their URLs. */
export function capabilityLinks(
  linkKey: Uint8Array,
  publicBaseUrl: string,
): CapabilityLinks & { open(outgoing: Outgoing): Outgoing } {
  const token = (kind: LinkKind, rowId: string) =>
    createHmac("sha256", linkKey).update(`${kind}:${rowId}`).digest("base64url");
  const unseal = (value: string): string => {
    const match = SEALED.exec(value);
    if (match === null) return value;
    const kind = match[1] as LinkKind;
    return `${publicBaseUrl}${PATHS[kind](token(kind, match[2] ?? ""))}`;
  };
  const inline = (run: Inline): Inline =>
    run.type === "link" ? { ...run, url: unseal(run.url), label: unseal(run.label) } : run;
  const block = (b: Block): Block => {
    if (b.type === "text" || b.type === "note") return { ...b, content: b.content.map(inline) };
    if (b.type === "link") return { ...b, url: unseal(b.url), label: unseal(b.label) };
    return b;
  };
  const message = (m: Message): Message => ({
    ...m,
    ...(m.summary ? { summary: m.summary.map(inline) } : {}),
    ...(m.subject ? { subject: m.subject.map(inline) } : {}),
    blocks: m.blocks.map(block),
  });
  return {
    hashOf: (kind, rowId) => hashToken(token(kind, rowId)),
    sealed: (kind, rowId) => `urn:equipe-link:${kind}:${rowId}`,
    open: (outgoing) => ({ ...outgoing, message: message(outgoing.message) }),
  };
}
