import { decisionContract } from "../contract/decision-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

decisionContract(() => new SlackDriver());
