import { SlackDriver } from "../contract/slack.ts";
import { webSummaryContract } from "../contract/web-summary-contract.ts";

webSummaryContract(() => new SlackDriver());
