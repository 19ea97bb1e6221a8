import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  applyNeedPatch,
  applyOfferPatch,
  closePosting,
  KIND_IDS,
  type Need,
  needContentSchema,
  type Offer,
  offerContentSchema,
  placeLabel,
  postingListQuerySchema,
  serviceAreaSchema,
  slotsLeft,
  toFieldErrors,
} from '../../../shared/domain';
import { venueNeed as need, venueOffer as offer } from '../fixtures/posting';

// shared/domain/posting.ts as a member meets it: the message each rule shows next to the field
// (in Japanese, saying what to do), how a patch keeps what it does not name, the slots an offer
// has left, and where a posting is, in words. schemas.test.ts has what is accepted and where.

/** path → message of a failed parse; {} when it succeeds. */
function messagesOf(schema: z.ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  return Object.fromEntries(toFieldErrors(result.error).map((e) => [e.path, e.message]));
}

const META = {
  id: '01HZY0000000000000000000NE',
  platformId: 'saitama',
  organizationId: '01HZY0000000000000000000AA',
  status: 'closed',
  closedAt: '2026-04-20T00:00:00.000Z',
  createdBy: '01HZY0000000000000000000PE',
  createdAt: '2026-04-01T00:00:00.000Z',
  updatedAt: '2026-04-01T00:00:00.000Z',
  version: 3,
} as const;

const storedNeed = (overrides: Record<string, unknown> = {}): Need =>
  ({ ...(needContentSchema.parse(need(overrides)) as object), ...META }) as Need;
const storedOffer = (overrides: Record<string, unknown> = {}): Offer =>
  ({ ...(offerContentSchema.parse(offer(overrides)) as object), ...META, slotsUsed: 2 }) as Offer;

