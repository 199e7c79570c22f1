import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { link, textMessage } from "../../src/content/model.ts";
import { capabilityLinks, hashToken, linkKeyFrom } from "../../src/core/links.ts";
import type { Outgoing } from "../../src/ports/channel.ts";

const BASE = "https://equipe.example.org";
const ROW = "6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";

const outgoing = (url: string): Outgoing => ({
  target: { kind: "email", to: "a@example.org", locale: "it" },
  message: {
    ...textMessage([link(url, url)]),
    blocks: [...textMessage([link(url, url)]).blocks, { type: "link", label: "Apri", url }],
  },
});

describe("capability links that can be shown again", () => {
  const links = capabilityLinks(linkKeyFrom(Buffer.alloc(32, 3)), BASE);

  it("opens a sealed link into the URL whose token hashes to what is stored, and only at delivery", () => {
    const sealed = links.sealed("feed", ROW);
    expect(sealed).not.toMatch(/calendar/);
    const opened = links.open(outgoing(sealed)).message;
    const first = opened.blocks[0];
    const url = first?.type === "text" && first.content[0]?.type === "link" ? first.content[0] : undefined;
    expect(url?.url).toMatch(/^https:\/\/equipe\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(url?.label).toBe(url?.url);
    expect(opened.blocks[1]).toEqual({ type: "link", label: "Apri", url: url?.url });
    const token = /\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(url?.url ?? "")?.[1] ?? "";
    expect(links.hashOf("feed", ROW)).toBe(hashToken(token));
    expect(hashToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    // The same row, the same link; another row or another key, another link.
    expect(links.open(outgoing(sealed))).toEqual(links.open(outgoing(sealed)));
    expect(links.hashOf("feed", ROW.replace("6f", "7f"))).not.toBe(links.hashOf("feed", ROW));
    const other = capabilityLinks(linkKeyFrom(Buffer.alloc(32, 4)), BASE);
    expect(other.hashOf("feed", ROW)).not.toBe(links.hashOf("feed", ROW));
  });

  it("leaves every other link as it is", () => {
    const plain = outgoing("https://equipe.example.org/calendar/event/abc.ics");
    expect(links.open(plain)).toEqual(plain);
    const forged = outgoing("urn:equipe-link:feed:../../x");
    expect(links.open(forged)).toEqual(forged);
  });
});

describe("a text to copy (a notice handed over to a coordinator)", () => {
  const links = capabilityLinks(linkKeyFrom(Buffer.alloc(32, 3)), BASE);
  const other = "0a0b0c0d-1111-4222-8333-444455556666";

  it("shows the address of the links its message carries, and never opens a stand-in somebody typed", () => {
    const own = links.sealed("event", ROW);
    const typed = links.sealed("feed", other);
    const message = {
      blocks: [
        { type: "preformatted" as const, text: `Luogo: ${typed}\nAggiungi al calendario: ${own}` },
        { type: "link" as const, label: "Aggiungi al calendario", url: own },
      ],
      attachments: [],
    };
    const opened = links.open({ target: { kind: "email", to: "a@example.org", locale: "it" }, message });
    const copy = opened.message.blocks[0];
    const url = opened.message.blocks[1];
    expect(url?.type === "link" && url.url).toMatch(/\/calendar\/event\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(copy?.type === "preformatted" && copy.text).toBe(
      `Luogo: ${typed}\nAggiungi al calendario: ${url?.type === "link" ? url.url : ""}`,
    );
  });
});
