import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, ValidationError } from '#domain';
import {
  headerKey,
  legalFormFromName,
  missingTargets,
  readRows,
  readTable,
  rememberMapping,
  suggestMapping,
} from '#import';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`fixtures/import/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const options = { tiers: DEFAULT_TIERS, defaultTier: 'member', defaultPrefecture: '11' };

async function fileError(bytes: Uint8Array): Promise<string> {
  const error = await readTable(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const [first] = (error as ValidationError).errors ?? [];
  expect(first?.path).toBe('file');
  return first!.message;
}

describe('readTable: a member list as a spreadsheet program saves it', () => {
  const csv = readFileSync(new URL('fixtures/import/members.csv', import.meta.url), 'utf8');

  it('reads a UTF-8 CSV: header, rows with their row numbers, a quoted line break kept', async () => {
    const table = await readTable(utf8(csv));
    expect(table.format).toBe('csv-utf8');
    expect(table.headers[1]).toBe('団体名（必須）');
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(table.rows[0]!.cells[8]).toBe('子どもの居場所づくり\n学習支援');
  });

  it('reads the same list saved by Excel as CP932, with a BOM, and as UTF-16 text with tabs', async () => {
    const expected = await readTable(utf8(csv));
    const cp932 = await readTable(new Uint8Array(iconv.encode(csv, 'cp932')));
    expect(cp932.format).toBe('csv-cp932');
    expect(cp932.rows).toEqual(expected.rows);
    const bom = await readTable(utf8(`\ufeff${csv}`));
    expect(bom.headers).toEqual(expected.headers);
    const tabs = csv.replace(/,/g, '\t');
    const utf16 = await readTable(new Uint8Array(iconv.encode(tabs, 'utf16le', { addBOM: true })));
    expect(utf16.format).toBe('csv-utf16');
    expect(utf16.headers).toEqual(expected.headers);
    expect(utf16.rows[1]!.cells[1]).toBe('みどり子ども食堂');
  });

  it('reads CP932-only characters (①, ㈱, 髙) that Shift_JIS proper lacks', async () => {
    const text = '団体名,担当者\n㈱髙橋商店①,髙橋 太郎\n';
    const table = await readTable(new Uint8Array(iconv.encode(text, 'cp932')));
    expect(table.rows[0]!.cells).toEqual(['㈱髙橋商店①', '髙橋 太郎']);
  });

  it('reads an .xlsx saved by LibreOffice Calc from the same list as the CSV', async () => {
    const fromCsv = await readTable(utf8(csv));
    const fromXlsx = await readTable(fixture('members.xlsx'));
    expect(fromXlsx.format).toBe('xlsx');
    expect(fromXlsx.headers).toEqual(fromCsv.headers);
    expect(fromXlsx.rows).toEqual(fromCsv.rows);
  });

  it('skips blank rows but keeps the row numbers a spreadsheet shows', async () => {
    const table = await readTable(utf8('団体名,担当者\n\nA,a\n,\nB,b\n'));
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, 'A'],
      [5, 'B'],
    ]);
  });

  it('explains in Japanese what it cannot read', async () => {
    expect(await fileError(new Uint8Array())).toContain('ファイルが空です');
    expect(await fileError(utf8('団体名,担当者\n'))).toContain('1行以上');
    expect(await fileError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toContain(
      'Excel ファイルを読み取れませんでした',
    );
    expect(await fileError(new Uint8Array([0x82, 0xff, 0xfe, 0x80, 0x81]))).toContain('文字コード');
    expect(await fileError(new Uint8Array(4 * 1024 * 1024 + 1).fill(0x41))).toContain('大きすぎます');
  });
});

describe('suggestMapping: the first guess of what each column is', () => {
  it('maps the fixture list, bracketed notes and all', async () => {
    const table = await readTable(fixture('members.xlsx'));
    expect(suggestMapping(table.headers)).toEqual([
      'externalId',
      'name',
      'nameKana',
      'legalForm',
      'address',
      'contactName',
      'contactEmail',
      'tier',
      'description',
    ]);
  });

  it('maps Google Forms question texts by the longest word they contain, each target once', () => {
    const headers = [
      'タイムスタンプ',
      'メールアドレス',
      '団体名を入力してください',
      '担当者のお名前',
      '担当者のフリガナ',
      '団体の所在地（住所）',
      '主な活動分野',
      'メール（予備）',
    ];
    expect(suggestMapping(headers)).toEqual([
      null,
      'contactEmail',
      'name',
      'contactName',
      null,
      'address',
      'activityFields',
      null,
    ]);
  });

  it('a remembered choice wins, a skipped column included; the memory is by loose header', () => {
    const headers = ['団体名', 'Ｅ-mail', '連絡先'];
    const memory = rememberMapping(['連絡先', '団体名'], ['contactEmail', null]);
    expect(suggestMapping(headers, memory)).toEqual([null, null, 'contactEmail']);
    expect(headerKey('Ｅ-mail')).toBe(headerKey('e mail'));
  });

  it('names the required targets a mapping lacks', () => {
    expect(missingTargets(['name', 'contactEmail', null])).toEqual([
      ['contactName'],
      ['address', 'prefecture'],
    ]);
    expect(missingTargets(['name', 'contactEmail', 'contactName', 'prefecture'])).toEqual([]);
  });
});

describe('readRows: each row an organisation, or the errors to fix', () => {
  it('reads the fixture into three organisations with tier, legal form and location', async () => {
    const table = await readTable(fixture('members.xlsx'));
    const { rows, errors } = readRows(table, suggestMapping(table.headers), options);
    expect(errors).toEqual([]);
    expect(
      rows.map((r) => [r.line, r.key, r.tier, r.organization.legalForm, r.organization.location]),
    ).toEqual([
      [2, 'no:1', 'member', 'npo_corporation', { prefecture: '11', municipality: '11107' }],
      [3, 'no:2', 'cooperating', 'unincorporated_group', { prefecture: '11', municipality: '11203' }],
      [4, 'no:3', 'supporting', 'company', { prefecture: '11', municipality: '11202' }],
    ]);
    expect(rows[0]!.organization.contact).toEqual({ name: '山田 花子', email: 'hanako@tsunagari.example' });
  });

  it('reports each bad row once per fault, with the column header and the row number', async () => {
    const text = [
      '団体名,担当者,メールアドレス,住所,会員区分',
      'よい団体,山田,a@example.jp,さいたま市浦和区1,',
      ',田中,b@example.jp,さいたま市,会員',
      '誤り団体,鈴木,not-an-address,さいたま市,理事',
      '不明団体,高橋,c@example.jp,どこか1-1,会員',
      'よい団体,山田,a@example.jp,さいたま市浦和区1,',
    ].join('\n');
    const table = await readTable(utf8(text));
    const { rows, errors } = readRows(table, suggestMapping(table.headers), options);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, '団体名'],
      [4, '会員区分'],
      [4, 'メールアドレス'],
      [5, '住所'],
      [6, '団体名'],
    ]);
    expect(errors[1]!.message).toContain('会員区分「理事」はありません');
    expect(errors[2]!.message).toContain('メールアドレスの形式');
    expect(errors[4]!.message).toContain('2行目と同じ団体です');
  });

  it('a row without a tier gets the default; a tier is matched by name, id or English', async () => {
    const table = await readTable(
      utf8(
        '団体名,担当者,メール,都道府県,区分\nA,a,a@x.jp,埼玉県,\nB,b,b@x.jp,11,supporting\nC,c,c@x.jp,東京,Cooperating member\n',
      ),
    );
    const { rows } = readRows(table, suggestMapping(table.headers), options);
    expect(rows.map((r) => [r.tier, r.organization.location.prefecture])).toEqual([
      ['member', '11'],
      ['supporting', '11'],
      ['cooperating', '13'],
    ]);
  });

  it('reads the profile: 活動分野 and 活動内容 from labels, area, phone kept as a number, head counts', async () => {
    const text = [
      '団体名,担当者,メール,都道府県,活動分野,活動の種類,活動地域,電話番号,代表者氏名,スタッフ数,ボランティア数',
      'A,a,a@x.jp,埼玉県,"子ども・若者, 高齢者",居場所、相談窓口,"さいたま市, 川口市",487654321,山田 太郎,12人,5〜9人',
      'B,b,b@x.jp,埼玉県,,,全国,048-123-4567,,0,100',
      'C,c,c@x.jp,埼玉県,宇宙開発,手品,どこか,12,,たくさん,',
    ].join('\n');
    const table = await readTable(utf8(text));
    const mapping = suggestMapping(table.headers);
    expect(mapping.slice(4)).toEqual([
      'activityFields',
      'activities',
      'activityArea',
      'phone',
      'representative',
      'staffRange',
      'volunteerRange',
    ]);
    const { rows, errors } = readRows(table, mapping, options);
    const [a, b] = rows.map((r) => r.organization);
    expect(a).toMatchObject({
      activityFields: ['children_youth', 'elderly'],
      activities: ['ibasho', 'consultation'],
      activityArea: { nationwide: false, prefectures: [], municipalities: ['11100', '11203'] },
      phone: '048-765-4321',
      representative: '山田 太郎',
      staffRange: '10-29',
      volunteerRange: '5-9',
    });
    // 活動分野 may be missing: the organisation is asked for it, as one registered before it existed.
    expect(b).toMatchObject({ activityArea: { nationwide: true }, staffRange: '0', volunteerRange: '100+' });
    expect(b!.activityFields).toBeUndefined();
    expect(errors.filter((e) => e.line === 4).map((e) => e.column)).toEqual([
      '活動地域',
      '活動分野',
      '活動の種類',
      'スタッフ数',
      '電話番号',
    ]);
  });

  it('reads the legal form from the name when no column says it', () => {
    expect(legalFormFromName('特定非営利活動法人 ひだまり')).toBe('npo_corporation');
    expect(legalFormFromName('NPO法人ひだまり')).toBe('npo_corporation');
    expect(legalFormFromName('ひだまり株式会社')).toBe('company');
    expect(legalFormFromName('川口市社会福祉協議会')).toBe('social_welfare_council');
    expect(legalFormFromName('ひだまりの会')).toBe('other');
  });
});
