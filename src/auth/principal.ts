import { z } from 'zod';

import { roles, type Role } from '../domain/vocabulary.js';

/** A role: the `role` claim of a token, the `role` column of a user. */
export const roleSchema = z.enum(roles);

/** Who is calling: taken from the verified bearer token. */
export interface Principal {
  /** User handle, e.g. `KR-43:province_officer`. */
  readonly sub: string;
  readonly role: Role;
  /** Agency code, e.g. `KR-43`, `VN-HAN`, `MOFA`. */
  readonly agency: string;
}

/** The claims a token must carry; anything else (a bad role, a missing agency) is a 401. */
export const principalClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: roleSchema,
  agency: z.string().min(1).max(50),
});
