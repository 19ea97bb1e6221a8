import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// jp-municipal-adjacency.csv is not wired into the engine yet; this checks the file itself
// against jp-municipalities.csv, jp-prefectures.csv and the numbers in SOURCES.md.

const dataFile = (name: string): string =>
  readFileSync(new URL(`../../../shared/domain/data/${name}`, import.meta.url), 'utf8');

const rowsOf = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));

const adjacencyText = dataFile('jp-municipal-adjacency.csv');
const [adjacencyHeader, ...adjacencyRows] = rowsOf(adjacencyText);
const [, ...municipalityRows] = rowsOf(dataFile('jp-municipalities.csv'));
const [, ...prefectureRows] = rowsOf(dataFile('jp-prefectures.csv'));

const names = new Map(municipalityRows.map(([code = '', , , name = '']) => [code, name]));
// Designated-city wards (区 outside Tokyo) are not municipalities and have no row.
const municipalityCodes = municipalityRows
  .filter(([, pref = '', , name = '']) => !(name.endsWith('区') && pref !== '13'))
  .map(([code = '']) => code);

const neighbours = new Map(
  adjacencyRows.map(([code = '', list = '']) => [code, list === '' ? [] : list.split(' ')]),
);
const of = (code: string): string[] => neighbours.get(code) ?? [];
const pairs = [...neighbours].flatMap(([code, list]) =>
  list.filter((other) => code < other).map((other) => `${code}-${other}`),
);

// The numbers and lists that SOURCES.md gives.
const PAIRS = 4402;
const CROSS_PREFECTURE_PAIRS = 725;
const WITHOUT_NEIGHBOURS = [
  ...['01367', '01517'], // 奥尻町, 礼文町
  ...['13361', '13362', '13363', '13364', '13381', '13382', '13401', '13402', '13421'], // 伊豆・小笠原諸島
  ...['15224', '15586'], // 佐渡市, 粟島浦村
  ...['32525', '32526', '32527', '32528'], // 隠岐
  ...['34215', '34431', '35305', '38356'], // 江田島市, 大崎上島町, 周防大島町, 上島町
  ...['42209', '42210', '42211', '42383', '42411'], // 対馬市, 壱岐市, 五島市, 小値賀町, 新上五島町
  '44322', // 姫島村
  ...['46303', '46304', '46404', '46505', '46529', '46535'], // 三島村, 十島村, 長島町, 屋久島町, 喜界町, 与論町
  ...['47207', '47214', '47315', '47353', '47354', '47355', '47356', '47357', '47358', '47359'],
  ...['47360', '47361', '47375', '47381', '47382'], // 沖縄の離島の市町村
];

