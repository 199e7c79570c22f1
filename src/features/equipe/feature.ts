import type { Feature } from "../../core/feature.ts";
import { actions } from "./actions.ts";
import { commands } from "./commands.ts";

/** Setting up an équipe for a case, and who is in it. */
export const equipeFeature: Feature = { name: "equipe", commands, actions, forms: [], jobs: [] };
