/** Users table access (the only code touching `prisma.user`). */
import type { Role } from '../domain/vocabulary.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface UserIdentity {
  handle: string;
  role: Role;
  agencyCode: string;
}

export interface UsersRepository {
  findByHandle(handle: string): Promise<UserIdentity | null>;
}

export function createUsersRepository(prisma: Pick<PrismaClient, 'user'>): UsersRepository {
  return {
    async findByHandle(handle) {
      return prisma.user.findUnique({
        where: { handle },
        select: { handle: true, role: true, agencyCode: true },
      });
    },
  };
}
