// Reference data for a new installation: the 17 provinces, MOFA, the overseas missions, one user per
// agency role, and the request categories. Records that already exist are left as they are: after
// the first start these are managed through the API, so seeding again must not overwrite edits.
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import categories from './seed-data/categories.json' with { type: 'json' };
import missions from './seed-data/missions.json' with { type: 'json' };
import provinces from './seed-data/provinces.json' with { type: 'json' };
import defaultPolicy from './seed-data/sla-policy.default.json' with { type: 'json' };
import demoPolicy from './seed-data/sla-policy.demo.json' with { type: 'json' };
import demoPeople from './seed-data/demo-people.json' with { type: 'json' };
import { KOREA_TIME_ZONE, KOREAN_WEEKEND, koreanDeclaredHolidaysSeed } from '../calendar/index.js';
import { agencyKindOfRole, MOFA_CODE, type AgencyKind } from '../domain/agencies.js';
import { DEFAULT_LANGUAGE, normaliseEmail, rolesNotFitting } from '../domain/people.js';
import { KOREA_CALENDAR, languages, roles, type Language, type Role } from '../domain/vocabulary.js';
import { slaPolicySchema } from '../sla/index.js';

const KOREA = { country: 'KR', timeZone: KOREA_TIME_ZONE, weekend: KOREAN_WEEKEND };

export interface SeedCounts {
  agencies: number;
  users: number;
  people: number;
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
  ambassador_ir: 'Ambassador for International Relations',
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
  // One user per agency and each role its kind of agency has.
  const desk = (kind: AgencyKind, agency: { code: string; name: string }) =>
    roles.filter((role) => agencyKindOfRole[role] === kind).map((role) => user(agency, role));
  return [
    ...provinces.flatMap((province) => desk('province', province)),
    ...missions.flatMap((mission) => desk('mission', mission)),
    ...desk('ministry', mofa),
  ];
}

/** Stable id of a seeded person, from their address: seeding twice inserts nothing. */
function seededPersonId(email: string): string {
  const hex = createHash('sha256').update(email).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-9${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Fictional people for the embedded default and the tests (addresses under the reserved `.test` domain); a
 * production database gets none (`npm run migrate`): its people come from the administrators.
 */
export function demoPeopleSeed(): Prisma.PersonCreateManyInput[] {
  return demoPeople.map((person) => {
    const personRoles = person.roles.map((role) => {
      if (!(roles as readonly string[]).includes(role)) throw new Error(`demo person ${person.email}: no role ${role}`);
      return role as Role;
    });
    const misfits = rolesNotFitting(personRoles, person.agencyCode);
    if (misfits.length > 0)
      throw new Error(`demo person ${person.email}: ${misfits.join(', ')} not at ${person.agencyCode}`);
    const language = person.language ?? DEFAULT_LANGUAGE;
    if (!(languages as readonly string[]).includes(language))
      throw new Error(`demo person ${person.email}: ${language}`);
    return {
      id: seededPersonId(person.email),
      email: normaliseEmail(person.email),
      nameKo: person.nameKo,
      nameLatin: person.nameLatin,
      agencyCode: person.agencyCode,
      roles: personRoles,
      language: language as Language,
    };
  });
}

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

export interface SeedOptions {
  /** Seed the fictional demo people (the embedded default and the tests). */
  demoPeople?: boolean;
}

export async function seedDatabase(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const agencies = referenceAgencies();
  const users = referenceUsers();
  const people = options.demoPeople === true ? demoPeopleSeed() : [];
  const policies = referenceSlaPolicies();
  const [insertedAgencies, insertedUsers, insertedPeople, insertedCategories, insertedPolicies] =
    await prisma.$transaction([
      prisma.agency.createMany({ data: agencies, skipDuplicates: true }),
      prisma.user.createMany({ data: users, skipDuplicates: true }),
      prisma.person.createMany({ data: people, skipDuplicates: true }),
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
      people: people.length,
      categories: categories.length,
      slaPolicies: policies.length,
    },
    inserted: {
      agencies: insertedAgencies.count,
      users: insertedUsers.count,
      people: insertedPeople.count,
      categories: insertedCategories.count,
      slaPolicies: insertedPolicies.count,
    },
  };
}
