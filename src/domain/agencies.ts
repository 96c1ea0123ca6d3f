/**
 * Agencies by kind: how each kind's codes look and which kind of agency each role works for. Pure data, shared
 * by token verification, route schemas and the seed.
 */
import { roles, type Role } from './vocabulary.js';

export const agencyKinds = ['province', 'ministry', 'mission'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const MOFA_CODE = 'MOFA';

/**
 * A province is its ISO 3166-2:KR code (`KR-43`), a mission its host country and a three-letter city
 * (`VN-HAN`), the ministry `MOFA`.
 */
export const agencyCodeFormats: Readonly<Record<AgencyKind, RegExp>> = {
  province: /^KR-\d{2}$/,
  ministry: new RegExp(`^${MOFA_CODE}$`),
  mission: /^[A-Z]{2}-[A-Z]{3}$/,
};

/** The kind an agency code belongs to, or `undefined` for a string that is no agency code. */
export function agencyKindOf(code: string): AgencyKind | undefined {
  return agencyKinds.find((kind) => agencyCodeFormats[kind].test(code));
}

/** The kind of agency each role works for: a mission officer's agency is a mission, MOFA's roles belong to MOFA. */
export const agencyKindOfRole: Readonly<Record<Role, AgencyKind>> = {
  province_officer: 'province',
  ambassador_ir: 'province',
  mission_officer: 'mission',
  coordinator: 'ministry',
  supervisor: 'ministry',
  admin: 'ministry',
};

export function roleFitsAgency(role: Role, agencyCode: string): boolean {
  return agencyKindOf(agencyCode) === agencyKindOfRole[role];
}

/**
 * The roles that work for a province's desk: its officers and the Ambassador for International Relations seconded
 * to it see, submit and follow the province's requests alike (the timeline names the role of whoever acted).
 */
export const provinceDesk: readonly Role[] = roles.filter((role) => agencyKindOfRole[role] === 'province');
