// What the pages know of the domain, read once from the data the server embedded in the page
// (src/web/vocabulary.ts): the words for each status, state, role..., and which actions each status allows.

const data = JSON.parse(document.getElementById('page-data').textContent);

/** A value's words when it has none of its own: `in_progress` → `in progress`. */
export function humanize(value) {
  return String(value ?? '').replace(/_/g, ' ');
}

/** The word for a value of a vocabulary (`word('slaState', 'at_risk')` → `at risk`). */
export function word(vocabulary, value) {
  return data.labels[vocabulary]?.[value] ?? humanize(value);
}

/** Agency kinds in the order the pages list agencies. */
export const agencyKinds = Object.keys(data.labels.agencyKind);

/** The short English word and the Korean word of a mission kind (embassy, consulate_general...). */
export const missionKind = (kind) => data.missionKinds[kind];

/** Task statuses in which the mission still holds work. */
export const isTaskActive = (status) => data.activeTaskStatuses.includes(status);

/** Whether the request's status allows `action` (triage, answerClarification, review, withdraw). */
export const requestAllows = (action, status) => data.requestActions[action].includes(status);

/** Whether the task's status allows `action` (accept, decline, requestInfo, answerInfo, respond). */
export const taskAllows = (action, status) => data.taskActions[action].includes(status);

/** Whether the role works for a province's desk (its officers, the Ambassador for International Relations). */
export const isProvinceDesk = (role) => data.provinceDesk.includes(role);

/** The page a role starts on, if it has one. */
export const roleHome = (role) => data.roleHomes[role];
