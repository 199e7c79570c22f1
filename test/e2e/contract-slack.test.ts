import { meetingContract } from "../contract/meeting-contract.ts";
import { SlackDriver } from "../contract/slack.ts";

meetingContract(() => new SlackDriver());
