import { z } from 'zod';

/**
 * The one rule for strings the API accepts, written as patterns so that the OpenAPI document states it exactly
 * (a validator stricter than its document is a contract violation). Refused:
 * - control characters other than tab, newline and carriage return (PostgreSQL refuses NUL in text, so a NUL that
 *   got through would be a 500);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what follows them
 *   on screen, so that a title could read differently from what is stored;
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF), which make two different strings look alike.
 * They are refused rather than removed: a changed text would be stored under the sender's name without their knowing.
 * Accepted text is stored in Unicode normalisation form C, so that what looks alike compares alike.
 */
const refusedCharacters =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\u200B-\\u200D\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF';
/** One character the rule allows, as a regular-expression class. */
export const allowedCharacter = `[^${refusedCharacters}]`;
const withoutRefusedCharacters = new RegExp(`^${allowedCharacter}*$`);
/**
 * Also at least one character that is not white space (the value is trimmed): white space other than the vertical tab
 * and form feed, a visible character, then any allowed ones. No lookahead: fuzzers generate from these patterns, and
 * lookaheads slow their generators down to nothing.
 */
const withVisibleCharacter = new RegExp(`^[^\\S\\u000B\\u000C\\uFEFF]*[^\\s${refusedCharacters}]${allowedCharacter}*$`);

const refusal = 'must not contain control, bidirectional-formatting or zero-width characters';
const normalised = (value: string) => value.normalize('NFC');

/** Any string parameter: bounded, none of the refused characters, well-formed Unicode, in NFC. */
export const plainString = (max: number) =>
  z
    .string()
    .max(max)
    .regex(withoutRefusedCharacters, refusal)
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode')
    .overwrite(normalised);

/** Free text from a person: trimmed, not blank, bounded, none of the refused characters, well-formed Unicode, in NFC. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(withVisibleCharacter, `must not be blank; ${refusal}`)
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode')
    .overwrite(normalised)
    .trim();
