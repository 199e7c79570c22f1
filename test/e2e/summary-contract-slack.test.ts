import { SlackDriver } from "../contract/slack.ts";
import { summaryContract } from "../contract/summary-contract.ts";

summaryContract(() => new SlackDriver());
