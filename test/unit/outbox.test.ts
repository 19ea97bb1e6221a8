import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFERENCES,
  digestWeekOf,
  isoWeekOf,
  type Match,
  type StoredPreferences,
  selectDigest,
} from '#domain';
import { backoffMs, classifySesError, signLink, verifyLink } from '#mail';
import { need, offer, ulidOf } from './matching/builders';

// The pure parts of mail: how an SES error is read, how long to back off, which week a digest
// belongs to, what one person's digest lists, and the signed links in mails.

const sdkError = (name: string, status: number | undefined, message = name) =>
  Object.assign(new Error(message), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  });

describe('classifySesError', () => {
  it.each([
    ['TooManyRequestsException', 429, 'Maximum sending rate exceeded.'],
    ['ThrottlingException', 400, 'Rate exceeded'],
    ['LimitExceededException', 400, 'Too many requests in flight'],
    ['SomethingNew', 429, 'slow down'],
  ])('retries %s (HTTP %s) as throttling', (name, status, message) => {
    expect(classifySesError(sdkError(name, status, message))).toMatchObject({
      kind: 'retry',
      throttled: true,
    });
  });

  it.each([
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
  ])('retries %s (HTTP %s) without calling it throttling', (name, status) => {
    expect(classifySesError(sdkError(name, status))).toMatchObject({ kind: 'retry', throttled: false });
  });

  it.each([
    ['MessageRejected', 400],
    ['MailFromDomainNotVerifiedException', 400],
    ['BadRequestException', 400],
    ['NotFoundException', 404],
  ])('gives up on %s (HTTP %s) for good', (name, status) => {
    expect(classifySesError(sdkError(name, status))).toMatchObject({ kind: 'permanent' });
  });

  it.each([
    ['LimitExceededException', 'Daily message quota exceeded.'],
    ['SendingPausedException', 'Sending is paused for this account.'],
    ['AccountSuspendedException', 'Account suspended.'],
  ])('stops the whole run on %s', (name, message) => {
    expect(classifySesError(sdkError(name, 400, message))).toMatchObject({ kind: 'stop' });
  });

  it('retries a connection that was refused: SES never saw the mail', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(classifySesError(refused)).toMatchObject({ kind: 'retry', throttled: false });
  });

  it('calls an error without an answer from SES unknown: the mail may have gone out', () => {
    expect(
      classifySesError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    ).toMatchObject({
      kind: 'unknown',
    });
    expect(classifySesError(new Error('Request timed out'))).toMatchObject({ kind: 'unknown' });
    expect(classifySesError(undefined)).toMatchObject({ kind: 'unknown' });
  });

  it('names the error in the reason without repeating a long message', () => {
    const verdict = classifySesError(sdkError('MessageRejected', 400, 'x'.repeat(1000)));
    expect(verdict.reason.startsWith('MessageRejected: ')).toBe(true);
    expect(verdict.reason.length).toBeLessThanOrEqual(220);
  });
});

