import {
  ancestorsOf,
  type BlockId,
  type FieldSlug,
  fieldLabel,
  KIND_IDS,
  type Kind,
  type Lang,
  municipality,
  prefecture,
  regionLabel,
} from '#domain';
import { D_CAP_DIM, D_FIELD_REL, D_TIER, D_TIMING, D_VIA, D_VIA_COVER, REGION_TIERS } from './kernel';
import {
  blockAt,
  blockIndexOf,
  cityAt,
  F_ANY,
  FIELD_COUNT,
  FIELD_REL,
  fieldIndexOf,
  fieldSlugAt,
  type NeedView,
  O_CAP_A,
  O_CAP_B,
  O_FIELDS,
  O_FLAGS,
  O_INTS,
  type OfferTable,
  prefAt,
  REL_PARENT_CHILD,
  REL_SAME,
  REL_SIBLINGS,
} from './tables';

// The facts that decided a pair, and the sentence members read:
// 「同じ山形市内・分野が一致（子ども・若者支援）・定員40名 ≥ 必要30名」.

export type RegionFact =
  | { readonly tier: 'municipality'; readonly municipality: string }
  | { readonly tier: 'prefecture'; readonly prefecture: string }
  | {
      readonly tier: 'neighbour';
      /** The listed prefecture (or the prefecture of a listed municipality) near the need. */
      readonly prefecture: string;
      readonly needPrefecture: string;
      /** The block that covers the need; absent when nationwide does. */
      readonly block?: BlockId;
    }
  | { readonly tier: 'block'; readonly block: BlockId }
  | { readonly tier: 'nationwide' }
  | { readonly tier: 'online' };

export type FieldFact =
  | { readonly relation: 'same'; readonly fields: readonly FieldSlug[] }
  | {
      readonly relation: 'parent_child' | 'siblings';
      readonly needField: FieldSlug;
      readonly offerField: FieldSlug;
    }
  | { readonly relation: 'any' }
  | { readonly relation: 'none' };

export type CapacityMeasure =
  | 'seats'
  | 'positions'
  | 'people'
  | 'hoursPerMonth'
  | 'amountJpy'
  | 'quantity'
  | 'reach';

export interface CapacityFact {
  readonly measure: CapacityMeasure;
  readonly offered: number;
  readonly needed: number;
  readonly unit?: 'units' | 'kg';
  /** funding: the need's minimum. */
  readonly minimum?: number;
  /** venue: present when the offer has fewer sessions per month than wanted. */
  readonly sessions?: { readonly offered: number; readonly needed: number };
}

