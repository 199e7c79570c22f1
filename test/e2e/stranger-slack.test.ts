import { SlackDriver } from "../contract/slack.ts";
import { strangerContract } from "../contract/stranger-contract.ts";

strangerContract(() => new SlackDriver());
