import type { Feature } from "../../core/feature.ts";
import { commands as calendarCommands } from "./calendar/commands.ts";
import { actions as confirmedActions } from "./confirmed/actions.ts";
import { commands as confirmedCommands } from "./confirmed/commands.ts";
import { forms as confirmedForms } from "./confirmed/forms.ts";
import { jobs } from "./jobs.ts";
import { actions as pollActions } from "./poll/actions.ts";
import { commands as pollCommands } from "./poll/commands.ts";
import { convene } from "./poll/forms.ts";

/** Meetings: the time poll, the confirmed meeting, and each member's calendar. */
export const meetingsFeature: Feature = {
  name: "meetings",
  commands: [...pollCommands, ...confirmedCommands, ...calendarCommands],
  actions: [...pollActions, ...confirmedActions],
  forms: [convene, ...confirmedForms],
  jobs,
};
