import { describe, expect, it } from 'vitest';
import { honorific, nameKanaSchema, normaliseKana, personPatchSchema, salutation } from '#domain';

describe('salutation: one rule for addressing people', () => {
  it('names organisation and person when both are known', () => {
    expect(salutation({ organizationName: 'NPO法人 かわぐち子ども食堂', name: '田中 恵' })).toEqual({
      ja: 'NPO法人 かわぐち子ども食堂 田中 恵 様',
      en: 'Dear 田中 恵,',
    });
  });

  it('names the person alone when there is no organisation', () => {
    expect(salutation({ name: '田中 恵' })).toEqual({ ja: '田中 恵 様', en: 'Dear 田中 恵,' });
  });

  it('falls back to ご担当者様 without a name, after the organisation when there is one', () => {
    expect(salutation({ organizationName: '株式会社 みらいマート' })).toEqual({
      ja: '株式会社 みらいマート ご担当者様',
      en: 'Dear 株式会社 みらいマート,',
    });
    expect(salutation({})).toEqual({ ja: 'ご担当者様', en: 'Hello,' });
  });

  it('treats blank values as unknown and keeps each on one line', () => {
    expect(salutation({ organizationName: '  ', name: '' })).toEqual({ ja: 'ご担当者様', en: 'Hello,' });
    expect(salutation({ organizationName: ' みらい\n マート ', name: ' 加藤\u3000 一郎 ' }).ja).toBe(
      'みらい マート 加藤 一郎 様',
    );
  });

  it('honorific: a person named on their own', () => {
    expect(honorific('川口 花子')).toBe('川口 花子 様');
    expect(honorific(undefined)).toBe('ご担当者様');
  });
});

describe('フリガナ', () => {
  it('is stored as full-width katakana with one full-width space between words', () => {
    expect(normaliseKana('たなか めぐみ')).toBe('タナカ\u3000メグミ');
    expect(normaliseKana('ﾀﾅｶ  ﾒｸﾞﾐ')).toBe('タナカ\u3000メグミ');
    expect(normaliseKana(' タナカ\u3000\u3000メグミ ')).toBe('タナカ\u3000メグミ');
    expect(normaliseKana('ゔぁいおりん・すずき')).toBe('ヴァイオリン・スズキ');
    expect(normaliseKana('さとう ゆうこ')).toBe('サトウ\u3000ユウコ');
  });

  it('accepts kana and rejects anything else with a message that says what to type', () => {
    expect(nameKanaSchema.parse('かとう いちろう')).toBe('カトウ\u3000イチロウ');
    expect(nameKanaSchema.parse('ｶﾄｳ ｲﾁﾛｰ')).toBe('カトウ\u3000イチロー');
    for (const bad of ['加藤 一郎', 'Kato Ichiro', 'カトウ1', '   ', '', 'カ'.repeat(101), 'カトウ\u202e']) {
      const result = nameKanaSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
    }
    expect(nameKanaSchema.safeParse('加藤').error?.issues[0]?.message).toMatch(/カタカナまたはひらがな/);
  });
});

describe('the person patch', () => {
  it('takes a trimmed name of up to 100 characters and normalises the reading', () => {
    expect(personPatchSchema.parse({ name: '  田中 恵 ', nameKana: 'たなか めぐみ' })).toEqual({
      name: '田中 恵',
      nameKana: 'タナカ\u3000メグミ',
    });
    expect(personPatchSchema.parse({ nameKana: null })).toEqual({ nameKana: null });
  });

  it('never takes a name away: blank, too long, control characters or null are refused', () => {
    for (const name of ['', '   ', 'あ'.repeat(101), 'a\nb', 'a\u0000b', null]) {
      expect(personPatchSchema.safeParse({ name }).success, JSON.stringify(name)).toBe(false);
    }
    expect(personPatchSchema.safeParse({ name: 'あ'.repeat(100) }).success).toBe(true);
    expect(personPatchSchema.safeParse({ email: 'x@example.jp' }).success).toBe(false);
  });
});
