import type { Feature } from "../../core/feature.ts";
import { actions } from "./actions.ts";
import { commands } from "./commands.ts";
import { commands as organisationCommands } from "./organisations/commands.ts";

/** Setting up an équipe for a case, and who is in it. */
export const equipeFeature: Feature = {
  name: "equipe",
  commands: [...commands, ...organisationCommands],
  actions,
  forms: [],
  jobs: [],
};
