import { TeamsDriver } from "../contract/teams.ts";
import { wordsContract } from "../contract/words-contract.ts";

wordsContract(() => new TeamsDriver());
