/**
 * The database trusts the service no further than rows (issue 10, finding 10). The API and the worker connect as
 * the login role that provisioning creates (what `npm start` and this test stack use): not a superuser, owner of
 * nothing, unable to change the schema or to empty, edit or delete the audit trail; and the audit trail refuses
 * TRUNCATE even from the owner of the tables. Each statement runs in a transaction that is rolled back, so a
 * regression cannot wipe the database the other test files share.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { SERVICE_LOGIN_ROLE } from '../../src/db/provision.js';

let service: pg.Client;
beforeAll(async () => {
  service = new pg.Client({ connectionString: inject('databaseUrl') });
  await service.connect();
});
afterAll(async () => {
  await service?.end();
});

/** The error code of a statement run in a transaction that is then rolled back; undefined when it succeeded. */
async function refusal(client: pg.Client, statement: string): Promise<string | undefined> {
  await client.query('BEGIN');
  try {
    await client.query(statement);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await client.query('ROLLBACK');
  }
}

it('the service connects as a row-only role', async () => {
  const { rows } = await service.query<{ name: string; superuser: boolean; createrole: boolean; createdb: boolean }>(
    `SELECT current_user AS name, rolsuper AS superuser, rolcreaterole AS createrole, rolcreatedb AS createdb
       FROM pg_roles WHERE rolname = current_user`,
  );
  expect(rows).toEqual([{ name: SERVICE_LOGIN_ROLE, superuser: false, createrole: false, createdb: false }]);
  const owned = await service.query(`SELECT tablename FROM pg_tables WHERE tableowner = current_user`);
  expect(owned.rows).toEqual([]);

  // Rows: yes.
  expect(await refusal(service, 'SELECT count(*) FROM requests')).toBeUndefined();
  expect(await refusal(service, `UPDATE tasks SET note = note WHERE false`)).toBeUndefined();
  // The schema, the migrations' bookkeeping and the audit trail: no (42501 insufficient_privilege).
  expect(await refusal(service, 'CREATE TABLE intruder (id int)')).toBe('42501');
  expect(await refusal(service, 'ALTER TABLE requests ADD COLUMN intruder int')).toBe('42501');
  expect(await refusal(service, 'DROP TABLE audit_events')).toBe('42501');
  expect(await refusal(service, 'TRUNCATE audit_events')).toBe('42501');
  expect(await refusal(service, 'DELETE FROM audit_events WHERE false')).toBe('42501');
  expect(await refusal(service, 'UPDATE audit_events SET actor = actor WHERE false')).toBe('42501');
  expect(await refusal(service, 'DELETE FROM "_prisma_migrations" WHERE false')).toBe('42501');
});

it('the audit trail refuses TRUNCATE from its owner too', async () => {
  const owner = new pg.Client({ connectionString: inject('ownerDatabaseUrl') });
  await owner.connect();
  try {
    // P0001: raised by the append-only trigger.
    expect(await refusal(owner, 'TRUNCATE audit_events')).toBe('P0001');
    expect(await refusal(owner, 'TRUNCATE audit_events CASCADE')).toBe('P0001');
  } finally {
    await owner.end();
  }
});
