import { describe, expect, it } from 'vitest';
import { summaryItems } from '../../shared/http/pages/forms/form';
import type { FieldEntry } from '../../shared/http/pages/forms/state';

// The error summary's items (issue 18.2): in the form's order whatever order the API answered
// in, 「ラベル：メッセージ」 linked to the field, a group's message under the group, the form's own
// message first and unlinked, and no sentence twice.

const fields: FieldEntry[] = [
  { name: 'title', label: 'タイトル', target: 'f-title' },
  { name: 'fields', label: '分野', target: 'f-fields-0' },
  { name: 'capacity', label: '規模', target: 'f-capacity' },
  { name: 'capacity.people', label: '定員（人）', target: 'f-capacity-people' },
  { name: 'period.start', label: '開始日', target: 'f-period-start' },
];

describe('summaryItems', () => {
  it('lists the fields with errors in the form’s order, each linked, as label：message', () => {
    expect(
      summaryItems(
        {
          'period.start': '日付を入力してください',
          title: '入力してください',
          'capacity.people': '1以上の数を入力してください',
        },
        fields,
      ),
    ).toEqual([
      { target: 'f-title', text: 'タイトル：入力してください' },
      { target: 'f-capacity-people', text: '定員（人）：1以上の数を入力してください' },
      { target: 'f-period-start', text: '開始日：日付を入力してください' },
    ]);
  });

  it('puts a part of a list under its field, and a path no field shows under its nearest group', () => {
    expect(
      summaryItems(
        { 'fields.2': '分野が正しくありません', 'capacity.hours': '数を入力してください' },
        fields,
      ),
    ).toEqual([
      { target: 'f-fields-0', text: '分野：分野が正しくありません' },
      { target: 'f-capacity', text: '規模：数を入力してください' },
    ]);
  });

  it('prefers a field’s own message to one about a part of it, as the field itself shows', () => {
    expect(summaryItems({ 'fields.0': '正しくありません', fields: '1つ以上選んでください' }, fields)).toEqual(
      [{ target: 'f-fields-0', text: '分野：1つ以上選んでください' }],
    );
  });

  it('puts a message about the whole form first, unlinked, and never a sentence twice', () => {
    expect(
      summaryItems(
        {
          title: '入力してください',
          '(root)': 'ほかの方が変更しました',
          organizationId: 'ほかの方が変更しました',
        },
        fields,
      ),
    ).toEqual([
      { text: 'ほかの方が変更しました' },
      { target: 'f-title', text: 'タイトル：入力してください' },
    ]);
  });
});
