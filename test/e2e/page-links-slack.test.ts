import { pageLinksContract } from "../contract/page-links-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

pageLinksContract(() => new SlackDriver());
