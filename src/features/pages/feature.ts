import type { Feature } from "../../core/feature.ts";
import { commands } from "./commands.ts";

/** Personal pages for the members outside chat (issue 13): their links, shown, sent, renewed, revoked. */
export const pagesFeature: Feature = {
  name: "pages",
  commands,
  actions: [],
  forms: [],
  jobs: [],
};
