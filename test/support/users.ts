/**
 * The seeded users the tests act as, named for the part they play. Each handle is looked up in the
 * seed (src/db/seed.ts, one user per agency role), so a test cannot name a user the database lacks.
 */
import { referenceUsers } from '../../src/db/seed.js';
import { MOFA_CODE } from '../../src/domain/agencies.js';
import type { Actor } from '../../src/domain/authority.js';
import type { Role } from '../../src/domain/vocabulary.js';

const seeded = referenceUsers();

export function seededUser<Agency extends string, R extends Role>(agencyCode: Agency, role: R): `${Agency}:${R}` {
  const user = seeded.find((candidate) => candidate.agencyCode === agencyCode && candidate.role === role);
  if (user === undefined) throw new Error(`the seed has no ${role} at ${agencyCode}`);
  return user.handle as `${Agency}:${R}`;
}

/** The officer of a mission (by its code), e.g. for each task of a request. */
export const missionOfficer = <Mission extends string>(missionCode: Mission) =>
  seededUser(missionCode, 'mission_officer');

/** Chungcheongbuk-do: the province that submits. */
export const PROVINCE = seededUser('KR-43', 'province_officer');
/** The Ambassador for International Relations seconded to Chungcheongbuk-do: works for its desk. */
export const AMBASSADOR = seededUser('KR-43', 'ambassador_ir');
/** Seoul: a province that must not see Chungcheongbuk-do's requests. */
export const OTHER_PROVINCE = seededUser('KR-11', 'province_officer');
export const COORDINATOR = seededUser(MOFA_CODE, 'coordinator');
export const SUPERVISOR = seededUser(MOFA_CODE, 'supervisor');
export const ADMIN = seededUser(MOFA_CODE, 'admin');
/** Embassy in Hanoi: the mission most requests (to VN) are assigned to. */
export const HANOI = missionOfficer('VN-HAN');
/** Consulate General in Los Angeles. */
export const LOS_ANGELES = missionOfficer('US-LAX');
/** Embassy in Tokyo. */
export const TOKYO = missionOfficer('JP-TYO');

/** The seeded records of the given handles, for fakes that stand in for the users table. */
export function seededUsers(handles: readonly string[]) {
  return seeded.filter((user) => handles.includes(user.handle));
}

/** Who acts, as a workflow Update carries it: the seeded user's handle, role and agency. */
export function actorOf(handle: string): Actor {
  const user = seeded.find((candidate) => candidate.handle === handle);
  if (user === undefined) throw new Error(`the seed has no user ${handle}`);
  return { actor: user.handle, role: user.role, agency: user.agencyCode };
}
