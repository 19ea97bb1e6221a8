import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRegionsModule } from '../../../shared/domain/data/generate';
import {
  areNeighbours,
  BLOCK_IDS,
  BLOCKS,
  blockOf,
  findMunicipalities,
  isMunicipalityCode,
  isPrefectureCode,
  MUNICIPALITIES,
  MUNICIPALITY_COUNT,
  type Municipality,
  municipalitiesOf,
  municipality,
  PREFECTURES,
  prefecture,
  regionLabel,
  sameBlock,
  sameMunicipality,
} from '../../../shared/domain/regions';

const dataFile = (name: string): string =>
  readFileSync(new URL(`../../../shared/domain/data/${name}`, import.meta.url), 'utf8');

const codes = (list: readonly Municipality[]): string[] => list.map((m) => m.code);

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

const pairs = (relation: 'adjacent' | 'linked'): string[] =>
  PREFECTURES.flatMap((p) =>
    p[relation].filter((other) => p.code < other).map((other) => `${p.code}-${other}`),
  );

describe('prefectures', () => {
  it('lists the 47 prefectures by code, from 01 Hokkaido to 47 Okinawa', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(PREFECTURES.map((p) => p.code)).toEqual(
      Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(PREFECTURES[0]).toMatchObject({ code: '01', ja: '北海道', en: 'Hokkaido', block: 'hokkaido' });
    expect(PREFECTURES[46]).toMatchObject({
      code: '47',
      ja: '沖縄県',
      en: 'Okinawa',
      block: 'kyushu_okinawa',
    });
  });

  it('looks up a prefecture by its two-digit code only', () => {
    expect(prefecture('11')).toMatchObject({ ja: '埼玉県', en: 'Saitama', block: 'kanto' });
    expect(prefecture('48')).toBeUndefined();
    expect(isPrefectureCode('06')).toBe(true);
    expect(isPrefectureCode('6')).toBe(false);
    expect(isPrefectureCode('00')).toBe(false);
    expect(isPrefectureCode('06201')).toBe(false);
  });

  it('has the eight regional blocks in order with their Japanese names', () => {
    expect(BLOCKS.map((b) => b.id)).toEqual([...BLOCK_IDS]);
    expect(BLOCKS.map((b) => b.ja)).toEqual([
      '北海道',
      '東北',
      '関東',
      '中部',
      '近畿',
      '中国',
      '四国',
      '九州・沖縄',
    ]);
    expect(BLOCKS.map((b) => b.en)).toEqual([
      'Hokkaido',
      'Tohoku',
      'Kanto',
      'Chubu',
      'Kinki',
      'Chugoku',
      'Shikoku',
      'Kyushu and Okinawa',
    ]);
  });

  it('puts every prefecture in the block of the eight-region division', () => {
    expect(countBy(PREFECTURES, (p) => p.block)).toEqual({
      hokkaido: 1,
      tohoku: 6,
      kanto: 7,
      chubu: 9,
      kinki: 7,
      chugoku: 5,
      shikoku: 4,
      kyushu_okinawa: 8,
    });
    expect(blockOf('24')).toBe('kinki');
    expect(blockOf('23')).toBe('chubu');
    expect(blockOf('13')).toBe('kanto');
    expect(blockOf('99')).toBeUndefined();
  });

  it('tells whether two prefectures share a block', () => {
    expect(sameBlock('24', '27')).toBe(true);
    expect(sameBlock('24', '23')).toBe(false);
    expect(sameBlock('47', '40')).toBe(true);
    expect(sameBlock('99', '99')).toBe(false);
  });
});

