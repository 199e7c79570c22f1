import { decisionChoicesContract } from "../contract/decision-choices-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

decisionChoicesContract(() => new TeamsDriver());