describe('backoffMs (full jitter)', () => {
  it('stays in [0, min(cap, base·2^attempt)) for any attempt and any random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, cap, r) => {
          const ms = backoffMs(attempt, base, cap, () => r);
          const ceiling = Math.min(cap, base * 2 ** attempt);
          expect(Number.isInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it('grows with the attempt until the cap', () => {
    const top = () => 0.999_999;
    expect(backoffMs(0, 100, 5_000, top)).toBe(99);
    expect(backoffMs(3, 100, 5_000, top)).toBe(799);
    expect(backoffMs(10, 100, 5_000, top)).toBe(4_999);
    expect(backoffMs(4, 100, 5_000, () => 0)).toBe(0);
  });
});

describe('isoWeekOf', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2027-01-01', '2026-W53'], // a Friday: still the last week of 2026, which has 53
    ['2024-12-30', '2025-W01'], // a Monday whose Thursday is in 2025
    ['2026-11-22', '2026-W47'], // Sunday
    ['2026-11-23', '2026-W48'], // Monday
    ['2021-01-03', '2020-W53'],
  ])('puts %s in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('gives the digest week as Monday to Sunday', () => {
    expect(digestWeekOf('2026-11-29')).toEqual({ week: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
    expect(digestWeekOf('2027-01-01')).toEqual({ week: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
  });
});

describe('selectDigest', () => {
  const mine = ulidOf('A', 1);
  const theirs = ulidOf('B', 2);
  const elsewhere = ulidOf('C', 3);

  function openMatch(needOrg: string, offerOrg: string, responses: Match['responses'] = {}): Match {
    return {
      id: ulidOf('M', 1),
      platformId: 'yamagata',
      origin: 'round',
      roundId: '2026-06-01',
      needId: ulidOf('N', 1),
      offerId: ulidOf('F', 1),
      needOrganizationId: needOrg,
      offerOrganizationId: offerOrg,
      kind: 'venue',
      score: 0.8,
      breakdown: { field: 1, region: 1, capacity: 1, timing: 1, freshness: 1 },
      explanation: { ja: '分野と地域が一致', en: 'Same field and place' },
      status: Object.keys(responses).length > 0 ? 'accepted' : 'proposed',
      respondBy: '2026-06-15T00:00:00.000Z',
      responses,
      outcomes: {},
      createdAt: '2026-06-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
      version: 1,
    };
  }

  const base = {
    organizationIds: new Set([mine]),
    preferences: undefined as StoredPreferences | undefined,
    openMatches: [] as Match[],
    newNeeds: [] as ReturnType<typeof need>[],
    newOffers: [] as ReturnType<typeof offer>[],
    newsCount: 0,
  };

  it('has nothing to send when there is nothing personal and no news', () => {
    expect(selectDigest(base)).toBeUndefined();
    expect(selectDigest({ ...base, newNeeds: [need(ulidOf('N', 9), mine)] })).toBeUndefined();
  });

  it('is sent for news alone', () => {
    expect(selectDigest({ ...base, newsCount: 1 })).toMatchObject({
      newNeeds: [],
      newOffers: [],
      pendingMatches: [],
    });
  });

  it("lists other organisations' new postings, never the person's own", () => {
    const own = need(ulidOf('N', 1), mine);
    const other = need(ulidOf('N', 2), theirs);
    const ownOffer = offer(ulidOf('F', 1), mine);
    const otherOffer = offer(ulidOf('F', 2), theirs);
    const s = selectDigest({ ...base, newNeeds: [own, other], newOffers: [ownOffer, otherOffer] });
    expect(s?.newNeeds.map((n) => n.id)).toEqual([other.id]);
    expect(s?.newOffers.map((o) => o.id)).toEqual([otherOffer.id]);
  });

  it("lists proposals waiting for an answer from the person's organisation, on either side", () => {
    const asNeed = openMatch(mine, theirs);
    const asOffer = { ...openMatch(theirs, mine), id: ulidOf('M', 2) };
    const answered = {
      ...openMatch(mine, theirs, { need: { decision: 'accepted', at: '2026-06-02T00:00:00.000Z' } }),
      id: ulidOf('M', 3),
    } as Match;
    const notOurs = { ...openMatch(theirs, elsewhere), id: ulidOf('M', 4) };
    const s = selectDigest({ ...base, openMatches: [asNeed, asOffer, answered, notOurs] });
    expect(s?.pendingMatches.map((p) => [p.match.id, p.side])).toEqual([
      [asNeed.id, 'need'],
      [asOffer.id, 'offer'],
    ]);
  });

  it('narrows new postings to the fields and regions the person chose', () => {
    const elderlyInYamagata = need(ulidOf('N', 1), theirs, { fields: ['elderly'] });
    const childrenInYamagata = need(ulidOf('N', 2), theirs, { fields: ['children_youth'] });
    const elderlyInSendai = need(ulidOf('N', 3), theirs, {
      fields: ['elderly'],
      location: { prefecture: '04', municipality: '04100' },
    });
    const newNeeds = [elderlyInYamagata, childrenInYamagata, elderlyInSendai];
    const ids = (prefs: StoredPreferences) =>
      selectDigest({ ...base, preferences: prefs, newNeeds })?.newNeeds.map((n) => n.id);

    expect(ids(DEFAULT_PREFERENCES)).toEqual(newNeeds.map((n) => n.id));
    expect(ids({ ...DEFAULT_PREFERENCES, fields: ['elderly'] })).toEqual([
      elderlyInYamagata.id,
      elderlyInSendai.id,
    ]);
    expect(ids({ ...DEFAULT_PREFERENCES, regions: { prefectures: ['06'], municipalities: [] } })).toEqual([
      elderlyInYamagata.id,
      childrenInYamagata.id,
    ]);
    expect(
      ids({
        ...DEFAULT_PREFERENCES,
        fields: ['elderly'],
        regions: { prefectures: [], municipalities: ['04100'] },
      }),
    ).toEqual([elderlyInSendai.id]);
    // Nothing within the person's interests and no news: no mail at all.
    expect(
      selectDigest({
        ...base,
        preferences: { ...DEFAULT_PREFERENCES, fields: ['suicide_prevention'] },
        newNeeds,
      }),
    ).toBeUndefined();
  });

  it('shows at most five postings per list and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => need(ulidOf('N', i + 1), theirs));
    const s = selectDigest({ ...base, newNeeds: many });
    expect(s?.newNeeds).toHaveLength(5);
    expect(s?.moreNeeds).toBe(3);
  });
});

describe('signed links', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hmac';
  const now = new Date('2026-11-24T00:00:00Z');
  const inSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

  it('gives back the link it signed', () => {
    const link = { a: 'accept', m: ulidOf('M', 1), s: 'need', x: inSeconds(now) + 3600 } as const;
    expect(verifyLink(secret, signLink(secret, link), now)).toEqual(link);
  });

  it('refuses a token whose payload or signature was changed, or that another secret signed', () => {
    const token = signLink(secret, { a: 'unsubscribe', e: 'a@example.jp', c: 'digest' });
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ a: 'unsubscribe', e: 'b@example.jp', c: 'digest' })).toString(
      'base64url',
    );
    const flip = (s: string) => (s.endsWith('A') ? `${s.slice(0, -1)}B` : `${s.slice(0, -1)}A`);
    expect(verifyLink(secret, `${forged}.${signature}`, now)).toBeUndefined();
    expect(verifyLink(secret, `${payload}.${flip(signature)}`, now)).toBeUndefined();
    expect(verifyLink(secret, `${payload}.${signature}.x`, now)).toBeUndefined();
    expect(verifyLink(secret, payload, now)).toBeUndefined();
    expect(verifyLink('another-secret-that-is-long-enough-too', token, now)).toBeUndefined();
  });

  it('honours the expiry of an answer link', () => {
    const token = signLink(secret, { a: 'decline', m: ulidOf('M', 1), s: 'offer', x: inSeconds(now) + 60 });
    expect(verifyLink(secret, token, new Date(now.getTime() + 59_000))).toBeDefined();
    expect(verifyLink(secret, token, new Date(now.getTime() + 60_000))).toBeUndefined();
  });

  it('never lets an unsubscribe link expire (RFC 8058: it must keep working)', () => {
    const years = new Date(now.getTime() + 10 * 365 * 86_400_000);
    const digestOff = signLink(secret, { a: 'digest-off', p: ulidOf('P', 1), pl: 'saitama' });
    const unsubscribe = signLink(secret, { a: 'unsubscribe', e: 'a@example.jp', c: 'introduction' });
    expect(verifyLink(secret, digestOff, years)).toEqual({
      a: 'digest-off',
      p: ulidOf('P', 1),
      pl: 'saitama',
    });
    expect(verifyLink(secret, unsubscribe, years)).toEqual({
      a: 'unsubscribe',
      e: 'a@example.jp',
      c: 'introduction',
    });
  });
});
