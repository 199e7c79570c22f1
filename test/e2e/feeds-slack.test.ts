import { feedsContract } from "../contract/feeds-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

feedsContract(() => new SlackDriver());
