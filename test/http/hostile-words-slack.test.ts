import { hostileWordsContract } from "../contract/hostile-words-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

hostileWordsContract(() => new SlackDriver());
