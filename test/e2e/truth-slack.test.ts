import { SlackDriver } from "../contract/slack.ts";
import { truthContract } from "../contract/truth-contract.ts";

truthContract(() => new SlackDriver());
