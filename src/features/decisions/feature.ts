import type { Feature } from "../../core/feature.ts";
import { jobs } from "./jobs.ts";
import { commands as openCommands } from "./open/commands.ts";
import { decide } from "./open/forms.ts";
import { actions as outcomeActions } from "./outcome/actions.ts";
import { commands as outcomeCommands } from "./outcome/commands.ts";
import { outcome } from "./outcome/forms.ts";
import { actions as viewpointActions } from "./viewpoints/actions.ts";
import { commands as viewpointCommands } from "./viewpoints/commands.ts";
import { viewpoint } from "./viewpoints/forms.ts";
import { withdrawWithReason } from "./withdraw/forms.ts";

/** Decisions: every viewpoint heard before the équipe decides, and the outcome on record. */
export const decisionsFeature: Feature = {
  name: "decisions",
  commands: [...openCommands, ...viewpointCommands, ...outcomeCommands],
  actions: [...viewpointActions, ...outcomeActions],
  forms: [decide, viewpoint, outcome, withdrawWithReason],
  jobs,
};
