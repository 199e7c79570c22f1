import { hostileWordsContract } from "../contract/hostile-words-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

hostileWordsContract(() => new TeamsDriver());
