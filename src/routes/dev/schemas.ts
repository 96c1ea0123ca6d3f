import { z } from 'zod';
import { roleSchema } from '../../auth/principal.js';

export const tokenRequestSchema = z.object({
  user: z.string().min(1).max(200).describe('User handle, e.g. KR-43:province_officer or MOFA:coordinator'),
});

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: z.object({ handle: z.string(), role: roleSchema, agency: z.string() }),
});
