import pino, { type DestinationStream, type Level, type Logger } from "pino";

/** What every caller hands the log: an event name and ids, codes, counts (never people's data). */
export type LogFields = Record<string, string | number | boolean | undefined>;
export type Log = (event: string, fields: LogFields) => void;

/** The levels LOG_LEVEL takes (pino's, plus `silent`). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The level of an event, from its name, so that the many call sites stay `log(event, ids)`:
 * something this server could not do is an error; what was refused, dropped, malformed or retried
 * (a client's or a platform's doing, handled) a warning; one line per request is debug; the rest
 * (what happened) info. Whoever adds an event names it in these words.
 */
const LEVEL_OF: readonly [RegExp, Level][] = [
  [
    /\.(error|invalid)$|^(outbox\.passFailed|job\.tickFailed|page\.failed|qrPage\.failed|caseExport\.failed|summaryEditor\.failed)$/,
    "error",
  ],
  [/(failed|Failed|malformed|undeliverable|expired|held|notServed|Dropped|\.warn|\.warning)$/, "warn"],
  [/^http\.request$/, "debug"],
];

export function levelOf(event: string): Level {
  for (const [pattern, level] of LEVEL_OF) if (pattern.test(event)) return level;
  return "info";
}

/**
 * The process's logger: JSON lines (pino) with `level` as a word, `time` in ISO 8601, `pid`,
 * `hostname` and `event`, then the caller's fields. Callers pass ids and codes only: never names,
 * e-mails, phone numbers, case content, typed text, tokens or URLs (DESIGN.md §4, privacy);
 * test/infra/log-privacy.test.ts drives flows and searches the output for them.
 */
export function createLogger(level: LogLevel = "info", destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The `log(event, fields)` every part of the server is given, writing through `logger`. */
export function logTo(logger: Logger): Log {
  return (event, fields) => {
    const level = levelOf(event);
    if (logger.isLevelEnabled(level)) logger[level]({ event, ...fields });
  };
}

/** JSON lines on stdout at `level`: what the server writes when it is given no log. */
export const jsonLog = (level: LogLevel = "info"): Log => logTo(createLogger(level));

export const silentLog = (): void => {};
