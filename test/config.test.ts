import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

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
    });
    expect(listed.slack?.allowedTeams).toEqual(["T0A", "T0B"]);
    expect(listed.teams?.allowedTenants).toEqual(["tenant-a"]);
    expect(listed.warnings).toEqual([]);
    // Development: every organisation, with one warning line per platform that is on.
    const open = loadConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" });
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
    expect(loadConfig({ NODE_ENV: "production" }).warnings).toEqual([]);
  });

  it("reads reminder hours and refuses nonsense with a clear message", () => {
    expect(loadConfig({ POLL_REMINDER_HOURS: "48" }).reminders.beforeDeadlineMs).toBe(48 * 3_600_000);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: "Europe/Atlantis" })).toThrow(/DEFAULT_TIMEZONE/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("runs Teams unauthenticated for local use, authenticated with credentials, never half", () => {
    expect(loadConfig({}).teams).toMatchObject({ appId: "" });
    expect(loadConfig({ NODE_ENV: "production" }).teams).toBeUndefined();
    expect(
      loadConfig({
        NODE_ENV: "production",
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
});
