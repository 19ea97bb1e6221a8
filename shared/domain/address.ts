import { MUNICIPALITIES, type Municipality, PREFECTURES, type Prefecture } from './regions';

// A postal address as people type it in a spreadsheet (埼玉県さいたま市浦和区高砂3-15-1,
// さいたま市浦和区…, 北足立郡伊奈町…, 東京都千代田区…) read as a prefecture and a municipality.
// Used by the member import; pure.

export type AddressReading =
  | { ok: true; prefecture: string; municipality?: string }
  | { ok: false; reason: 'no-prefecture' | 'ambiguous'; candidates?: readonly string[] };

// Official names mix ヶ and ケ (茅ヶ崎市, 龍ケ崎市); addresses are typed with either.
const norm = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[ヶケ]/g, 'ケ');

interface Names {
  prefectures: readonly { prefecture: Prefecture; name: string; short: string }[];
  municipalities: readonly { municipality: Municipality; name: string }[];
}
let names: Names | undefined;

function namesOnce(): Names {
  names ??= {
    prefectures: PREFECTURES.map((p) => ({
      prefecture: p,
      name: norm(p.ja),
      // 東京都 → 東京, 大阪府 → 大阪, 埼玉県 → 埼玉; 北海道 stays whole.
      short: p.ja === '北海道' ? '北海道' : norm(p.ja).replace(/[都府県]$/, ''),
    })),
    // Longest names first, so さいたま市浦和区 wins over さいたま市 and 市川三郷町 over 市川市.
    municipalities: MUNICIPALITIES.map((m) => ({ municipality: m, name: norm(m.ja) })).sort(
      (a, b) => b.name.length - a.name.length,
    ),
  };
  return names;
}

/** The municipality the text starts with (a 郡 name before it is skipped), within `prefecture` if given. */
function leadingMunicipalities(text: string, prefecture?: string): Municipality[] {
  const { municipalities } = namesOnce();
  const inScope = (m: Municipality) => prefecture === undefined || m.prefecture === prefecture;
  const starts = (t: string) => {
    const hits = municipalities.filter((e) => inScope(e.municipality) && t.startsWith(e.name));
    // Only the longest names count: 府中市 in two prefectures is ambiguous, 市 inside 市川市 is not.
    const longest = hits[0]?.name.length ?? 0;
    return hits.filter((e) => e.name.length === longest).map((e) => e.municipality);
  };
  const direct = starts(text);
  if (direct.length > 0) return direct;
  const county = /^.{1,6}?郡/.exec(text);
  return county ? starts(text.slice(county[0].length)) : [];
}

/**
 * Reads the prefecture and municipality an address starts with. `defaultPrefecture` (the
 * platform's own, when it has one) is assumed when the address leaves the prefecture out; an
 * address naming no prefecture and a municipality found in several prefectures is ambiguous.
 */
export function readAddress(address: string, defaultPrefecture?: string): AddressReading {
  const text = norm(address).replace(/^〒?\d{3}-?\d{4}/, '');
  const { prefectures } = namesOnce();
  const located = (prefecture: string, m?: Municipality): AddressReading =>
    m ? { ok: true, prefecture, municipality: m.code } : { ok: true, prefecture };
  const full = prefectures.find((p) => text.startsWith(p.name));
  if (full !== undefined) {
    const code = full.prefecture.code;
    return located(code, leadingMunicipalities(text.slice(full.name.length), code)[0]);
  }
  if (defaultPrefecture !== undefined) {
    const [m] = leadingMunicipalities(text, defaultPrefecture);
    if (m) return located(defaultPrefecture, m);
  }
  // 埼玉さいたま市…, but also 京都市… (a city named like its prefecture) and 福島町… (Hokkaido).
  const short = prefectures.find((p) => text.startsWith(p.short));
  if (short !== undefined) {
    const code = short.prefecture.code;
    const [m] = [
      ...leadingMunicipalities(text, code),
      ...leadingMunicipalities(text.slice(short.short.length), code),
    ];
    if (m) return located(code, m);
  }
  const found = leadingMunicipalities(text);
  if (found.length === 1) return located(found[0]!.prefecture, found[0]);
  if (found.length > 1) {
    return { ok: false, reason: 'ambiguous', candidates: found.map((m) => m.prefecture) };
  }
  if (short !== undefined) return located(short.prefecture.code);
  return { ok: false, reason: 'no-prefecture' };
}

/** A prefecture written as its name (埼玉県, 埼玉) or JIS code (11, 11000); undefined if none. */
export function readPrefecture(value: string): string | undefined {
  const text = norm(value);
  if (/^\d{1,2}$/.test(text)) {
    const code = text.padStart(2, '0');
    return PREFECTURES.some((p) => p.code === code) ? code : undefined;
  }
  if (/^\d{5,6}$/.test(text)) return readPrefecture(text.slice(0, 2));
  return namesOnce().prefectures.find((p) => text === p.name || text === p.short)?.prefecture.code;
}

/**
 * A municipality written as its name (さいたま市浦和区, 浦和区 is not enough) or its JIS code
 * (5 digits, or 6 with the check digit), within `prefecture` when given.
 */
export function readMunicipality(value: string, prefecture?: string): Municipality | undefined {
  const text = norm(value);
  if (/^\d{5,6}$/.test(text)) {
    const m = MUNICIPALITIES.find((x) => x.code === text.slice(0, 5));
    return m && (prefecture === undefined || m.prefecture === prefecture) ? m : undefined;
  }
  const hits = namesOnce().municipalities.filter(
    (e) => e.name === text && (prefecture === undefined || e.municipality.prefecture === prefecture),
  );
  return hits.length === 1 ? hits[0]!.municipality : undefined;
}
