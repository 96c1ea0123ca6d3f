import { describe, expect, it } from 'vitest';
import { referenceAgencies, referenceUsers } from '../../../src/db/seed.js';
import { agencyKindOf, roleFitsAgency } from '../../../src/domain/agencies.js';

describe('agency kinds', () => {
  it('every seeded agency code has the format of its kind', () => {
    for (const agency of referenceAgencies()) expect(agencyKindOf(agency.code), agency.code).toBe(agency.kind);
  });

  it('every seeded user works for the kind of agency its role belongs to', () => {
    for (const user of referenceUsers()) expect(roleFitsAgency(user.role, user.agencyCode), user.handle).toBe(true);
  });

  it('no string is two kinds of agency, and non-codes are none', () => {
    expect(agencyKindOf('KR-43')).toBe('province');
    expect(agencyKindOf('MOFA')).toBe('ministry');
    expect(agencyKindOf('VN-HAN')).toBe('mission');
    for (const code of ['', 'mofa', 'KR-4', 'KR-433', 'vn-han', 'VN-HAN ', ' MOFA', 'KR-43\n']) {
      expect(agencyKindOf(code), JSON.stringify(code)).toBeUndefined();
    }
  });
});
