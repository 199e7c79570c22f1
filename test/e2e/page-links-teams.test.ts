import { pageLinksContract } from "../contract/page-links-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

pageLinksContract(() => new TeamsDriver());
