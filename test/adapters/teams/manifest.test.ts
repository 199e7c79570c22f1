import { readFileSync, rmSync } from "node:fs";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  deploymentManifest,
  readManifest,
  validateManifest,
  writePackage,
} from "../../../scripts/teams-manifest.ts";

/** File names in a zip, read from its central directory (signature PK\x01\x02). */
function zipEntries(zip: Buffer): string[] {
  const names: string[] = [];
  for (
    let at = zip.indexOf("PK\x01\x02", 0, "latin1");
    at >= 0;
    at = zip.indexOf("PK\x01\x02", at + 4, "latin1")
  ) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString("utf8"));
  }
  return names;
}

const APP_ID = "3f1c2b7a-9d4e-4c1b-8a6f-2e5d7c9b0a11";

describe("Teams app manifest", () => {
  it("is valid against the JSON schema of its manifest version, offline", async () => {
    expect(await validateManifest(readManifest())).toEqual([]);
  });

  it("the validation catches a broken manifest", async () => {
    const broken = { ...readManifest(), accentColor: "teal", name: { short: "" } };
    expect((await validateManifest(broken)).length).toBeGreaterThan(0);
  });

  it("has a 192×192 colour icon and a 32×32 outline that is white on transparent", () => {
    const color = PNG.sync.read(readFileSync("manifest/teams/color.png"));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(readFileSync("manifest/teams/outline.png"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent += 1;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(outline.width * outline.height * 0.5);
  });

  it("fills in the deployment's app id and host, and refuses without an app id", () => {
    const manifest = deploymentManifest({
      MicrosoftAppId: APP_ID,
      PUBLIC_BASE_URL: "https://equipe.comune.example",
    });
    expect(manifest.id).toBe(APP_ID);
    expect((manifest.bots as { botId: string }[])[0]?.botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(["equipe.comune.example"]);
    expect(() => deploymentManifest({})).toThrow(/MicrosoftAppId/);
  });

  it("packages manifest.json and both icons at the root of the zip an admin uploads", async () => {
    const path = ".tmp/teams-test.zip";
    rmSync(path, { force: true });
    await writePackage(deploymentManifest({ MicrosoftAppId: APP_ID }), path);
    expect(zipEntries(readFileSync(path)).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
  });
});
