import { renderSVG } from "uqr";
import { describe, expect, it } from "vitest";
import { decodeQr, readQrSvg, svgModules } from "../support/qr-decode.ts";

/**
 * The test's own QR reader (test/support/qr-decode.ts) reads what a phone reads, and nothing else:
 * codes of several sizes and both error-correction levels read back exactly; one module changed,
 * and it refuses to read (so a page showing a code of another link cannot pass as this one).
 */
const LINKS = [
  "hi",
  "http://localhost:3000/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  "https://equipe.comune.example.it/servizi-sociali/p/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
];

describe("the tests' QR reader", () => {
  it("reads back what was encoded, at every size and level a link needs", () => {
    for (const link of LINKS)
      for (const ecc of ["L", "M"] as const)
        for (const border of [1, 4]) expect(readQrSvg(renderSVG(link, { ecc, border }))).toBe(link);
  });

  it("refuses a code with one module flipped, wherever it is", () => {
    const grid = svgModules(renderSVG(LINKS[1] as string, { ecc: "M", border: 4 }));
    const size = grid.length;
    let refused = 0;
    let tried = 0;
    // Data modules in the lower right (away from finders and timing), and one format module.
    for (const [row, col] of [
      [size - 1, size - 1],
      [size - 3, size - 2],
      [size - 10, size - 4],
      [10, size - 12],
      [2, 8],
    ] as const) {
      const copy = grid.map((r) => [...r]);
      (copy[row] as boolean[])[col] = !copy[row]?.[col];
      tried += 1;
      try {
        decodeQr(copy);
      } catch {
        refused += 1;
      }
    }
    expect(refused).toBe(tried);
  });
});
