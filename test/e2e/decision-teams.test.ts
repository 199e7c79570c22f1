import { decisionContract } from "../contract/decision-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

decisionContract(() => new TeamsDriver());
