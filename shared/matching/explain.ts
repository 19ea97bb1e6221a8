import { ancestorsOf, fieldLabel, type Lang, municipality, prefecture, regionLabel } from '#domain';
import type { CapacityFact, FieldFact, MatchFacts, RegionFact } from './facts';
import { cached, fieldKey, type PhraseCache, regionKey } from './phrase-cache';

// The sentence members read, from the facts that decided a pair (facts.ts):
// 「同じ山形市内・分野が一致（子ども・若者支援）・定員40名 ≥ 必要30名」.

/** 1234567 → "1,234,567"; decimals kept to two places. */
export function groupDigits(x: number): string {
  const rounded = Math.round(x * 100) / 100;
  const abs = Math.abs(rounded);
  let int = Math.floor(abs);
  const frac = Math.round((abs - int) * 100);
  let grouped = '';
  while (int >= 1000) {
    grouped = `,${String(int % 1000).padStart(3, '0')}${grouped}`;
    int = Math.floor(int / 1000);
  }
  grouped = `${int}${grouped}`;
  const decimals = frac === 0 ? '' : frac % 10 === 0 ? `.${frac / 10}` : `.${String(frac).padStart(2, '0')}`;
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
  // A part is never called 100 %: a year's need with an offer a day late says 99 %.
  const pct = Math.min(99, Math.round(coverage * 100));
  if (pct < 1) return lang === 'ja' ? '期間の重なりはわずか' : 'periods barely overlap';
  return lang === 'ja' ? `期間の${pct}%が重なる` : `periods overlap ${pct}%`;
}

/**
 * The sentence naming the facts that decided a pair: region, field, capacity, and the timing
 * when the periods overlap only in part. `cache` lets a round write repeated phrases once.
 */
export function explain(facts: MatchFacts, lang: Lang, cache?: PhraseCache): string {
  const phrases = cache?.[lang];
  const region =
    phrases === undefined
      ? regionPhrase(facts.region, lang)
      : cached(phrases.region, regionKey(facts.region), () => regionPhrase(facts.region, lang));
  const field =
    phrases === undefined
      ? fieldPhrase(facts.field, lang)
      : cached(phrases.field, fieldKey(facts.field), () => fieldPhrase(facts.field, lang));
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
