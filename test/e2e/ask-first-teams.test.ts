import { askFirstContract } from "../contract/ask-first-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

askFirstContract(() => new TeamsDriver());
