import { z } from 'zod';

// Control characters other than tab, newline and carriage return; PostgreSQL also refuses NUL in text.
const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
const hasControlCharacter = (value: string) => [...value].some((char) => isControl(char.codePointAt(0)!));

/** Free text from a person: trimmed, bounded, no control characters, well-formed Unicode. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value), 'must not contain control characters')
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode');
