import { meetingContract } from "../contract/meeting-contract.ts";
import { TeamsDriver } from "../contract/teams.ts";

meetingContract(() => new TeamsDriver());
