/**
 * People: the officials who use OneTeam. Pure data and rules, shared by the directory's routes, the sign-in and the
 * seed. Work belongs to an agency's desk; a person acts for their agency's desk in one of their roles.
 */
import { roleFitsAgency } from './agencies.js';
import type { Language, Role } from './vocabulary.js';

export const DEFAULT_LANGUAGE: Language = 'ko';

/** A person as the directory holds them. */
export interface Person {
  id: string;
  email: string;
  nameKo: string;
  nameLatin: string | null;
  agencyCode: string;
  roles: Role[];
  language: Language;
  active: boolean;
}

/** E-mail addresses are compared and stored in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Roles the person's agency does not allow (a mission officer of a province…); empty when all fit. */
export function rolesNotFitting(roles: readonly Role[], agencyCode: string): Role[] {
  return roles.filter((role) => !roleFitsAgency(role, agencyCode));
}

/** How a person is named on pages and in the audit views: the Korean name, and the Latin one beside it. */
export function displayName(person: Pick<Person, 'nameKo' | 'nameLatin'>): string {
  return person.nameLatin === null ? person.nameKo : `${person.nameKo} (${person.nameLatin})`;
}
