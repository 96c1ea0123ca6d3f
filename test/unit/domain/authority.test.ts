import { describe, expect, it } from 'vitest';
import { checkActor, rolesFor, type Actor } from '../../../src/domain/authority.js';

const owners = { provinceCode: 'KR-43', missionCode: 'VN-HAN' };
const actor = (handle: string): Actor => {
  const [agency, role] = handle.split(':') as [string, Actor['role']];
  return { actor: handle, role, agency };
};

describe('checkActor', () => {
  it('lets the request’s province, the task’s mission and MOFA’s coordinators make their own changes', () => {
    expect(checkActor(actor('KR-43:province_officer'), 'answerClarification', owners)).toBeUndefined();
    expect(checkActor(actor('KR-43:province_officer'), 'answerInfo', owners)).toBeUndefined();
    expect(checkActor(actor('KR-43:ambassador_ir'), 'review', owners)).toBeUndefined();
    expect(checkActor(actor('VN-HAN:mission_officer'), 'respondTask', owners)).toBeUndefined();
    expect(checkActor(actor('MOFA:coordinator'), 'triage', owners)).toBeUndefined();
    expect(checkActor(actor('MOFA:coordinator'), 'extendClock')).toBeUndefined();
  });

  it('refuses another agency, another role, and an actor without a role or an agency', () => {
    expect(checkActor(actor('KR-11:province_officer'), 'review', owners)).toMatch(/KR-11 may not review for KR-43/);
    expect(checkActor(actor('KR-11:ambassador_ir'), 'withdraw', owners)).toMatch(/KR-11 may not withdraw for KR-43/);
    expect(checkActor(actor('JP-TYO:mission_officer'), 'acceptTask', owners)).toMatch(/may not acceptTask/);
    expect(checkActor(actor('MOFA:supervisor'), 'triage', owners)).toMatch(/only a coordinator/);
    expect(checkActor(actor('MOFA:admin'), 'withdraw', owners)).toMatch(/only a province officer or an? ambassador ir/);
    expect(checkActor({ actor: 'KR-43:province_officer' }, 'withdraw', owners)).toBeDefined();
    expect(checkActor({ role: 'province_officer', agency: 'KR-43' }, 'withdraw', owners)).toMatch(/no actor/);
    expect(checkActor(actor('KR-43:province_officer'), 'acceptTask', { provinceCode: 'KR-43' })).toBeDefined();
  });

  it('names the role each change needs (the API’s route guards read it)', () => {
    expect(rolesFor('triage')).toEqual(['coordinator']);
    expect(rolesFor('submit')).toEqual(['province_officer', 'ambassador_ir']);
    expect(rolesFor('answerClarification')).toEqual(['province_officer', 'ambassador_ir']);
    expect(rolesFor('declineTask')).toEqual(['mission_officer']);
  });
});
