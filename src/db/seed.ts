// Reference data for a new installation: the 17 provinces, MOFA, the overseas missions, one user per
// agency role, and the request categories. Records that already exist are left as they are: after
// the first start these are managed through the API, so seeding again must not overwrite edits.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import categories from './seed-data/categories.json' with { type: 'json' };
import missions from './seed-data/missions.json' with { type: 'json' };
import provinces from './seed-data/provinces.json' with { type: 'json' };
import defaultPolicy from './seed-data/sla-policy.default.json' with { type: 'json' };
import demoPolicy from './seed-data/sla-policy.demo.json' with { type: 'json' };
import { KOREA_TIME_ZONE, KOREAN_WEEKEND, koreanDeclaredHolidaysSeed } from '../calendar/index.js';
import { MOFA_CODE } from '../domain/agencies.js';
import { KOREA_CALENDAR } from '../domain/vocabulary.js';
import { slaPolicySchema } from '../sla/index.js';

const KOREA = { country: 'KR', timeZone: KOREA_TIME_ZONE, weekend: KOREAN_WEEKEND };

export interface SeedCounts {
  agencies: number;
  users: number;
  categories: number;
  slaPolicies: number;
}

export interface SeedResult {
  /** Reference records the seed defines (all present after seeding). */
  seeded: SeedCounts;
  /** Of those, how many did not exist yet and were inserted by this run. */
  inserted: SeedCounts;
}

const ROLE_LABELS: Record<Prisma.UserCreateManyInput['role'], string> = {
  province_officer: 'Province officer',
  mission_officer: 'Mission officer',
  coordinator: 'Coordinator',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

export function referenceAgencies(): Prisma.AgencyCreateManyInput[] {
  return [
    ...provinces.map((province) => ({
      code: province.code,
      kind: 'province' as const,
      name: province.name,
      nameKo: province.nameKo,
      ...KOREA,
      weekend: [...KOREA.weekend],
    })),
    {
      code: MOFA_CODE,
      kind: 'ministry' as const,
      name: 'Ministry of Foreign Affairs',
      nameKo: '외교부',
      city: 'Seoul',
      ...KOREA,
      weekend: [...KOREA.weekend],
    },
    ...missions.map((mission) => ({
      code: mission.code,
      kind: 'mission' as const,
      missionKind: mission.kind,
      name: mission.name,
      country: mission.country,
      city: mission.city,
      timeZone: mission.timeZone,
      weekend: [...mission.weekend],
    })),
  ];
}

export function referenceUsers(): Prisma.UserCreateManyInput[] {
  const user = (agency: { code: string; name: string }, role: Prisma.UserCreateManyInput['role']) => ({
    handle: `${agency.code}:${role}`,
    agencyCode: agency.code,
    role,
    displayName: `${ROLE_LABELS[role]}, ${agency.name}`,
  });
  const mofa = { code: MOFA_CODE, name: 'Ministry of Foreign Affairs' };
  return [
    ...provinces.map((province) => user(province, 'province_officer')),
    ...missions.map((mission) => user(mission, 'mission_officer')),
    user(mofa, 'coordinator'),
    user(mofa, 'supervisor'),
    user(mofa, 'admin'),
  ];
}

/** Idempotent: inserts what is missing (INSERT … ON CONFLICT DO NOTHING), in one transaction. */
/** Stable ids for seeded holidays, so seeding twice inserts nothing. */
function seededHolidayId(date: string): string {
  return `00000000-0000-4000-8000-${date.replaceAll('-', '').padStart(12, '0')}`;
}

/** The shipped policies, validated: `default` (business days) and `demo` (24x7, seconds). */
export function referenceSlaPolicies(): Prisma.SlaPolicyCreateManyInput[] {
  return [defaultPolicy, demoPolicy].map((raw) => {
    const policy = slaPolicySchema.parse(raw);
    return {
      name: policy.name,
      calendar: policy.calendar ?? null,
      thresholds: policy.thresholds,
      targets: policy.targets,
      maxExtension: policy.maxExtension,
    };
  });
}

export async function seedDatabase(prisma: PrismaClient): Promise<SeedResult> {
  const agencies = referenceAgencies();
  const users = referenceUsers();
  const policies = referenceSlaPolicies();
  const [insertedAgencies, insertedUsers, insertedCategories, insertedPolicies] = await prisma.$transaction([
    prisma.agency.createMany({ data: agencies, skipDuplicates: true }),
    prisma.user.createMany({ data: users, skipDuplicates: true }),
    prisma.category.createMany({ data: categories, skipDuplicates: true }),
    prisma.slaPolicy.createMany({ data: policies, skipDuplicates: true }),
    // Known election days and temporary holidays; later ones are declared through the API.
    prisma.declaredHoliday.createMany({
      data: koreanDeclaredHolidaysSeed.map(({ date, name }) => ({
        id: seededHolidayId(date),
        calendar: KOREA_CALENDAR,
        date,
        name,
        createdBy: 'seed',
        // Known before any clock ran: no deadline to move.
        fanOutFinishedAt: new Date(),
      })),
      skipDuplicates: true,
    }),
  ]);
  return {
    seeded: {
      agencies: agencies.length,
      users: users.length,
      categories: categories.length,
      slaPolicies: policies.length,
    },
    inserted: {
      agencies: insertedAgencies.count,
      users: insertedUsers.count,
      categories: insertedCategories.count,
      slaPolicies: insertedPolicies.count,
    },
  };
}
