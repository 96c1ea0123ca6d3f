/**
 * The formats of the codes that name things, as zod atoms for every schema that takes one, built from
 * the formats in ./agencies.ts. Not for workflow code (zod stays out of the workflow bundle).
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
