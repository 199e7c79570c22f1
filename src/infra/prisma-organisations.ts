import type { EquipeRecord, MemberRecord } from "../domain/equipe.ts";
import type { EquipeId, MemberId, OrganisationId } from "../domain/ids.ts";
import { newId } from "../domain/ids.ts";
import type { OrganisationRecord, OrganisationRepository } from "../features/equipe/repository.ts";
import { matchLocale } from "../i18n/locale.ts";
import type { Stamp } from "./change-clock.ts";
import type { Tx } from "./prisma-tx.ts";

const organisationSelect = { id: true, name: true, contactEmail: true, locale: true } as const;

function toOrganisation(row: {
  id: string;
  name: string;
  contactEmail: string;
  locale: string;
}): OrganisationRecord {
  return {
    id: row.id as OrganisationId,
    name: row.name,
    contactEmail: row.contactEmail,
    locale: matchLocale(row.locale) ?? "it",
  };
}

export class PrismaOrganisationRepository implements OrganisationRepository {
  constructor(
    private readonly db: Tx,
    private readonly stamp: Stamp,
  ) {}

  async findById(id: OrganisationId): Promise<OrganisationRecord | undefined> {
    const row = await this.db.organisation.findUnique({ where: { id }, select: organisationSelect });
    return row ? toOrganisation(row) : undefined;
  }

  async findByContact(contactEmail: string): Promise<OrganisationRecord | undefined> {
    const row = await this.db.organisation.findUnique({
      where: { contactEmail: contactEmail.toLowerCase() },
      select: organisationSelect,
    });
    return row ? toOrganisation(row) : undefined;
  }

  async create(
    organisation: OrganisationRecord,
    origin: { equipeId: EquipeId; by: MemberId },
    at: Date,
  ): Promise<void> {
    await this.db.organisation.create({
      data: {
        ...organisation,
        contactEmail: organisation.contactEmail.toLowerCase(),
        createdAt: await this.stamp(at),
        createdInEquipeId: origin.equipeId,
        createdByMemberId: origin.by,
      },
      select: { id: true },
    });
  }

  async of(memberId: MemberId): Promise<OrganisationRecord | undefined> {
    const row = await this.db.organisationMembership.findFirst({
      where: { memberId, removedAt: null },
      select: { organisation: { select: organisationSelect } },
    });
    return row ? toOrganisation(row.organisation) : undefined;
  }

  async join(organisationId: OrganisationId, member: MemberRecord, by: MemberId, at: Date): Promise<void> {
    await this.leave(member.id, at);
    await this.db.organisationMembership.create({
      data: {
        id: newId(),
        organisationId,
        memberId: member.id,
        equipeId: member.equipeId,
        createdAt: await this.stamp(at),
        createdByMemberId: by,
      },
      select: { id: true },
    });
  }

  async leave(memberId: MemberId, at: Date): Promise<boolean> {
    const live = await this.db.organisationMembership.count({ where: { memberId, removedAt: null } });
    if (live === 0) return false;
    const ended = await this.db.organisationMembership.updateMany({
      where: { memberId, removedAt: null },
      data: { removedAt: await this.stamp(at) },
    });
    return ended.count > 0;
  }

  async inEquipe(
    equipeId: EquipeRecord["id"],
  ): Promise<{ organisation: OrganisationRecord; memberIds: MemberId[] }[]> {
    const rows = await this.db.organisationMembership.findMany({
      where: { equipeId, removedAt: null },
      select: { memberId: true, organisation: { select: organisationSelect } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const byId = new Map<string, { organisation: OrganisationRecord; memberIds: MemberId[] }>();
    for (const row of rows) {
      const entry = byId.get(row.organisation.id) ?? {
        organisation: toOrganisation(row.organisation),
        memberIds: [],
      };
      entry.memberIds.push(row.memberId as MemberId);
      byId.set(row.organisation.id, entry);
    }
    return [...byId.values()];
  }
}
