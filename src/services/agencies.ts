/** Agency reference data: provinces, MOFA and overseas missions. */
import { notFound } from '../errors.js';
import type { AgenciesRepository, AgencyFilter, AgencyRecord } from '../repositories/agencies.js';

export interface AgenciesService {
  list(filter: AgencyFilter): Promise<AgencyRecord[]>;
  /** Throws `not_found` for an unknown code. */
  get(code: string): Promise<AgencyRecord>;
}

export function createAgenciesService(deps: { agencies: AgenciesRepository }): AgenciesService {
  return {
    list(filter) {
      return deps.agencies.list(filter);
    },
    async get(code) {
      const agency = await deps.agencies.findByCode(code);
      if (agency === null) throw notFound('agency', code);
      return agency;
    },
  };
}
