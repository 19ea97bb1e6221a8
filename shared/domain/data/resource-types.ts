// What exactly is offered or needed (種類), for the kinds where "the same kind" says too little:
// a bookkeeping volunteer is no help to a need for web design, sanitary products are no use to
// a food bank, and a meeting room without a kitchen is no place for a 子ども食堂. Written from the
// kinds of resources the seeds' platforms list (プロボノ, 物資提供, 会場提供). Ids are stable
// identifiers stored with postings and used in imports and the API: never rename, reorder or
// remove one (the matching tables number them by position); a new type goes at the end of its
// list. Labels may change. Every list has `other` (その他), which never rules a pair out: nobody
// can tell what it is.
//
// How a type is read in matching depends on its group (docs/matching.md, "Types"):
// - `choice`: the need's types are alternatives (any one will do), and so are the offer's: the
//   pair needs one type in common. Skills and goods; a venue's kind of room.
// - `feature`: every one the need lists is required of the offer (a kitchen, step-free access,
//   evenings and weekends).

export const RESOURCE_TYPE_IDS = {
  skills: [
    'legal',
    'accounting',
    'it_web',
    'design',
    'translation',
    'management',
    'care_professional',
    'training',
    'other',
  ],
  goods: [
    'food',
    'hygiene',
    'clothing',
    'school_supplies',
    'furniture_appliances',
    'daily_goods',
    'books_toys',
    'other',
  ],
  venue: [
    'meeting_room',
    'hall',
    'japanese_room',
    'sports',
    'outdoor',
    'kitchen',
    'barrier_free',
    'evenings_weekends',
    'other',
  ],
} as const;

export type TypedKind = keyof typeof RESOURCE_TYPE_IDS;
export type ResourceTypeId<K extends TypedKind = TypedKind> = (typeof RESOURCE_TYPE_IDS)[K][number];
export type ResourceTypeGroup = 'choice' | 'feature';

interface TypeLabel {
  readonly ja: string;
  readonly en: string;
  readonly group: ResourceTypeGroup;
}

export const RESOURCE_TYPE_LABELS: {
  readonly [K in TypedKind]: { readonly [T in ResourceTypeId<K>]: TypeLabel };
} = {
  skills: {
    legal: { ja: '法律', en: 'Legal', group: 'choice' },
    accounting: { ja: '会計・税務', en: 'Accounting and tax', group: 'choice' },
    it_web: { ja: 'IT・ウェブ', en: 'IT and web', group: 'choice' },
    design: { ja: 'デザイン・広報物', en: 'Design and printed matter', group: 'choice' },
    translation: { ja: '翻訳・通訳', en: 'Translation and interpreting', group: 'choice' },
    management: { ja: '経営・事業計画', en: 'Management and business planning', group: 'choice' },
    care_professional: { ja: '医療・福祉の専門職', en: 'Medical and care professionals', group: 'choice' },
    training: { ja: '研修・講師', en: 'Training and talks', group: 'choice' },
    other: { ja: 'その他', en: 'Other', group: 'choice' },
  },
  goods: {
    food: { ja: '食品', en: 'Food', group: 'choice' },
    hygiene: { ja: '生理用品・衛生用品', en: 'Period and hygiene products', group: 'choice' },
    clothing: { ja: '衣類', en: 'Clothing', group: 'choice' },
    school_supplies: { ja: '学用品', en: 'School supplies', group: 'choice' },
    furniture_appliances: { ja: '家具・家電', en: 'Furniture and appliances', group: 'choice' },
    daily_goods: { ja: '日用品', en: 'Everyday items', group: 'choice' },
    books_toys: { ja: '本・おもちゃ', en: 'Books and toys', group: 'choice' },
    other: { ja: 'その他', en: 'Other', group: 'choice' },
  },
  venue: {
    meeting_room: { ja: '会議室', en: 'Meeting room', group: 'choice' },
    hall: { ja: '多目的ホール', en: 'Multi-purpose hall', group: 'choice' },
    japanese_room: { ja: '和室', en: 'Japanese-style room', group: 'choice' },
    sports: { ja: '体育館・運動スペース', en: 'Gym or sports space', group: 'choice' },
    outdoor: { ja: '屋外スペース', en: 'Outdoor space', group: 'choice' },
    kitchen: { ja: '調理設備', en: 'Kitchen', group: 'feature' },
    barrier_free: { ja: 'バリアフリー', en: 'Step-free access', group: 'feature' },
    evenings_weekends: { ja: '平日夜・土日に利用可', en: 'Evenings and weekends', group: 'feature' },
    other: { ja: 'その他', en: 'Other', group: 'choice' },
  },
};
