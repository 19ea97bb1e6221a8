import { resourceTypeGroup, resourceTypeLabel, resourceTypesOf, type TypedKind } from '#domain';
import { ChoiceGroup } from '../forms';
import { Bi } from '../layout';
import type { PostingKind } from './words';

// What exactly a skill, a good or a venue is (種類; docs/matching.md, "Types"): an offer states
// at least one, a need may leave them blank (any will do). A venue's features (a kitchen,
// step-free access, evenings and weekends) are listed after its kinds of room.

const HINTS: Record<TypedKind, Record<PostingKind, { ja: string; en: string }>> = {
  skills: {
    need: {
      ja: '必要な専門分野を選んでください（複数可）。空欄はどの分野でもかまいません。',
      en: 'The expertise you need (any of them will do). Blank = any.',
    },
    offer: { ja: '提供できる専門分野を1つ以上選んでください。', en: 'Choose at least one.' },
  },
  goods: {
    need: {
      ja: '必要な物品を選んでください（複数可）。空欄はどの物品でもかまいません。',
      en: 'The goods you need (any of them will do). Blank = any.',
    },
    offer: { ja: '提供できる物品を1つ以上選んでください。', en: 'Choose at least one.' },
  },
  venue: {
    need: {
      ja: '使いたい部屋の種類（どれか1つで可）と、必要な設備（選んだものはすべて必要）を選んでください。空欄はどれでもかまいません。',
      en: 'Kinds of room (any one will do) and the features you need (all of them). Blank = any.',
    },
    offer: {
      ja: '部屋の種類を1つ以上（当てはまらなければ「その他」）と、ある設備をすべて選んでください。',
      en: 'At least one kind of room (or Other), and every feature it has.',
    },
  },
};

export function TypesField({ side, kind }: { side: PostingKind; kind: TypedKind }) {
  const options = resourceTypesOf(kind).map((id) => {
    const feature = resourceTypeGroup(kind, id) === 'feature';
    return {
      value: id,
      label: `${resourceTypeLabel(kind, id, 'ja')}${feature ? '（設備）' : ''}`,
      en: `${resourceTypeLabel(kind, id, 'en')}${feature ? ' (feature)' : ''}`,
    };
  });
  return (
    <ChoiceGroup
      name="types"
      ja="種類"
      en="Type"
      required={side === 'offer'}
      columns
      hint={<Bi {...HINTS[kind][side]} />}
      options={options}
    />
  );
}
