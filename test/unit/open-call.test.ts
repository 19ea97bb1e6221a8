import { describe, expect, it } from 'vitest';
import {
  applyOfferPatch,
  checkApplicationAnswers,
  type Match,
  type Offer,
  offerCreateSchema,
  openCallClosesAt,
  openCallDeadlineErrors,
  openCallIsOpen,
  openCallRespondBy,
  rankApplications,
} from '#domain';
import { openCallMark } from '../../shared/mail/templates/digest';

// Open calls (公募): the pure rules — deadline and selection period in Japan time, the questions'
// answers, the applicants' ranking, the digest's mark.

const call = {
  deadline: '2026-12-09',
  questions: [
    { id: 'plan', label: '活用の計画', required: true },
    { id: 'since', label: '設立年', required: false },
  ],
};

describe('open call dates', () => {
  it('takes applications until the end of the deadline day in Japan, and selects for 7 days more', () => {
    expect(openCallClosesAt(call)).toBe('2026-12-09T14:59:59.999Z');
    expect(openCallIsOpen(call, '2026-12-09T14:59:59.999Z')).toBe(true);
    expect(openCallIsOpen(call, '2026-12-09T15:00:00.000Z')).toBe(false);
    expect(openCallRespondBy(call)).toBe('2026-12-16T14:59:59.999Z');
  });

  it('refuses a deadline before today in Japan, and takes today', () => {
    // 2026-12-09 00:30 in Japan is still 12-08 in UTC.
    const now = new Date('2026-12-08T15:30:00Z');
    expect(openCallDeadlineErrors({ ...call, deadline: '2026-12-09' }, now)).toEqual([]);
    expect(openCallDeadlineErrors({ ...call, deadline: '2026-12-08' }, now)[0]?.path).toBe(
      'openCall.deadline',
    );
    expect(openCallDeadlineErrors(undefined, now)).toEqual([]);
  });
});

describe('answers to the questions', () => {
  it('keeps the answers given, and names a missing required one or an unknown one', () => {
    expect(checkApplicationAnswers(call, { plan: ' 子ども食堂に使います ', since: '' })).toEqual({
      answers: { plan: '子ども食堂に使います' },
      errors: [],
    });
    expect(checkApplicationAnswers(call, { plan: '   ' }).errors.map((e) => e.path)).toEqual([
      'answers.plan',
    ]);
    expect(checkApplicationAnswers(call, { plan: 'x', other: 'y' }).errors.map((e) => e.path)).toEqual([
      'answers.other',
    ]);
    expect(checkApplicationAnswers({ ...call, questions: [] }, undefined)).toEqual({
      answers: {},
      errors: [],
    });
  });

  it('allows at most five questions with distinct ids', () => {
    const base = {
      organizationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      kind: 'other',
      title: '公募',
      fields: 'any',
      serviceArea: { nationwide: true },
      capacity: {},
      period: { start: '2026-04-01' },
    };
    const q = (id: string) => ({ id, label: id });
    const ok = offerCreateSchema.safeParse({
      ...base,
      openCall: { deadline: '2026-12-09', questions: ['a', 'b'].map(q) },
    });
    expect(ok.success).toBe(true);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map(q);
    expect(
      offerCreateSchema.safeParse({ ...base, openCall: { deadline: '2026-12-09', questions: six } }).success,
    ).toBe(false);
    const twice = ['a', 'a'].map(q);
    expect(
      offerCreateSchema.safeParse({ ...base, openCall: { deadline: '2026-12-09', questions: twice } })
        .success,
    ).toBe(false);
  });

  it('stops being an open call when patched with null', () => {
    const offer = {
      kind: 'other',
      title: '公募',
      description: '',
      fields: 'any',
      serviceArea: { nationwide: true, blocks: [], prefectures: [], municipalities: [], online: false },
      introductionsPerRound: 3,
      conditions: '',
      capacity: {},
      period: { start: '2026-04-01' },
      openCall: call,
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      platformId: 'p-test',
      organizationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      status: 'open',
      createdBy: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      version: 1,
    } as Offer;
    expect(applyOfferPatch(offer, { version: 1, openCall: null }, 'now').openCall).toBeUndefined();
    expect(applyOfferPatch(offer, { version: 1, title: '新' }, 'now').openCall).toEqual(call);
  });
});

describe('ranking the applicants', () => {
  it('puts the best score first, those without one last, ties by who applied first', () => {
    const m = (id: string, score: number | undefined, createdAt: string) =>
      ({ id, createdAt, ...(score === undefined ? {} : { score }) }) as Match;
    const ranked = rankApplications([
      m('none', undefined, '2026-11-01'),
      m('low', 0.4, '2026-11-01'),
      m('high-late', 0.9, '2026-11-03'),
      m('high-early', 0.9, '2026-11-02'),
    ]);
    expect(ranked.map((x) => x.id)).toEqual(['high-early', 'high-late', 'low', 'none']);
  });
});

describe('the digest mark', () => {
  it('reads 【公募・締切 M月D日】 in Japanese and names the day in English', () => {
    const posting = {
      kind: 'funding',
      title: '助成',
      organizationName: '財団',
      place: '全国',
      url: 'x',
    } as const;
    expect(openCallMark({ ...posting, openCallDeadline: '2026-12-09' }, 'ja')).toBe('【公募・締切 12月9日】');
    expect(openCallMark({ ...posting, openCallDeadline: '2026-01-20' }, 'en')).toBe(
      '[Open call, closes 20 Jan]',
    );
    expect(openCallMark(posting, 'ja')).toBeUndefined();
  });
});
