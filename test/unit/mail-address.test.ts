import { describe, expect, it } from 'vitest';
import { secretariatName } from '#domain';
import { encodedWords, fromWithName, parseFrom } from '#mail';

// The From of a platform's mail as SES takes it: 7-bit ASCII, a non-ASCII display name as RFC 2047
// encoded-words of at most 75 characters, the address always the configured MAIL_FROM's.

const NAME = 'さいたま市 孤独・孤立対策官民連携プラットフォーム事務局';

describe('From with a display name', () => {
  it('encodes a Japanese name in encoded-words of at most 75 characters, split between characters', () => {
    const from = fromWithName(NAME, 'tsunagu <no-reply@tsunagu.example>');

    expect(from).toMatch(/^(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= )+<no-reply@tsunagu\.example>$/);
    const words = from.replace(/ <[^>]+>$/, '').split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word decodes on its own: no character is cut in two.
      const decoded = Buffer.from(word.slice(10, -2), 'base64').toString('utf8');
      expect(decoded).not.toContain('\uFFFD');
    }
    expect(parseFrom(from)).toEqual({ name: NAME, address: 'no-reply@tsunagu.example' });
  });

  it('quotes an ASCII name and escapes quotes and backslashes in it', () => {
    expect(fromWithName('Saitama "Platform" \\ Secretariat', 'no-reply@tsunagu.example')).toBe(
      '"Saitama \\"Platform\\" \\\\ Secretariat" <no-reply@tsunagu.example>',
    );
    expect(parseFrom('"Saitama \\"Platform\\"" <a@b.example>')).toEqual({
      name: 'Saitama "Platform"',
      address: 'a@b.example',
    });
  });

  it('keeps the configured From as it is without a name', () => {
    expect(fromWithName('  ', 'tsunagu <no-reply@tsunagu.example>')).toBe(
      'tsunagu <no-reply@tsunagu.example>',
    );
  });

  it('names the secretariat by its own name, or the platform name + 事務局 / Secretariat', () => {
    const platform = { name: '山形県 つながりプラットフォーム', nameEn: 'Yamagata Platform' };
    expect(secretariatName(platform, 'ja')).toBe('山形県 つながりプラットフォーム事務局');
    expect(secretariatName(platform, 'en')).toBe('Yamagata Platform Secretariat');
    expect(secretariatName({ ...platform, contact: { name: '事務局A' } }, 'en')).toBe(
      'Yamagata Platform Secretariat',
    );
    expect(secretariatName({ ...platform, contact: { name: '事務局A', nameEn: 'Office A' } }, 'en')).toBe(
      'Office A',
    );
    expect(encodedWords('あ')).toBe(`=?UTF-8?B?${Buffer.from('あ').toString('base64')}?=`);
  });
});
