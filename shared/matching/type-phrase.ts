import { type Lang, resourceTypeLabel } from '#domain';
import type { TypeFact } from './facts';

// The sentence on types (種類) of venue, skills and goods (docs/matching.md, "Types"): what of
// the need's the offer has, or why it is worth a look even so.

export function typePhrase(t: TypeFact, lang: Lang): string {
  const ja = lang === 'ja';
  switch (t.match) {
    case 'match': {
      if (ja)
        return `ご希望の${t.types.map((id) => `「${resourceTypeLabel(t.kind, id, 'ja')}」`).join('')}に対応できます。`;
      const labels = t.types.map((id) => resourceTypeLabel(t.kind, id, 'en'));
      return `Offers what you asked for: ${labels.join(', ')}.`;
    }
    case 'other':
      return ja
        ? '種類が「その他」として登録されているため、内容をご確認ください。'
        : 'The type is given as Other, so please check the details.';
    case 'unknown':
      return ja
        ? '申し出に種類の登録がないため、内容をご確認ください。'
        : 'The offer does not state its type, so please check the details.';
  }
}
