import type { RequestChannel } from "../../core/request.ts";
import type { EquipeRecord, MemberRecord } from "../../domain/equipe.ts";
import type { DecisionId, MemberId } from "../../domain/ids.ts";
import {
  type Audience,
  type DiffPart,
  type DocumentRef,
  diffText,
  emptySections,
  mayRead,
  readableSections,
  type SectionKey,
  SUMMARY,
  type SummaryCommentRecord,
  type SummarySections,
  type SummaryVersionRecord,
  toAcknowledge,
} from "../../domain/summary.ts";
import type { Repositories } from "../../ports/store.ts";
import type { DocContext, MinutesFacts } from "./messages.ts";
import type { AcknowledgementRecord } from "./repository.ts";

/** The audit action of a read of a version, by channel: who, which version, when, how. */
export const READ_ACTION = "summary.read";
export const readAction = (channel: RequestChannel) => `${READ_ACTION}.${channel}`;

/** One section as one reader sees it. */
export type SectionView =
  | { key: SectionKey; audience: Audience; show: "full"; text: string; isNew: boolean }
  | { key: SectionKey; audience: Audience; show: "diff"; since: number; diff: DiffPart[] }
  | { key: SectionKey; audience: Audience; show: "same"; since: number };

/** A version as one reader reads it: only the sections meant for them, what changed for them. */
export interface ReaderView {
  version: SummaryVersionRecord;
  /** The latest version's number (this one, unless an older one is read). */
  latest: number;
  sections: SectionView[];
  /** The sections they are asked to acknowledge (none: nothing new for them, or done). */
  toAcknowledge: SectionKey[];
  /** When they acknowledged this very version, if they did. */
  acknowledgedAt: Date | undefined;
  /** The reader's own requests on this document, newest first, with the answers given. */
  requests: SummaryCommentRecord[];
  /**
   * Whether the version's note (what changed, in the coordinator's words) is for this reader: a
   * coordinator, or a reader of a section it changed. It may speak of sections they do not read.
   */
  showNote: boolean;
}

/** Versions by number, each read once per request. */
class Versions {
  private readonly cache = new Map<number, Promise<SummaryVersionRecord | undefined>>();
  constructor(
    private readonly repos: Repositories,
    private readonly equipe: EquipeRecord,
    private readonly doc: DocumentRef,
  ) {}
  get(number: number): Promise<SummaryVersionRecord | undefined> {
    let found = this.cache.get(number);
    if (found === undefined) {
      found = this.repos.summaries.versionNumbered(this.equipe.id, number, this.doc);
      this.cache.set(number, found);
    }
    return found;
  }
}

/** What this member acknowledged last, as a version (undefined: never). */
async function acknowledgedSections(
  versions: Versions,
  ack: AcknowledgementRecord | undefined,
): Promise<{ number: number; sections: SummarySections } | undefined> {
  if (ack === undefined) return undefined;
  const version = await versions.get(ack.number);
  return version ? { number: version.number, sections: version.sections } : undefined;
}

/**
 * A version as this member reads it. The latest, read by someone who acknowledged an earlier one:
 * the sections changed for them as a difference from what they acknowledged, the others as one
 * line; `full` (or an older version, or a first reading) shows every section whole.
 */
export async function readerView(
  repos: Repositories,
  equipe: EquipeRecord,
  member: MemberRecord,
  version: SummaryVersionRecord,
  options: { full: boolean },
): Promise<ReaderView> {
  const doc = version.document;
  const versions = new Versions(repos, equipe, doc);
  const latest = (await repos.summaries.latest(equipe.id, doc))?.number ?? version.number;
  const acks = await repos.summaries.latestAcknowledgements(equipe.id, doc);
  const ack = acks.get(member.id);
  const acknowledgedAt = ack?.number === version.number ? ack.at : await ackOf(repos, version, member.id);
  const base =
    ack !== undefined && ack.number < version.number ? await acknowledgedSections(versions, ack) : undefined;
  const pending =
    ack !== undefined && ack.number >= version.number
      ? []
      : toAcknowledge(version.sections, base?.sections, member);
  const sections: SectionView[] = readableSections(version.sections, member).map((section): SectionView => {
    const then = base?.sections[section.key];
    const before =
      then !== undefined && mayRead(then.audience, member) && then.text.trim() !== "" ? then : undefined;
    const isNew = base !== undefined && before === undefined;
    if (options.full || base === undefined || before === undefined)
      return { key: section.key, audience: section.audience, show: "full", text: section.text, isNew };
    if (!pending.includes(section.key))
      return { key: section.key, audience: section.audience, show: "same", since: base.number };
    return {
      key: section.key,
      audience: section.audience,
      show: "diff",
      since: base.number,
      diff: diffText(before.text, section.text),
    };
  });
  const ofDocument = new Set((await repos.summaries.history(equipe.id, doc)).map((v) => v.id as string));
  const requests = (await repos.summaries.comments(equipe.id, { memberId: member.id })).filter((c) =>
    ofDocument.has(c.versionId),
  );
  const readable = new Set(readableSections(version.sections, member).map((section) => section.key));
  const showNote = member.isCoordinator || version.changed.some((key) => readable.has(key));
  return { version, latest, sections, toAcknowledge: pending, acknowledgedAt, requests, showNote };
}

