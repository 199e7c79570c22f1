import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { Block, Inline, Message } from "../content/model.ts";
import type { Outgoing } from "../ports/channel.ts";

/**
 * Capability links that can be shown again (a personal calendar feed, a meeting's "add to
 * calendar" file, a member's personal web page, the short-lived page showing that page's link as
 * a QR code): the token is derived
 * from a secret key and the id of the row that stands for the link, HMAC-SHA256(linkKey,
 * "<kind>:<id>"). Only the token's SHA-256 is stored, so the database holds nothing that opens
 * the link; showing it again recomputes it from the row; revoking the row kills it. Messages
 * (and so the queue) carry a sealed stand-in, made into the URL only when a channel delivers it.
 */
export type LinkKind = "feed" | "event" | "page" | "qr" | "edit" | "export";

/**
 * A place on a member's personal page where they answer one thing (a time poll, a decision):
 * a reminder's link goes straight there rather than to the page's front.
 */
export type PagePlace =
  | { kind: "poll"; id: string }
  | { kind: "decision"; id: string }
  | { kind: "summary"; id: string };

/** Each place's path under the personal page, as the web pages route it. */
const PLACE_PATHS: Record<PagePlace["kind"], string> = {
  poll: "incontro",
  decision: "decisione",
  summary: "sintesi",
};

/** Where each kind of link opens, under the public base URL. */
const PATHS: Record<LinkKind, (token: string) => string> = {
  feed: (token) => `/calendar/${token}.ics`,
  event: (token) => `/calendar/event/${token}.ics`,
  page: (token) => `/p/${token}`,
  qr: (token) => `/q/${token}`,
  /** A coordinator's short-lived link to the summary editor. */
  edit: (token) => `/s/${token}`,
  /** A coordinator's short-lived link to a whole case's export. */
  export: (token) => `/x/${token}`,
};

/** A stand-in: its kind, its row, and (a page only) the place on it, `/incontro/<id>` or `/decisione/<id>`. */
const SEALED =
  /^urn:equipe-link:(feed|event|page|qr|edit|export):([A-Za-z0-9-]{1,64})(\/(?:incontro|decisione|sintesi)\/[A-Za-z0-9-]{1,64})?$/;
const SEALED_ANYWHERE =
  /urn:equipe-link:(?:feed|event|page|qr|edit|export):[A-Za-z0-9-]{1,64}(?:\/(?:incontro|decisione|sintesi)\/[A-Za-z0-9-]{1,64})?/g;

/** A line about a message with its sealed links left out (a report names what it was about, not its links). */
export const withoutSealedLinks = (text: string): string => text.replace(SEALED_ANYWHERE, "…");

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
  /**
   * The stand-in a message carries for the link's URL (and label); the URL is made at delivery.
   * A page link may go to a place on the page (`place`): the same token, a longer path.
   */
  sealed(kind: LinkKind, rowId: string, place?: PagePlace): string;
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
    const place = match[3] ?? "";
    // Only a personal page has places on it.
    if (place !== "" && kind !== "page") return value;
    return `${publicBaseUrl}${PATHS[kind](token(kind, match[2] ?? ""))}${place}`;
  };
  const inline = (run: Inline): Inline =>
    run.type === "link" ? { ...run, url: unseal(run.url), label: unseal(run.label) } : run;
  /** The sealed links the message itself carries as links: what the system put there. */
  const sealedIn = (m: Message): string[] => {
    const found: string[] = [];
    const run = (r: Inline) => {
      if (r.type === "link" && SEALED.test(r.url)) found.push(r.url);
    };
    for (const b of m.blocks) {
      if (b.type === "text" || b.type === "note") b.content.forEach(run);
      if (b.type === "link" && SEALED.test(b.url)) found.push(b.url);
    }
    return found;
  };
  /**
   * A text to copy (a notice handed over to a coordinator) shows the links of the notice it
   * copies: only those the message also carries as links are opened in it, so a stand-in that
   * somebody typed stays the text it is.
   */
  const openCopy = (text: string, own: readonly string[]): string =>
    // Longest first: a page's stand-in is the start of the stand-in of a place on it.
    [...own]
      .sort((a, b) => b.length - a.length)
      .reduce((out, sealed) => out.split(sealed).join(unseal(sealed)), text);
  const block = (b: Block, own: readonly string[]): Block => {
    if (b.type === "text" || b.type === "note") return { ...b, content: b.content.map(inline) };
    if (b.type === "link") return { ...b, url: unseal(b.url), label: unseal(b.label) };
    if (b.type === "preformatted") return { ...b, text: openCopy(b.text, own) };
    return b;
  };
  const message = (m: Message): Message => {
    const own = sealedIn(m);
    return {
      ...m,
      ...(m.summary ? { summary: m.summary.map(inline) } : {}),
      ...(m.subject ? { subject: m.subject.map(inline) } : {}),
      blocks: m.blocks.map((b) => block(b, own)),
    };
  };
  return {
    hashOf: (kind, rowId) => hashToken(token(kind, rowId)),
    sealed: (kind, rowId, place) =>
      `urn:equipe-link:${kind}:${rowId}${place !== undefined && kind === "page" ? `/${PLACE_PATHS[place.kind]}/${place.id}` : ""}`,
    open: (outgoing) => ({ ...outgoing, message: message(outgoing.message) }),
  };
}
