import type { AddressInfo } from "node:net";
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseInUseError } from "./infra/db.ts";
import { jsonLog } from "./infra/log.ts";
import { startServer } from "./server.ts";

/**
 * Logs are JSON lines on stdout (for the log collector); a person at a terminal also reads the
 * start line and the configuration's problems in words, on stderr.
 */
const human = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
};

/** The address and port the server took, as an operator writes them (`127.0.0.1:3000`, `[::]:3000`). */
function listening(address: AddressInfo): string {
  const { address: host, family, port } = address;
  return family === "IPv6" ? `[${host}]:${port}` : `${host}:${port}`;
}

try {
  const config = loadConfig(process.env);
  const log = jsonLog(config.logLevel);
  const running = await startServer(config, { log });
  const slack = config.slack
    ? `on (${config.slack.appToken ? "Socket Mode" : "HTTP"})`
    : `off (${config.slackOffReason})`;
  const mail = config.mail.smtpUrl ? "on" : "off (no SMTP_URL)";
  log("server.started", {
    address: listening(running.address),
    port: config.port,
    slack,
    teams: config.teamsNote,
    email: mail,
    metrics: config.metricsToken !== undefined,
  });
  human(
    `Équipe listening on ${listening(running.address)} (public address ${config.publicBaseUrl}) — Slack: ${slack}; Teams: ${config.teamsNote}; e-mail: ${mail}`,
  );
  for (const warning of config.warnings) {
    log("config.warning", { detail: warning });
    human(`Warning: ${warning}`);
  }
  // The first signal stops after the drain (SHUTDOWN_DRAIN_MS, `/readyz` saying 503 meanwhile);
  // a second one ends the drain at once; a third stops the process where it is (work already
  // acknowledged and not yet done is lost then, as with kill -9: the log says so).
  let signals = 0;
  const shutdown = () => {
    signals += 1;
    if (signals >= 3) {
      log("server.stopped.forced", {});
      human("Stopped without waiting for the work under way.");
      process.exit(1);
    }
    log("server.stopping", { drainMs: config.shutdownDrainMs });
    running.close().then(
      // A stop already under way for a failure (the front thread's) keeps its exit code.
      () => process.exit(process.exitCode ?? 0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseInUseError) {
    jsonLog()(error instanceof ConfigError ? "config.invalid" : "database.inUse.error", {
      detail: error.message,
    });
    human(error.message);
    process.exit(2);
  }
  throw error;
}
