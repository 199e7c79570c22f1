import type { ServiceDeps } from "../core/deps.ts";
import { Core, Registry } from "../core/dispatch.ts";
import type { UserRefParser } from "../core/feature.ts";
import { casesFeature } from "./cases/feature.ts";
import { decisionsFeature } from "./decisions/feature.ts";
import { equipeFeature } from "./equipe/feature.ts";
import { meetingsFeature } from "./meetings/feature.ts";
import { pagesFeature } from "./pages/feature.ts";
import { summariesFeature } from "./summaries/feature.ts";

/** Every feature, in the order help lists their commands. */
export const registry = new Registry([
  equipeFeature,
  pagesFeature,
  meetingsFeature,
  decisionsFeature,
  summariesFeature,
  casesFeature,
]);

/** The core every channel talks to. */
export const createCore = (deps: ServiceDeps) => new Core(deps, registry);

/** Reads a command as the registry does (tests, and help). */
export const parseCommand = (text: string, refs: UserRefParser) => registry.parse(text, refs);
