import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { createLogger, levelOf, logTo } from "../../src/infra/log.ts";

/** A log writing into an array of parsed records, at `level`. */
function captured(level: Parameters<typeof createLogger>[0]) {
  const records: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  return { records, log: logTo(createLogger(level, stream)) };
}

describe("the log", () => {
  it("writes one JSON record per event: level as a word, ISO time, pid, hostname, event, the fields", () => {
    const { records, log } = captured("info");
    log("outbox.delivered", { id: 7, channel: "slack" });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ level: "info", event: "outbox.delivered", id: 7, channel: "slack" });
    expect(record?.pid).toBe(process.pid);
    expect(typeof record?.hostname).toBe("string");
    expect(new Date(String(record?.time)).toISOString()).toBe(record?.time);
  });

  it("gives each event its level by its name, and LOG_LEVEL drops what is below", () => {
    expect(levelOf("http.error")).toBe("error");
    expect(levelOf("outbox.passFailed")).toBe("error");
    expect(levelOf("config.invalid")).toBe("error");
    expect(levelOf("outbox.failed")).toBe("warn");
    expect(levelOf("slack.command.malformed")).toBe("warn");
    expect(levelOf("config.warning")).toBe("warn");
    expect(levelOf("meeting.convened")).toBe("info");
    expect(levelOf("http.request")).toBe("debug");
    const { records, log } = captured("warn");
    log("meeting.convened", {});
    log("http.request", { route: "/livez", status: 200 });
    log("outbox.failed", { id: 1 });
    log("http.error", { error: "TypeError" });
    expect(records.map((r) => [r.level, r.event])).toEqual([
      ["warn", "outbox.failed"],
      ["error", "http.error"],
    ]);
    const silent = captured("silent");
    silent.log("http.error", { error: "TypeError" });
    expect(silent.records).toEqual([]);
  });

  it("reads LOG_LEVEL (any case; info by default) and refuses a level it does not know", () => {
    expect(loadConfig({}).logLevel).toBe("info");
    expect(loadConfig({ LOG_LEVEL: " Debug " }).logLevel).toBe("debug");
    expect(loadConfig({ LOG_LEVEL: "" }).logLevel).toBe("info");
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(ConfigError);
  });

  it("reads METRICS_TOKEN, refusing one short enough to guess", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    const token = "a".repeat(64);
    expect(loadConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => loadConfig({ METRICS_TOKEN: "secret" })).toThrow(/METRICS_TOKEN: at least 32 characters/);
  });
});
