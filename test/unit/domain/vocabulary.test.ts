import { describe, expect, it } from 'vitest';
import { agencyKinds } from '../../../src/domain/agencies.js';
import * as vocabulary from '../../../src/domain/vocabulary.js';
import * as database from '../../../src/generated/prisma/enums.js';
import { worstState } from '../../../src/sla/index.js';
import { testApp } from '../fake-app.js';

describe('the vocabulary', () => {
  // The database's enums are the one copy the schema language forces on us: they must say the same.
  it.each([
    ['requestStatuses', vocabulary.requestStatuses, database.RequestStatus],
    ['outcomes', vocabulary.outcomes, database.Outcome],
    ['taskStatuses', vocabulary.taskStatuses, database.TaskStatus],
    ['priorities', vocabulary.priorities, database.Priority],
    ['roles', vocabulary.roles, database.Role],
    ['languages', vocabulary.languages, database.Language],
    ['slaStates (requests)', vocabulary.slaStates, database.SlaState],
    ['slaStates (clocks)', vocabulary.slaStates, database.ClockState],
    ['escalationStates', vocabulary.escalationStates, database.EscalationState],
    ['agencyKinds', agencyKinds, database.AgencyKind],
    ['messageAudiences', vocabulary.messageAudiences, database.MessageAudience],
    ['accessActions', vocabulary.accessActions, database.AccessAction],
    ['notificationStatuses', vocabulary.notificationStatuses, database.NotificationStatus],
  ])('%s matches the database enum', (_name, list, databaseEnum) => {
    expect([...list].sort()).toEqual(Object.values(databaseEnum).sort());
  });

  it('orders SLA states by severity: the worst of several is the latest in the list', () => {
    expect(worstState([])).toBe('on_track');
    expect(worstState(['paused'])).toBe('paused');
    expect(worstState(['paused', 'on_track'])).toBe('on_track');
    expect(worstState(['breached', 'on_track', 'at_risk'])).toBe('breached');
    const { slaStates } = vocabulary;
    for (const [index, state] of slaStates.entries()) {
      expect(worstState(slaStates.slice(0, index + 1))).toBe(state);
    }
  });

  it('publishes the timeline event types as an enum in OpenAPI', async () => {
    const { app } = await testApp();
    const spec = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: unknown }> }> };
    };
    expect(spec.components.schemas.TimelineEntry?.properties.type?.enum).toEqual([...vocabulary.timelineEventTypes]);
  });
});
