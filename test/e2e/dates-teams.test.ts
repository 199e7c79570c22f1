import { datesContract } from "../contract/dates-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

datesContract(() => new TeamsDriver());
