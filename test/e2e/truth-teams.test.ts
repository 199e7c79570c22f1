import { TeamsDriver } from "../contract/teams.ts";
import { truthContract } from "../contract/truth-contract.ts";

truthContract(() => new TeamsDriver());
