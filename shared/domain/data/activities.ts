// What an organisation does (活動内容), the third axis of its profile beside its fields
// (活動分野, fields.ts) and its area: the ways of working that platform secretariats list
// when they describe their members (居場所, 相談窓口, アウトリーチ …). Like the fields, ids are stable
// identifiers stored in the database and used as import/export values: never rename or
// remove one, only add (the compiler insists on the labels). Labels may change.

export const ACTIVITY_IDS = [
  'ibasho',
  'consultation',
  'outreach',
  'food',
  'learning',
  'employment_support',
  'visiting',
  'peer_support',
  'information',
  'networking',
  'venue',
  'funding',
  'volunteering',
  'other',
] as const;

export type ActivityId = (typeof ACTIVITY_IDS)[number];

export const ACTIVITY_LABELS: { readonly [A in ActivityId]: { readonly ja: string; readonly en: string } } = {
  ibasho: { ja: '居場所', en: 'Places to belong (ibasho)' },
  consultation: { ja: '相談窓口', en: 'Advice and counselling' },
  outreach: { ja: 'アウトリーチ', en: 'Outreach' },
  food: { ja: '食支援', en: 'Food support' },
  learning: { ja: '学習支援', en: 'Learning support' },
  employment_support: { ja: '就労支援', en: 'Employment support' },
  visiting: { ja: '見守り・訪問', en: 'Watching over and home visits' },
  peer_support: { ja: 'ピアサポート・当事者の会', en: 'Peer support and self-help groups' },
  information: { ja: '情報発信', en: 'Information and awareness' },
  networking: { ja: '中間支援・ネットワークづくり', en: 'Intermediary support and networking' },
  venue: { ja: '場所の提供', en: 'Providing space' },
  funding: { ja: '資金の提供', en: 'Providing funds' },
  volunteering: { ja: 'ボランティア', en: 'Volunteering' },
  other: { ja: 'その他', en: 'Other' },
};

// How many people work or volunteer for an organisation, in the ranges secretariats ask for
// (an exact head count is neither known nor needed). The ids are the ranges as written.
export const SIZE_RANGE_IDS = ['0', '1-4', '5-9', '10-29', '30-99', '100+'] as const;

export type SizeRange = (typeof SIZE_RANGE_IDS)[number];

export const SIZE_RANGE_LABELS: { readonly [R in SizeRange]: { readonly ja: string; readonly en: string } } =
  {
    '0': { ja: 'いない', en: 'None' },
    '1-4': { ja: '1〜4人', en: '1–4' },
    '5-9': { ja: '5〜9人', en: '5–9' },
    '10-29': { ja: '10〜29人', en: '10–29' },
    '30-99': { ja: '30〜99人', en: '30–99' },
    '100+': { ja: '100人以上', en: '100 or more' },
  };
