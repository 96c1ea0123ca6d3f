import type { Principal } from '../auth/principal.js';

/**
 * Need-to-know (docs/product.md): a province sees only its own requests, a mission only the requests it holds
 * a task on (and only its own tasks), MOFA coordinators and supervisors see everything. A request the
 * caller may not see is reported as not found.
 */
export function canSeeRequest(caller: Principal, request: { provinceCode: string; missions: string[] }): boolean {
  switch (caller.role) {
    case 'coordinator':
    case 'supervisor':
      return true;
    case 'province_officer':
      return request.provinceCode === caller.agency;
    case 'mission_officer':
      return request.missions.includes(caller.agency);
    case 'admin':
      return false;
  }
}

export function canSeeTask(caller: Principal, task: { missionCode: string }): boolean {
  switch (caller.role) {
    case 'coordinator':
    case 'supervisor':
      return true;
    case 'mission_officer':
      return task.missionCode === caller.agency;
    case 'province_officer':
    case 'admin':
      return false;
  }
}