describe('neighbouring prefectures', () => {
  it('has 88 land borders and 6 fixed sea links, 92 neighbouring pairs in all', () => {
    expect(pairs('adjacent')).toHaveLength(88);
    expect(pairs('linked')).toEqual(['01-02', '12-14', '28-36', '33-37', '34-38', '35-40']);
    expect(new Set([...pairs('adjacent'), ...pairs('linked')]).size).toBe(92);
  });

  it('records every border and link in both directions', () => {
    for (const p of PREFECTURES) {
      for (const other of [...p.adjacent, ...p.linked]) {
        expect(areNeighbours(other, p.code), `${other} → ${p.code}`).toBe(true);
      }
    }
  });

  it('gives Hokkaido and Okinawa no land neighbours', () => {
    expect(prefecture('01')?.adjacent).toEqual([]);
    expect(prefecture('47')?.adjacent).toEqual([]);
    expect(PREFECTURES.filter((p) => areNeighbours('47', p.code))).toEqual([]);
  });

  it('counts Saitama and Tokyo as neighbours', () => {
    expect(areNeighbours('11', '13')).toBe(true);
    expect(areNeighbours('13', '11')).toBe(true);
    expect(prefecture('11')?.adjacent).toEqual(['08', '09', '10', '12', '13', '19', '20']);
  });

  it('counts a bridge or tunnel as a neighbour but not the sea alone', () => {
    expect(areNeighbours('01', '02')).toBe(true);
    expect(areNeighbours('12', '14')).toBe(true);
    expect(areNeighbours('46', '47')).toBe(false);
    expect(areNeighbours('01', '03')).toBe(false);
  });

  it('never counts a prefecture as its own neighbour or an unknown code as a neighbour', () => {
    expect(areNeighbours('13', '13')).toBe(false);
    expect(areNeighbours('13', '99')).toBe(false);
    expect(areNeighbours('99', '13')).toBe(false);
  });
});

