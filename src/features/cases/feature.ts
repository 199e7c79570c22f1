import type { Feature } from "../../core/feature.ts";
import { actions } from "./actions.ts";
import { commands } from "./commands.ts";

/** A case as a whole (issue 14): exported for the case file or an access request, erased once closed. */
export const casesFeature: Feature = { name: "cases", commands, actions, forms: [], jobs: [] };
