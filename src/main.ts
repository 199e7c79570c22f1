import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./server.ts";

/** The address and port the server took, as an operator writes them (`127.0.0.1:3000`, `[::]:3000`). */
function listening(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  return family === "IPv6" ? `[${address}]:${port}` : `${address}:${port}`;
}

try {
  const config = loadConfig(process.env);
  const running = await startServer(config);
  const slack = config.slack
    ? `on (${config.slack.appToken ? "Socket Mode" : "HTTP"})`
    : `off (${config.slackOffReason})`;
  const mail = config.mail.smtpUrl ? "on" : "off (no SMTP_URL)";
  console.log(
    `Équipe listening on ${listening(running.server)} (public address ${config.publicBaseUrl}) — Slack: ${slack}; Teams: ${config.teamsNote}; e-mail: ${mail}`,
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
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