describe('the message next to each field', () => {
  it.each([
    ['a count given as text', { people: '30' }, 'capacity.people', '数値を入力してください'],
    ['a count with a fraction', { people: 1.5 }, 'capacity.people', '整数で入力してください'],
    ['a count of zero', { people: 0 }, 'capacity.people', '1以上の数を入力してください'],
    ['seats above 10,000', { people: 10_001 }, 'capacity.people', '10,000以下の数を入力してください'],
    [
      'sessions above 100',
      { people: 3, sessionsPerMonth: 101 },
      'capacity.sessionsPerMonth',
      '100以下の数を入力してください',
    ],
  ])('venue: %s', (_, capacity, path, message) => {
    expect(messagesOf(needContentSchema, need({ capacity }))).toEqual({ [path]: message });
  });

  it('volunteers and skills: people or hours a month, at least one of them', () => {
    for (const kind of ['volunteers', 'skills']) {
      expect(messagesOf(needContentSchema, need({ kind, capacity: {} }))).toEqual({
        capacity: '人数か月あたりの時間を入力してください',
      });
      expect(messagesOf(needContentSchema, need({ kind, capacity: { people: 2 } }))).toEqual({});
      expect(messagesOf(needContentSchema, need({ kind, capacity: { hoursPerMonth: 8 } }))).toEqual({});
      expect(messagesOf(needContentSchema, need({ kind, capacity: { hoursPerMonth: 100_001 } }))).toEqual({
        'capacity.hoursPerMonth': '100,000以下の数を入力してください',
      });
    }
  });

  it('goods: more than nothing, not absurdly much, whole numbers when counted in units', () => {
    const goods = (quantity: number, unit: string) => need({ kind: 'goods', capacity: { quantity, unit } });
    expect(messagesOf(needContentSchema, goods(0, 'kg'))).toEqual({
      'capacity.quantity': '0より大きい数を入力してください',
    });
    expect(messagesOf(needContentSchema, goods(10_000_001, 'kg'))).toEqual({
      'capacity.quantity': '数量が大きすぎます',
    });
    expect(messagesOf(needContentSchema, goods(10_000_000, 'kg'))).toEqual({});
    expect(messagesOf(needContentSchema, goods(2.5, 'units'))).toEqual({
      'capacity.quantity': '点・個で数えるときは整数で入力してください',
    });
    expect(messagesOf(needContentSchema, goods(2.5, 'kg'))).toEqual({});
  });

  it('funding: the minimum at most the amount asked for; up to 100億円; offers take no minimum', () => {
    const funding = (capacity: Record<string, unknown>) => need({ kind: 'funding', capacity });
    expect(messagesOf(needContentSchema, funding({ amountJpy: 100, minAmountJpy: 101 }))).toEqual({
      'capacity.minAmountJpy': '最低額は希望額以下にしてください',
    });
    expect(messagesOf(needContentSchema, funding({ amountJpy: 100, minAmountJpy: 100 }))).toEqual({});
    expect(messagesOf(needContentSchema, funding({ amountJpy: 10_000_000_001 }))).toEqual({
      'capacity.amountJpy': '10,000,000,000以下の数を入力してください',
    });
    expect(
      Object.keys(
        messagesOf(
          offerContentSchema,
          offer({ kind: 'funding', capacity: { amountJpy: 9, minAmountJpy: 1 } }),
        ),
      ),
    ).toEqual(['capacity.minAmountJpy']);
  });

  it('publicity and other: nothing to count is fine; reach, when given, is a count', () => {
    expect(needContentSchema.parse(need({ kind: 'publicity', capacity: undefined }))).toMatchObject({
      capacity: {},
    });
    expect(needContentSchema.parse(need({ kind: 'other', capacity: undefined }))).toMatchObject({
      capacity: {},
    });
    expect(messagesOf(needContentSchema, need({ kind: 'publicity', capacity: { reach: 0 } }))).toEqual({
      'capacity.reach': '1以上の数を入力してください',
    });
  });

  it('an unknown kind lists the kinds to choose from', () => {
    expect(messagesOf(needContentSchema, need({ kind: 'hugs' }))).toEqual({
      kind: `種類（kind）を次から選んでください: ${KIND_IDS.join(', ')}`,
    });
    expect(messagesOf(offerContentSchema, offer({ kind: 'hugs' }))).toEqual({
      kind: `種類（kind）を次から選んでください: ${KIND_IDS.join(', ')}`,
    });
  });

  it('service area: real codes, and at least one place (nationwide and online count)', () => {
    expect(messagesOf(serviceAreaSchema, {})).toEqual({
      '(root)': '対応できる地域を1つ以上指定してください（全国・オンラインも可）',
    });
    expect(messagesOf(serviceAreaSchema, { prefectures: ['48'] })).toEqual({
      'prefectures.0': '都道府県コードが正しくありません',
    });
    expect(messagesOf(serviceAreaSchema, { municipalities: ['11999'] })).toEqual({
      'municipalities.0': '市区町村コードが正しくありません',
    });
    for (const area of [{ nationwide: true }, { online: true }, { blocks: ['kanto'] }]) {
      expect(messagesOf(serviceAreaSchema, area)).toEqual({});
    }
  });

  it('open call: a deadline, at most five questions with distinct short ids', () => {
    const q = (id: string) => ({ id, label: '活動の頻度を教えてください' });
    const call = (questions: unknown[]) => offer({ openCall: { deadline: '2026-06-30', questions } });
    expect(messagesOf(offerContentSchema, call([q('a'), q('b'), q('c'), q('d'), q('e')]))).toEqual({});
    expect(messagesOf(offerContentSchema, call([q('a'), q('b'), q('c'), q('d'), q('e'), q('f')]))).toEqual({
      'openCall.questions': '質問は5つまでです',
    });
    expect(messagesOf(offerContentSchema, call([q('a'), q('a')]))).toEqual({
      'openCall.questions': '質問のIDが重複しています',
    });
    expect(messagesOf(offerContentSchema, call([q('Frequency')]))).toEqual({
      'openCall.questions.0.id': '質問のIDは英小文字・数字・ハイフン20文字以内です',
    });
    expect(messagesOf(offerContentSchema, call([q('a'.repeat(21))]))).toEqual({
      'openCall.questions.0.id': '質問のIDは英小文字・数字・ハイフン20文字以内です',
    });
    expect(offerContentSchema.parse(call([q('how-often-2')]))).toMatchObject({
      openCall: { deadline: '2026-06-30', questions: [{ id: 'how-often-2', required: false }] },
    });
  });

  it('list query: codes that exist; by default open postings, 20 at a time', () => {
    expect(postingListQuerySchema.parse({})).toEqual({ status: 'open', limit: 20 });
    expect(messagesOf(postingListQuerySchema, { prefecture: '00' })).toEqual({
      prefecture: '都道府県コードが正しくありません',
    });
    expect(messagesOf(postingListQuerySchema, { municipality: '13100' })).toEqual({
      municipality: '市区町村コードが正しくありません',
    });
  });
});

