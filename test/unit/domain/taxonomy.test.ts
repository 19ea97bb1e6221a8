import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ancestorsOf,
  descendantsOf,
  FIELD_SLUGS,
  FIELDS,
  field,
  fieldLabel,
  fieldRelation,
  isFieldSlug,
  isKind,
  isTargetGroup,
  KIND_IDS,
  KINDS,
  kindLabel,
  parentOf,
  relatedFields,
  TARGET_GROUP_IDS,
  TARGET_GROUPS,
  targetGroupLabel,
} from '../../../shared/domain/taxonomy';

// The fields of PRODUCT.md, with their Japanese labels, in its order. Two labels are shorter
// than PRODUCT.md's: ケアラー支援 (its 「（ヤングケアラー含む）」 is the child ヤングケアラー支援) and
// 子育て支援 (its 「・ひとり親」 is the child ひとり親支援).
const PRODUCT_FIELDS: readonly [string, string][] = [
  ['arts_culture_sports', '芸術・文化・スポーツ'],
  ['social_education', '社会教育'],
  ['environment', '環境'],
  ['community_development', 'まちづくり'],
  ['tourism', '観光'],
  ['poverty', '生活困窮者支援'],
  ['children_youth', '子ども・若者支援'],
  ['elderly', '高齢者支援'],
  ['disability', '障害者支援'],
  ['rehabilitation', '出所者支援・更生保護'],
  ['homelessness', 'ホームレス支援'],
  ['women', '女性支援'],
  ['lgbtq', 'LGBTQ支援'],
  ['suicide_prevention', '自殺対策'],
  ['hikikomori', 'ひきこもり支援'],
  ['addiction', '依存症支援'],
  ['carers', 'ケアラー支援'],
  ['foreign_residents', '在留外国人支援'],
  ['child_rearing', '子育て支援'],
  ['dv_abuse', 'DV・虐待・性暴力'],
  ['mental_health', 'こころの健康'],
  ['dementia', '認知症'],
  ['disaster', '災害・被災者支援'],
  ['other', 'その他'],
];

const STIGMATISING = ['孤独死', '孤立死', '弱者', '問題児', '落伍'];

describe('fields', () => {
  it('has all 24 fields of PRODUCT.md with their Japanese labels', () => {
    expect(PRODUCT_FIELDS).toHaveLength(24);
    for (const [slug, ja] of PRODUCT_FIELDS) {
      expect(field(slug)?.ja, slug).toBe(ja);
    }
    expect(FIELD_SLUGS.slice(0, 24)).toEqual(PRODUCT_FIELDS.map(([slug]) => slug));
  });

  it('adds the narrower fields under their parents', () => {
    expect(field('young_carers')).toEqual({
      slug: 'young_carers',
      ja: 'ヤングケアラー支援',
      en: expect.any(String),
      parent: 'carers',
    });
    expect(parentOf('single_parents')).toBe('child_rearing');
    expect(parentOf('futoko')).toBe('children_youth');
    expect(parentOf('food_support')).toBe('poverty');
    expect(parentOf('dementia')).toBe('elderly');
    expect(parentOf('elderly')).toBeUndefined();
    expect(parentOf('no_such_field')).toBeUndefined();
    expect(FIELDS).toHaveLength(28);
  });

  it('has unique snake_case slugs in the same order as FIELD_SLUGS', () => {
    expect(new Set(FIELD_SLUGS).size).toBe(FIELD_SLUGS.length);
    for (const slug of FIELD_SLUGS) expect(slug).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    expect(FIELDS.map((f) => f.slug)).toEqual([...FIELD_SLUGS]);
  });

  it('only names parents that exist, without cycles', () => {
    for (const f of FIELDS) {
      if (f.parent === undefined) continue;
      expect(isFieldSlug(f.parent), `${f.slug} → ${f.parent}`).toBe(true);
      const chain = [f.slug, ...ancestorsOf(f.slug)];
      expect(new Set(chain).size, chain.join(' → ')).toBe(chain.length);
      expect(parentOf(chain.at(-1) ?? '')).toBeUndefined();
    }
  });

  it('has no label that names another field unless it is under it (no overlapping siblings)', () => {
    // 「ケアラー支援（ヤングケアラー含む）」 beside 「ヤングケアラー支援」, or 「子育て・ひとり親」 beside
    // 「ひとり親支援」, offered two boxes for the same work: the narrower one goes under the broader.
    const stem = (label: string) => label.replace(/支援$/, '');
    for (const a of FIELDS) {
      for (const b of FIELDS) {
        if (a === b || !a.ja.includes(stem(b.ja))) continue;
        expect(ancestorsOf(a.slug), `${a.ja} names ${b.ja}`).toContain(b.slug);
      }
    }
    expect(parentOf('young_carers')).toBe('carers');
    expect(parentOf('single_parents')).toBe('child_rearing');
  });

  it('gives a field with its broader and narrower ones, which filters take in', () => {
    expect(relatedFields('carers')).toEqual(['carers', 'young_carers']);
    expect(relatedFields('young_carers')).toEqual(['young_carers', 'carers']);
    expect(relatedFields('child_rearing')).toEqual(['child_rearing', 'single_parents']);
    expect(relatedFields('environment')).toEqual(['environment']);
    expect(relatedFields('no_such_field')).toEqual([]);
    expect(descendantsOf('elderly')).toEqual(['dementia']);
  });

  it('recognises field slugs', () => {
    expect(isFieldSlug('hikikomori')).toBe(true);
    expect(isFieldSlug('Hikikomori')).toBe(false);
    expect(isFieldSlug('venue')).toBe(false);
  });

  it('works with z.enum', () => {
    const schema = z.enum(FIELD_SLUGS);
    expect(schema.parse('futoko')).toBe('futoko');
    expect(schema.safeParse('unknown').success).toBe(false);
  });
});

