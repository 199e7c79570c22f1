import type { Locale } from "../i18n/locale.ts";
import type { CalendarPort } from "../ports/calendar.ts";
import type { ChannelName } from "../ports/channel.ts";
import type { Clock } from "../ports/clock.ts";
import type { Store } from "../ports/store.ts";
import type { CapabilityLinks } from "./links.ts";

/** What every use case may use: ports only, never an SDK or the database client. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  calendar: CalendarPort;
  /**
   * The channels that work on this server now (a platform or e-mail whose configuration is
   * absent is off): what a report of sending may call "on its way"; messages for the others are
   * kept until they work.
   */
  channels: ReadonlySet<ChannelName>;
  /** Where people open links (calendar feeds and files, later the family's pages). */
  publicBaseUrl: string;
  /** Capability links that can be shown again (derived from EQUIPE_DATA_KEY, stored hashed). */
  links: CapabilityLinks;
  defaults: { timezone: string; locale: Locale };
  /** How long before a deadline, and before a meeting, reminders go out. */
  reminders: { beforeDeadlineMs: number; beforeMeetingMs: number };
  /** Ids-only structured log line. */
  log: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}
