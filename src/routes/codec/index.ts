/**
 * Temporal's codec-server protocol, so operators who hold the payload key can read (and write) payloads in
 * the Temporal UI and CLI: `POST /codec/decode` and `POST /codec/encode` take and return Payloads as
 * protobuf JSON (`{ "payloads": [{ "metadata": { "<key>": "<base64>" }, "data": "<base64>" }] }`) and run
 * them through the payload codec of the API's own Temporal client (src/temporal/payload-codec.ts). One
 * namespace is served, so the `X-Namespace` header the UI sends is not needed.
 *
 * Access: administrators only (a bearer token with role `admin`; the Temporal UI sends the operator's token
 * when it signs in with the same identity provider and `codec.passAccessToken` is on, the CLI with
 * `--codec-auth`). `npm start` on the embedded Temporal also answers tokenless calls from loopback, where
 * anyone could mint an admin token from the development issuer anyway, so its keyless dev UI decodes too.
 * Browsers may call it from CODEC_CORS_ORIGINS (the Temporal UI's origin) only.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, validationFailed } from '../../errors.js';
import { requireRoleUnless } from '../../plugins/auth.js';
import { PayloadDecryptionError } from '../../temporal/payload-codec.js';

export interface CodecRoutesOptions {
  /** Browser origins allowed to call the endpoints (CORS). */
  corsOrigins: readonly string[];
  /** Answer tokenless calls from loopback (the embedded `npm start` only). */
  openToLoopback: boolean;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*=*$/, 'base64');
const payloadsJson = z
  .object({
    payloads: z
      .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
      .max(10_000),
  })
  .describe('Payloads as protobuf JSON');
type PayloadsJson = z.infer<typeof payloadsJson>;

function fromJson({ payloads }: PayloadsJson): Payload[] {
  return payloads.map(({ metadata = {}, data = '' }) => ({
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(data, 'base64'),
  }));
}

function toJson(payloads: Payload[]): PayloadsJson {
  return {
    payloads: payloads.map(({ metadata, data }) => ({
      metadata: Object.fromEntries(
        Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]),
      ),
      data: Buffer.from(data ?? []).toString('base64'),
    })),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const codecRoutes: FastifyPluginAsyncZod<CodecRoutesOptions> = async (app, { corsOrigins, openToLoopback }) => {
  // The codec of the client the API talks to Temporal with: what it encrypts, this decrypts.
  function codec(): PayloadCodec {
    const [first] = app.temporal.options.loadedDataConverter.payloadCodecs;
    if (first === undefined) throw new Error('the Temporal client has no payload codec');
    return first;
  }
  const operatorsOnly = requireRoleUnless(
    (request) => openToLoopback && request.headers.authorization === undefined && LOOPBACK.has(request.ip),
    'admin',
  );

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (!corsOrigins.includes(origin)) throw forbidden(`Origin ${origin} may not call the codec endpoints.`);
    void reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-credentials', 'true')
      .header('vary', 'origin');
  });

  app.options('/codec/:operation', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'authorization, content-type, x-namespace')
      .header('access-control-max-age', '600')
      .code(204)
      .send(),
  );

  for (const operation of ['decode', 'encode'] as const) {
    app.post(
      `/codec/${operation}`,
      {
        onRequest: [operatorsOnly],
        schema: {
          tags: ['operations'],
          summary:
            operation === 'decode'
              ? 'Decrypts Temporal payloads (codec-server protocol, for the Temporal UI and CLI)'
              : 'Encrypts Temporal payloads (codec-server protocol, for the Temporal UI and CLI)',
          body: payloadsJson,
          response: { 200: payloadsJson },
        },
      },
      async (request) => {
        try {
          return toJson(await codec()[operation](fromJson(request.body)));
        } catch (error) {
          if (error instanceof PayloadDecryptionError)
            throw validationFailed([{ path: 'body.payloads', message: error.message }]);
          throw error;
        }
      },
    );
  }
};

export default codecRoutes;
