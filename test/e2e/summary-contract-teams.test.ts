import { summaryContract } from "../contract/summary-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

summaryContract(() => new TeamsDriver());
