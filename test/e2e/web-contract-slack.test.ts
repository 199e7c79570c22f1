import { SlackDriver } from "../contract/slack.ts";
import { webMeetingContract } from "../contract/web-meeting-contract.ts";

webMeetingContract(() => new SlackDriver());
