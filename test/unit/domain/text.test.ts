/** The one text rule (src/domain/text.ts): what a string the API accepts may contain, and how it is stored. */
import { describe, expect, it } from 'vitest';
import { plainString, text } from '../../../src/domain/text.js';

const refused = {
  NUL: '\u0000',
  escape: '\u001b',
  'left-to-right embedding': '\u202a',
  'right-to-left embedding': '\u202b',
  'pop directional formatting': '\u202c',
  'left-to-right override': '\u202d',
  'right-to-left override': '\u202e',
  'left-to-right isolate': '\u2066',
  'right-to-left isolate': '\u2067',
  'first strong isolate': '\u2068',
  'pop directional isolate': '\u2069',
  'zero-width space': '\u200b',
  'zero-width non-joiner': '\u200c',
  'zero-width joiner': '\u200d',
  'word joiner': '\u2060',
  'byte order mark': '\ufeff',
};

describe.each([
  ['text', text(200)],
  ['plainString', plainString(200)],
])('%s', (_name, schema) => {
  it.each(Object.entries(refused))('refuses a %s anywhere', (_what, character) => {
    for (const value of [`${character}invoice.pdf`, `invoice${character}.pdf`, `invoice.pdf${character}`]) {
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it('stores text in normalisation form C', () => {
    const decomposed = 'Cafe\u0301 Hangul \u1112\u1161\u11ab';
    expect(schema.parse(decomposed)).toBe('Café Hangul 한');
    expect(schema.parse(decomposed)).toBe(decomposed.normalize('NFC'));
  });

  it('keeps Korean, Arabic, Hebrew, emoji, tabs and newlines', () => {
    const value = '충청북도 유학생 유치\tمرحبا\nשלום 🇰🇷';
    expect(schema.parse(value)).toBe(value);
  });
});

it('free text is trimmed and must not be blank', () => {
  expect(text(20).parse('  Expo bid \n')).toBe('Expo bid');
  expect(text(20).safeParse(' \t\n ').success).toBe(false);
});
