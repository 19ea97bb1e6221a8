import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areNeighbouringMunicipalities, MUNICIPALITIES, neighbouringMunicipalities } from '#domain';
import { renderAdjacencyModule } from '../../../shared/domain/data/generate';

// The domain's reading of jp-municipal-adjacency.csv (municipal-adjacency.ts): wards as their
// city, islands without neighbours, and the generated module in step with the CSV.

const dataFile = (name: string) =>
  readFileSync(new URL(`../../../shared/domain/data/${name}`, import.meta.url), 'utf8');

describe('neighbouring municipalities', () => {
  it('lists 川口市’s land neighbours, with さいたま市 as one city', () => {
    expect(neighbouringMunicipalities('11203')).toEqual([
      '11100', // さいたま市
      '11221', // 草加市
      '11222', // 越谷市
      '11223', // 蕨市
      '11224', // 戸田市
      '13117', // 北区
      '13121', // 足立区
    ]);
  });

  it('reads a ward as its designated city, both ways, and two wards of one city as one place', () => {
    // さいたま市浦和区 (11107) is in さいたま市, which borders 川口市.
    expect(areNeighbouringMunicipalities('11107', '11203')).toBe(true);
    expect(areNeighbouringMunicipalities('11203', '11107')).toBe(true);
    expect(neighbouringMunicipalities('11107')).toEqual(neighbouringMunicipalities('11100'));
    expect(areNeighbouringMunicipalities('11107', '11101')).toBe(false);
    expect(areNeighbouringMunicipalities('11203', '11203')).toBe(false);
  });

  it('gives an island municipality no neighbour, and a border across the sea none either', () => {
    expect(neighbouringMunicipalities('13361')).toEqual([]); // 大島町
    expect(neighbouringMunicipalities('15224')).toEqual([]); // 佐渡市
    expect(areNeighbouringMunicipalities('40100', '35201')).toBe(false); // 北九州市・下関市
    expect(neighbouringMunicipalities('99999')).toEqual([]);
  });

  it('is symmetric over every municipality and ward', () => {
    let pairs = 0;
    for (const m of MUNICIPALITIES) {
      for (const n of neighbouringMunicipalities(m.code)) {
        expect(areNeighbouringMunicipalities(n, m.code)).toBe(true);
        pairs++;
      }
    }
    // 4,402 pairs both ways, plus the 171 wards reading their city's.
    expect(pairs).toBeGreaterThan(2 * 4402);
  });
});

describe('municipal-adjacency.generated.ts', () => {
  it('is exactly what npm run gen:regions makes from the CSV beside it', () => {
    const rendered = renderAdjacencyModule(
      dataFile('jp-municipalities.csv'),
      dataFile('jp-municipal-adjacency.csv'),
    );
    expect(dataFile('municipal-adjacency.generated.ts')).toBe(rendered);
  });

  const MUNI =
    'code,pref_code,pref_name,name,kana\n11100,11,埼玉県,さいたま市,さいたまし\n11101,11,埼玉県,さいたま市西区,さいたましにしく\n11203,11,埼玉県,川口市,かわぐちし\n';

  it('refuses a neighbour recorded in one direction only, a ward row, an unknown code', () => {
    expect(() => renderAdjacencyModule(MUNI, 'code,adjacent\n11100,11203\n11203,\n')).toThrow(
      /not symmetric/,
    );
    expect(() => renderAdjacencyModule(MUNI, 'code,adjacent\n11101,\n')).toThrow(/is a ward/);
    expect(() => renderAdjacencyModule(MUNI, 'code,adjacent\n11999,\n')).toThrow(/unknown municipality/);
    expect(() => renderAdjacencyModule(MUNI, 'code,adjacent\n11203,11203\n')).toThrow(/beside itself/);
  });
});
