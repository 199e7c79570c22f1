import type { Feature } from "../../core/feature.ts";
import { actions } from "./actions.ts";
import { commands } from "./commands.ts";
import { forms } from "./forms.ts";
import { jobs } from "./jobs.ts";

/**
 * The case summary (issue 14): written in P.I.P.P.I.'s sections, each with its readers;
 * circulated as immutable numbered versions; read where nothing is kept (a modal, a dialog, the
 * member's page); acknowledged, questioned and answered.
 */
export const summariesFeature: Feature = {
  name: "summaries",
  commands,
  actions,
  forms,
  jobs,
};
