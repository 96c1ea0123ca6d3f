/** Agencies table access (the only code touching `prisma.agency`). */
import type { AgencyKind } from '../domain/agencies.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface AgencyRecord {
  code: string;
  kind: AgencyKind;
  name: string;
  nameKo: string | null;
  country: string;
  city: string | null;
  missionKind: string | null;
  timeZone: string;
  weekend: string[];
}

export interface AgencyFilter {
  kind?: AgencyKind | undefined;
}

export interface AgenciesRepository {
  list(filter: AgencyFilter): Promise<AgencyRecord[]>;
  findByCode(code: string): Promise<AgencyRecord | null>;
}

const agencySelect = {
  code: true,
  kind: true,
  name: true,
  nameKo: true,
  country: true,
  city: true,
  missionKind: true,
  timeZone: true,
  weekend: true,
} as const;

export function createAgenciesRepository(prisma: Pick<PrismaClient, 'agency'>): AgenciesRepository {
  return {
    async list(filter) {
      return prisma.agency.findMany({
        where: filter.kind === undefined ? {} : { kind: filter.kind },
        select: agencySelect,
        orderBy: { code: 'asc' },
      });
    },
    async findByCode(code) {
      return prisma.agency.findUnique({ where: { code }, select: agencySelect });
    },
  };
}