describe('fieldRelation', () => {
  // The matching kernel (shared/matching/kernel.ts) reads the fields as one 32-bit word and
  // never meets two fields of one parent; its mutants for those cases are marked unreachable.
  // When either line below fails, remove those Stryker marks and test the new cases there.
  it('has at most 32 fields and no two fields with the same parent (no siblings), as the kernel assumes', () => {
    expect(FIELD_SLUGS.length).toBeLessThanOrEqual(32);
    const parents = FIELD_SLUGS.map((s) => parentOf(s)).filter((p) => p !== undefined);
    expect(new Set(parents).size).toBe(parents.length);
    for (const a of FIELD_SLUGS)
      for (const b of FIELD_SLUGS) expect(fieldRelation(a, b)).not.toBe('siblings');
  });

  it('calls a field the same as itself', () => {
    expect(fieldRelation('carers', 'carers')).toBe('same');
  });

  it('relates a field to its parent in both directions', () => {
    expect(fieldRelation('young_carers', 'carers')).toBe('parent_child');
    expect(fieldRelation('carers', 'young_carers')).toBe('parent_child');
    expect(fieldRelation('dementia', 'elderly')).toBe('parent_child');
    expect(fieldRelation('futoko', 'children_youth')).toBe('parent_child');
  });

  it('does not relate unrelated fields, or children of different parents', () => {
    expect(fieldRelation('environment', 'tourism')).toBe('none');
    expect(fieldRelation('food_support', 'elderly')).toBe('none');
    expect(fieldRelation('futoko', 'young_carers')).toBe('none');
    expect(fieldRelation('unknown', 'carers')).toBe('none');
  });

  // The seeded list has one child per parent, so siblings and grandparents are shown on a small tree.
  const tree: Record<string, string> = { young_carers: 'carers', elder_carers: 'carers', carers: 'welfare' };
  const parentInTree = (slug: string): string | undefined => tree[slug];

  it('calls two fields with the same parent siblings', () => {
    expect(fieldRelation('young_carers', 'elder_carers', parentInTree)).toBe('siblings');
    expect(fieldRelation('elder_carers', 'young_carers', parentInTree)).toBe('siblings');
  });

  it('relates a field to any ancestor, not only its parent', () => {
    expect(fieldRelation('young_carers', 'welfare', parentInTree)).toBe('parent_child');
    expect(fieldRelation('welfare', 'elder_carers', parentInTree)).toBe('parent_child');
    expect(fieldRelation('welfare', 'environment', parentInTree)).toBe('none');
  });

  it('ends on a cycle in the parent links instead of looping', () => {
    const loop = (slug: string): string | undefined => ({ a: 'b', b: 'a' })[slug];
    expect(fieldRelation('a', 'b', loop)).toBe('parent_child');
    expect(fieldRelation('a', 'c', loop)).toBe('none');
  });
});

