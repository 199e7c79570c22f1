import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { DATA_KEY_FILE, dataKeyFor } from "../src/infra/data-key.ts";

const KEY = Buffer.alloc(32, 9).toString("base64");

describe("configuration", () => {
  it("runs on embedded defaults with every platform off", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicBaseUrl: "http://localhost:3000",
      databaseUrl: "file:./data/equipe.db",
      slack: undefined,
      defaults: { locale: "it", timezone: "Europe/Rome" },
      reminders: { beforeDeadlineMs: 86_400_000, beforeMeetingMs: 86_400_000 },
      mail: { smtpUrl: undefined, fromAddress: "equipe@localhost" },
    });
    expect(config.slackOffReason).toContain("no SLACK_SIGNING_SECRET");
  });

  it("turns Slack on with both credentials, and says what is missing otherwise", () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }).slack).toMatchObject({
      botToken: "xoxb-1",
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" }).slackOffReason).toContain("half configured");
  });

  it("refuses a half-configured platform in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(ConfigError);
  });

  it("serves only the listed workspaces and tenants; no list is for development only", () => {
    const listed = loadConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_ALLOWED_TEAMS: " T0A, T0B ,,",
      TEAMS_ALLOWED_TENANTS: "tenant-a",
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
    });
    expect(listed.slack?.allowedTeams).toEqual(["T0A", "T0B"]);
    expect(listed.teams?.allowedTenants).toEqual(["tenant-a"]);
    expect(listed.warnings).toEqual([]);
    // Development: every organisation, with one warning line per platform that is on.
    const open = loadConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
    });
    expect(open.slack?.allowedTeams).toBeUndefined();
    expect(open.teams?.allowedTenants).toBeUndefined();
    expect(open.warnings).toEqual([
      expect.stringContaining("Slack serves every organisation: set SLACK_ALLOWED_TEAMS"),
      expect.stringContaining("Teams serves every organisation: set TEAMS_ALLOWED_TENANTS"),
    ]);
    // Production: a platform that is on without its list refuses to start, saying what to set.
    expect(() =>
      loadConfig({ NODE_ENV: "production", SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }),
    ).toThrow(/Slack is on but SLACK_ALLOWED_TEAMS is empty/);
    expect(() =>
      loadConfig({ NODE_ENV: "production", MicrosoftAppId: "app", MicrosoftAppPassword: "secret" }),
    ).toThrow(/Teams is on but TEAMS_ALLOWED_TENANTS is empty/);
    // A platform that is off needs no list.
    expect(loadConfig({ NODE_ENV: "production", EQUIPE_DATA_KEY: KEY }).warnings).toEqual([]);
  });

  it("reads reminder hours and refuses nonsense with a clear message", () => {
    expect(loadConfig({ POLL_REMINDER_HOURS: "48" }).reminders.beforeDeadlineMs).toBe(48 * 3_600_000);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: "Europe/Atlantis" })).toThrow(/DEFAULT_TIMEZONE/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("runs Teams unauthenticated only when asked for outside production, authenticated with credentials, never half", () => {
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true" }).teams).toMatchObject({ appId: "" });
    expect(loadConfig({ NODE_ENV: "development", TEAMS_ALLOW_UNAUTHENTICATED: "true" }).teams).toMatchObject({
      appId: "",
    });
    // Not asked for: off, and the start-up line says how to ask.
    expect(loadConfig({}).teams).toBeUndefined();
    expect(loadConfig({}).teamsNote).toContain("TEAMS_ALLOW_UNAUTHENTICATED=true");
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "false" }).teams).toBeUndefined();
    expect(() => loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "yes" })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED/);
    expect(loadConfig({ NODE_ENV: "production", EQUIPE_DATA_KEY: KEY }).teams).toBeUndefined();
    expect(
      loadConfig({
        NODE_ENV: "production",
        EQUIPE_DATA_KEY: KEY,
        MicrosoftAppId: "app",
        MicrosoftAppPassword: "secret",
        TEAMS_ALLOWED_TENANTS: "tenant-a",
      }).teams,
    ).toMatchObject({ appId: "app", appPassword: "secret", appType: "MultiTenant" });
    expect(loadConfig({ MicrosoftAppId: "app" }).teamsNote).toContain("without MicrosoftAppPassword");
    expect(() => loadConfig({ NODE_ENV: "production", MicrosoftAppId: "app" })).toThrow(
      /Teams is half configured: MicrosoftAppId is set without MicrosoftAppPassword/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        MicrosoftAppId: "app",
        MicrosoftAppPassword: "secret",
        MicrosoftAppType: "SingleTenant",
      }),
    ).toThrow(/MicrosoftAppTenantId/);
    expect(() => loadConfig({ NODE_ENV: "production", MicrosoftAppPassword: "secret" })).toThrow(ConfigError);
  });

  it("takes any NODE_ENV but exactly `development` or `test` for production: a misspelling never opens Teams", () => {
    for (const spelt of [
      "production",
      "Production",
      "PRODUCTION",
      "prod",
      "staging",
      "Development",
      "dev",
      "TEST",
    ]) {
      const env = { NODE_ENV: spelt, EQUIPE_DATA_KEY: KEY };
      expect(loadConfig(env).production, spelt).toBe(true);
      // No app id: Teams is off, and asking for the unauthenticated mode refuses to start.
      expect(loadConfig(env).teams, spelt).toBeUndefined();
      expect(() => loadConfig({ ...env, TEAMS_ALLOW_UNAUTHENTICATED: "true" }), spelt).toThrow(
        /TEAMS_ALLOW_UNAUTHENTICATED=true is for local use only/,
      );
    }
    for (const local of [undefined, "development", "test", " test "]) {
      const env = { NODE_ENV: local, TEAMS_ALLOW_UNAUTHENTICATED: "true" };
      expect(loadConfig(env).production, local).toBe(false);
      expect(loadConfig(env).teams, local).toMatchObject({ appId: "" });
    }
  });

  it("listens on loopback unless HOST says where", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: " 0.0.0.0 " }).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "::" }).host).toBe("::");
    expect(loadConfig({ HOST: "" }).host).toBe("127.0.0.1");
    expect(() => loadConfig({ HOST: "http://example.org" })).toThrow(/HOST/);
  });

  it("asks 10 steps of niceness for the front thread unless FRONT_THREAD_PRECEDENCE says how many, 0 to 20", () => {
    expect(loadConfig({}).frontThreadPrecedence).toBe(10);
    expect(loadConfig({ FRONT_THREAD_PRECEDENCE: "" }).frontThreadPrecedence).toBe(10);
    expect(loadConfig({ FRONT_THREAD_PRECEDENCE: " 0 " }).frontThreadPrecedence).toBe(0);
    expect(loadConfig({ FRONT_THREAD_PRECEDENCE: "20" }).frontThreadPrecedence).toBe(20);
    for (const wrong of ["21", "-1", "2.5", "ten", "1e3"])
      expect(() => loadConfig({ FRONT_THREAD_PRECEDENCE: wrong }), wrong).toThrow(
        /FRONT_THREAD_PRECEDENCE: a whole number from 0 to 20/,
      );
  });

  it("reads EQUIPE_DATA_KEY (32 bytes in base64), refuses a malformed one always and a missing one in production", () => {
    expect(loadConfig({}).dataKey).toBeUndefined();
    expect(loadConfig({ EQUIPE_DATA_KEY: KEY }).dataKey).toEqual(Buffer.alloc(32, 9));
    expect(loadConfig({ EQUIPE_DATA_KEY: Buffer.alloc(32, 9).toString("base64url") }).dataKey).toEqual(
      Buffer.alloc(32, 9),
    );
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), `${KEY}AAAA`, "é".repeat(44)])
      expect(() => loadConfig({ EQUIPE_DATA_KEY: bad })).toThrow(
        /^EQUIPE_DATA_KEY is malformed: .*openssl rand -base64 32/,
      );
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
      /^EQUIPE_DATA_KEY is required in production/,
    );
    expect(() => loadConfig({ NODE_ENV: "production", EQUIPE_DATA_KEY: "nope" })).toThrow(/malformed/);
    expect(loadConfig({ NODE_ENV: "production", EQUIPE_DATA_KEY: KEY }).production).toBe(true);
  });

  it("makes a development data key once, next to the database, readable by its owner only", () => {
    const dir = mkdtempSync(join(tmpdir(), "equipe-key-"));
    try {
      const config = { dataKey: undefined, databaseUrl: `file:${join(dir, "equipe.db")}` };
      const first = dataKeyFor(config);
      expect(first.key).toHaveLength(32);
      expect(first.createdAt).toBe(join(dir, DATA_KEY_FILE));
      expect(statSync(join(dir, DATA_KEY_FILE)).mode & 0o777).toBe(0o600);
      // A restart finds the same key; nothing else is left in the folder.
      const again = dataKeyFor(config);
      expect(again.key).toEqual(first.key);
      expect(again.createdAt).toBeUndefined();
      expect(readFileSync(join(dir, DATA_KEY_FILE), "utf8").trim()).toBe(first.key.toString("base64"));
      expect(readdirSync(dir)).toEqual([DATA_KEY_FILE]);
      // The environment's key wins; a damaged file is a clear error, not a silent new key.
      expect(dataKeyFor({ ...config, dataKey: Buffer.alloc(32, 1) }).key).toEqual(Buffer.alloc(32, 1));
      rmSync(join(dir, DATA_KEY_FILE));
      writeFileSync(join(dir, DATA_KEY_FILE), "garbage");
      expect(() => dataKeyFor(config)).toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