export interface MatchFacts {
  readonly kind: Kind;
  readonly region: RegionFact;
  readonly field: FieldFact;
  /** Null when the kind has no numbers to compare. */
  readonly capacity: CapacityFact | null;
  /** Share of the need's period (from today) the offer's period covers, 4 decimals. */
  readonly timingCoverage: number;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function regionFact(v: NeedView, detail: Float64Array): RegionFact {
  const tier = REGION_TIERS[detail[D_TIER]!]!;
  const via = detail[D_VIA]!;
  switch (tier) {
    case 'municipality':
      return { tier, municipality: cityAt(via) };
    case 'prefecture':
      return { tier, prefecture: prefAt(via) };
    case 'neighbour': {
      const cover = detail[D_VIA_COVER]!;
      const fact = { tier, prefecture: prefAt(via), needPrefecture: prefAt(v.pref) };
      return cover >= 0 ? { ...fact, block: blockAt(cover) } : fact;
    }
    case 'block':
      return { tier, block: blockAt(via) };
    case 'nationwide':
    case 'online':
      return { tier };
  }
}

function hasField(o: OfferTable, r: number, f: number): boolean {
  return ((o.ints[r + O_FIELDS + (f >>> 5)]! >>> (f & 31)) & 1) !== 0;
}

/** Fields in the need's order; for a partial relation, the first pair (need order, taxonomy order). */
function fieldFact(v: NeedView, o: OfferTable, r: number, rel: number): FieldFact {
  if ((o.ints[r + O_FLAGS]! & F_ANY) !== 0) return { relation: 'any' };
  if (rel === REL_SAME) {
    const fields: FieldSlug[] = [];
    for (let j = 0; j < v.fieldCount; j++)
      if (hasField(o, r, v.fields[j]!)) fields.push(fieldSlugAt(v.fields[j]!));
    return { relation: 'same', fields };
  }
  if (rel === REL_PARENT_CHILD || rel === REL_SIBLINGS) {
    const relation = rel === REL_PARENT_CHILD ? 'parent_child' : 'siblings';
    for (let j = 0; j < v.fieldCount; j++) {
      const a = v.fields[j]!;
      for (let b = 0; b < FIELD_COUNT; b++) {
        if (hasField(o, r, b) && FIELD_REL[a * FIELD_COUNT + b] === rel) {
          return { relation, needField: fieldSlugAt(a), offerField: fieldSlugAt(b) };
        }
      }
    }
  }
  return { relation: 'none' };
}

function capacityFact(v: NeedView, o: OfferTable, r: number, dim: number): CapacityFact | null {
  if (dim === 0) return null;
  const offeredA = o.f64[(r + O_CAP_A) >> 1]!;
  const offeredB = o.ints[r + O_CAP_B]!;
  switch (KIND_IDS[v.kind]) {
    case 'venue': {
      const fact = { measure: 'seats' as const, offered: offeredA, needed: v.capA };
      return v.capB > 0 && offeredB > 0 && offeredB < v.capB
        ? { ...fact, sessions: { offered: offeredB, needed: v.capB } }
        : fact;
    }
    case 'funding': {
      const fact = { measure: 'amountJpy' as const, offered: offeredA, needed: v.capA };
      return v.capMin > 0 ? { ...fact, minimum: v.capMin } : fact;
    }
    case 'employment':
      return { measure: 'positions', offered: offeredA, needed: v.capA };
    case 'volunteers':
    case 'skills':
      return dim === 1
        ? { measure: 'people', offered: offeredA, needed: v.capA }
        : { measure: 'hoursPerMonth', offered: offeredB, needed: v.capB };
    case 'goods':
      return { measure: 'quantity', offered: offeredA, needed: v.capA, unit: v.unit === 1 ? 'kg' : 'units' };
    case 'publicity':
      return { measure: 'reach', offered: offeredA, needed: v.capA };
    default:
      return null;
  }
}

/** The facts behind a scored pair: need `v`, offer row `oi`, and the kernel's detail slots. */
export function factsOf(v: NeedView, o: OfferTable, oi: number, detail: Float64Array): MatchFacts {
  const r = oi * O_INTS;
  return {
    kind: KIND_IDS[v.kind]!,
    region: regionFact(v, detail),
    field: fieldFact(v, o, r, detail[D_FIELD_REL]!),
    capacity: capacityFact(v, o, r, detail[D_CAP_DIM]!),
    timingCoverage: round4(detail[D_TIMING]!),
  };
}

// --- sentences -----------------------------------------------------------------------------------

/** 1234567 → "1,234,567"; decimals kept to two places. */
export function groupDigits(x: number): string {
  if (Number.isInteger(x) && x >= 0 && x < 1000) return String(x);
  const rounded = Math.round(x * 100) / 100;
  const abs = Math.abs(rounded);
  let int = Math.floor(abs);
  const frac = Math.round((abs - int) * 100);
  let grouped = '';
  while (int >= 1000) {
    const part = int % 1000;
    grouped = `,${part < 10 ? '00' : part < 100 ? '0' : ''}${part}${grouped}`;
    int = Math.floor(int / 1000);
  }
  grouped = `${int}${grouped}`;
  const decimals = frac === 0 ? '' : frac % 10 === 0 ? `.${frac / 10}` : `.${frac < 10 ? '0' : ''}${frac}`;
  return `${rounded < 0 ? '-' : ''}${grouped}${decimals}`;
}

/** 300000 → 30万円, 1234567 → 123万4,567円, 150000000 → 1億5,000万円. */
export function yenJa(amount: number): string {
  const n = Math.round(amount);
  const oku = Math.floor(n / 100_000_000);
  const man = Math.floor((n % 100_000_000) / 10_000);
  const rest = n % 10_000;
  let s = '';
  if (oku > 0) s += `${groupDigits(oku)}億`;
  if (man > 0) s += `${groupDigits(man)}万`;
  if (rest > 0 || s === '') s += groupDigits(rest);
  return `${s}円`;
}

function yenEn(amount: number): string {
  return `¥${groupDigits(amount)}`;
}

function cityName(code: string): string {
  return municipality(code)?.ja ?? code;
}

function prefName(code: string, lang: Lang): string {
  const p = prefecture(code);
  return p === undefined ? code : lang === 'ja' ? p.ja : p.en;
}

function regionPhrase(r: RegionFact, lang: Lang): string {
  const ja = lang === 'ja';
  switch (r.tier) {
    case 'municipality':
      return ja
        ? `同じ${cityName(r.municipality)}内`
        : `in the same municipality (${cityName(r.municipality)})`;
    case 'prefecture':
      return ja
        ? `同じ${prefName(r.prefecture, 'ja')}内`
        : `in the same prefecture (${prefName(r.prefecture, 'en')})`;
    case 'neighbour': {
      const cover =
        r.block === undefined
          ? ja
            ? '全国'
            : 'all of Japan'
          : ja
            ? `${regionLabel(r.block, 'ja')}ブロック`
            : `the ${regionLabel(r.block, 'en')} block`;
      const own = r.prefecture === r.needPrefecture;
      if (ja)
        return own
          ? `${prefName(r.prefecture, 'ja')}内の地域を含む${cover}に対応`
          : `隣接する${prefName(r.prefecture, 'ja')}を含む${cover}に対応`;
      return own
        ? `serves ${cover}, including places in ${prefName(r.prefecture, 'en')}`
        : `serves ${cover}, including neighbouring ${prefName(r.prefecture, 'en')}`;
    }
    case 'block':
      return ja
        ? `${regionLabel(r.block, 'ja')}ブロックに対応`
        : `serves the ${regionLabel(r.block, 'en')} block`;
    case 'nationwide':
      return ja ? '全国に対応' : 'serves all of Japan';
    case 'online':
      return ja ? 'オンラインで対応' : 'online';
  }
}

function fieldPhrase(f: FieldFact, lang: Lang): string {
  const ja = lang === 'ja';
  switch (f.relation) {
    case 'same':
      return ja
        ? `分野が一致（${f.fields.map((s) => fieldLabel(s, 'ja')).join('、')}）`
        : `same field (${f.fields.map((s) => fieldLabel(s, 'en')).join(' / ')})`;
    case 'parent_child':
      // Which side is the broader field: it covers the narrower one (the taxonomy's parent link).
      if (ancestorsOf(f.needField).includes(f.offerField))
        return ja
          ? `申し出の分野「${fieldLabel(f.offerField, 'ja')}」がニーズの「${fieldLabel(f.needField, 'ja')}」を含む`
          : `the offer's field (${fieldLabel(f.offerField, 'en')}) includes the need's (${fieldLabel(f.needField, 'en')})`;
      return ja
        ? `申し出の分野「${fieldLabel(f.offerField, 'ja')}」はニーズの「${fieldLabel(f.needField, 'ja')}」の一部`
        : `the offer's field (${fieldLabel(f.offerField, 'en')}) is part of the need's (${fieldLabel(f.needField, 'en')})`;
    case 'siblings':
      return ja
        ? `近い分野（${fieldLabel(f.needField, 'ja')}／${fieldLabel(f.offerField, 'ja')}）`
        : `neighbouring field (${fieldLabel(f.needField, 'en')} / ${fieldLabel(f.offerField, 'en')})`;
    case 'any':
      return ja ? '分野を問わない支援' : 'open to any field';
    case 'none':
      return ja ? '分野の一致なし' : 'no field in common';
  }
}

function sessionsPhrase(c: CapacityFact, lang: Lang): string | undefined {
  if (c.sessions === undefined) return undefined;
  const so = groupDigits(c.sessions.offered);
  const sn = groupDigits(c.sessions.needed);
  return lang === 'ja' ? `月${so}回（希望は月${sn}回）` : `${so} sessions a month (${sn} wanted)`;
}

function capacityPhrase(c: CapacityFact, lang: Lang): string {
  const ja = lang === 'ja';
  const o = groupDigits(c.offered);
  const n = groupDigits(c.needed);
  const enough = c.offered >= c.needed;
  let phrase: string;
  switch (c.measure) {
    case 'seats':
      phrase = ja
        ? enough
          ? `定員${o}名 ≥ 必要${n}名`
          : `定員${o}名（必要${n}名）`
        : `${o} seats ${enough ? '≥' : 'for'} ${n} needed`;
      break;
    case 'positions':
      phrase = ja
        ? enough
          ? `受け入れ${o}名 ≥ 必要${n}名`
          : `受け入れ${o}名（必要${n}名の一部）`
        : `${o} positions ${enough ? '≥' : 'of'} ${n} needed`;
      break;
    case 'people':
      phrase = ja
        ? enough
          ? `人数${o}名 ≥ 必要${n}名`
          : `人数${o}名（必要${n}名の一部）`
        : `${o} people ${enough ? '≥' : 'of'} ${n} needed`;
      break;
    case 'hoursPerMonth':
      phrase = ja
        ? enough
          ? `月${o}時間 ≥ 必要月${n}時間`
          : `月${o}時間（必要月${n}時間の一部）`
        : `${o} hours a month ${enough ? '≥' : 'of'} ${n} needed`;
      break;
    case 'quantity': {
      const u = c.unit === 'kg' ? 'kg' : ja ? '個' : ' units';
      phrase = ja
        ? enough
          ? `数量${o}${u} ≥ 必要${n}${u}`
          : `数量${o}${u}（必要${n}${u}の一部）`
        : `${o}${u} ${enough ? '≥' : 'of'} ${n}${u} needed`;
      break;
    }
    case 'reach':
      phrase = ja
        ? enough
          ? `周知${o}人 ≥ 希望${n}人`
          : `周知${o}人（希望${n}人の一部）`
        : `reaches ${o} people ${enough ? '≥' : 'of'} ${n} wanted`;
      break;
    case 'amountJpy':
      if (ja) {
        const offered = `金額${yenJa(c.offered)}`;
        phrase = enough
          ? `${offered} ≥ 希望${yenJa(c.needed)}`
          : c.minimum === undefined
            ? `${offered}（希望${yenJa(c.needed)}の一部）`
            : `${offered}（希望${yenJa(c.needed)}・最低${yenJa(c.minimum)}以上）`;
      } else {
        phrase = enough
          ? `${yenEn(c.offered)} ≥ ${yenEn(c.needed)} requested`
          : c.minimum === undefined
            ? `${yenEn(c.offered)} of ${yenEn(c.needed)} requested`
            : `${yenEn(c.offered)} of ${yenEn(c.needed)} requested (minimum ${yenEn(c.minimum)})`;
      }
      break;
  }
  return phrase;
}

function timingPhrase(coverage: number, lang: Lang): string | undefined {
  if (coverage >= 1) return undefined;
  const pct = Math.round(coverage * 100);
  if (pct < 1) return lang === 'ja' ? '期間の重なりはわずか' : 'periods barely overlap';
  return lang === 'ja' ? `期間の${pct}%が重なる` : `periods overlap ${pct}%`;
}

/**
 * Phrases already written in a round: regions and fields repeat across proposals, so a round
 * writes each once. Keys are numbers derived from the facts (no string is built to look up).
 */
export class PhraseCache {
  readonly region = new Map<number, string>();
  readonly field = new Map<number, string>();
}

const TIER_INDEX: Record<RegionFact['tier'], number> = {
  municipality: 0,
  prefecture: 1,
  neighbour: 2,
  block: 3,
  nationwide: 4,
  online: 5,
};

function regionKey(r: RegionFact): number {
  switch (r.tier) {
    case 'municipality':
      return TIER_INDEX[r.tier] + 6 * Number(r.municipality);
    case 'prefecture':
      return TIER_INDEX[r.tier] + 6 * Number(r.prefecture);
    case 'neighbour':
      return (
        TIER_INDEX[r.tier] +
        6 *
          (Number(r.prefecture) +
            100 * (Number(r.needPrefecture) + 100 * (r.block === undefined ? 0 : blockIndexOf(r.block) + 1)))
      );
    case 'block':
      return TIER_INDEX[r.tier] + 6 * blockIndexOf(r.block);
    case 'nationwide':
    case 'online':
      return TIER_INDEX[r.tier];
  }
}

/** −1 when the fields do not fit a number (a taxonomy of more than 30 fields). */
function fieldKey(f: FieldFact): number {
  switch (f.relation) {
    case 'same': {
      let mask = 0;
      for (const slug of f.fields) {
        const i = fieldIndexOf(slug);
        if (i < 0 || i > 29) return -1;
        mask += 2 ** i;
      }
      return 4 * mask;
    }
    case 'parent_child':
    case 'siblings':
      return (
        1 +
        4 * (fieldIndexOf(f.needField) * 64 + fieldIndexOf(f.offerField)) +
        (f.relation === 'siblings' ? 1 : 0)
      );
    case 'any':
      return 3;
    case 'none':
      return 7;
  }
}

function cached(map: Map<number, string>, key: number, write: () => string): string {
  if (key < 0) return write();
  let phrase = map.get(key);
  if (phrase === undefined) {
    phrase = write();
    map.set(key, phrase);
  }
  return phrase;
}

/**
 * The sentence naming the facts that decided a pair: region, field, capacity, and the timing
 * when the periods overlap only in part. `cache` lets a round write repeated phrases once.
 */
export function explain(facts: MatchFacts, lang: Lang, cache?: PhraseCache): string {
  const l = lang === 'ja' ? 0 : 1;
  const region =
    cache === undefined
      ? regionPhrase(facts.region, lang)
      : cached(cache.region, 2 * regionKey(facts.region) + l, () => regionPhrase(facts.region, lang));
  const field =
    cache === undefined
      ? fieldPhrase(facts.field, lang)
      : cached(cache.field, 2 * fieldKey(facts.field) + l, () => fieldPhrase(facts.field, lang));
  const parts = [region, field];
  if (facts.capacity !== null) {
    parts.push(capacityPhrase(facts.capacity, lang));
    const sessions = sessionsPhrase(facts.capacity, lang);
    if (sessions !== undefined) parts.push(sessions);
  }
  const timing = timingPhrase(facts.timingCoverage, lang);
  if (timing !== undefined) parts.push(timing);
  if (lang === 'ja') return parts.join('・');
  const first = parts[0]!;
  parts[0] = first.charAt(0).toUpperCase() + first.slice(1);
  // join builds one flat string: proposals are kept, and a rope of pieces would be kept with them.
  return parts.join('; ');
}