describe('municipalities', () => {
  it('has 1,912 rows: 1,741 municipalities and 171 designated-city wards', () => {
    expect(MUNICIPALITY_COUNT).toBe(1912);
    expect(MUNICIPALITIES).toHaveLength(1912);
    expect(countBy(MUNICIPALITIES, (m) => m.kind)).toEqual({
      city: 792,
      town: 743,
      village: 183,
      special_ward: 23,
      ward: 171,
    });
    expect(MUNICIPALITIES.filter((m) => m.kind !== 'ward')).toHaveLength(1741);
  });

  it('counts municipalities per prefecture without the wards', () => {
    const withoutWards = (pref: string) => municipalitiesOf(pref).filter((m) => m.kind !== 'ward').length;
    expect(withoutWards('01')).toBe(179);
    expect(withoutWards('13')).toBe(62);
    expect(withoutWards('20')).toBe(77);
    expect(withoutWards('26')).toBe(26);
    expect(withoutWards('47')).toBe(41);
    expect(municipalitiesOf('01')).toHaveLength(189);
    expect(municipalitiesOf('26')).toHaveLength(37);
  });

  it('lists the municipalities of a prefecture in code order', () => {
    const tokyo = codes(municipalitiesOf('13'));
    expect(tokyo).toHaveLength(62);
    expect(tokyo[0]).toBe('13101');
    expect(tokyo).toEqual([...tokyo].sort());
    expect(municipalitiesOf('99')).toEqual([]);
  });

  it('keeps codes as five-digit strings with the prefecture as the first two digits', () => {
    for (const m of MUNICIPALITIES) {
      expect(m.code).toMatch(/^\d{5}$/);
      expect(m.prefecture).toBe(m.code.slice(0, 2));
    }
    expect(municipality('01100')).toMatchObject({ ja: '札幌市', kana: 'さっぽろし', kind: 'city' });
    expect(isMunicipalityCode('01100')).toBe(true);
    expect(isMunicipalityCode('1100')).toBe(false);
    expect(isMunicipalityCode('13100')).toBe(false);
    expect(isMunicipalityCode('01695')).toBe(false);
  });

  it('finds the spot checks of SOURCES.md', () => {
    expect(municipality('13101')).toStrictEqual({
      code: '13101',
      prefecture: '13',
      ja: '千代田区',
      kana: 'ちよだく',
      kind: 'special_ward',
    });
    expect(municipality('06201')).toMatchObject({
      prefecture: '06',
      ja: '山形市',
      kana: 'やまがたし',
      kind: 'city',
    });
    expect(municipality('11203')).toMatchObject({
      prefecture: '11',
      ja: '川口市',
      kana: 'かわぐちし',
      kind: 'city',
    });
    expect(municipality('40231')).toMatchObject({ ja: '那珂川市', kind: 'city' });
    expect(municipality('06428')).toMatchObject({ ja: '庄内町', kind: 'town' });
    expect(municipality('02411')).toMatchObject({ ja: '六ヶ所村', kind: 'village' });
  });

  it('treats exactly 13101–13123 as the Tokyo special wards', () => {
    const special = codes(MUNICIPALITIES.filter((m) => m.kind === 'special_ward'));
    expect(special).toEqual(Array.from({ length: 23 }, (_, i) => String(13101 + i)));
  });

  it('links each ward to its designated city', () => {
    expect(municipality('01101')).toMatchObject({ ja: '札幌市中央区', kind: 'ward', parent: '01100' });
    expect(municipality('14101')).toMatchObject({ ja: '横浜市鶴見区', kind: 'ward', parent: '14100' });
    expect(municipality('27124')).toMatchObject({ ja: '大阪市鶴見区', kind: 'ward', parent: '27100' });
    expect(MUNICIPALITIES.filter((m) => 'parent' in m).map((m) => m.kind)).toEqual(
      MUNICIPALITIES.filter((m) => m.kind === 'ward').map(() => 'ward'),
    );
  });

  it('has the three Hamamatsu wards of 2024 and none of the seven old ones', () => {
    expect(['22138', '22139', '22140'].map((c) => municipality(c))).toEqual([
      expect.objectContaining({ ja: '浜松市中央区', kind: 'ward', parent: '22130' }),
      expect.objectContaining({ ja: '浜松市浜名区', kind: 'ward', parent: '22130' }),
      expect.objectContaining({ ja: '浜松市天竜区', kind: 'ward', parent: '22130' }),
    ]);
    expect(municipality('22131')).toBeUndefined();
    expect(municipality('22137')).toBeUndefined();
  });

  it('gives wards to exactly the 20 designated cities, each named and read as the ward prefix', () => {
    const wards = MUNICIPALITIES.filter((m) => m.kind === 'ward');
    const cities = new Set(wards.map((w) => w.parent));
    expect(cities.size).toBe(20);
    for (const ward of wards) {
      const city = municipality(ward.parent ?? '');
      expect(city?.kind, ward.code).toBe('city');
      expect(city?.prefecture).toBe(ward.prefecture);
      expect(ward.ja.startsWith(city?.ja ?? '-')).toBe(true);
      expect(ward.kana.startsWith(city?.kana ?? '-')).toBe(true);
    }
  });

  it('treats a designated city and its wards as the same municipality', () => {
    expect(sameMunicipality('01101', '01102')).toBe(true);
    expect(sameMunicipality('01100', '01101')).toBe(true);
    expect(sameMunicipality('06201', '06201')).toBe(true);
    expect(sameMunicipality('14101', '27124')).toBe(false);
    expect(sameMunicipality('13101', '13102')).toBe(false);
    expect(sameMunicipality('99999', '99999')).toBe(false);
    expect(sameMunicipality('99999', '06201')).toBe(false);
    expect(sameMunicipality('06201', '99999')).toBe(false);
  });
});

