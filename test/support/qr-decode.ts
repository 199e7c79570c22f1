/**
 * A small QR code reader for tests, independent of the library that draws our codes: it reads the
 * module grid back from an SVG (`<path d="M x,y h…v…h…z…">` squares on a white `<rect>`), then
 * decodes it as a phone would — format information (BCH-checked), the mask, the codewords in their
 * zig-zag, the blocks de-interleaved and every block's Reed–Solomon check recomputed, then the
 * byte-mode segments and the padding. Versions 1–9, error correction L or M: what a link needs.
 * Anything it cannot read exactly throws (no error correction: a clean drawing needs none).
 */

/** [ecc codewords per block, blocks and data codewords per block (group 1), group 2 …] by version. */
const BLOCKS: Record<"L" | "M", number[][]> = {
  L: [
    [7, 1, 19],
    [10, 1, 34],
    [15, 1, 55],
    [20, 1, 80],
    [26, 1, 108],
    [18, 2, 68],
    [20, 2, 78],
    [24, 2, 97],
    [30, 2, 116],
  ],
  M: [
    [10, 1, 16],
    [16, 1, 28],
    [26, 1, 44],
    [18, 2, 32],
    [24, 2, 43],
    [16, 4, 27],
    [18, 4, 31],
    [22, 2, 38, 2, 39],
    [22, 3, 36, 2, 37],
  ],
};
const ALIGNMENT: number[][] = [
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
];
const ECC_FORMAT_BITS: Record<"L" | "M" | "Q" | "H", number> = { L: 1, M: 0, Q: 3, H: 2 };
const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** The dark modules of an SVG drawn as unit squares, as rows of booleans, the quiet zone cut off. */
export function svgModules(svg: string): boolean[][] {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path fill="black" d="([^"]*)"/.exec(svg);
  if (view === null || path === null || !/<rect fill="white"/.test(svg)) throw new Error("not a QR drawing");
  const squares = [...(path[1] ?? "").matchAll(/M(\d+),(\d+)h(\d+)v\1?(\d+)h-(\d+)z/g)];
  const cell = Number(squares[0]?.[3]);
  if (!(cell > 0)) throw new Error("no modules");
  const cells = Number(view[1]) / cell;
  const dark = squares.map((m) => [Number(m[1]) / cell, Number(m[2]) / cell] as const);
  if (dark.some(([x, y]) => !Number.isInteger(x) || !Number.isInteger(y))) throw new Error("off the grid");
  const border = Math.min(...dark.map(([x, y]) => Math.min(x, y)));
  const size = cells - 2 * border;
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [x, y] of dark) {
    const row = grid[y - border];
    if (row === undefined || x - border >= size) throw new Error("a module in the quiet zone");
    row[x - border] = true;
  }
  return grid;
}

function gfMul(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** The Reed–Solomon check codewords of a block (generator over GF(256), root 2). */
function eccOf(data: readonly number[], degree: number): number[] {
  const divisor = Array<number>(degree).fill(0);
  divisor[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      divisor[j] = gfMul(divisor[j] ?? 0, root);
      if (j + 1 < degree) divisor[j] = (divisor[j] ?? 0) ^ (divisor[j + 1] ?? 0);
    }
    root = gfMul(root, 2);
  }
  const result = Array<number>(degree).fill(0);
  for (const b of data) {
    const factor = b ^ (result.shift() ?? 0);
    result.push(0);
    divisor.forEach((coef, i) => {
      result[i] = (result[i] ?? 0) ^ gfMul(coef, factor);
    });
  }
  return result;
}

