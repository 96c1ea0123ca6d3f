import { z } from 'zod';

/**
 * The one rule for strings the API accepts, written as patterns so that the OpenAPI document states it exactly
 * (a validator stricter than its document is a contract violation): no control characters other than tab, newline
 * and carriage return. PostgreSQL refuses NUL in text, so a NUL that got through would be a 500.
 * Issue 10 finding 6 extends this home (bidi overrides, zero-width characters, NFC).
 */
/** One character the rule allows, as a regular-expression class. */
export const allowedCharacter = '[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]';
const withoutControlCharacters = new RegExp(`^${allowedCharacter}*$`);
/**
 * Also at least one character that is not white space (the value is trimmed): white space other than the vertical tab
 * and form feed, a visible character, then any allowed ones. No lookahead: fuzzers generate from these patterns, and
 * lookaheads slow their generators down to nothing.
 */
const withVisibleCharacter = new RegExp(`^[^\\S\\u000B\\u000C]*[^\\s\\u0000-\\u001F\\u007F]${allowedCharacter}*$`);

/** Any string parameter: bounded, no control characters, well-formed Unicode. */
export const plainString = (max: number) =>
  z
    .string()
    .max(max)
    .regex(withoutControlCharacters, 'must not contain control characters')
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode');

/** Free text from a person: trimmed, not blank, bounded, no control characters, well-formed Unicode. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(withVisibleCharacter, 'must not be blank or contain control characters')
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode')
    .trim();