describe('findMunicipalities', () => {
  // The search index is built on the first search and kept. Building it here, outside any test,
  // lets mutation testing see it as loading code and run every test below against a changed
  // index (it would otherwise credit the index to the first test only).
  beforeAll(() => {
    findMunicipalities('山形');
  });

  it('matches ヶ, ケ and が in names the same way', () => {
    expect(codes(findMunicipalities('茅ケ崎'))).toEqual(['14207']);
    expect(codes(findMunicipalities('茅が崎'))).toEqual(['14207']);
    expect(codes(findMunicipalities('龍ヶ崎市'))).toEqual(['08208']);
    expect(findMunicipalities('茅ケ崎')[0]?.ja).toBe('茅ヶ崎市');
  });

  it('accepts both 梼 and 檮 for 梼原町', () => {
    expect(codes(findMunicipalities('檮原'))).toEqual(['39405']);
    expect(codes(findMunicipalities('梼原町'))).toEqual(['39405']);
  });

  it('matches カ-row variants in katakana too', () => {
    expect(codes(findMunicipalities('茅ガ崎'))).toEqual(['14207']);
    expect(codes(findMunicipalities('茅 ヶ 崎'))).toEqual(['14207']);
    expect(codes(findMunicipalities('ちが さき'))).toEqual(['14207']);
    // A query of that letter alone still finds the names with it.
    expect(codes(findMunicipalities('ヶ'))).toEqual(expect.arrayContaining(['14207', '21362', '08208']));
  });

  it('reads small kana as their full-size form, as the official readings are written', () => {
    const small = 'ぁぃぅぇぉっゃゅょゎ';
    const full = 'あいうえおつやゆよわ';
    [...small].forEach((letter, i) => {
      const size = full[i] ?? '';
      const m = MUNICIPALITIES.find((x) => x.kana.includes(size));
      if (m === undefined) throw new Error(`no reading with ${size}`);
      const typed = m.kana.replaceAll(size, letter);
      expect(codes(findMunicipalities(typed)), `${typed} for ${m.ja}`).toEqual(
        codes(findMunicipalities(m.kana)),
      );
      expect(codes(findMunicipalities(typed))).toContain(m.code);
    });
    expect(codes(findMunicipalities('さっぽろ'))[0]).toBe('01100');
  });

  it('takes a reading without its し, ちょう, まち, そん, むら or く as an exact match', () => {
    // Each query is also the start of readings with lower codes, which come after it.
    const first = (query: string) => findMunicipalities(query)[0]?.ja;
    expect(first('かみす')).toBe('神栖市');
    expect(first('たき')).toBe('多気町');
    expect(first('かみ')).toBe('加美町');
    expect(first('ひがし')).toBe('東村');
    expect(first('おみ')).toBe('麻績村');
    expect(first('きた')).toBe('北区');
    expect(first('なごやしなか')).toBe('名古屋市中区');
  });

  it('finds by reading in hiragana, katakana or half-width katakana', () => {
    expect(codes(findMunicipalities('ちがさき'))).toEqual(['14207']);
    expect(codes(findMunicipalities('チガサキ'))).toEqual(['14207']);
    expect(codes(findMunicipalities('ｶﾜｸﾞﾁｼ'))).toEqual(['11203']);
    expect(codes(findMunicipalities('しようないまち'))).toEqual(['06428']);
  });

  it('ranks a whole name, a name without 市町村, or a whole reading before names that merely start so', () => {
    // 東村 (沖縄) before 東村山市, though the city's code is lower; names containing it come last.
    expect(codes(findMunicipalities('東村'))).toEqual(['47303', '13213', '10344', '47357', '47358']);
    expect(codes(findMunicipalities('秩父'))).toEqual(['11207', '01434', '11369']);
    expect(codes(findMunicipalities('かみし'))).toEqual(['39212', '01633', '03206', '15212']);
  });

  it('ranks names and readings that start with the query before those that only contain it', () => {
    // 大和町・大和市・大和村 exactly (without 町市村), 大和高田市・大和郡山市 start so, 東大和市 contains it.
    expect(codes(findMunicipalities('大和'))).toEqual(['04421', '14213', '46523', '29202', '29203', '13220']);
    // 新篠津村 and 新城市 are read しんし…; 日進市 (につしんし) only contains it.
    expect(codes(findMunicipalities('しんし'))).toEqual(['01304', '23221', '23230']);
    // 森町 (もりまち) twice, then 丸森町 and 高森町 (…もりまち).
    expect(codes(findMunicipalities('もりま'))).toEqual(['01345', '22461', '04341', '20403', '43428']);
  });

  it('puts exact matches before partial ones', () => {
    const chuo = codes(findMunicipalities('中央区'));
    expect(chuo[0]).toBe('13102');
    expect(chuo).toContain('01101');
    expect(chuo).toContain('22138');
    expect(codes(findMunicipalities('山形')).slice(0, 2)).toEqual(['06201', '20450']);
  });

  it('does not list a whole prefecture for a query that only starts like its name', () => {
    expect(codes(findMunicipalities('山形'))).not.toContain('06202');
    expect(codes(findMunicipalities('山形県山形市'))).toEqual(['06201']);
    expect(codes(findMunicipalities('山形県米'))).toEqual(['06202']);
    expect(findMunicipalities('山形県')).toEqual([]);
  });

  it('tells wards with the same name apart and narrows to one prefecture', () => {
    expect(codes(findMunicipalities('鶴見区'))).toEqual(['14101', '27124']);
    expect(codes(findMunicipalities('鶴見区', '27'))).toEqual(['27124']);
    expect(codes(findMunicipalities('北区', '13'))).toEqual(['13117']);
  });

  it('returns nothing for a blank query or an unknown name', () => {
    expect(findMunicipalities('')).toEqual([]);
    expect(findMunicipalities(' 　')).toEqual([]);
    expect(findMunicipalities('存在しない町名')).toEqual([]);
  });
});