function formatCode(ecc: "L" | "M" | "Q" | "H", mask: number): number {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** The text a QR code's module grid (without its quiet zone) holds. */
export function decodeQr(grid: readonly (readonly boolean[])[]): string {
  const size = grid.length;
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 9) throw new Error(`size ${size}`);
  const at = (row: number, col: number) => grid[row]?.[col] === true;
  // Format information, first copy, bit by bit as the standard places it.
  let format = 0;
  const place = (bit: number, row: number, col: number) => {
    if (at(row, col)) format |= 1 << bit;
  };
  for (let i = 0; i <= 5; i++) place(i, i, 8);
  place(6, 7, 8);
  place(7, 8, 8);
  place(8, 8, 7);
  for (let i = 9; i < 15; i++) place(i, 8, 14 - i);
  let ecc: "L" | "M" | undefined;
  let mask = -1;
  for (const level of ["L", "M", "Q", "H"] as const)
    for (let m = 0; m < 8; m++)
      if (formatCode(level, m) === format) {
        if (level === "Q" || level === "H") throw new Error(`ecc ${level} not read here`);
        ecc = level;
        mask = m;
      }
  if (ecc === undefined) throw new Error("format information unreadable");

  // Where the function patterns are: never data.
  const fn = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const mark = (row: number, col: number, rows: number, cols: number) => {
    for (let r = row; r < row + rows; r++)
      for (let c = col; c < col + cols; c++) (fn[r] as boolean[])[c] = true;
  };
  mark(0, 0, 9, 9);
  mark(0, size - 8, 9, 8);
  mark(size - 8, 0, 8, 9);
  mark(6, 0, 1, size);
  mark(0, 6, size, 1);
  const centres = ALIGNMENT[version - 1] ?? [];
  const last = centres.length - 1;
  centres.forEach((r, i) => {
    centres.forEach((c, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      mark(r - 2, c - 2, 5, 5);
    });
  });
  if (version >= 7) {
    mark(0, size - 11, 6, 3);
    mark(size - 11, 0, 3, 6);
  }

  const table = BLOCKS[ecc][version - 1] ?? [];
  const [eccPerBlock = 0, ...groups] = table;
  const blockData: number[] = [];
  for (let g = 0; g < groups.length; g += 2)
    for (let b = 0; b < (groups[g] ?? 0); b++) blockData.push(groups[g + 1] ?? 0);
  const total = blockData.reduce((sum, n) => sum + n + eccPerBlock, 0);

  // The codewords in their zig-zag, unmasked.
  const bits: number[] = [];
  const masked = MASKS[mask] as (x: number, y: number) => boolean;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!fn[y]?.[x] && bits.length < total * 8) bits.push(at(y, x) !== masked(x, y) ? 1 : 0);
      }
  }
  const codewords: number[] = [];
  for (let i = 0; i < total; i++)
    codewords.push(bits.slice(i * 8, i * 8 + 8).reduce((byte, bit) => (byte << 1) | bit, 0));

  // De-interleaved: data codewords across the blocks, then their check codewords.
  const blocks = blockData.map(() => [] as number[]);
  let next = 0;
  for (let i = 0; i < Math.max(...blockData); i++)
    blockData.forEach((n, b) => {
      if (i < n) blocks[b]?.push(codewords[next++] ?? -1);
    });
  const checks = blockData.map(() => [] as number[]);
  for (let i = 0; i < eccPerBlock; i++) for (const check of checks) check.push(codewords[next++] ?? -1);
  blocks.forEach((block, b) => {
    if (eccOf(block, eccPerBlock).join() !== checks[b]?.join()) throw new Error(`block ${b} fails its check`);
  });

  // The segments: byte mode only (a URL), an 8-bit count (versions 1–9), then the terminator and padding.
  const data = blocks.flat();
  const stream = data.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (byte >>> i) & 1));
  let pos = 0;
  const read = (n: number) => {
    let value = 0;
    for (let i = 0; i < n; i++) value = (value << 1) | (stream[pos++] ?? 0);
    return value;
  };
  const bytes: number[] = [];
  while (stream.length - pos >= 4) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode !== 0b0100) throw new Error(`mode ${mode} not read here`);
    const count = read(8);
    for (let i = 0; i < count; i++) bytes.push(read(8));
  }
  if (pos > stream.length) throw new Error("data runs past the code");
  pos = Math.ceil(pos / 8) * 8;
  for (let i = 0; pos < stream.length; i++)
    if (read(8) !== (i % 2 === 0 ? 0xec : 0x11)) throw new Error("padding is not the standard's");
  return Buffer.from(bytes).toString("utf8");
}

/** The text of the one QR code drawn in an SVG. */
export const readQrSvg = (svg: string): string => decodeQr(svgModules(svg));
