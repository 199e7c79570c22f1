import { strangerContract } from "../contract/stranger-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

strangerContract(() => new TeamsDriver());