describe('applying a patch', () => {
  it('keeps every stored attribute the patch does not name, and stamps the time', () => {
    const before = storedOffer();
    const after = applyOfferPatch(
      before,
      { version: 3, title: '社員食堂を開放します' },
      '2026-05-01T00:00:00.000Z',
    );
    expect(after).toEqual({
      ...before,
      title: '社員食堂を開放します',
      updatedAt: '2026-05-01T00:00:00.000Z',
    });
    const n = storedNeed();
    expect(applyNeedPatch(n, { version: 3, onlineOk: true }, '2026-05-01T00:00:00.000Z')).toEqual({
      ...n,
      onlineOk: true,
      updatedAt: '2026-05-01T00:00:00.000Z',
    });
  });

  it('sets an open call, keeps it when the patch is silent, and removes it with null', () => {
    const now = '2026-05-01T00:00:00.000Z';
    const openCall = { deadline: '2026-06-30', questions: [] };
    const called = applyOfferPatch(storedOffer(), { version: 3, openCall }, now);
    expect(called.openCall).toEqual(openCall);
    expect(applyOfferPatch(called, { version: 3, slots: 4 }, now)).toMatchObject({ openCall, slots: 4 });
    const plain = applyOfferPatch(called, { version: 3, openCall: null, slots: 5 }, now);
    expect('openCall' in plain).toBe(false);
    expect(plain).toMatchObject({ slots: 5, slotsUsed: 2, closedAt: META.closedAt });
  });

  it('closes a posting at the time given', () => {
    const open = { ...storedNeed(), status: 'open' as const, closedAt: undefined };
    expect(closePosting(open, '2026-05-02T00:00:00.000Z')).toEqual({
      ...open,
      status: 'closed',
      closedAt: '2026-05-02T00:00:00.000Z',
      updatedAt: '2026-05-02T00:00:00.000Z',
    });
  });
});

describe('slots left', () => {
  it('is unlimited without slots, slots minus those used, and never below nothing', () => {
    expect(slotsLeft({})).toBeUndefined();
    expect(slotsLeft({ slotsUsed: 3 })).toBeUndefined();
    expect(slotsLeft({ slots: 4 })).toBe(4);
    expect(slotsLeft({ slots: 4, slotsUsed: 1 })).toBe(3);
    expect(slotsLeft({ slots: 4, slotsUsed: 4 })).toBe(0);
    expect(slotsLeft({ slots: 4, slotsUsed: 6 })).toBe(0);
  });
});

describe('where a posting is, in words', () => {
  const area = (serviceArea: Record<string, unknown>) => storedOffer({ serviceArea });

  it('a need: its municipality with the prefecture, or the prefecture alone', () => {
    expect(placeLabel(storedNeed(), 'ja')).toBe('埼玉県川口市');
    expect(placeLabel(storedNeed(), 'en')).toBe('Saitama, 川口市');
    expect(placeLabel(storedNeed({ location: { prefecture: '47' } }), 'ja')).toBe('沖縄県');
  });

  it('an offer: nationwide alone, else its blocks, prefectures, municipalities and online, in that order', () => {
    expect(placeLabel(area({ nationwide: true, prefectures: ['11'] }), 'ja')).toBe('全国');
    expect(placeLabel(area({ nationwide: true }), 'en')).toBe('Nationwide');
    const mixed = area({ online: true, municipalities: ['06201'], prefectures: ['11'], blocks: ['tohoku'] });
    expect(placeLabel(mixed, 'ja')).toBe('東北・埼玉県・山形県山形市・オンライン');
    expect(placeLabel(mixed, 'en')).toBe('Tohoku・Saitama・Yamagata, 山形市・Online');
  });

  it('at most `max` parts, then ほか / and more; exactly `max` parts need no ほか', () => {
    const three = area({ prefectures: ['11', '13', '14'] });
    expect(placeLabel(three, 'ja', 2)).toBe('埼玉県・東京都 ほか');
    expect(placeLabel(three, 'en', 2)).toBe('Saitama・Tokyo and more');
    expect(placeLabel(three, 'ja', 3)).toBe('埼玉県・東京都・神奈川県');
    expect(placeLabel(three, 'ja')).toBe('埼玉県・東京都・神奈川県');
  });
});