/** When the member acknowledged this version (a later acknowledgement does not say). */
async function ackOf(repos: Repositories, version: SummaryVersionRecord, memberId: MemberId) {
  const all = await repos.summaries.acknowledgementsOf(version.id);
  return all.get(memberId);
}

/** One member against the latest version, for the coordinators' list. */
export interface MemberReadState {
  member: MemberRecord;
  /** The sections they may read in the latest version (none: nothing for them). */
  readable: SectionKey[];
  /** The sections they still have to acknowledge in it. */
  pending: SectionKey[];
  /** Their latest acknowledgement, of any version. */
  acknowledged: AcknowledgementRecord | undefined;
  /** Their openings of this version: when, and through which channel. */
  openings: { at: Date; channel: string }[];
}

/** Every active member's state against a version: what they may read, what they still owe, their reads. */
export async function readStates(
  repos: Repositories,
  equipe: EquipeRecord,
  version: SummaryVersionRecord,
): Promise<MemberReadState[]> {
  const versions = new Versions(repos, equipe, version.document);
  const members = await repos.members.listActive(equipe.id);
  const acks = await repos.summaries.latestAcknowledgements(equipe.id, version.document);
  const ofThis = await repos.summaries.acknowledgementsOf(version.id);
  const trail = await repos.audit.forSubject(equipe.id, version.id);
  const states: MemberReadState[] = [];
  for (const member of members) {
    const latestAck = acks.get(member.id);
    const readable = readableSections(version.sections, member).map((s) => s.key);
    let pending: SectionKey[];
    if (ofThis.has(member.id) || (latestAck !== undefined && latestAck.number >= version.number))
      pending = [];
    else {
      // Against the latest version they acknowledged before this one.
      const base = await acknowledgedSections(versions, latestAck);
      pending = toAcknowledge(version.sections, base?.sections, member);
    }
    const openings = trail
      .filter((entry) => entry.actorId === member.id && entry.action.startsWith(`${READ_ACTION}.`))
      .map((entry) => ({ at: entry.at, channel: entry.action.slice(READ_ACTION.length + 1) }));
    const acknowledgedAt = ofThis.get(member.id);
    states.push({
      member,
      readable,
      pending,
      acknowledged:
        acknowledgedAt !== undefined
          ? { versionId: version.id, number: version.number, memberId: member.id, at: acknowledgedAt }
          : latestAck,
      openings,
    });
  }
  return states;
}

/** What the editor opens with: the draft, else the latest version, else empty sections with their default readers. */
export interface EditorState {
  document: DocumentRef;
  /** Minutes: who attended, the decisions taken. */
  attendees: MemberId[];
  decisionIds: DecisionId[];
  sections: SummarySections;
  note: string;
  acknowledgeBy: Date | undefined;
  latest: SummaryVersionRecord | undefined;
  draftSavedAt: Date | undefined;
}

export async function editorState(
  repos: Repositories,
  equipe: EquipeRecord,
  doc: DocumentRef = SUMMARY,
): Promise<EditorState> {
  const latest = await repos.summaries.latest(equipe.id, doc);
  const draft = await repos.summaries.draft(equipe.id, doc);
  if (draft)
    return {
      document: doc,
      attendees: draft.attendees,
      decisionIds: draft.decisionIds,
      sections: draft.sections,
      note: draft.note,
      acknowledgeBy: draft.acknowledgeBy,
      latest,
      draftSavedAt: draft.updatedAt,
    };
  return {
    document: doc,
    attendees: latest?.attendees ?? [],
    decisionIds: latest?.decisionIds ?? [],
    sections: latest?.sections ?? emptySections(),
    note: "",
    acknowledgeBy: undefined,
    latest,
    draftSavedAt: undefined,
  };
}

/** What a notice needs about a version: who circulated it (the family's contact), and (minutes) when the meeting was. */
export async function docContext(
  repos: Repositories,
  equipe: EquipeRecord,
  version: SummaryVersionRecord,
): Promise<DocContext> {
  const contact = await repos.members.findById(version.circulatedBy);
  const meeting =
    version.document.kind === "minutes"
      ? await repos.meetings.findById(version.document.meetingId)
      : undefined;
  return { equipe, version, contact, meetingAt: meeting?.startsAt };
}

/**
 * Minutes as one reader sees them beside the text: who attended, and the decisions taken there
 * that the reader may see (those they were asked about; a coordinator sees every one).
 */
export async function minutesFacts(
  repos: Repositories,
  version: SummaryVersionRecord,
  reader: MemberRecord,
): Promise<MinutesFacts | undefined> {
  if (version.document.kind !== "minutes") return undefined;
  const attendees: MemberRecord[] = [];
  for (const id of version.attendees) {
    const member = await repos.members.findById(id);
    if (member) attendees.push(member);
  }
  const decisions: MinutesFacts["decisions"] = [];
  for (const id of version.decisionIds) {
    const decision = await repos.decisions.findById(id);
    if (decision === undefined || decision.equipeId !== version.equipeId) continue;
    const asked = (await repos.decisions.participants(id)).some((p) => p.memberId === reader.id);
    if (reader.isCoordinator || asked)
      decisions.push({ question: decision.question, outcome: decision.outcome });
  }
  return { attendees, decisions };
}
