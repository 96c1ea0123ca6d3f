import { invalidTransition, notFound } from '../errors.js';
import type { EscalationFilter, EscalationRepository, EscalationWithRequestRow } from '../repositories/escalations.js';
import { decodeCursor, page } from './cursor.js';
import type { Principal } from '../auth/principal.js';
import { seeEscalation } from '../access/need-to-know.js';

export interface EscalationServiceDependencies {
  escalations: EscalationRepository;
  now?: () => Date;
}

/**
 * Escalations for MOFA: coordinators and supervisors see every escalation, and only supervisors
 * acknowledge.
 */
export function createEscalationService({ escalations, now = () => new Date() }: EscalationServiceDependencies) {
  return {
    async list(caller: Principal, filter: EscalationFilter, limit: number, cursor?: string) {
      const rows = await escalations.list(filter, limit + 1, decodeCursor(cursor));
      const { items, nextCursor } = page(rows, limit, (row) => ({ at: row.firedAt, id: row.id }));
      return { items: items.map((row) => seeEscalation(caller, row)), nextCursor };
    },

    /** open → acknowledged; 404 for an unknown id, 409 when it is acknowledged or resolved already. */
    async acknowledge(caller: Principal, id: string, note?: string): Promise<EscalationWithRequestRow> {
      const text = note?.trim();
      const changed = await escalations.acknowledge(id, {
        by: caller.sub,
        at: now(),
        ...(text === undefined || text === '' ? {} : { note: text }),
      });
      const escalation = await escalations.find(id);
      if (escalation === null) throw notFound('escalation', id);
      if (!changed) {
        throw invalidTransition(
          `escalation '${id}' is ${escalation.state}; only an open escalation can be acknowledged`,
        );
      }
      return seeEscalation(caller, escalation);
    },
  };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
