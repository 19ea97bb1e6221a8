import { describe, expect, it } from 'vitest';
import { inLanguage, preferredLanguage } from '../../shared/http/pages/language';

describe('Accept-Language: Japanese unless English is preferred', () => {
  it('is Japanese when nothing is said, or nothing readable', () => {
    for (const header of [undefined, '', '*', 'fr, de;q=0.5', ';;;,,', 'x'.repeat(2000)]) {
      expect(preferredLanguage(header), String(header).slice(0, 20)).toBe('ja');
    }
  });

  it('is English when English comes first or weighs more', () => {
    expect(preferredLanguage('en')).toBe('en');
    expect(preferredLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(preferredLanguage('en-US,en;q=0.9,ja;q=0.8')).toBe('en');
    expect(preferredLanguage('ja;q=0.3, en;q=0.8')).toBe('en');
    expect(preferredLanguage('fr, en;q=0.5')).toBe('en');
    expect(preferredLanguage('EN-us')).toBe('en');
  });

  it('is Japanese when Japanese comes first, weighs more, or English is refused', () => {
    expect(preferredLanguage('ja')).toBe('ja');
    expect(preferredLanguage('ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ja');
    expect(preferredLanguage('en;q=0.4, ja;q=0.6')).toBe('ja');
    expect(preferredLanguage('en;q=0, fr')).toBe('ja');
    expect(preferredLanguage('*;q=0.9, en;q=0.5')).toBe('ja');
  });
});

describe('messages written in both languages', () => {
  it('shows the part of the page language', () => {
    const sentence = '入力内容を確認してください。 Please check the highlighted fields.';
    expect(inLanguage('ja', sentence)).toBe('入力内容を確認してください。');
    expect(inLanguage('en', sentence)).toBe('Please check the highlighted fields.');
    const title = '権限がありません (Forbidden)';
    expect(inLanguage('ja', title)).toBe('権限がありません');
    expect(inLanguage('en', title)).toBe('Forbidden');
    const code =
      'Content-Type: application/json で送信してください。 Send JSON with Content-Type: application/json.';
    expect(inLanguage('en', code)).toBe('Send JSON with Content-Type: application/json.');
  });

  it('leaves a message in one language as it is', () => {
    for (const text of ['保存しました。', 'Saved.', '「Room 1」を締め切りました。', 'tsunagu']) {
      expect(inLanguage('ja', text)).toBe(text);
      expect(inLanguage('en', text)).toBe(text);
    }
  });
});
