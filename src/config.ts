import { isIP } from "node:net";
import { z } from "zod";
import { LOCALES } from "./i18n/catalogue.ts";
import { databaseKind } from "./infra/database-url.ts";
import { LOG_LEVELS, type LogLevel } from "./infra/log.ts";

/** Reminders go out a day ahead by default (issue #2); a week is the most that still reads as a reminder. */
const DEFAULT_REMINDER_HOURS = 24;
const MAX_REMINDER_HOURS = 7 * 24;
const HOUR_MS = 60 * 60_000;

/** The port Slack and Teams documentation use for local bots; overridden by PORT. */
const DEFAULT_PORT = 3000;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A comma-separated list of ids (`T0123,T0456`): blanks dropped; empty means no list. */
const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== ""),
  );

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A bearer token nobody guesses: 32 characters at least (`openssl rand -hex 32` writes 64). */
const MIN_METRICS_TOKEN = 32;
const METRICS_TOKEN_HELP = `at least ${MIN_METRICS_TOKEN} characters, for instance the output of \`openssl rand -hex 32\``;

/** Loopback: reachable from this machine only, until the operator says where else to listen. */
const DEFAULT_HOST = "127.0.0.1";

/**
 * The NODE_ENV values that mean "not production", exactly as written (case-sensitive): anything
 * else that is set — `production`, `Production`, `prod`, `staging`, a typo — is production, so that
 * a misspelling can only ever make the service stricter. Unset: a local checkout (`npm start`).
 */
const NOT_PRODUCTION = ["development", "test"];

/**
 * How long a stopping server keeps serving while `/readyz` says it is shutting down, in production
 * unless SHUTDOWN_DRAIN_MS says otherwise: a load balancer probing every few seconds sees the 503
 * and stops sending new requests before the server closes. No wait elsewhere (tests, a laptop).
 */
const PRODUCTION_DRAIN_MS = 5_000;
/** The longest drain: well inside the 30 s an orchestrator usually gives before it kills. */
const MAX_DRAIN_MS = 25_000;
/** Steps of niceness the front thread asks for above the rest of the process (front-precedence.ts). */
const DEFAULT_FRONT_THREAD_PRECEDENCE = 10;

export const envSchema = z.object({
  NODE_ENV: optionalText,
  PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  /** Milliseconds a stopping server keeps serving with `/readyz` at 503 (see PRODUCTION_DRAIN_MS). */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(MAX_DRAIN_MS).optional(),
  /**
   * How many steps of niceness the front thread asks for above the process, where the system
   * allows it (src/http/front-precedence.ts); 0 leaves it as it is.
   */
  FRONT_THREAD_PRECEDENCE: optionalText.pipe(
    z.coerce
      .number<string | undefined>({ message: "a whole number from 0 to 20" })
      .int("a whole number from 0 to 20")
      .min(0, "a whole number from 0 to 20 (0: no precedence)")
      .max(20, "a whole number from 0 to 20")
      .default(DEFAULT_FRONT_THREAD_PRECEDENCE),
  ),
  /** The address the HTTP server listens on (an IP address or a host name); loopback by default. */
  HOST: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9.:%_-]+$/, "an IP address or a host name, e.g. 0.0.0.0 or ::")
      .default(DEFAULT_HOST),
  ),
  PUBLIC_BASE_URL: optionalText.pipe(z.url().optional()),
  /** SQLite (`file:…`, one process) or PostgreSQL (`postgresql://…`, one or many replicas). */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file:|postgres(ql)?:\/\/)/i, "must be file:<path> (SQLite) or postgresql://… (PostgreSQL)")
    .default("file:./data/equipe.db"),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  /** The Slack workspaces (team ids) the bot serves; empty: every workspace (never in production). */
  SLACK_ALLOWED_TEAMS: idList,
  // Bot Framework's own variable names (Azure Bot Service writes them so).
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  MicrosoftAppTenantId: optionalText,
  /** The Microsoft 365 tenants the bot serves; empty: every tenant (never in production). */
  TEAMS_ALLOWED_TENANTS: idList,
  /**
   * `true`: without MicrosoftAppId, Teams' endpoint runs in the Bot Framework's unauthenticated
   * mode (the Emulator, local tests). Only ever by this explicit setting, and never in production.
   */
  TEAMS_ALLOW_UNAUTHENTICATED: optionalText.pipe(z.enum(["true", "false"]).optional()),
  SMTP_URL: optionalText.pipe(z.url().optional()),
  MAIL_FROM: z.string().trim().default("Équipe <equipe@localhost>"),
  POLL_REMINDER_HOURS: z.coerce.number().min(1).max(MAX_REMINDER_HOURS).default(DEFAULT_REMINDER_HOURS),
  MEETING_REMINDER_HOURS: z.coerce.number().min(1).max(MAX_REMINDER_HOURS).default(DEFAULT_REMINDER_HOURS),
  DEFAULT_LOCALE: z.enum(LOCALES).default("it"),
  DEFAULT_TIMEZONE: z.string().trim().refine(isTimeZone, "not an IANA time zone").default("Europe/Rome"),
  EQUIPE_DATA_KEY: optionalText,
  /** Earlier data keys, comma-separated, while a rotation is under way (`npm run rekey`). */
  EQUIPE_DATA_KEYS_PREVIOUS: optionalText,
  /** Which reverse proxies' `X-Forwarded-For` to believe (see `readTrustProxy`); off by default. */
  TRUST_PROXY: optionalText,
  /** The log lines' least level (pino's words); `info` by default. */
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : undefined),
    z.enum(LOG_LEVELS).default("info"),
  ),
  /** The Bearer token `/metrics` asks for; absent, `/metrics` is not served (README, Operations). */
  METRICS_TOKEN: optionalText.pipe(z.string().min(MIN_METRICS_TOKEN, METRICS_TOKEN_HELP).optional()),
});

