/**
 * ISO 8601 durations as business targets: `P<n>D` (whole working days), `PT<n>H<n>M<n>S`
 * (working time) and both (`P1DT4H`: days first, then working time). Years, months and weeks are
 * refused (they are not business durations), as are negative values and fractional days; a
 * fraction is allowed on the smallest time component only (`PT1.5H`, `PT0.5S`), as ISO 8601 says.
 */
import { HOUR_MS, MINUTE_MS } from './zoned.js';
import { InvalidDurationError } from './types.js';

export interface BusinessDuration {
  /** Whole working days. */
  readonly days: number;
  /** Working time after the days, in milliseconds (integer). */
  readonly ms: number;
}

/** Upper bounds that keep a mistyped target from walking a calendar for centuries. */
export const MAX_DURATION_DAYS = 3660;
export const MAX_DURATION_MS = 10_000 * HOUR_MS;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const PATTERN = new RegExp(
  String.raw`^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

/** Parses a business duration; throws {@link InvalidDurationError} with the reason. */
export function parseBusinessDuration(input: string): BusinessDuration {
  if (typeof input !== 'string') throw new InvalidDurationError(String(input), 'expected a string');
  if (input.length === 0) throw new InvalidDurationError(input, 'empty');
  if (input.length > 64) throw new InvalidDurationError(input.slice(0, 64), 'too long');
  if (input.startsWith('-')) throw new InvalidDurationError(input, 'negative durations are not allowed');
  const m = PATTERN.exec(input);
  if (!m) {
    throw new InvalidDurationError(
      input,
      'expected an ISO 8601 duration such as P2D, PT4H, PT1H30M or P1DT4H (upper case, no sign)',
    );
  }
  const [, y, mo, w, d, h, mi, s] = m;
  if (y !== undefined || mo !== undefined || w !== undefined) {
    throw new InvalidDurationError(
      input,
      'years, months and weeks are not business durations; use D (working days) or H/M/S (working time)',
    );
  }
  if (d === undefined && h === undefined && mi === undefined && s === undefined) {
    throw new InvalidDurationError(input, 'no component (e.g. P1D or PT4H)');
  }
  if (input.endsWith('T')) throw new InvalidDurationError(input, "'T' must be followed by hours, minutes or seconds");
  if (d !== undefined && /[.,]/.test(d)) {
    throw new InvalidDurationError(input, 'fractional days are not supported; use hours (PT…H)');
  }
  const time = [h, mi, s];
  const last = time.reduce<number>((acc, v, i) => (v !== undefined ? i : acc), -1);
  time.forEach((v, i) => {
    if (v !== undefined && i !== last && /[.,]/.test(v)) {
      throw new InvalidDurationError(input, 'only the smallest component may have a fraction');
    }
  });
  const num = (v: string | undefined): number => (v === undefined ? 0 : Number(v.replace(',', '.')));
  const days = num(d);
  const ms = Math.round(num(h) * HOUR_MS + num(mi) * MINUTE_MS + num(s) * 1000);
  if (!Number.isSafeInteger(days) || days > MAX_DURATION_DAYS) {
    throw new InvalidDurationError(input, `at most ${MAX_DURATION_DAYS} working days`);
  }
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) {
    throw new InvalidDurationError(input, `at most ${MAX_DURATION_MS / HOUR_MS} hours of working time`);
  }
  return { days, ms };
}
