import { SlackDriver } from "../contract/slack.ts";
import { wordsContract } from "../contract/words-contract.ts";

wordsContract(() => new SlackDriver());
