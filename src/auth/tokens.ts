/**
 * Bearer token verification (and, for the development issuer, issuance) with jose.
 *
 * - Identity provider (config.auth.mode `identity-provider`): tokens from an external issuer, verified
 *   against its remote JWKS, issuer AUTH_ISSUER and audience AUTH_AUDIENCE.
 * - Development issuer (config.auth.mode `dev-issuer`): the service is its own issuer; HS256 with the key
 *   from src/auth/dev-key.ts, same issuer and audience checks.
 *
 * Either way a token must be an access token that expires: `exp` is required; a JWT header `typ` other than
 * `JWT` or `at+jwt` (RFC 9068) and a `typ` claim other than `Bearer` (Keycloak writes `ID` into ID tokens and
 * `Refresh` into refresh tokens) are refused. The claims are validated with zod ({@link principalClaimsSchema})
 * and the role must belong to the kind of agency the token names: a bad role, a missing agency or a mission
 * officer of MOFA is a 401 like a bad signature.
 */
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import type { Config } from '../config.js';
import { agencyKindOfRole, roleFitsAgency } from '../domain/agencies.js';
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
/** RFC 9068's media type of a JWT access token; the development issuer writes it and requires it. */
const ACCESS_TOKEN_TYPE = 'at+jwt';
/** JWT header `typ` values an identity provider may put on an access token (compared without `application/`). */
const ACCESS_TOKEN_HEADER_TYPES = new Set(['jwt', ACCESS_TOKEN_TYPE]);
/** The `typ` claim of a Keycloak access token; ID and refresh tokens carry `ID` and `Refresh`. */
const ACCESS_TOKEN_CLAIM_TYPE = 'bearer';
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

function refused(claim: string): AppError {
  return unauthenticated(`The token's ${claim} is not that of an access token.`, { invalidToken: true });
}

/** Only access tokens: an ID or refresh token of the same issuer and audience must not pass. */
function requireAccessToken(header: JWTHeaderParameters, payload: JWTPayload): void {
  const headerType = header.typ?.toLowerCase().replace(/^application\//, '');
  if (headerType !== undefined && !ACCESS_TOKEN_HEADER_TYPES.has(headerType)) throw refused('typ header');
  const claimType = payload.typ;
  if (
    claimType !== undefined &&
    (typeof claimType !== 'string' || claimType.toLowerCase() !== ACCESS_TOKEN_CLAIM_TYPE)
  ) {
    throw refused('typ claim');
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  const parsed = principalClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const claims = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'token')))];
    throw unauthenticated(`The token's ${claims.join(', ')} claim is missing or not valid.`, { invalidToken: true });
  }
  const principal = parsed.data;
  if (!roleFitsAgency(principal.role, principal.agency)) {
    throw unauthenticated(
      `The token's agency ${principal.agency} is not a ${agencyKindOfRole[principal.role]}, as the role ${principal.role} requires.`,
      { invalidToken: true },
    );
  }
  return principal;
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

type VerifyJwt = (
  token: string,
  options: JWTVerifyOptions,
) => Promise<{ payload: JWTPayload; protectedHeader: JWTHeaderParameters }>;

function createVerifier(
  verifyJwt: VerifyJwt,
  options: { issuer: string; audience: string; algorithms: string[]; remote: boolean; typ?: string },
): TokenVerifier {
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp'],
    ...(options.typ === undefined ? {} : { typ: options.typ }),
  };
  return {
    async verify(token) {
      try {
        const { payload, protectedHeader } = await verifyJwt(token, verifyOptions);
        requireAccessToken(protectedHeader, payload);
        return toPrincipal(payload);
      } catch (error) {
        throw verificationError(error, options.remote);
      }
    },
  };
}

export function createJwksVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return createVerifier((token, verifyOptions) => jwtVerify(token, jwks, verifyOptions), {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: JWKS_ALGORITHMS,
    remote: true,
  });
}

export function createDevVerifier(options: { key: Uint8Array; issuer: string; audience: string }): TokenVerifier {
  return createVerifier((token, verifyOptions) => jwtVerify(token, options.key, verifyOptions), {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [DEV_ALGORITHM],
    remote: false,
    typ: ACCESS_TOKEN_TYPE,
  });
}

export function createDevTokenIssuer(options: { key: Uint8Array; issuer: string; audience: string }): DevTokenIssuer {
  return {
    async issue(principal, lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS) {
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAtSeconds = issuedAt + lifetimeSeconds;
      const token = await new SignJWT({ role: principal.role, agency: principal.agency })
        .setProtectedHeader({ alg: DEV_ALGORITHM, typ: ACCESS_TOKEN_TYPE })
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
  /** Present only with the development issuer (config.auth.mode `dev-issuer`). */
  devIssuer: DevTokenIssuer | null;
}

/** Build the verifier (and the dev issuer) the configuration asks for. */
export async function createAuthSetup(config: Config): Promise<AuthSetup> {
  const { auth } = config;
  switch (auth.mode) {
    case 'identity-provider':
      return { verifier: createJwksVerifier(auth), devIssuer: null };
    case 'dev-issuer': {
      const key = await loadDevSigningKey(config);
      const options = { key, issuer: auth.issuer, audience: auth.audience };
      return { verifier: createDevVerifier(options), devIssuer: createDevTokenIssuer(options) };
    }
    case 'none':
      throw new Error('this process was configured to verify no tokens');
  }
}
