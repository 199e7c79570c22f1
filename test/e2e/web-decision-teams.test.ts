import { TeamsDriver } from "../contract/teams.ts";
import { webDecisionContract } from "../contract/web-decision-contract.ts";

webDecisionContract(() => new TeamsDriver());
