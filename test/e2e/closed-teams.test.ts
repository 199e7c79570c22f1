import { closedContract } from "../contract/closed-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

closedContract(() => new TeamsDriver());
