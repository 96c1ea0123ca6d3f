/**
 * The formats of the codes that name things and of the dates and instants the API takes, as zod atoms for every
 * schema that takes one, built from the formats in ./agencies.ts. Not for workflow code (zod stays out of the
 * workflow bundle).
 */
import { z } from 'zod';
import { agencyCodeFormats } from './agencies.js';
import { ALWAYS_CALENDAR, KOREA_CALENDAR } from './vocabulary.js';

const anyOf = (...formats: RegExp[]) => new RegExp(formats.map((format) => `(?:${format.source})`).join('|'));
const exactly = (code: string) => new RegExp(`^${code}$`);

export const missionCode = z.string().regex(agencyCodeFormats.mission, 'not a mission code');
/** A province, a mission, or MOFA. */
export const agencyCode = z.string().regex(anyOf(...Object.values(agencyCodeFormats)), 'not an agency code');
export const calendarCode = z
  .string()
  .regex(
    anyOf(exactly(KOREA_CALENDAR), exactly(ALWAYS_CALENDAR), agencyCodeFormats.mission),
    `'${KOREA_CALENDAR}', '${ALWAYS_CALENDAR}' or a mission code`,
  );
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code');

/**
 * Dates and instants the service stores or searches by lie in the years 2000–2199: PostgreSQL has no year 0 (it would
 * be a 500), and nothing OneTeam tracks lies outside. A pattern rather than a refinement, so the document says it.
 */
const serviceYears = [/^2[01]\d\d-/, 'must be in the years 2000 to 2199'] as const;
/** `YYYY-MM-DD` in the service's years. */
export const serviceDate = z.iso.date().regex(...serviceYears);
/** An ISO 8601 instant with an offset, in the service's years. */
export const serviceInstant = z.iso.datetime({ offset: true }).regex(...serviceYears);
