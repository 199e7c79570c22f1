import { askFirstContract } from "../contract/ask-first-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

askFirstContract(() => new SlackDriver());
