/**
 * Draws the two Teams app icons (manifest/teams/color.png 192×192 and outline.png 32×32):
 * three people side by side, the équipe. Run once after changing the drawing; the PNGs are
 * committed. `npx tsx scripts/draw-teams-icons.ts`
 */
import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";

type Rgba = [number, number, number, number];
const ACCENT: Rgba = [0x2e, 0x6e, 0x73, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Whether the point (x, y) in a unit square lies on one of the three figures. */
function onFigure(x: number, yRaw: number): boolean {
  // The figures are drawn around y = 0.4; shift them to the middle of the square.
  const y = yRaw - 0.12;
  const figures = [
    { cx: 0.27, head: 0.06, top: 0.42 },
    { cx: 0.5, head: 0.075, top: 0.36 },
    { cx: 0.73, head: 0.06, top: 0.42 },
  ];
  for (const f of figures) {
    const headY = f.top - f.head * 1.6;
    if ((x - f.cx) ** 2 + (y - headY) ** 2 <= f.head ** 2) return true;
    // Shoulders: the upper half of an ellipse below the head.
    const rx = f.head * 2;
    const ry = f.head * 2.4;
    const by = f.top + ry;
    if (y <= by && y >= f.top && ((x - f.cx) / rx) ** 2 + ((y - by) / ry) ** 2 <= 1) return true;
  }
  return false;
}

function draw(size: number, background: Rgba, figure: Rgba, samples: number): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      // Supersampling for smooth edges; the outline keeps pure white and alpha only.
      let hits = 0;
      for (let sy = 0; sy < samples; sy += 1)
        for (let sx = 0; sx < samples; sx += 1)
          if (onFigure((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits += 1;
      const coverage = hits / (samples * samples);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1)
        png.data[i + c] = Math.round(
          background[3] === 0
            ? (figure[c] ?? 0)
            : (background[c] ?? 0) * (1 - coverage) + (figure[c] ?? 0) * coverage,
        );
      png.data[i + 3] = background[3] === 0 ? Math.round(255 * coverage) : 255;
    }
  }
  return png;
}

writeFileSync("manifest/teams/color.png", PNG.sync.write(draw(192, ACCENT, WHITE, 4)));
writeFileSync("manifest/teams/outline.png", PNG.sync.write(draw(32, CLEAR, WHITE, 4)));
