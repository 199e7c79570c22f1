import { datesContract } from "../contract/dates-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

datesContract(() => new SlackDriver());
