import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/http/pages/secretariat/csv';

// The secretariat's CSV export: opens in Excel (BOM, CRLF), survives commas and quotes
// (RFC 4180), and never runs a cell as a formula.

describe('toCsv', () => {
  it('starts with a byte order mark and ends every row with CRLF', () => {
    const csv = toCsv([
      ['提案日', 'ニーズ'],
      ['2026-04-01', '子ども食堂の会場'],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('提案日,ニーズ\r\n2026-04-01,子ども食堂の会場\r\n');
  });

  it('is only the BOM when there are no rows', () => {
    expect(toCsv([])).toBe('\uFEFF');
  });
});

describe('csvCell', () => {
  it('quotes text with a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvCell('会場, 調理室')).toBe('"会場, 調理室"');
    expect(csvCell('「みらい」"mart"')).toBe('"「みらい」""mart"""');
    expect(csvCell('一行目\n二行目')).toBe('"一行目\n二行目"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it('leaves plain text alone', () => {
    expect(csvCell('NPO法人 かわぐち子ども食堂ネット')).toBe('NPO法人 かわぐち子ども食堂ネット');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+81 48 000 0000', "'+81 48 000 0000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTAB', "'\tTAB"],
    ['＝1+1', "'＝1+1"],
    ['＋81 48 000 0000', "'＋81 48 000 0000"],
    ['－2＋3', "'－2＋3"],
    ['＠SUM(A1:A2)', "'＠SUM(A1:A2)"],
    [' =1+1', "' =1+1"],
    ['\u3000＝cmd', "'\u3000＝cmd"],
    ['\u00a0@cmd', "'\u00a0@cmd"],
  ])('defuses %j, which a spreadsheet would run as a formula', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('defuses and quotes a formula with a comma or quotes in it', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","見る")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""見る"")"',
    );
    expect(csvCell('\rcmd')).toBe('"\'\rcmd"');
    expect(csvCell('\n=cmd')).toBe('"\'\n=cmd"');
  });

  it('writes numbers as numbers, negative ones too, and nothing for missing values', () => {
    expect(csvCell(0.82)).toBe('0.82');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
  });
});
