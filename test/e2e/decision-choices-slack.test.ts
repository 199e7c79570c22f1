import { decisionChoicesContract } from "../contract/decision-choices-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

decisionChoicesContract(() => new SlackDriver());
