import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Typed search attributes of request workflows. The dev server registers them at start; a production namespace
 * needs them registered once by its operators.
 */
export const statusKey = defineSearchAttributeKey('OneTeamStatus', 'KEYWORD');
export const provinceKey = defineSearchAttributeKey('OneTeamProvince', 'KEYWORD');
export const missionsKey = defineSearchAttributeKey('OneTeamMissions', 'KEYWORD_LIST');
export const slaStateKey = defineSearchAttributeKey('OneTeamSlaState', 'KEYWORD');
export const dueAtKey = defineSearchAttributeKey('OneTeamDueAt', 'DATETIME');

/** Every search attribute of request workflows: what a namespace must have registered. */
export const searchAttributeKeys = [statusKey, provinceKey, missionsKey, slaStateKey, dueAtKey] as const;

/** Name → CLI type, as `temporal server start-dev --search-attribute` and `operator search-attribute create` take them. */
export const searchAttributeRegistrations: ReadonlyArray<{ name: string; cliType: string }> = [
  { name: statusKey.name, cliType: 'Keyword' },
  { name: provinceKey.name, cliType: 'Keyword' },
  { name: missionsKey.name, cliType: 'KeywordList' },
  { name: slaStateKey.name, cliType: 'Keyword' },
  { name: dueAtKey.name, cliType: 'Datetime' },
];
