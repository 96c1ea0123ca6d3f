import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Typed search attributes of request workflows, in the SDK's spelling: the one list from which every
 * registration derives (the dev and test servers' through src/local/temporal, and
 * deploy/temporal/search-attributes.txt for a production namespace through scripts/search-attributes.ts).
 */
export const statusKey = defineSearchAttributeKey('OneTeamStatus', 'KEYWORD');
export const provinceKey = defineSearchAttributeKey('OneTeamProvince', 'KEYWORD');
export const missionsKey = defineSearchAttributeKey('OneTeamMissions', 'KEYWORD_LIST');
export const slaStateKey = defineSearchAttributeKey('OneTeamSlaState', 'KEYWORD');
export const dueAtKey = defineSearchAttributeKey('OneTeamDueAt', 'DATETIME');

export const searchAttributeKeys = [statusKey, provinceKey, missionsKey, slaStateKey, dueAtKey] as const;
