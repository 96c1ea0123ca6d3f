import { describe, expect, it } from 'vitest';
import { mandatoryNotificationKinds, notificationKinds, timelineEventTypes } from '../../../src/domain/vocabulary.js';
import { notificationRules, plannedNotifications } from '../../../src/notifications/index.js';

const context = { provinceCode: 'KR-43', missionCode: 'VN-HAN' };
const desks = (planned: ReturnType<typeof plannedNotifications>) =>
  planned.map(({ desk, kind }) => `${desk.agencyCode}:${desk.role} ${kind}`).sort();
const event = (type: (typeof timelineEventTypes)[number], data: Record<string, unknown> = {}, taskId?: string) => ({
  id: 'e1',
  type,
  data,
  ...(taskId === undefined ? {} : { taskId }),
});

describe('who hears of what', () => {
  it('names only event types and notification kinds of the vocabulary, and sends every kind', () => {
    for (const type of Object.keys(notificationRules)) expect(timelineEventTypes).toContain(type);
    const sent = new Set(Object.values(notificationRules).map((rule) => rule.kind));
    expect([...sent].sort()).toEqual([...notificationKinds].sort());
    for (const kind of mandatoryNotificationKinds) expect(sent).toContain(kind);
  });

  it('tells each mission of its own new task', () => {
    const planned = plannedNotifications(event('assigned', { missions: ['VN-HAN', 'US-LAX'] }), {
      provinceCode: 'KR-43',
      newTasks: [
        { taskId: 't1', missionCode: 'VN-HAN', note: null },
        { taskId: 't2', missionCode: 'US-LAX', note: null },
      ],
    });
    expect(planned.map(({ desk, taskId, actOn }) => [desk.agencyCode, taskId, actOn])).toEqual([
      ['VN-HAN', 't1', 'acceptance'],
      ['US-LAX', 't2', 'acceptance'],
    ]);
  });

  it('sends an SLA level to whoever holds the clock, and breaches and level 3 to supervisors too', () => {
    const sla = (type: 'sla_at_risk' | 'sla_breached' | 'sla_escalated_level3', level: number) =>
      desks(
        plannedNotifications(event(type, { stage: 'response', agency: 'VN-HAN', level, dueAt: 'x' }, 't1'), context),
      );
    expect(sla('sla_at_risk', 1)).toEqual(['VN-HAN:mission_officer sla_at_risk']);
    expect(sla('sla_breached', 2)).toEqual(['MOFA:supervisor sla_breached', 'VN-HAN:mission_officer sla_breached']);
    expect(sla('sla_escalated_level3', 3)).toEqual(['MOFA:supervisor sla_level3', 'VN-HAN:mission_officer sla_level3']);
    const triage = plannedNotifications(event('sla_at_risk', { stage: 'triage', agency: 'MOFA', level: 1 }), context);
    expect(desks(triage)).toEqual(['MOFA:coordinator sla_at_risk']);
  });

  it('tells the province and the holder of a moved deadline once each, the province once when it holds it', () => {
    const moved = (stage: string) =>
      desks(plannedNotifications(event('sla_deadline_moved', { stage, dueAt: 'x' }, 't1'), context));
    expect(moved('response')).toEqual([
      'KR-43:province_officer deadline_moved',
      'VN-HAN:mission_officer deadline_moved',
    ]);
    expect(moved('review')).toEqual(['KR-43:province_officer deadline_moved']);
  });

  it('notifies nobody of events that hand no one work', () => {
    expect(plannedNotifications(event('task_accepted', {}, 't1'), context)).toEqual([]);
  });
});
