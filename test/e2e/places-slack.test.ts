import { placesContract } from "../contract/places-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

placesContract(() => new SlackDriver());
