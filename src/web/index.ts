/**
 * Web pages for provinces, MOFA and the missions, served by the API service itself.
 *
 *   /                    sign-in (a seeded user handle in the embedded default, a pasted token in production)
 *   /app                 the signed-in user's home: redirects to the page of their role
 *   /app/requests        province: my requests            /app/requests/new   province: submit a request
 *   /app/requests/:id    request detail, timeline and the caller's actions on it (any role that may see it)
 *   /app/tasks           mission: task inbox, nearest deadline first
 *   /app/triage          coordinator: triage queue and assignment to missions
 *   /app/board           supervisor: escalation board, breached and at-risk lists, SLA chart
 *   /app/static/*        the pages' stylesheet and module scripts
 *   /app/*               any other address: an HTML "page not found" (404)
 *
 * Pages are server-rendered skeletons; their scripts call the JSON API (/v1) with the user's bearer
 * token (kept in sessionStorage), so authentication and need-to-know are the API's, unchanged. A
 * Content-Security-Policy (src/plugins/security-headers.ts) allows this origin's scripts and styles only.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STATIC_PREFIX } from './layout.js';
import { boardPage } from './pages/board.js';
import { homePage } from './pages/home.js';
import { type Category, newRequestPage } from './pages/new-request.js';
import { notFoundPage } from './pages/not-found.js';
import { requestPage } from './pages/request.js';
import { requestsPage } from './pages/requests.js';
import { signInPage } from './pages/signin.js';
import { tasksPage } from './pages/tasks.js';
import { triagePage } from './pages/triage.js';

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** The static assets, read once: a handful of small files, the shared modules in one subfolder. */
function loadStaticFiles(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(STATIC_DIR, { recursive: true, encoding: 'utf8' })) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(path.join(STATIC_DIR, name));
    const key = name.split(path.sep).join('/');
    files.set(key, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return files;
}

const hidden = { hide: true } as const;

const webPages: FastifyPluginAsyncZod = async (app) => {
  const context = { devAuth: app.config.devAuth };
  const files = loadStaticFiles();

  // Security headers and `Cache-Control: no-store` come from src/plugins/security-headers.ts.
  const page = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

  app.get('/', { schema: hidden }, async (_request, reply) => page(reply, signInPage(context)));
  app.get('/app', { schema: hidden }, async (_request, reply) => page(reply, homePage(context)));
  app.get('/app/requests', { schema: hidden }, async (_request, reply) => page(reply, requestsPage(context)));
  app.get('/app/requests/new', { schema: hidden }, async (_request, reply) => {
    const categories: Category[] = await app.prisma.category.findMany({
      orderBy: { name: 'asc' },
      select: { code: true, name: true },
    });
    return page(reply, newRequestPage(context, categories));
  });
  app.get(
    '/app/requests/:id',
    { schema: { ...hidden, params: z.object({ id: z.string().min(1).max(100) }) } },
    // The page is a shell for any id: its script asks the API, which answers 404 for what the user may not see.
    async (request, reply) => page(reply, requestPage(context, request.params.id)),
  );
  app.get('/app/tasks', { schema: hidden }, async (_request, reply) => page(reply, tasksPage(context)));
  app.get('/app/triage', { schema: hidden }, async (_request, reply) => page(reply, triagePage(context)));
  app.get('/app/board', { schema: hidden }, async (_request, reply) => page(reply, boardPage(context)));

  app.get('/app/*', { schema: hidden }, async (_request, reply) => page(reply.code(404), notFoundPage(context)));

  app.get(
    `${STATIC_PREFIX}/*`,
    {
      schema: {
        ...hidden,
        params: z.object({
          '*': z
            .string()
            .regex(/^(?:[a-z0-9-]+\/)?[a-z0-9-]+\.[a-z]+$/)
            .max(100),
        }),
      },
    },
    async (request, reply) => {
      const file = files.get(request.params['*']);
      if (file === undefined) {
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      }
      reply.header('etag', file.etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    },
  );
};

export default webPages;
