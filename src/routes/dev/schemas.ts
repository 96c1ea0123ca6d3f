import { z } from 'zod';
import { roleSchema } from '../../auth/principal.js';
import { plainString } from '../../domain/text.js';

export const tokenRequestSchema = z.object({
  user: plainString(200).min(1).describe('User handle, e.g. KR-43:province_officer or MOFA:coordinator'),
});

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: z.object({ handle: z.string(), role: roleSchema, agency: z.string() }),
});
