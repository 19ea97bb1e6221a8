import { describe, expect, it } from 'vitest';
import { readAddress, readMunicipality, readPrefecture } from '#domain';

describe('readAddress: the prefecture and municipality an address starts with', () => {
  it.each([
    ['埼玉県さいたま市浦和区高砂3-15-1', undefined, '11', '11107'],
    ['〒330-0063 埼玉県さいたま市浦和区高砂3-15-1', undefined, '11', '11107'],
    ['埼玉県 川口市本町1-1', undefined, '11', '11203'],
    ['埼玉県北足立郡伊奈町小室9493', undefined, '11', '11301'],
    ['東京都千代田区霞が関1-2-2', undefined, '13', '13101'],
    ['京都市中京区寺町通御池上る', undefined, '26', '26104'],
    ['山形県山形市旅篭町2-3-25', undefined, '06', '06201'],
    ['茅ケ崎市茅ヶ崎1-1-1', undefined, '14', '14207'],
    // The platform's own prefecture is assumed when the address leaves it out.
    ['川口市本町1-1-1', '11', '11', '11203'],
    ['北足立郡伊奈町小室', '11', '11', '11301'],
    ['府中市宮西町2-24', '13', '13', '13206'],
    // A prefecture alone is still a location.
    ['埼玉県', undefined, '11', undefined],
  ])('%s (default %s) → %s %s', (address, defaultPrefecture, prefecture, municipality) => {
    const reading = readAddress(address, defaultPrefecture);
    expect(reading).toEqual(
      municipality === undefined ? { ok: true, prefecture } : { ok: true, prefecture, municipality },
    );
  });

  it('a municipality in several prefectures without a prefecture is ambiguous', () => {
    expect(readAddress('府中市宮西町2-24')).toMatchObject({ ok: false, reason: 'ambiguous' });
  });

  it('an address with no place it knows names no prefecture', () => {
    expect(readAddress('どこか1-2-3')).toEqual({ ok: false, reason: 'no-prefecture' });
  });
});

describe('readPrefecture and readMunicipality', () => {
  it.each([
    ['埼玉県', '11'],
    ['埼玉', '11'],
    ['11', '11'],
    ['6', '06'],
    ['北海道', '01'],
    ['東京', '13'],
    ['11000', '11'],
    ['さいたま', undefined],
    ['48', undefined],
  ])('%s → %s', (text, code) => {
    expect(readPrefecture(text)).toBe(code);
  });

  it('reads a municipality by name within its prefecture, or by 5- or 6-digit code', () => {
    expect(readMunicipality('さいたま市浦和区', '11')?.code).toBe('11107');
    expect(readMunicipality('川口市')?.code).toBe('11203');
    expect(readMunicipality('112038')?.code).toBe('11203');
    expect(readMunicipality('11203', '13')).toBeUndefined();
    expect(readMunicipality('府中市')).toBeUndefined(); // two of them
    expect(readMunicipality('府中市', '34')?.code).toBe('34208');
  });
});
