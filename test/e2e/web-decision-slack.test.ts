import { SlackDriver } from "../contract/slack.ts";
import { webDecisionContract } from "../contract/web-decision-contract.ts";

webDecisionContract(() => new SlackDriver());
