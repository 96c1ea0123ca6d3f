import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AccessAction } from '../domain/vocabulary.js';

/** One read of a request's text: who, what, where from and through which route. */
export interface AccessRecord {
  actor: string;
  actorRole: string;
  actorAgency: string;
  action: AccessAction;
  requestId: string;
  /** The ids of what was shown. */
  subjects: readonly string[];
  route: string;
  address: string;
}

/** Where a read came from: the route that answered it and the caller's address. */
export type AccessPoint = Pick<AccessRecord, 'route' | 'address'>;

export function createAccessLog(prisma: PrismaClient) {
  return {
    /** Written before the answer leaves: a read that cannot be logged is not answered. */
    async record(entry: AccessRecord): Promise<void> {
      await prisma.accessLogEntry.create({ data: { id: randomUUID(), ...entry, subjects: [...entry.subjects] } });
    },
  };
}

export type AccessLog = ReturnType<typeof createAccessLog>;