/**
 * Whom Fastify believes about the client's address (its `trustProxy`): nobody (the default: the
 * socket's address, which a client cannot forge); `true` (every hop: only for a server that
 * nothing but the proxy can reach); a number of hops counted from the socket; or the proxies'
 * addresses and networks, comma-separated (`10.0.0.1, 192.168.0.0/16`). Wrong values are refused
 * at start rather than guessed at: trusting the wrong hop lets a client choose its own address.
 */
export type TrustProxy = boolean | number | readonly string[];

/** More hops than any real chain of proxies: a bigger number is surely a mistake. */
const MAX_PROXY_HOPS = 10;
const TRUST_PROXY_HELP =
  "`true`, a number of proxy hops (1 to 10), or the proxies' addresses or networks separated by commas (10.0.0.1, 192.168.0.0/16)";

/** One address (IPv4 or IPv6) or a network in CIDR form, as Fastify's `trustProxy` takes them. */
function isAddressOrNetwork(value: string): boolean {
  const [address = "", prefix, ...more] = value.split("/");
  const family = isIP(address);
  if (family === 0 || more.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^[0-9]{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export function readTrustProxy(value: string | undefined): TrustProxy | undefined {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === "false" || lower === "0") return false;
  if (lower === "true") return true;
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_PROXY_HOPS ? hops : undefined;
  }
  const list = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return list.length > 0 && list.every(isAddressOrNetwork) ? list : undefined;
}

/** The data key is 32 bytes; `openssl rand -base64 32` writes one. */
export const DATA_KEY_BYTES = 32;
const DATA_KEY_HELP = "32 random bytes in base64, for instance the output of `openssl rand -base64 32`";

/** A data key as written in the environment or its file (base64 or base64url), or undefined when it is not 32 bytes. */
export function parseDataKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === DATA_KEY_BYTES ? key : undefined;
}

/**
 * EQUIPE_DATA_KEYS_PREVIOUS: data keys in the format of EQUIPE_DATA_KEY, separated by commas
 * (blanks ignored). A malformed one is refused, saying which (by position: never echoed).
 */
