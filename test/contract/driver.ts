import type { Clock } from "../../src/ports/clock.ts";
import type { RunningServer } from "../../src/server.ts";
import type { View } from "../support/display.ts";

/** The people in every contract scenario; each driver maps them onto its platform's user ids. */
export type Cast = "coord" | "edu" | "teacher" | "stranger" | "psy";

/** Each person's name as their platform's directory gives it. */
export const NAMES: Record<Cast, string> = {
  coord: "Carla Coordinatrice",
  edu: "Elena Educatrice",
  teacher: "Tommaso Insegnante",
  stranger: "Sara Sconosciuta",
  psy: "Paola Psicologa",
};

export interface SeenButton {
  label: string;
  actionId: string;
  value: string;
}

/** A message as the person sees it now (after any in-place updates), in neutral terms. */
export interface SeenMessage {
  id: string;
  /** Visible text with markup reduced: no bold markers, mentions as `@name-or-id`. */
  text: string;
  buttons: SeenButton[];
  links: { label: string; url: string }[];
  /** How many times the platform replaced it in place. */
  updates: number;
}

/**
 * What the shared contract suite needs from a chat platform: act as a person (type a command,
 * fill the convene form, click a button) and read what each person and the channel see.
 * Implemented for Slack (signed requests into Bolt, recording Web API) and for Teams (Bot
 * Framework activities into /api/messages, recording Bot Connector).
 */
export interface ChatDriver {
  readonly platform: "slack" | "teams";
  start(clock: Clock): Promise<void>;
  stop(): Promise<void>;
  readonly running: RunningServer;
  /** How a command names a person (Slack `<@U…>`, Teams `<at>Name</at>` with its entity). */
  mention(who: Cast): string;
  /** How texts show the person, after reduction (`@U0EDU`, `@Elena Educatrice`). */
  shownAs(who: Cast): string;
  /** Types a command in the équipe's conversation (the `/equipe` prefix or @mention is the driver's). */
  command(who: Cast, text: string): Promise<void>;
  /** Whether the convene form was shown to this person since the last call. */
  takeOpenedForm(who: Cast): boolean;
  /**
   * Submits the form shown last: `values` over what the form held already (fields a person leaves
   * as they are); the field errors shown back (empty when accepted). Several choices: values joined by commas.
   */
  submitForm(who: Cast, values: Record<string, string>): Promise<Record<string, string>>;
  /**
   * What the form shown last holds in a field now, as the person sees it: after an answer with
   * errors, what they typed (Slack: the modal stays open, answered with `response_action:
   * "errors"`; Teams: the card shown again with its values); undefined once the form is closed.
   * A date-and-time picker's value is given to `submitForm` as the wall clock in the équipe's
   * zone, `2026-12-10 10:00`; each driver hands it over as its platform's picker does.
   */
  formHolds(field: string): string | undefined;
  /** The form shown last: its id and what it carries back (a conversation id or an object id). */
  shownForm(): { id: string; metadata: string };
  /**
   * Submits a form this person was never shown, as a forged request would (Teams card data can
   * be made up by a client; on Slack this is the view submission our own server must still check).
   */
  forgeForm(who: Cast, formId: string, metadata: string, values: Record<string, string>): Promise<void>;
  /** The choices of a select in the form shown last, as the person reads them. */
  formChoices(field: string): { value: string; label: string }[];
  /** Clicks a button as this person. */
  click(who: Cast, button: SeenButton): Promise<void>;
  /** Messages only this person sees (answers to their commands, direct messages), oldest first. */
  privateMessages(who: Cast): SeenMessage[];
  /** Messages in the équipe's conversation, oldest first. */
  channelMessages(): SeenMessage[];
  /**
   * Takes the newest file handed to this person privately, as they would save it (Slack: the
   * file shared in the direct message; Teams: "Allow" on the consent card, then the bytes the
   * bot wrote to their OneDrive).
   */
  receiveFile(who: Cast): Promise<{ name: string; content: string }>;
  /**
   * Every message the bot sent on this platform (each version of an updated one), read the way
   * the platform shows it: visible text, who it notifies, what it links to.
   */
  everySent(): View[];
  /** Who a real mention notifies on this platform, for each person (Slack user id, Teams name). */
  notifies(who: Cast): string;
  /** Waits until every request is handled and the outbox has nothing due. */
  settle(): Promise<void>;

  // ——— places (issue 11): a direct message with the bot, a second conversation ———

  /** Types a command in this person's direct message with the bot (Slack DM, Teams personal chat). */
  direct(who: Cast, text: string): Promise<void>;
  /** Types a command in another conversation of the same workspace (another channel or group chat). */
  commandIn(conversation: Elsewhere, who: Cast, text: string): Promise<void>;
  /** Messages posted in that conversation, oldest first. */
  messagesIn(conversation: Elsewhere): SeenMessage[];

  // ——— added for issue 11 (truth-contract) ———
  /**
   * Stops the server and starts it again on the same database and the same recording platform,
   * with these settings added (e.g. `SMTP_URL`: e-mail comes up); what was recorded is kept.
   */
  restart(env: Record<string, string>): Promise<void>;

  // ——— added for issue 14 (summary-contract): content read where nothing is kept ———
  /**
   * Clicks a button as this person the way the platform does for it, and returns the modal
   * (Slack `views.open`) or dialog (Teams `task/fetch` answered with a card) it opened; undefined
   * when nothing opened (a Teams button that is not a dialog button is a plain click).
   */
  openDialog(who: Cast, button: SeenButton): Promise<SeenDialog | undefined>;
  /**
   * Submits the modal/dialog opened last with these values over what it held: the field errors
   * shown back (empty when it closed).
   */
  submitDialog(who: Cast, values: Record<string, string>): Promise<Record<string, string>>;
}

/** A modal (Slack) or dialog (Teams) as the person sees it: never part of a conversation. */
export interface SeenDialog {
  title: string;
  /** Visible text with markup reduced, as for messages. */
  text: string;
  /** Its inputs: id and, for choices, what can be picked. */
  inputs: { id: string; choices: { value: string; label: string }[] }[];
}

/** Conversations besides the équipe's own, for scenarios that need more than one. */
export type Elsewhere = "second" | "third";

/** The newest of a list of messages; fails the test when there is none. */
export function last(messages: SeenMessage[]): SeenMessage {
  const message = messages.at(-1);
  if (message === undefined) throw new Error("no message");
  return message;
}

/** The values of the `decidi` form asking for stances (no options), as a coordinator fills it. */
export function stancesDecision(question: string, deadline: string, participants: readonly string[]) {
  return {
    question,
    context: "",
    kind: "stances",
    options: "",
    deadline,
    participants: participants.join(","),
    familyReason: "",
  };
}
