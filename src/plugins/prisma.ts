/**
 * Decorates `app.prisma` with the PrismaClient passed to createApp, and disconnects it when the
 * app closes (the app owns the Prisma client it is given; see AppDeps in src/app.ts).
 * Only repositories (src/repositories/*) should use `app.prisma`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from '../generated/prisma/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
  }
}

export interface PrismaPluginOptions {
  prisma: PrismaClient;
}

async function prismaPlugin(app: FastifyInstance, options: PrismaPluginOptions): Promise<void> {
  app.decorate('prisma', options.prisma);
  // closeDependencies: the one place the app releases what it was given.
  app.addHook('onClose', async function closeDependencies() {
    await options.prisma.$disconnect();
  });
}

export default fp(prismaPlugin, { name: 'oneteam-prisma', fastify: '5.x' });
