import type { EscalationState, TimelineEventType } from '../domain/vocabulary.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { after, type ListPosition } from './pagination.js';

const escalationSelect = {
  id: true,
  clockId: true,
  requestId: true,
  taskId: true,
  stage: true,
  agency: true,
  level: true,
  state: true,
  dueAt: true,
  firedAt: true,
  acknowledgedBy: true,
  acknowledgedAt: true,
  note: true,
} satisfies Prisma.EscalationSelect;

const requestBriefSelect = { id: true, title: true, provinceCode: true, status: true } satisfies Prisma.RequestSelect;

export type EscalationRow = Prisma.EscalationGetPayload<{ select: typeof escalationSelect }>;
export type RequestBriefRow = Prisma.RequestGetPayload<{ select: typeof requestBriefSelect }>;
/** An escalation with the request it is about (null if that request row is missing: there is no foreign key). */
export type EscalationWithRequestRow = EscalationRow & { request: Omit<RequestBriefRow, 'id'> | null };

export interface EscalationFilter {
  state?: EscalationState;
  level?: number;
  /** The agency that held the work when the level fell due. */
  agency?: string;
  requestId?: string;
}

export interface Acknowledgement {
  by: string;
  at: Date;
  note?: string;
}

/**
 * Escalations are written by the SLA activities (src/repositories/sla-clocks.ts); the API lists them
 * and moves them from `open` to `acknowledged`.
 */
export function createEscalationRepository(prisma: PrismaClient) {
  async function withRequests(rows: EscalationRow[]): Promise<EscalationWithRequestRow[]> {
    if (rows.length === 0) return [];
    const requests = await prisma.request.findMany({
      where: { id: { in: [...new Set(rows.map((row) => row.requestId))] } },
      select: requestBriefSelect,
    });
    const byId = new Map(requests.map(({ id, ...brief }) => [id, brief]));
    return rows.map((row) => ({ ...row, request: byId.get(row.requestId) ?? null }));
  }

  return {
    async find(id: string): Promise<EscalationWithRequestRow | null> {
      const row = await prisma.escalation.findUnique({ where: { id }, select: escalationSelect });
      return row === null ? null : ((await withRequests([row]))[0] ?? null);
    },

    async list(filter: EscalationFilter, limit: number, position?: ListPosition): Promise<EscalationWithRequestRow[]> {
      const rows = await prisma.escalation.findMany({
        where: {
          state: filter.state,
          level: filter.level,
          agency: filter.agency,
          requestId: filter.requestId,
          ...after('firedAt', position),
        },
        select: escalationSelect,
        orderBy: [{ firedAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return withRequests(rows);
    },

    /**
     * open → acknowledged as one conditional update: of two concurrent acknowledgements exactly one
     * changes the row. False when the escalation does not exist or is no longer open.
     */
    async acknowledge(id: string, acknowledgement: Acknowledgement): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.escalation.updateMany({
          where: { id, state: 'open' },
          data: {
            state: 'acknowledged',
            acknowledgedBy: acknowledgement.by,
            acknowledgedAt: acknowledgement.at,
            ...(acknowledgement.note === undefined ? {} : { note: acknowledgement.note }),
          },
        });
        if (count !== 1) return false;
        // The audit trail records who acknowledged which escalation and when; the note stays MOFA's, on the
        // escalation, since the trail is read by the province and the mission whose work it is about.
        const escalation = await tx.escalation.findUniqueOrThrow({ where: { id }, select: escalationSelect });
        await tx.auditEvent.create({
          data: {
            id: `${id}:acknowledged`,
            requestId: escalation.requestId,
            taskId: escalation.taskId,
            type: 'escalation_acknowledged' satisfies TimelineEventType,
            actor: acknowledgement.by,
            at: acknowledgement.at,
            data: { escalationId: id, stage: escalation.stage, level: escalation.level, agency: escalation.agency },
          },
        });
        return true;
      });
    },
  };
}

export type EscalationRepository = ReturnType<typeof createEscalationRepository>;
