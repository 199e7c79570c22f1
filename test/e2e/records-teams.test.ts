import { recordsContract } from "../contract/records-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

recordsContract(() => new TeamsDriver());
