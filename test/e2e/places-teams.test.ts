import { placesContract } from "../contract/places-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

placesContract(() => new TeamsDriver());
