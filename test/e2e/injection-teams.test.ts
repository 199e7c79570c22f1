import { injectionContract } from "../contract/injection-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

injectionContract(() => new TeamsDriver());
