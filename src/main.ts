import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseInUseError } from "./infra/db.ts";
import { startServer } from "./server.ts";

try {
  const config = loadConfig(process.env);
  const running = await startServer(config);
  const slack = config.slack
    ? `on (${config.slack.appToken ? "Socket Mode" : "HTTP"})`
    : `off (${config.slackOffReason})`;
  const mail = config.mail.smtpUrl ? "on" : "off (no SMTP_URL)";
  console.log(
    `Équipe listening on ${config.publicBaseUrl} (port ${config.port}) — Slack: ${slack}; Teams: ${config.teamsNote}; e-mail: ${mail}`,
  );
  for (const warning of config.warnings) console.warn(`Warning: ${warning}`);
  const shutdown = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseInUseError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
