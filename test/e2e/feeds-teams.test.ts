import { feedsContract } from "../contract/feeds-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

feedsContract(() => new TeamsDriver());
