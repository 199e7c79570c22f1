import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** DESIGN.md §1: the core never imports an SDK, Prisma, ical-generator, a scheduler, a mailer, infra or an adapter. */
const FORBIDDEN_IMPORT =
  /from\s+["'](@slack\/|botbuilder|botframework-|@prisma\/|prisma|ical-generator|node-cron|nodemailer|better-sqlite3|pino|prom-client|\.\.\/(\.\.\/)*generated\/|.*\/infra\/|.*adapters\/)/;

/**
 * What a feature must not do: decide how a person is reached. Services say "tell this member";
 * src/core/reach.ts alone looks at a member's chat account, a platform, or an outbox target.
 */
const CHANNEL_CHOICE: [string, RegExp][] = [
  ["a member's chat account", /\bmember\??\.chat\b|\.chat\??\.(platform|userId|workspaceId)\b/],
  ["a platform by name", /["'](slack|teams)["']/],
  ["a comparison on a platform", /\bplatform\s*[!=]==|[!=]==\s*\w*\.?platform\b/],
  ["a member kind", /\bkind\s*[!=]==\s*["'](chat|external|email)["']/],
  ["an outbox target", /\bkind:\s*["'](direct|ephemeral|channel)["']|\btarget:\s*\{/],
  ["the outbox itself", /\.outbox\.|\.enqueue\(/],
];

/** The file names every feature folder (and each sub-concern folder in it) may use; see README "How it is built". */
const VOCABULARY = new Set([
  "feature.ts",
  "commands.ts",
  "actions.ts",
  "forms.ts",
  "jobs.ts",
  "messages.ts",
  "queries.ts",
  "repository.ts",
  "catalogue.ts",
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n");
/** Code, not comments: a doc comment may well name a platform. */
const code = (file: string) => lines(file).filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));

function importOffenders(paths: string[]): string[] {
  return paths.filter((file) => lines(file).some((line) => FORBIDDEN_IMPORT.test(line)));
}

function channelChoices(path: string, source: string[]): string[] {
  return CHANNEL_CHOICE.flatMap(([what, pattern]) =>
    source.some((line) => pattern.test(line)) ? [`${path}: ${what}`] : [],
  );
}

function outsideVocabulary(root: string): string[] {
  const offenders: string[] = [];
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (!statSync(path).isDirectory()) {
      if (entry !== "registry.ts") offenders.push(relative(".", path));
      continue;
    }
    for (const file of files(path)) if (!VOCABULARY.has(basename(file))) offenders.push(relative(".", file));
  }
  return offenders;
}

describe("architecture", () => {
  it.each(["src/domain", "src/content", "src/core", "src/features", "src/ports", "src/i18n"])(
    "%s imports no SDK, database, infra or adapter code",
    (dir) => {
      expect(importOffenders(files(dir))).toEqual([]);
    },
  );

  it("keeps the core below the features: src/core and src/domain import no feature", () => {
    const offenders = [...files("src/core"), ...files("src/domain")].filter((file) =>
      lines(file).some((line) => /from\s+["'][./]*features\//.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ["adapters/slack", /from\s+["']@slack\//],
    ["adapters/teams", /from\s+["'](botbuilder|botframework-)/],
  ])("keeps each SDK inside %s", (home, sdk) => {
    const offenders = [...files("src"), ...files("adapters")].filter(
      (file) => !file.startsWith(home) && sdk.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the adapters apart: none imports another", () => {
    const adapters = readdirSync("adapters");
    const offenders = files("adapters").filter((file) => {
      const own = file.split("/")[1];
      const imported = [...readFileSync(file, "utf8").matchAll(/from\s+["']\.\.\/(\w+)\//g)].map((m) => m[1]);
      return imported.some((folder) => folder !== own && adapters.includes(folder ?? ""));
    });
    expect(offenders).toEqual([]);
  });

  it("lets no feature choose how a person is reached (member kind, platform, outbox target)", () => {
    const offenders = files("src/features").flatMap((file) => channelChoices(file, code(file)));
    expect(offenders).toEqual([]);
  });

  it("keeps every feature folder to the vocabulary of file names", () => {
    expect(outsideVocabulary("src/features")).toEqual([]);
    for (const feature of readdirSync("src/features").filter((e) =>
      statSync(join("src/features", e)).isDirectory(),
    ))
      for (const required of ["feature.ts", "catalogue.ts", "repository.ts"])
        expect(statSync(join("src/features", feature, required)).isFile(), `${feature}/${required}`).toBe(
          true,
        );
  });

  it("would catch each kind of offence (the rules are not vacuous)", () => {
    const samples = [
      'if (member.chat) send({ target: { kind: "direct", ...member.chat } });',
      'if (user.platform === "teams") return;',
      'const who = member.kind === "external" ? member.name : mention(member);',
      "await repos.outbox.enqueue(messages, now);",
    ];
    for (const sample of samples) expect(channelChoices("sample.ts", [sample]), sample).not.toEqual([]);
    expect(FORBIDDEN_IMPORT.test('import { App } from "@slack/bolt";')).toBe(true);
    expect(FORBIDDEN_IMPORT.test('import { x } from "../../../adapters/slack/render.ts";')).toBe(true);
    expect(FORBIDDEN_IMPORT.test('import { PrismaStore } from "../infra/prisma-store.ts";')).toBe(true);
    expect(VOCABULARY.has("helpers.ts")).toBe(false);
  });
});