export function readPreviousDataKeys(value: string | undefined): Buffer[] {
  const items = (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.map((item, index) => {
    const key = parseDataKey(item);
    if (key === undefined)
      throw new ConfigError(
        `EQUIPE_DATA_KEYS_PREVIOUS is malformed: key ${index + 1} of ${items.length} must be ${DATA_KEY_HELP} (the keys separated by commas).`,
      );
    return key;
  });
}

export interface Config {
  production: boolean;
  port: number;
  /** Where the HTTP server listens (HOST); loopback unless told otherwise. */
  host: string;
  publicBaseUrl: string;
  databaseUrl: string;
  slack:
    | {
        signingSecret: string;
        botToken: string;
        appToken: string | undefined;
        apiUrl: string | undefined;
        /** The workspaces served; undefined: every one (development only, with a warning). */
        allowedTeams: readonly string[] | undefined;
      }
    | undefined;
  /** Why Slack is off, for the start-up line; undefined when it is on. */
  slackOffReason: string | undefined;
  /** Teams: with an empty appId, the Bot Framework's unauthenticated mode (never in production). */
  teams:
    | {
        appId: string;
        appPassword: string | undefined;
        appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
        tenantId: string | undefined;
        /** The tenants served; undefined: every one (development only, with a warning). */
        allowedTenants: readonly string[] | undefined;
      }
    | undefined;
  /** Start-up warnings (a platform that serves every organisation), one line each. */
  warnings: string[];
  /** Why Teams is off or how it runs, for the start-up line. */
  teamsNote: string;
  defaults: { locale: (typeof LOCALES)[number]; timezone: string };
  /** E-mail to external members; off without SMTP_URL. */
  mail: { smtpUrl: string | undefined; from: string; fromAddress: string; fromName: string };
  reminders: { beforeDeadlineMs: number; beforeMeetingMs: number };
  /**
   * EQUIPE_DATA_KEY, decoded. Required in production; elsewhere, when absent, one is made at the
   * first start and kept next to the database (src/infra/data-key.ts).
   */
  dataKey: Buffer | undefined;
  /**
   * EQUIPE_DATA_KEYS_PREVIOUS, decoded: data keys of before a rotation. Rows sealed with them are
   * still read; `npm run rekey` re-seals them with the current key.
   */
  previousDataKeys: Buffer[];
  /** TRUST_PROXY: whose `X-Forwarded-For` names the client (the bad-link limit counts per client). */
  trustProxy: TrustProxy;
  /** LOG_LEVEL. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: `/metrics` answers only a request bearing it; undefined: not served. */
  metricsToken: string | undefined;
  /** SHUTDOWN_DRAIN_MS: how long a stop keeps serving, `/readyz` saying 503, before it closes. */
  shutdownDrainMs: number;
  /** FRONT_THREAD_PRECEDENCE: steps of niceness the front thread asks for above the process; 0: none. */
  frontThreadPrecedence: number;
}

/** `Équipe <equipe@comune.example>` → name and address (the calendar ORGANIZER). */
function splitAddress(from: string): { fromAddress: string; fromName: string } {
  const match = /^(.*)<([^>]+)>\s*$/.exec(from);
  if (match) return { fromName: (match[1] ?? "").trim() || "Équipe", fromAddress: (match[2] ?? "").trim() };
  return { fromName: "Équipe", fromAddress: from.trim() };
}

/**
 * Which organisations a platform serves: the operator's list; without one, every organisation —
 * tolerated while developing (with a warning), refused in production, where a case code could
 * otherwise be claimed or probed from any workspace or tenant in the world.
 */
function allowList(
  list: string[],
  variable: string,
  platform: string,
  production: boolean,
  warnings: string[],
): readonly string[] | undefined {
  if (list.length > 0) return list;
  if (production)
    throw new ConfigError(
      `${platform} is on but ${variable} is empty: list the ${platform === "Slack" ? "workspace (team) ids" : "tenant ids"} the bot serves, separated by commas.`,
    );
  warnings.push(`${platform} serves every organisation: set ${variable} before going to production.`);
  return undefined;
}

function teamsConfig(
  e: z.infer<typeof envSchema>,
  production: boolean,
  warnings: string[],
): Pick<Config, "teams" | "teamsNote"> {
  const { MicrosoftAppId: appId, MicrosoftAppPassword: appPassword, MicrosoftAppType: appType } = e;
  const tenantId = e.MicrosoftAppTenantId;
  const allowed = () =>
    allowList(e.TEAMS_ALLOWED_TENANTS, "TEAMS_ALLOWED_TENANTS", "Teams", production, warnings);
  if (appId === undefined && appPassword === undefined) {
    const unauthenticated = e.TEAMS_ALLOW_UNAUTHENTICATED === "true";
    if (unauthenticated && production)
      throw new ConfigError(
        `TEAMS_ALLOW_UNAUTHENTICATED=true is for local use only, and NODE_ENV ${e.NODE_ENV === undefined ? "" : `"${e.NODE_ENV}" `}counts as production (only "development" and "test" do not): set MicrosoftAppId and MicrosoftAppPassword instead.`,
      );
    if (!unauthenticated)
      return {
        teams: undefined,
        teamsNote: production
          ? "off (no MicrosoftAppId)"
          : "off (no MicrosoftAppId; TEAMS_ALLOW_UNAUTHENTICATED=true for the Bot Framework Emulator)",
      };
    return {
      teams: { appId: "", appPassword: undefined, appType, tenantId, allowedTenants: allowed() },
      teamsNote: "on, unauthenticated (local use: TEAMS_ALLOW_UNAUTHENTICATED=true, no MicrosoftAppId)",
    };
  }
  let problem: string | undefined;
  if (appId === undefined) problem = "MicrosoftAppPassword is set without MicrosoftAppId";
  else if (appType !== "UserAssignedMSI" && appPassword === undefined)
    problem = "MicrosoftAppId is set without MicrosoftAppPassword";
  else if (appType !== "MultiTenant" && tenantId === undefined)
    problem = `MicrosoftAppType ${appType} needs MicrosoftAppTenantId`;
  if (problem !== undefined || appId === undefined) {
    const reason = problem ?? "MicrosoftAppId missing";
    if (production) throw new ConfigError(`Teams is half configured: ${reason}.`);
    return { teams: undefined, teamsNote: `off (half configured: ${reason})` };
  }
  return { teams: { appId, appPassword, appType, tenantId, allowedTenants: allowed() }, teamsNote: "on" };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV !== undefined && !NOT_PRODUCTION.includes(e.NODE_ENV);
  const warnings: string[] = [];
  const slackSet = [e.SLACK_SIGNING_SECRET, e.SLACK_BOT_TOKEN].filter((value) => value !== undefined).length;
  let slack: Config["slack"];
  let slackOffReason: string | undefined;
  if (
    e.SLACK_BOT_TOKEN !== undefined &&
    (e.SLACK_SIGNING_SECRET !== undefined || e.SLACK_APP_TOKEN !== undefined)
  ) {
    slack = {
      signingSecret: e.SLACK_SIGNING_SECRET ?? "",
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      allowedTeams: allowList(e.SLACK_ALLOWED_TEAMS, "SLACK_ALLOWED_TEAMS", "Slack", production, warnings),
    };
  } else if (slackSet === 0 && e.SLACK_APP_TOKEN === undefined) {
    slackOffReason = "no SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN";
  } else {
    slackOffReason =
      "half configured: set both SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) and SLACK_BOT_TOKEN";
    if (production) throw new ConfigError(`Slack is ${slackOffReason}.`);
  }
  const { teams, teamsNote } = teamsConfig(e, production, warnings);
  const dataKey = e.EQUIPE_DATA_KEY === undefined ? undefined : parseDataKey(e.EQUIPE_DATA_KEY);
  if (e.EQUIPE_DATA_KEY !== undefined && dataKey === undefined)
    throw new ConfigError(`EQUIPE_DATA_KEY is malformed: it must be ${DATA_KEY_HELP}.`);
  if (production && dataKey === undefined)
    throw new ConfigError(`EQUIPE_DATA_KEY is required in production: ${DATA_KEY_HELP}.`);
  // A key made on first start lives next to a SQLite file; replicas on one PostgreSQL database
  // must all be given the same key.
  if (databaseKind(e.DATABASE_URL) === "postgresql" && dataKey === undefined)
    throw new ConfigError(
      `EQUIPE_DATA_KEY is required with a PostgreSQL DATABASE_URL (every replica needs the same key): ${DATA_KEY_HELP}.`,
    );
  const previousDataKeys = readPreviousDataKeys(e.EQUIPE_DATA_KEYS_PREVIOUS);
  const trustProxy = readTrustProxy(e.TRUST_PROXY);
  if (trustProxy === undefined)
    throw new ConfigError(`TRUST_PROXY is malformed: it must be ${TRUST_PROXY_HELP}, or false.`);
  return {
    production,
    warnings,
    teams,
    teamsNote,
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    databaseUrl: e.DATABASE_URL,
    slack,
    slackOffReason,
    defaults: { locale: e.DEFAULT_LOCALE, timezone: e.DEFAULT_TIMEZONE },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, ...splitAddress(e.MAIL_FROM) },
    reminders: {
      beforeDeadlineMs: e.POLL_REMINDER_HOURS * HOUR_MS,
      beforeMeetingMs: e.MEETING_REMINDER_HOURS * HOUR_MS,
    },
    dataKey,
    previousDataKeys,
    trustProxy,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? (production ? PRODUCTION_DRAIN_MS : 0),
    frontThreadPrecedence: e.FRONT_THREAD_PRECEDENCE,
  };
}
