import { describe, expect, it } from "vitest";
import type { Message } from "../../src/content/model.ts";
import { capabilityLinks, hashToken, linkKeyFrom, withoutSealedLinks } from "../../src/core/links.ts";
import type { Outgoing } from "../../src/ports/channel.ts";

const BASE = "https://equipe.example.org";
const ROW = "6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
const MEETING = "0a0b0c0d-1111-4222-8333-444455556666";
const DECISION = "1a0b0c0d-1111-4222-8333-444455556666";
const links = capabilityLinks(linkKeyFrom(Buffer.alloc(32, 3)), BASE);

const by = (message: Message): Outgoing => ({
  target: { kind: "email", to: "a@example.org", locale: "it" },
  message,
});
/** The URL of the one link block of a message, once opened. */
function opened(sealed: string): string {
  const message = links.open(
    by({ blocks: [{ type: "link", label: "Apri", url: sealed }], attachments: [] }),
  ).message;
  const block = message.blocks[0];
  return block?.type === "link" ? block.url : "";
}

describe("a personal page link to a place on the page (a reminder's)", () => {
  it("opens to the poll's or the decision's page under the same token as the page itself", () => {
    const page = opened(links.sealed("page", ROW));
    const token = /\/p\/([A-Za-z0-9_-]{43})$/.exec(page)?.[1] ?? "";
    expect(links.hashOf("page", ROW)).toBe(hashToken(token));
    expect(opened(links.sealed("page", ROW, { kind: "poll", id: MEETING }))).toBe(
      `${page}/incontro/${MEETING}`,
    );
    expect(opened(links.sealed("page", ROW, { kind: "decision", id: DECISION }))).toBe(
      `${page}/decisione/${DECISION}`,
    );
    // The stand-in holds neither the token nor the URL: the queue never does.
    const sealed = links.sealed("page", ROW, { kind: "poll", id: MEETING });
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(BASE);
  });

  it("has places only on a personal page: another kind's stand-in with a place is left as it is", () => {
    expect(links.sealed("feed", ROW, { kind: "poll", id: MEETING })).toBe(links.sealed("feed", ROW));
    for (const forged of [
      `urn:equipe-link:feed:${ROW}/incontro/${MEETING}`,
      `urn:equipe-link:event:${ROW}/decisione/${DECISION}`,
      `urn:equipe-link:page:${ROW}/altro/${MEETING}`,
      `urn:equipe-link:page:${ROW}/incontro/../../x`,
    ])
      expect(opened(forged)).toBe(forged);
  });

  it("opens, in a text to copy, the page and the place on it that the message carries, each whole", () => {
    const page = links.sealed("page", ROW);
    const poll = links.sealed("page", ROW, { kind: "poll", id: MEETING });
    const message = links.open(
      by({
        blocks: [
          { type: "preformatted", text: `Rispondi: ${poll}\nLa tua pagina: ${page}` },
          // The page first: opening it first would cut the poll's stand-in in two.
          { type: "link", label: "Pagina", url: page },
          { type: "link", label: "Incontro", url: poll },
        ],
        attachments: [],
      }),
    ).message;
    const [copy, pageLink, pollLink] = message.blocks;
    const pageUrl = pageLink?.type === "link" ? pageLink.url : "";
    const pollUrl = pollLink?.type === "link" ? pollLink.url : "";
    expect(pollUrl).toBe(`${pageUrl}/incontro/${MEETING}`);
    expect(copy?.type === "preformatted" && copy.text).toBe(
      `Rispondi: ${pollUrl}\nLa tua pagina: ${pageUrl}`,
    );
  });

  it("is left out of a line about a message, place and all", () => {
    const poll = links.sealed("page", ROW, { kind: "poll", id: MEETING });
    expect(withoutSealedLinks(`Promemoria: ${poll} (scade)`)).toBe("Promemoria: … (scade)");
  });
});
