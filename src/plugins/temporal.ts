/**
 * Decorates `app.temporal` with the Temporal client passed to createApp. The app does NOT close
 * the client's connection: whoever created it (src/main/*) closes it after `app.close()`.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    temporal: Client;
  }
}

export interface TemporalPluginOptions {
  temporal: Client;
}

async function temporalPlugin(app: FastifyInstance, options: TemporalPluginOptions): Promise<void> {
  app.decorate('temporal', options.temporal);
}

export default fp(temporalPlugin, { name: 'oneteam-temporal', fastify: '5.x' });
