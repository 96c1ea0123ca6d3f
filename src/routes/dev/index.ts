/**
 * POST /v1/dev/token — development issuer (registered only when config.devAuth).
 * Looks the user up and signs a 12-hour token with their role and agency.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DEV_TOKEN_LIFETIME_SECONDS } from '../../auth/tokens.js';
import { notFound, problemResponses } from '../../errors.js';
import { createUsersRepository } from '../../repositories/users.js';
import { tokenRequestSchema, tokenResponseSchema } from './schemas.js';

const devRoutes: FastifyPluginAsyncZod = async (app) => {
  const issuer = app.devTokenIssuer;
  if (issuer === null) throw new Error('dev routes need the development issuer (config.devAuth)');
  const users = createUsersRepository(app.prisma);

  app.post(
    '/v1/dev/token',
    {
      schema: {
        tags: ['dev'],
        summary: 'Issue a development token for a seeded user',
        description: `Development only (\`npm start\` without AUTH_JWKS_URL, or AUTH_DEV_ISSUER=unsafe-enabled). The token is valid for ${DEV_TOKEN_LIFETIME_SECONDS / 3600} hours.`,
        body: tokenRequestSchema,
        response: { 200: tokenResponseSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const user = await users.findByHandle(request.body.user);
      if (user === null) throw notFound('user', request.body.user);
      const principal = { sub: user.handle, role: user.role, agency: user.agencyCode };
      const { token, expiresAt } = await issuer.issue(principal, DEV_TOKEN_LIFETIME_SECONDS);
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        user: { handle: user.handle, role: user.role, agency: user.agencyCode },
      };
    },
  );
};

export default devRoutes;
