/** The extension rules (issue 10, findings 2 and 3): later than the current deadline, within the policy's cap and the calendar's years. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBusinessDuration, businessTimeBetween, createCalendar } from '../../../src/calendar/index.js';
import { KOREA_CALENDAR } from '../../../src/domain/vocabulary.js';
import { checkExtension, checkExtensionTarget, slaPolicySchema } from '../../../src/sla/index.js';

const korea = createCalendar(KOREA_CALENDAR);
const policy = { thresholds: { atRisk: 0.75, breached: 1, level3: 1.5 }, maxExtension: 'P5D' };

/** A clock that started at `startedAt`, runs, and falls due `target` of working time later. */
function runningClock(startedAt: string, target: string) {
  const start = new Date(startedAt);
  const dueAt = addBusinessDuration(korea, start, target);
  return { targetMs: businessTimeBetween(korea, start, dueAt), consumedMs: 0, segmentStartedAt: start, dueAt };
}

describe('checkExtensionTarget', () => {
  // Started on Tuesday 1 December 2026 at 10:00 in Seoul, due two working days later (Thursday 10:00).
  const clock = runningClock('2026-12-01T01:00:00Z', 'P2D');
  const now = new Date('2026-12-02T01:00:00Z');

  it('accepts a later deadline within the cap', () => {
    expect(clock.dueAt.toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(checkExtensionTarget(korea, clock, new Date('2026-12-08T01:00:00Z'), now, policy)).toBeUndefined();
  });

  it('refuses a deadline that is not later than the current one', () => {
    expect(checkExtensionTarget(korea, clock, new Date('2026-12-02T05:00:00Z'), now, policy)).toMatch(
      /later than the current one/,
    );
    expect(checkExtensionTarget(korea, clock, clock.dueAt, now, policy)).toMatch(/later than the current one/);
  });

  it("refuses a deadline beyond the policy's cap of working time past the current one", () => {
    // Five working days after Thursday 3 December 10:00 is Thursday 10 December 10:00.
    expect(checkExtensionTarget(korea, clock, new Date('2026-12-10T01:00:00Z'), now, policy)).toBeUndefined();
    expect(checkExtensionTarget(korea, clock, new Date('2026-12-10T01:00:01Z'), now, policy)).toMatch(
      /P5D of working time at most \(to 2026-12-10T01:00:00.000Z\)/,
    );
    expect(checkExtensionTarget(korea, clock, new Date('2199-12-31T00:00:00Z'), now, policy)).toMatch(/at most/);
  });

  it("refuses a deadline whose ladder would run past the calendar's years, instead of failing later", () => {
    const late = runningClock('2050-12-01T01:00:00Z', 'P12D');
    const lateNow = new Date('2050-12-02T01:00:00Z');
    const until = addBusinessDuration(korea, late.dueAt, 'P3D');
    // Within the cap, but level 3 (1.5 times the extended target) falls in 2051, beyond the holidays known.
    expect(checkExtensionTarget(korea, late, until, lateNow, policy)).toMatch(/beyond the calendar/);
    expect(checkExtensionTarget(korea, late, until, lateNow, { ...policy, maxExtension: 'P30D' })).toMatch(
      /beyond the calendar/,
    );
  });
});

describe("the workflow validator's rule", () => {
  const running = { stage: 'review' as const, stopped: false, extended: false, dueAt: '2026-12-03T01:00:00.000Z' };
  const now = Date.parse('2026-12-02T01:00:00Z');

  it('refuses a future deadline earlier than the current one (it would push the stage into breach)', () => {
    expect(checkExtension(running, '2026-12-02T05:00:00Z', now)).toMatch(/later than the current one/);
    expect(checkExtension(running, '2026-12-04T01:00:00Z', now)).toBeUndefined();
  });
});

describe('the shipped policies', () => {
  it.each(['default', 'demo'])('%s states a valid cap', (name) => {
    const url = new URL(`../../../src/db/seed-data/sla-policy.${name}.json`, import.meta.url);
    const policy = slaPolicySchema.parse(JSON.parse(readFileSync(url, 'utf8')));
    expect(policy.maxExtension).toMatch(/^P/);
  });
});
