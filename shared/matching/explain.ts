import {
  ancestorsOf,
  fieldLabel,
  type Kind,
  type Lang,
  municipality,
  prefecture,
  regionLabel,
} from '#domain';
import { capacityPhrase, sessionsPhrase } from './capacity-phrase';
import type { FieldFact, MatchFacts, RegionFact } from './facts';
import { cached, fieldKey, type PhraseCache, regionKey } from './phrase-cache';
import { typePhrase } from './type-phrase';

// The reason members read, from the facts that decided a pair (facts.ts), as short sentences a
// secretariat can forward in a business mail: 「同じ山形市内で対応できます。どちらも「子ども・若者
// 支援」の分野です。40名まで利用でき、希望の30名に足ります。」 No formula signs (≥, %): numbers
// are said in words (docs/matching.md, "Explanation"). The capacity sentence: capacity-phrase.ts.

export { groupDigits, yenJa } from './capacity-phrase';

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
        ? `同じ${cityName(r.municipality)}内で対応できます。`
        : `Available in the same municipality (${cityName(r.municipality)}).`;
    case 'prefecture':
      return ja
        ? `同じ${prefName(r.prefecture, 'ja')}内で対応できます。`
        : `Available in the same prefecture (${prefName(r.prefecture, 'en')}).`;
    case 'neighbour': {
      const cover =
        r.block === undefined
          ? ja
            ? '全国'
            : 'Japan'
          : ja
            ? `${regionLabel(r.block, 'ja')}ブロック`
            : `the ${regionLabel(r.block, 'en')} block`;
      const own = r.prefecture === r.needPrefecture;
      if (ja)
        return own
          ? `${prefName(r.prefecture, 'ja')}内の地域を含む${cover}で対応できます。`
          : `隣接する${prefName(r.prefecture, 'ja')}を含む${cover}で対応できます。`;
      return own
        ? `Available across ${cover}, including places in ${prefName(r.prefecture, 'en')}.`
        : `Available across ${cover}, including neighbouring ${prefName(r.prefecture, 'en')}.`;
    }
    case 'block':
      return ja
        ? `${regionLabel(r.block, 'ja')}ブロックで対応できます。`
        : `Available across the ${regionLabel(r.block, 'en')} block.`;
    case 'nationwide':
      return ja ? '全国で対応できます。' : 'Available across Japan.';
    case 'online':
      return ja ? 'オンラインで対応できます。' : 'Available online.';
  }
}

/**
 * For a venue, goods or a notice board, the field is its owner's, not its users' (the field
 * filter is off for them): a pair of different fields says what the offer is still good for.
 */
const NO_COMMON_FIELD: Partial<Record<Kind, { ja: string; en: string }>> = {
  venue: {
    ja: '分野は異なりますが、会場としてお使いいただけます。',
    en: 'The fields differ, but the venue is open to your activity.',
  },
  goods: {
    ja: '分野は異なりますが、物品としてお役立ていただけます。',
    en: 'The fields differ, but the goods can serve your activity.',
  },
  publicity: {
    ja: '分野は異なりますが、周知にご活用いただけます。',
    en: 'The fields differ, but it can spread the word about your activity.',
  },
};

