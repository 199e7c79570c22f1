import { TeamsDriver } from "../contract/teams.ts";
import { webMeetingContract } from "../contract/web-meeting-contract.ts";

webMeetingContract(() => new TeamsDriver());
