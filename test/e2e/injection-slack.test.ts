import { injectionContract } from "../contract/injection-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

injectionContract(() => new SlackDriver());
