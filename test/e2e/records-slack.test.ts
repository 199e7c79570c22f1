import { recordsContract } from "../contract/records-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

recordsContract(() => new SlackDriver());