describe('regionLabel', () => {
  it('labels a prefecture in Japanese or English', () => {
    expect(regionLabel('11', 'ja')).toBe('埼玉県');
    expect(regionLabel('11', 'en')).toBe('Saitama');
  });

  it('labels a municipality with its prefecture', () => {
    expect(regionLabel('06201', 'ja')).toBe('山形県山形市');
    expect(regionLabel('06201', 'en')).toBe('Yamagata, 山形市');
    expect(regionLabel('14101', 'ja')).toBe('神奈川県横浜市鶴見区');
  });

  it('labels every block in both languages', () => {
    for (const block of BLOCKS) {
      expect(regionLabel(block.id, 'ja')).toBe(block.ja);
      expect(regionLabel(block.id, 'en')).toBe(block.en);
    }
    expect(regionLabel('kyushu_okinawa', 'ja')).toBe('九州・沖縄');
    expect(regionLabel('kinki', 'en')).toBe('Kinki');
  });

  it('returns an unknown code unchanged', () => {
    expect(regionLabel('99999', 'ja')).toBe('99999');
  });
});

describe('regions.generated.ts', () => {
  it('is exactly what npm run gen:regions makes from the CSVs beside it', () => {
    const rendered = renderRegionsModule(dataFile('jp-prefectures.csv'), dataFile('jp-municipalities.csv'));
    expect(
      rendered.startsWith('// generated by npm run gen:regions from the CSVs beside it; do not edit\n'),
    ).toBe(true);
    expect(dataFile('regions.generated.ts')).toBe(rendered);
  });

  const PREF_HEADER = 'pref_code,name,name_en,region_block,adjacent,linked';
  const MUNI_HEADER = 'code,pref_code,pref_name,name,kana';

  it('refuses a neighbour recorded in one direction only', () => {
    const prefs = `${PREF_HEADER}\n01,北海道,Hokkaido,北海道,02,\n02,青森県,Aomori,東北,,\n`;
    expect(() => renderRegionsModule(prefs, `${MUNI_HEADER}\n`)).toThrow(/not symmetric/);
  });

  it('refuses a ward without its designated city', () => {
    const prefs = `${PREF_HEADER}\n01,北海道,Hokkaido,北海道,,\n`;
    const munis = `${MUNI_HEADER}\n01101,01,北海道,札幌市中央区,さっぽろしちゅうおうく\n`;
    expect(() => renderRegionsModule(prefs, munis)).toThrow(/no designated city/);
  });

  it('refuses a municipality whose code is not in its prefecture', () => {
    const prefs = `${PREF_HEADER}\n01,北海道,Hokkaido,北海道,,\n02,青森県,Aomori,東北,,\n`;
    const munis = `${MUNI_HEADER}\n02201,01,北海道,青森市,あおもりし\n`;
    expect(() => renderRegionsModule(prefs, munis)).toThrow(/not in 01/);
  });
});
