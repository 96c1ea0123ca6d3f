import type { PrismaClient } from '../generated/prisma/client.js';
import { slaPolicySchema, type SlaPolicy } from '../sla/index.js';

export function createSlaPolicyRepository(prisma: PrismaClient) {
  return {
    async find(name: string): Promise<SlaPolicy | undefined> {
      const row = await prisma.slaPolicy.findUnique({
        where: { name },
        select: { name: true, calendar: true, thresholds: true, targets: true, maxExtension: true },
      });
      return row === null ? undefined : slaPolicySchema.parse(row);
    },
  };
}

export type SlaPolicyRepository = ReturnType<typeof createSlaPolicyRepository>;
