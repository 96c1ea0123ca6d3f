import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { slaStates, type RequestStatus, type SlaState, type TimelineEventType } from '../domain/vocabulary.js';
import { worstState } from '../sla/index.js';
import { after, type ListPosition } from './pagination.js';

const requestSummarySelect = {
  id: true,
  provinceCode: true,
  createdBy: true,
  title: true,
  description: true,
  category: true,
  priority: true,
  targetCountries: true,
  desiredBy: true,
  status: true,
  outcome: true,
  slaState: true,
  missions: true,
  clarificationQuestion: true,
  fingerprint: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} satisfies Prisma.RequestSelect;

export const taskSelect = {
  id: true,
  requestId: true,
  missionCode: true,
  status: true,
  note: true,
  infoQuestion: true,
  infoAnswer: true,
  declineReason: true,
  responseSummary: true,
  responseDetails: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TaskSelect;

const eventSelect = {
  id: true,
  taskId: true,
  type: true,
  actor: true,
  at: true,
  data: true,
} satisfies Prisma.AuditEventSelect;

const runningClockSelect = {
  id: true,
  taskId: true,
  stage: true,
  holder: true,
  state: true,
  level: true,
  dueAt: true,
  originalDueAt: true,
  pausedMs: true,
  pausedAt: true,
  extensionReason: true,
} satisfies Prisma.SlaClockSelect;

export type RequestRow = Prisma.RequestGetPayload<{ select: typeof requestSummarySelect }>;

/** List rows carry their running deadlines, so a queue can be ordered without reading each request. */
const requestListSelect = {
  ...requestSummarySelect,
  slaClocks: {
    where: { stoppedAt: null },
    select: { stage: true, taskId: true, holder: true, state: true, dueAt: true },
    orderBy: { dueAt: 'asc' },
  },
} satisfies Prisma.RequestSelect;

export type RequestListRow = Prisma.RequestGetPayload<{ select: typeof requestListSelect }>;
export type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;
/** The `type` column holds only what the workflows and SLA activities write, which their types keep to the list. */
export type EventRow = Omit<Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>, 'type'> & {
  type: TimelineEventType;
};
export type RunningClockRow = Prisma.SlaClockGetPayload<{ select: typeof runningClockSelect }>;
export type RequestDetailRow = RequestRow & { tasks: TaskRow[]; events: EventRow[]; slaClocks: RunningClockRow[] };

export interface RequestFilter {
  status?: RequestStatus;
  slaState?: SlaState;
  province?: string;
  mission?: string;
  category?: string;
  /** Judge `slaState` by the running clocks this agency holds instead of the request's own state. */
  slaStateHeldBy?: string;
}

/** Requests on which the worst running clock `agency` holds is in `state` (on track when it holds none). */
function worstHeldClockIs(agency: string, state: SlaState): Prisma.RequestWhereInput {
  const held = { stoppedAt: null, holder: agency };
  const others = slaStates.filter((other) => other !== state);
  const worse = others.filter((other) => worstState([state, other]) === other);
  const better = others.filter((other) => !worse.includes(other));
  const inState = { slaClocks: { some: { ...held, state } } };
  return {
    AND: [
      { slaClocks: { none: { ...held, state: { in: worse } } } },
      state === worstState([])
        ? { OR: [inState, { slaClocks: { none: { ...held, state: { in: better } } } }] }
        : inState,
    ],
  };
}

export function createRequestRepository(prisma: PrismaClient) {
  return {
    findSummary(id: string): Promise<RequestRow | null> {
      return prisma.request.findUnique({ where: { id }, select: requestSummarySelect });
    },

    findDetail(id: string): Promise<RequestDetailRow | null> {
      return prisma.request.findUnique({
        where: { id },
        select: {
          ...requestSummarySelect,
          tasks: { select: taskSelect, orderBy: [{ createdAt: 'asc' }, { missionCode: 'asc' }, { id: 'asc' }] },
          events: { select: eventSelect, orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }] },
          slaClocks: { where: { stoppedAt: null }, select: runningClockSelect, orderBy: { startedAt: 'asc' } },
        },
      }) as Promise<RequestDetailRow | null>;
    },

    list(filter: RequestFilter, limit: number, position?: ListPosition): Promise<RequestListRow[]> {
      const where: Prisma.RequestWhereInput = {
        status: filter.status,
        ...(filter.slaState === undefined
          ? {}
          : filter.slaStateHeldBy === undefined
            ? { slaState: filter.slaState }
            : worstHeldClockIs(filter.slaStateHeldBy, filter.slaState)),
        provinceCode: filter.province,
        category: filter.category,
        ...(filter.mission === undefined ? {} : { missions: { has: filter.mission } }),
        ...after('createdAt', position),
      };
      return prisma.request.findMany({
        where,
        select: requestListSelect,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    },

    async categoryExists(code: string): Promise<boolean> {
      return (await prisma.category.count({ where: { code } })) > 0;
    },

    async unknownMissions(codes: string[]): Promise<string[]> {
      const found = await prisma.agency.findMany({
        where: { code: { in: codes }, kind: 'mission' },
        select: { code: true },
      });
      const known = new Set(found.map((agency) => agency.code));
      return codes.filter((code) => !known.has(code));
    },
  };
}

export type RequestRepository = ReturnType<typeof createRequestRepository>;
