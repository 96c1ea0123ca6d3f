import { z } from 'zod';
import { missionCode } from '../../domain/codes.js';
import { text } from '../../domain/text.js';
import { messageAudiences } from '../../domain/vocabulary.js';
import { pageOf } from '../paging.js';

export const messageBody = z
  .object({
    audience: z
      .enum(messageAudiences)
      .describe(
        'everyone on the request; mofa: MOFA only (an internal note); mofa_mission: MOFA and one mission; ' +
          'mofa_province: MOFA and the province. A caller writes to the audiences it reads.',
      ),
    missionCode: missionCode
      .optional()
      .describe("The mission of a mofa_mission message (a mission's own thread needs none)"),
    body: text(10_000),
  })
  .strict();

export const messageSchema = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    audience: z.enum(messageAudiences),
    missionCode: z.string().nullable(),
    author: z.string(),
    authorAgency: z.string(),
    body: z.string().describe('Empty once redacted'),
    createdAt: z.date(),
    redactedAt: z.date().nullable(),
    redactedBy: z.string().nullable(),
    redactionReason: z.string().nullable(),
  })
  .meta({ id: 'Message' });

export const messagePageSchema = pageOf(messageSchema);

export const redactBody = z.object({ reason: text(2_000) }).strict();

export const redactionSchema = z
  .object({
    messageId: z.uuid(),
    requestId: z.uuid(),
    redactedAt: z.date(),
    redactedBy: z.string(),
    redactionReason: z.string(),
  })
  .meta({ id: 'Redaction' });
