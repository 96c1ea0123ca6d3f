/**
 * Bearer token verification (and, for the development issuer, issuance) with jose.
 *
 * - Production (AUTH_JWKS_URL set): tokens from an external issuer, verified against its remote
 *   JWKS, issuer AUTH_ISSUER and audience AUTH_AUDIENCE.
 * - Development (config.devAuth): the service is its own issuer; HS256 with the key from
 *   src/auth/dev-key.ts, same issuer and audience checks.
 *
 * Either way the claims are validated with zod ({@link principalClaimsSchema}): a bad role or a
 * missing agency is a 401 like a bad signature.
 */
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config.js';
import { AppError, unauthenticated, unavailable } from '../errors.js';
import { loadDevSigningKey } from './dev-key.js';
import { type Principal, principalClaimsSchema } from './principal.js';

export interface TokenVerifier {
  /** The principal of a valid token; throws AppError `unauthenticated` (or `unavailable` when the key set cannot be fetched). */
  verify(token: string): Promise<Principal>;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface DevTokenIssuer {
  issue(principal: Principal, lifetimeSeconds?: number): Promise<IssuedToken>;
}

/** Development tokens live 12 hours. */
export const DEV_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;
const DEV_ALGORITHM = 'HS256';
/** Asymmetric algorithms accepted from a JWKS (never `none` or HMAC with a public key). */
const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

function toPrincipal(payload: JWTPayload): Principal {
  const parsed = principalClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const claims = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'token')))];
    throw unauthenticated(`The token's ${claims.join(', ')} claim is missing or not valid.`, { invalidToken: true });
  }
  return parsed.data;
}

/** Map a jose failure to a catalogue error; anything unknown means the key set could not be fetched. */
function verificationError(error: unknown, remote: boolean): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return unavailable('The token issuer could not be reached.', { cause: error });
  }
  if (error instanceof joseErrors.JWTExpired) {
    return unauthenticated('The token has expired.', { invalidToken: true, cause: error });
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return unauthenticated(`The token's ${error.claim} claim is not accepted.`, { invalidToken: true, cause: error });
  }
  if (error instanceof joseErrors.JOSEError) {
    return unauthenticated('The token is not valid.', { invalidToken: true, cause: error });
  }
  if (remote) return unavailable('The token issuer could not be reached.', { cause: error });
  throw error;
}

function makeVerifier(
  key: Uint8Array | JWTVerifyGetKey,
  options: { issuer: string; audience: string; algorithms: string[]; remote: boolean },
): TokenVerifier {
  return {
    async verify(token) {
      try {
        const { payload } =
          typeof key === 'function'
            ? await jwtVerify(token, key, {
                issuer: options.issuer,
                audience: options.audience,
                algorithms: options.algorithms,
                clockTolerance: CLOCK_TOLERANCE_SECONDS,
              })
            : await jwtVerify(token, key, {
                issuer: options.issuer,
                audience: options.audience,
                algorithms: options.algorithms,
                clockTolerance: CLOCK_TOLERANCE_SECONDS,
              });
        return toPrincipal(payload);
      } catch (error) {
        throw verificationError(error, options.remote);
      }
    },
  };
}

export function createJwksVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return makeVerifier(jwks, {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: JWKS_ALGORITHMS,
    remote: true,
  });
}

export function createDevVerifier(options: { key: Uint8Array; issuer: string; audience: string }): TokenVerifier {
  return makeVerifier(options.key, {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [DEV_ALGORITHM],
    remote: false,
  });
}

export function createDevTokenIssuer(options: { key: Uint8Array; issuer: string; audience: string }): DevTokenIssuer {
  return {
    async issue(principal, lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS) {
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAtSeconds = issuedAt + lifetimeSeconds;
      const token = await new SignJWT({ role: principal.role, agency: principal.agency })
        .setProtectedHeader({ alg: DEV_ALGORITHM, typ: 'JWT' })
        .setSubject(principal.sub)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAtSeconds)
        .sign(options.key);
      return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
    },
  };
}

export interface AuthSetup {
  verifier: TokenVerifier;
  /** Present only in development mode (config.devAuth). */
  devIssuer: DevTokenIssuer | null;
}

/** Build the verifier (and the dev issuer) the configuration asks for. */
export async function createAuthSetup(config: Config): Promise<AuthSetup> {
  if (config.AUTH_JWKS_URL !== undefined && !config.devAuth) {
    return {
      verifier: createJwksVerifier({
        jwksUrl: config.AUTH_JWKS_URL,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      }),
      devIssuer: null,
    };
  }
  const key = await loadDevSigningKey(config);
  const options = { key, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  return { verifier: createDevVerifier(options), devIssuer: createDevTokenIssuer(options) };
}
