// The field list (first axis: who/what the work is for) and the target groups a need or offer
// reaches. A platform extends the taxonomy here and only here: add the slug to the tuple, then
// its labels to the record (the compiler insists on both). Slugs are stable identifiers
// stored in the database; never rename or remove one, only add.
// Wording is respectful and non-stigmatising: name the support, not a deficit.
// A narrower field names its broader one as `parent` (ヤングケアラー支援 under ケアラー支援): the
// pickers show it under its parent, and the parent covers it in matching, in list filters and in
// the digest's interests (docs/matching.md, "Broader and narrower fields"). A label never
// repeats its children ("（ヤングケアラー含む）"): that is what the parent link says. Labels may
// change; slugs never do.

export const FIELD_SLUGS = [
  // Seeded from Saitama's activity fields and the target groups of the national documents.
  'arts_culture_sports',
  'social_education',
  'environment',
  'community_development',
  'tourism',
  'poverty',
  'children_youth',
  'elderly',
  'disability',
  'rehabilitation',
  'homelessness',
  'women',
  'lgbtq',
  'suicide_prevention',
  'hikikomori',
  'addiction',
  'carers',
  'foreign_residents',
  'child_rearing',
  'dv_abuse',
  'mental_health',
  'dementia',
  'disaster',
  'other',
  // Narrower fields, for partial credit against their parent.
  'young_carers',
  'single_parents',
  'futoko',
  'food_support',
] as const;

export type FieldSlug = (typeof FIELD_SLUGS)[number];

export interface FieldLabels {
  readonly ja: string;
  readonly en: string;
  /** A broader field this one belongs to (partial credit in matching). */
  readonly parent?: FieldSlug;
}

export const FIELD_LABELS: { readonly [S in FieldSlug]: FieldLabels } = {
  arts_culture_sports: { ja: '芸術・文化・スポーツ', en: 'Arts, culture and sports' },
  social_education: { ja: '社会教育', en: 'Community and lifelong learning' },
  environment: { ja: '環境', en: 'Environment' },
  community_development: { ja: 'まちづくり', en: 'Community development' },
  tourism: { ja: '観光', en: 'Tourism' },
  poverty: { ja: '生活困窮者支援', en: 'Support for people in financial hardship' },
  children_youth: { ja: '子ども・若者支援', en: 'Support for children and young people' },
  elderly: { ja: '高齢者支援', en: 'Support for older people' },
  disability: { ja: '障害者支援', en: 'Support for people with disabilities' },
  rehabilitation: {
    ja: '出所者支援・更生保護',
    en: 'Support for people leaving prison and their return to society',
  },
  homelessness: { ja: 'ホームレス支援', en: 'Support for people experiencing homelessness' },
  women: { ja: '女性支援', en: 'Support for women' },
  lgbtq: { ja: 'LGBTQ支援', en: 'Support for LGBTQ people' },
  suicide_prevention: { ja: '自殺対策', en: 'Suicide prevention' },
  hikikomori: { ja: 'ひきこもり支援', en: 'Hikikomori (social withdrawal) support' },
  addiction: { ja: '依存症支援', en: 'Support for recovery from addiction' },
  carers: { ja: 'ケアラー支援', en: 'Support for carers' },
  foreign_residents: { ja: '在留外国人支援', en: 'Support for foreign residents' },
  child_rearing: { ja: '子育て支援', en: 'Support for families raising children' },
  dv_abuse: {
    ja: 'DV・虐待・性暴力',
    en: 'Support for survivors of domestic violence, abuse and sexual violence',
  },
  mental_health: { ja: 'こころの健康', en: 'Mental health and wellbeing' },
  dementia: { ja: '認知症', en: 'Dementia', parent: 'elderly' },
  disaster: { ja: '災害・被災者支援', en: 'Disaster relief and support for affected people' },
  other: { ja: 'その他', en: 'Other' },
  young_carers: { ja: 'ヤングケアラー支援', en: 'Support for young carers', parent: 'carers' },
  single_parents: { ja: 'ひとり親支援', en: 'Support for single-parent families', parent: 'child_rearing' },
  futoko: {
    ja: '不登校支援',
    en: 'Support for children not attending school (futoko)',
    parent: 'children_youth',
  },
  food_support: { ja: '食の支援・フードバンク', en: 'Food support and food banks', parent: 'poverty' },
};

export const TARGET_GROUP_IDS = [
  'children',
  'youth',
  'students',
  'parents',
  'single_parents',
  'elderly',
  'people_with_disabilities',
  'foreign_residents',
  'women',
  'lgbtq',
  'carers',
  'people_living_alone',
  'job_seekers',
  'everyone',
] as const;

export type TargetGroup = (typeof TARGET_GROUP_IDS)[number];

export const TARGET_GROUP_LABELS: {
  readonly [G in TargetGroup]: { readonly ja: string; readonly en: string };
} = {
  children: { ja: '子ども', en: 'Children' },
  youth: { ja: '若者', en: 'Young people' },
  students: { ja: '学生', en: 'Students' },
  parents: { ja: '子育て中の親', en: 'Parents raising children' },
  single_parents: { ja: 'ひとり親家庭', en: 'Single-parent families' },
  elderly: { ja: '高齢者', en: 'Older people' },
  people_with_disabilities: { ja: '障害のある人', en: 'People with disabilities' },
  foreign_residents: { ja: '外国にルーツのある人', en: 'People with roots abroad' },
  women: { ja: '女性', en: 'Women' },
  lgbtq: { ja: 'LGBTQの人', en: 'LGBTQ people' },
  carers: { ja: 'ケアラー', en: 'Carers' },
  people_living_alone: { ja: '一人暮らしの人', en: 'People living alone' },
  job_seekers: { ja: '仕事を探している人', en: 'People looking for work' },
  everyone: { ja: 'どなたでも', en: 'Everyone' },
};
