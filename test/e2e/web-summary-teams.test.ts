import { TeamsDriver } from "../contract/teams.ts";
import { webSummaryContract } from "../contract/web-summary-contract.ts";

webSummaryContract(() => new TeamsDriver());
