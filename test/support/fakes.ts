import type { ServiceDeps } from "../../src/core/deps.ts";
import { capabilityLinks } from "../../src/core/links.ts";
import type { Request } from "../../src/core/request.ts";
import type { Locale } from "../../src/i18n/catalogue.ts";
import { IcalCalendar } from "../../src/infra/ical-calendar.ts";
import type { ChannelName } from "../../src/ports/channel.ts";
import type { Clock } from "../../src/ports/clock.ts";
import type { Store } from "../../src/ports/store.ts";

export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = at;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface LogLine {
  event: string;
  fields: Record<string, string | number | boolean | undefined>;
}

/** Every channel on, as a fully configured server has them; a test may say otherwise. */
export const ALL_CHANNELS: ReadonlySet<ChannelName> = new Set(["slack", "teams", "email"]);

export function makeDeps(
  store: Store,
  clock: Clock,
  lines: LogLine[] = [],
  channels: ReadonlySet<ChannelName> = ALL_CHANNELS,
): ServiceDeps {
  return {
    store,
    clock,
    channels,
    calendar: new IcalCalendar({ name: "Équipe", email: "equipe@example.org" }),
    publicBaseUrl: "https://equipe.example.org",
    links: capabilityLinks(Buffer.alloc(32, 7), "https://equipe.example.org"),
    defaults: { timezone: "Europe/Rome", locale: "it" },
    reminders: { beforeDeadlineMs: 24 * 3_600_000, beforeMeetingMs: 24 * 3_600_000 },
    log: (event, fields) => {
      lines.push({ event, fields });
    },
  };
}

/**
 * The convene form a coordinator submits in tests on the fake clock's 23 November 2026: two
 * times in early December, answers until 1 December.
 */
export const TWO_TIMES_FORM = {
  purpose: "t1",
  duration: "60",
  slots: "2026-12-03 15:00\n2026-12-04 15:00",
  deadline: "2026-12-01 12:00",
  location: "",
};

export const WORKSPACE = "T0EQUIPE";
export const CHANNEL = "C0EQUIPE";

let delivery = 0;
/** A request from a Slack user, typed in the équipe's channel (or the one given). */
export function slackCtx(userId: string, options: { locale?: Locale; channelId?: string } = {}): Request {
  delivery += 1;
  return {
    actor: {
      kind: "chat",
      user: { platform: "slack", workspaceId: WORKSPACE, userId },
      locale: options.locale,
    },
    place: {
      kind: "conversation",
      channel: { platform: "slack", workspaceId: WORKSPACE, channelId: options.channelId ?? CHANNEL },
    },
    deliveryKey: `test:${delivery}`,
  };
}
