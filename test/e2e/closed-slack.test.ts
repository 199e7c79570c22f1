import { closedContract } from "../contract/closed-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

closedContract(() => new SlackDriver());