function fieldPhrase(f: FieldFact, lang: Lang, kind: Kind): string {
  const ja = lang === 'ja';
  switch (f.relation) {
    case 'same': {
      if (ja) return `どちらも${f.fields.map((s) => `「${fieldLabel(s, 'ja')}」`).join('')}の分野です。`;
      const labels = f.fields.map((s) => fieldLabel(s, 'en')).join('; ');
      return `Both are in the same ${f.fields.length === 1 ? 'field' : 'fields'}: ${labels}.`;
    }
    case 'parent_child':
      // Which side is the broader field: it covers the narrower one (the taxonomy's parent link).
      if (ancestorsOf(f.needField).includes(f.offerField))
        return ja
          ? `申し出の分野「${fieldLabel(f.offerField, 'ja')}」は、ニーズの「${fieldLabel(f.needField, 'ja')}」を含みます。`
          : `The offer's field (${fieldLabel(f.offerField, 'en')}) includes the need's (${fieldLabel(f.needField, 'en')}).`;
      return ja
        ? `申し出の分野「${fieldLabel(f.offerField, 'ja')}」は、ニーズの「${fieldLabel(f.needField, 'ja')}」の一部です。`
        : `The offer's field (${fieldLabel(f.offerField, 'en')}) is part of the need's (${fieldLabel(f.needField, 'en')}).`;
    case 'siblings':
      return ja
        ? `ニーズの分野「${fieldLabel(f.needField, 'ja')}」と申し出の「${fieldLabel(f.offerField, 'ja')}」は近い分野です。`
        : `The need's field (${fieldLabel(f.needField, 'en')}) and the offer's (${fieldLabel(f.offerField, 'en')}) are closely related.`;
    case 'any':
      return ja ? '分野を問わない申し出です。' : 'The offer is open to any field.';
    case 'none': {
      const still = NO_COMMON_FIELD[kind];
      if (still !== undefined) return still[lang];
      return ja ? '分野は一致していません。' : 'The two have no field in common.';
    }
  }
}

/** About how many tenths, in English words (index 1–9). */
const TENTHS_EN = [
  '',
  'a tenth',
  'a fifth',
  'three tenths',
  'two fifths',
  'half',
  'three fifths',
  'seven tenths',
  'four fifths',
  'nine tenths',
];

function timingPhrase(coverage: number, lang: Lang): string | undefined {
  if (coverage >= 1) return undefined;
  const ja = lang === 'ja';
  // No day of the need's window: an open-ended need, and an offer starting after its horizon.
  if (coverage <= 0) return ja ? '対応できるのは先の時期からです。' : 'Available only from a later date.';
  // About how many tenths: a part is never called 10割 (a year's need with an offer a day late is 約9割).
  const tenths = Math.min(9, Math.round(coverage * 10));
  if (tenths === 0)
    return ja
      ? 'ご希望の期間のごく一部に対応できます。'
      : 'Covers only a small part of the period you asked for.';
  if (tenths === 5)
    return ja ? 'ご希望の期間の約半分に対応できます。' : 'Covers about half of the period you asked for.';
  const [shareJa, shareEn] =
    tenths < 5 ? ['一部', 'part'] : tenths < 8 ? ['半分以上', 'more than half'] : ['大部分', 'most'];
  return ja
    ? `ご希望の期間の${shareJa}（約${tenths}割）に対応できます。`
    : `Covers ${shareEn} of the period you asked for (about ${TENTHS_EN[tenths]}).`;
}

/**
 * The reason for a pair, from its facts: a sentence each for the region, the field, the types (venue, skills, goods), the capacity
 * (when numbers were compared), the sessions (when fewer than wanted) and the timing (when the
 * periods overlap only in part). `cache` lets a round write repeated phrases once.
 */
export function explain(facts: MatchFacts, lang: Lang, cache?: PhraseCache): string {
  const phrases = cache?.[lang];
  const region =
    phrases === undefined
      ? regionPhrase(facts.region, lang)
      : cached(phrases.region, regionKey(facts.region), () => regionPhrase(facts.region, lang));
  const field =
    phrases === undefined
      ? fieldPhrase(facts.field, lang, facts.kind)
      : cached(phrases.field, fieldKey(facts.field, facts.kind), () =>
          fieldPhrase(facts.field, lang, facts.kind),
        );
  const parts = [region, field];
  if (facts.types !== undefined) parts.push(typePhrase(facts.types, lang));
  if (facts.capacity !== null) {
    parts.push(capacityPhrase(facts.capacity, lang));
    const sessions = sessionsPhrase(facts.capacity, lang);
    if (sessions !== undefined) parts.push(sessions);
  }
  const timing = timingPhrase(facts.timingCoverage, lang);
  if (timing !== undefined) parts.push(timing);
  // Each part is a sentence with its own full stop. join builds one flat string: proposals are
  // kept, and a rope of pieces would be kept with them.
  return parts.join(lang === 'ja' ? '' : ' ');
}