describe('jp-municipal-adjacency.csv', () => {
  it('has the header, two plain columns and LF line endings', () => {
    expect(adjacencyHeader).toEqual(['code', 'adjacent']);
    expect(adjacencyText).not.toContain('\r');
    expect(adjacencyText).not.toContain('"');
    expect(adjacencyText.endsWith('\n')).toBe(true);
    for (const row of adjacencyRows) expect(row).toHaveLength(2);
  });

  it('has one row for each of the 1,741 municipalities, sorted by code, and no ward rows', () => {
    const codes = adjacencyRows.map(([code = '']) => code);
    expect(codes).toHaveLength(1741);
    expect(municipalityCodes).toHaveLength(1741);
    expect(codes).toEqual(municipalityCodes);
    expect(codes).toEqual([...codes].sort());
  });

  it('names only municipality codes, sorted, without duplicates or self-loops', () => {
    const known = new Set(municipalityCodes);
    for (const [code, list] of neighbours) {
      expect(list.every((other) => known.has(other))).toBe(true);
      expect(list).not.toContain(code);
      expect(new Set(list).size).toBe(list.length);
      expect(list).toEqual([...list].sort());
    }
  });

  it('is symmetric', () => {
    for (const [code, list] of neighbours) {
      for (const other of list) expect(of(other), `${other} should list ${code}`).toContain(code);
    }
  });

  it('has the counts that SOURCES.md gives', () => {
    expect(pairs).toHaveLength(PAIRS);
    expect(pairs.filter((p) => p.slice(0, 2) !== p.slice(6, 8))).toHaveLength(CROSS_PREFECTURE_PAIRS);
    const lonely = [...neighbours].filter(([, list]) => list.length === 0).map(([code]) => code);
    expect(lonely).toEqual(WITHOUT_NEIGHBOURS);
  });

  it('gives exactly the land neighbours of jp-prefectures.csv when read per prefecture', () => {
    const fromMunicipalities = new Set(
      pairs.filter((p) => p.slice(0, 2) !== p.slice(6, 8)).map((p) => `${p.slice(0, 2)}-${p.slice(6, 8)}`),
    );
    const fromPrefectures = new Set(
      prefectureRows.flatMap(([code = '', , , , adjacent = '']) =>
        adjacent
          .split(' ')
          .filter((other) => code < other)
          .map((other) => `${code}-${other}`),
      ),
    );
    expect(fromPrefectures.size).toBe(88);
    expect([...fromMunicipalities].sort()).toEqual([...fromPrefectures].sort());
  });

  describe('spot checks (see SOURCES.md)', () => {
    const named = (code: string): string[] => of(code).map((c) => `${c} ${names.get(c)}`);

    it('川口市 borders さいたま市, 草加市, 越谷市, 蕨市, 戸田市, 北区 and 足立区, but not 板橋区', () => {
      expect(named('11203')).toEqual([
        '11100 さいたま市',
        '11221 草加市',
        '11222 越谷市',
        '11223 蕨市',
        '11224 戸田市',
        '13117 北区',
        '13121 足立区',
      ]);
      expect(of('13119')).not.toContain('11203');
    });

    it('a designated city is one municipality: 横浜市 borders 町田市 and 川崎市', () => {
      expect(of('14100')).toEqual(['13209', '14130', '14201', '14204', '14205', '14208', '14213']);
      expect(of('13209')).toContain('14150'); // 相模原市
    });

    it('keeps the short borders that one simplified copy lost', () => {
      expect(of('23215')).toContain('23206'); // 犬山市 – 春日井市
      expect(of('21302')).toEqual(['21201', '21213', '21303', '23203']); // 岐南町: …, 一宮市
      expect(of('13108')).toContain('13111'); // 江東区 – 大田区 (中央防波堤)
    });

    it('keeps the island borders across the Seto Inland Sea, as jp-prefectures.csv does', () => {
      expect(of('33204')).toEqual(expect.arrayContaining(['37201', '37364'])); // 玉野市 – 高松市, 直島町
      expect(of('34205')).toContain('38202'); // 尾道市 – 今治市
    });

    it('does not join 小国町 and 阿賀町 across the thin strip of 喜多方市 on 飯豊山', () => {
      expect(of('06401')).toEqual([
        '06209',
        '06322',
        '06323',
        '06403',
        '07208',
        '15206',
        '15212',
        '15227',
        '15581',
      ]);
      expect(of('15385')).toContain('07208');
    });

    it('sees exclaves and enclaves: 北山村, 府中町, 佐々町', () => {
      expect(of('30427')).toEqual(['24212', '29449', '29450']); // 熊野市, 十津川村, 下北山村
      expect(of('34302')).toEqual(['34100']); // 府中町 inside 広島市
      expect(of('42391')).toEqual(['42202']); // 佐々町 inside 佐世保市
    });

    it('has no borders across open sea: 北九州市 – 下関市, 淡路島 – 明石市', () => {
      expect(of('40100')).not.toContain('35201');
      expect(of('28226')).toEqual(['28205']); // 淡路市 – 洲本市 only
    });
  });
});
