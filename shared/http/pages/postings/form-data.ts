import { isTypedKind, type Kind, type Offer } from '#domain';
import { type FormValues, flatten, toBody } from '../forms';
import type { Posting, PostingKind } from './words';

// The form's data: the capacity inputs of each kind, the form as the API's JSON body, and a
// stored posting as the edit form's values.

// --- capacity, by kind -----------------------------------------------------------------------

interface CapacityInput {
  key: string;
  ja: string;
  en: string;
  required?: boolean;
  text?: boolean;
  hint?: { ja: string; en: string };
}

export function capacityInputs(kind: Kind, side: PostingKind): CapacityInput[] {
  const peopleOrHours = [
    {
      key: 'people',
      ja: '人数（人）',
      en: 'People',
      hint: { ja: '人数か時間の、どちらかを入力してください。', en: 'People or hours: either one.' },
    },
    { key: 'hoursPerMonth', ja: '月あたりの時間', en: 'Hours a month' },
  ];
  switch (kind) {
    case 'venue':
      return [
        { key: 'people', ja: '定員（人）', en: 'Seats', required: true },
        { key: 'sessionsPerMonth', ja: '月あたりの回数', en: 'Times a month' },
      ];
    case 'funding':
      return side === 'need'
        ? [
            { key: 'amountJpy', ja: '希望額（円）', en: 'Amount (yen)', required: true },
            { key: 'minAmountJpy', ja: '最低限必要な額（円）', en: 'Minimum (yen)' },
          ]
        : [{ key: 'amountJpy', ja: '提供できる額（円）', en: 'Amount (yen)', required: true }];
    case 'employment':
      return [{ key: 'positions', ja: '人数（人分）', en: 'Positions', required: true }];
    case 'volunteers':
    case 'skills':
      return peopleOrHours;
    case 'goods':
      return [{ key: 'quantity', ja: '数量', en: 'Quantity', required: true }];
    case 'publicity':
      return [{ key: 'reach', ja: '届く人数の目安', en: 'People reached' }];
    case 'other':
      return [{ key: 'note', ja: '規模のメモ', en: 'Note on size', text: true }];
  }
}

function numberFields(kind: Kind, side: PostingKind): string[] {
  const capacity = capacityInputs(kind, side)
    .filter((i) => !i.text)
    .map((i) => `capacity.${i.key}`);
  return side === 'offer' ? [...capacity, 'introductionsPerRound', 'slots'] : capacity;
}

const LISTS = {
  need: ['fields', 'targetGroups'],
  offer: ['fields', 'serviceArea.blocks', 'serviceArea.prefectures', 'serviceArea.municipalities'],
} as const;
const BOOLEANS = { need: ['onlineOk'], offer: ['serviceArea.nationwide', 'serviceArea.online'] } as const;
/** A funding need's co-funding box (capacity.coFunding). */
const FUNDING_NEED_BOOLEANS = [...BOOLEANS.need, 'capacity.coFunding'];

/** The form as the API's body; "every field" on an offer is the string "any". */
export function postingBody(side: PostingKind, kind: Kind, values: FormValues): Record<string, unknown> {
  const body = toBody(values, {
    numbers: numberFields(kind, side),
    lists: isTypedKind(kind) ? [...LISTS[side], 'types'] : LISTS[side],
    booleans: side === 'need' && kind === 'funding' ? FUNDING_NEED_BOOLEANS : BOOLEANS[side],
  });
  if (side === 'offer' && Array.isArray(body.fields) && body.fields.includes('any')) body.fields = 'any';
  if (side === 'offer') openCallBody(body);
  // Always a capacity, so a kind that needs one of two numbers says which (not just "required").
  body.capacity ??= {};
  return body;
}

/**
 * An open call from the form: the deadline and up to five question rows (openCall.questions.N.*,
 * blank rows left out, ids q1… by position). No deadline = no open call.
 */
function openCallBody(body: Record<string, unknown>): void {
  const form = body.openCall as {
    deadline?: string;
    questions?: Record<string, { label?: string; required?: string }>;
  };
  if (!form) return;
  if (!form.deadline) {
    delete body.openCall;
    return;
  }
  const rows = Object.entries(form.questions ?? {})
    .filter(([i, q]) => /^[0-4]$/.test(i) && q.label)
    .sort(([a], [b]) => Number(a) - Number(b));
  body.openCall = {
    deadline: form.deadline,
    questions: rows.map(([i, q]) => ({
      id: `q${Number(i) + 1}`,
      label: q.label,
      required: q.required === 'on',
    })),
  };
}

/** An entity as the edit form's values; "any" fields show as the "every field" box. */
export function valuesOf(posting: Posting): FormValues {
  const values = flatten(posting);
  if ((posting as Offer).fields === 'any') values.fields = ['any'];
  const call = (posting as Offer).openCall;
  delete values['openCall.questions'];
  for (const [i, q] of (call?.questions ?? []).entries()) {
    values[`openCall.questions.${i}.label`] = q.label;
    if (q.required) values[`openCall.questions.${i}.required`] = 'on';
  }
  values._version = String(posting.version);
  return values;
}