describe('kinds', () => {
  it('has the eight kinds of PRODUCT.md in order with Japanese labels', () => {
    expect(KIND_IDS).toEqual([
      'venue',
      'funding',
      'employment',
      'volunteers',
      'skills',
      'goods',
      'publicity',
      'other',
    ]);
    expect(KINDS.map((k) => [k.id, k.ja])).toEqual([
      ['venue', '場所・居場所'],
      ['funding', '資金・助成・寄付'],
      ['employment', '就労・職場体験・雇用'],
      ['volunteers', '人材・ボランティア'],
      ['skills', 'プロボノ・専門知識'],
      ['goods', '物資・食品'],
      ['publicity', '広報・周知'],
      ['other', 'その他'],
    ]);
  });

  it('works with z.enum and recognises kinds', () => {
    expect(z.enum(KIND_IDS).parse('venue')).toBe('venue');
    expect(isKind('goods')).toBe(true);
    expect(isKind('food')).toBe(false);
  });
});

describe('target groups', () => {
  it('lists who the work reaches, in order', () => {
    expect(TARGET_GROUP_IDS).toEqual([
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
    ]);
    expect(TARGET_GROUPS.map((g) => g.id)).toEqual([...TARGET_GROUP_IDS]);
    expect(targetGroupLabel('everyone', 'ja')).toBe('どなたでも');
    expect(targetGroupLabel('foreign_residents', 'ja')).toBe('外国にルーツのある人');
    expect(isTargetGroup('people_living_alone')).toBe(true);
    expect(isTargetGroup('lonely_people')).toBe(false);
    expect(z.enum(TARGET_GROUP_IDS).safeParse('students').success).toBe(true);
  });
});

describe('labels', () => {
  it('labels fields, kinds and target groups in Japanese and English', () => {
    expect(fieldLabel('poverty', 'ja')).toBe('生活困窮者支援');
    expect(fieldLabel('poverty', 'en')).toBe('Support for people in financial hardship');
    expect(fieldLabel('hikikomori', 'en')).toBe('Hikikomori (social withdrawal) support');
    expect(kindLabel('venue', 'ja')).toBe('場所・居場所');
    expect(kindLabel('skills', 'en')).toBe('Pro bono and expertise');
    expect(targetGroupLabel('elderly', 'en')).toBe('Older people');
  });

  it('has a non-empty label in both languages for every entry', () => {
    const labels = [
      ...FIELD_SLUGS.flatMap((s) => [fieldLabel(s, 'ja'), fieldLabel(s, 'en')]),
      ...KIND_IDS.flatMap((k) => [kindLabel(k, 'ja'), kindLabel(k, 'en')]),
      ...TARGET_GROUP_IDS.flatMap((g) => [targetGroupLabel(g, 'ja'), targetGroupLabel(g, 'en')]),
    ];
    expect(labels).toHaveLength((28 + 8 + 14) * 2);
    for (const label of labels) expect(label.trim()).not.toBe('');
  });

  it('uses no stigmatising words', () => {
    const all = [...FIELDS, ...KINDS, ...TARGET_GROUPS].flatMap((e) => [e.ja, e.en]);
    for (const word of STIGMATISING) {
      expect(all.filter((label) => label.includes(word))).toEqual([]);
    }
    expect(all.filter((label) => /lonely|victim|the elderly|handicapped/i.test(label))).toEqual([]);
  });
});
