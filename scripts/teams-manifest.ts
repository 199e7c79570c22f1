import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { AppManifestUtils, type TeamsManifest } from "@microsoft/app-manifest";
import yazl from "yazl";

export const MANIFEST_DIR = "manifest/teams";
export const PACKAGE_PATH = "dist/equipe-teams.zip";
/** The placeholder committed in manifest.json: a real app id comes from the environment. */
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;

export function readManifest(): Json {
  return JSON.parse(readFileSync(join(MANIFEST_DIR, "manifest.json"), "utf8")) as Json;
}

/** The JSON schema the manifest names, from the copy `@microsoft/app-manifest` ships (offline). */
export function schemaFor(manifest: Json): Json {
  const version = String(manifest.manifestVersion);
  const root = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
  const path = join(root, "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json");
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

/** Schema failures, as readable lines; empty when the manifest is valid. */
export async function validateManifest(manifest: Json): Promise<string[]> {
  type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  return AppManifestUtils.validateAgainstSchema(
    manifest as unknown as TeamsManifest,
    schemaFor(manifest) as unknown as Schema,
  );
}

/** The manifest for this deployment: the bot's app id and the public host filled in. */
export function deploymentManifest(env: NodeJS.ProcessEnv): Json {
  const appId = env.MicrosoftAppId?.trim() ?? "";
  if (!GUID.test(appId) || appId === PLACEHOLDER_ID)
    throw new Error(
      "Set MicrosoftAppId to the bot's Microsoft App ID (a GUID, from Azure Bot Service → Configuration).",
    );
  const manifest = readManifest();
  manifest.id = appId;
  const bots = manifest.bots as Json[];
  for (const bot of bots) bot.botId = appId;
  if (env.PUBLIC_BASE_URL) manifest.validDomains = [new URL(env.PUBLIC_BASE_URL).host];
  return manifest;
}

/** Writes the zip an admin uploads to Teams: manifest.json and the two icons at its root. */
export async function writePackage(manifest: Json, path = PACKAGE_PATH): Promise<void> {
  const failures = await validateManifest(manifest);
  if (failures.length > 0) throw new Error(`The Teams manifest is not valid:\n${failures.join("\n")}`);
  mkdirSync(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json");
  const icons = manifest.icons as { color: string; outline: string };
  for (const icon of [icons.color, icons.outline]) zip.addFile(join(MANIFEST_DIR, icon), icon);
  zip.end();
  await new Promise<void>((done, fail) => {
    zip.outputStream.pipe(createWriteStream(path)).on("close", done).on("error", fail);
  });
}

if (process.argv[1]?.endsWith("teams-manifest.ts")) {
  try {
    await writePackage(deploymentManifest(process.env));
    console.log(`Wrote ${PACKAGE_PATH}: upload it in Teams (Apps → Manage your apps → Upload an app).`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
